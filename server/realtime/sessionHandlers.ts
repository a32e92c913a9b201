import {
  clinicWatchRequestSchema,
  sessionUnwatchRequestSchema,
  sessionWatchRequestSchema,
  timeSyncRequestSchema,
  vitalsRecordRequestSchema,
} from '../../shared/realtime/requests';
import { fail } from '../../shared/result';
import { recordVitals } from '../commands/recordVitals';
import type { ClinicService } from '../clinic/clinicService';
import type { Clock } from '../clock';
import type { SessionService } from '../sessions/sessionService';
import type { Store } from '../store/store';
import { handle, type HandlerDeps } from './handler';
import { auditCommitted, auditView, commandContextOf } from './socketContext';
import { rooms, type VigilSocket } from './types';

/** Beyond this many missed events, a reconnecting screen gets the state once instead of the events. */
export const CATCH_UP_EVENT_LIMIT = 500;

export interface RealtimeDeps {
  store: Store;
  clock: Clock;
  sessions: SessionService;
  clinic: ClinicService;
}

export function registerSessionHandlers(socket: VigilSocket, handlerDeps: HandlerDeps, deps: RealtimeDeps): void {
  const context = () => commandContextOf(socket, deps);

  handle(socket, handlerDeps, 'session.watch', {
    schema: sessionWatchRequestSchema,
    action: 'session.view',
    run: async ({ sessionId, afterSeq }) => {
      const state = await deps.sessions.getState(sessionId);
      if (!state) return fail('not_found', 'No such session');
      // Join before reading, so nothing committed in between is missed (the client drops duplicates by seq).
      await socket.join(rooms.session(sessionId));
      if (!socket.data.viewsAudited.has(sessionId)) {
        socket.data.viewsAudited.add(sessionId);
        await auditView(socket, deps, 'session.view', sessionId, { afterSeq });
      }
      const current = (await deps.sessions.getState(sessionId)) ?? state;
      if (afterSeq === 0 || current.lastSeq - afterSeq > CATCH_UP_EVENT_LIMIT || afterSeq > current.lastSeq) {
        return { ok: true, snapshot: current, events: [] };
      }
      return { ok: true, snapshot: null, events: await deps.sessions.eventsAfter(sessionId, afterSeq) };
    },
  });

  handle(socket, handlerDeps, 'session.unwatch', {
    schema: sessionUnwatchRequestSchema,
    action: 'session.view',
    run: async ({ sessionId }) => {
      await socket.leave(rooms.session(sessionId));
      return { ok: true };
    },
  });

  handle(socket, handlerDeps, 'vitals.record', {
    schema: vitalsRecordRequestSchema,
    action: 'vitals.record',
    run: async (request) => {
      return auditCommitted(socket, deps, 'vitals.record', await recordVitals(context(), request), { commandId: request.commandId });
    },
  });

  handle(socket, handlerDeps, 'clinic.watch', {
    schema: clinicWatchRequestSchema,
    action: 'clinic.view',
    run: async () => {
      await socket.join(rooms.clinic);
      return { ok: true, rooms: await deps.clinic.summaries() };
    },
  });

  handle(socket, handlerDeps, 'time.sync', {
    schema: timeSyncRequestSchema,
    action: 'clinic.view',
    run: async () => ({ ok: true, serverNow: deps.clock.now(), clockRate: deps.clock.rate }),
  });
}
