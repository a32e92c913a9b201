import { readingConfirmRequestSchema } from '../../shared/realtime/requests';
import { confirmReading } from '../commands/confirmReading';
import { handle, type HandlerDeps } from './handler';
import type { RealtimeDeps } from './sessionHandlers';
import { auditCommitted, commandContextOf } from './socketContext';
import type { VigilSocket } from './types';

/** Wire events of the device-reading commands, for the known-events list in io.ts. */
export const READING_EVENTS = ['reading.confirm'] as const;

/** Device-reading commands (issue 6): parse (zod) -> policy -> command; each stored command is audited. */
export function registerReadingHandlers(socket: VigilSocket, handlerDeps: HandlerDeps, deps: RealtimeDeps): void {
  handle(socket, handlerDeps, 'reading.confirm', {
    schema: readingConfirmRequestSchema,
    action: 'reading.confirm',
    run: async (request) =>
      auditCommitted(socket, deps, 'reading.confirm', await confirmReading(commandContextOf(socket, deps), request), {
        commandId: request.commandId,
        readingId: request.readingId,
      }),
  });
}
