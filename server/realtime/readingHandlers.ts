import { readingConfirmRequestSchema } from '../../shared/realtime/requests';
import { confirmReading } from '../commands/confirmReading';
import { userActor } from '../commands/context';
import { writeAudit } from '../store/audit';
import { handle, type HandlerDeps } from './handler';
import type { RealtimeDeps } from './sessionHandlers';
import type { VigilSocket } from './types';

/** Wire events of the device-reading commands, for the known-events list in io.ts. */
export const READING_EVENTS = ['reading.confirm'] as const;

/** Device-reading commands (issue 6): parse (zod) -> policy -> command; each stored command is audited. */
export function registerReadingHandlers(socket: VigilSocket, handlerDeps: HandlerDeps, deps: RealtimeDeps): void {
  handle(socket, handlerDeps, 'reading.confirm', {
    schema: readingConfirmRequestSchema,
    action: 'reading.confirm',
    run: async (request) => {
      const result = await confirmReading(
        {
          actor: userActor(socket.data.user),
          user: socket.data.user,
          remoteAddress: socket.data.remoteAddress,
          clock: deps.clock,
          sessions: deps.sessions,
        },
        request,
      );
      if (result.ok && !result.duplicate) {
        await writeAudit(deps.store.db, {
          at: deps.clock.now(),
          userId: socket.data.user.userId,
          action: 'reading.confirm',
          sessionId: request.sessionId,
          remoteAddress: socket.data.remoteAddress,
          detail: { commandId: request.commandId, readingId: request.readingId },
        });
      }
      return result;
    },
  });
}
