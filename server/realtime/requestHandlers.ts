import type { AnswerOf, ParsedRequestOf, RequestName } from '../../shared/realtime/commands';
import { fail, type Result } from '../../shared/result';
import { displaySnapshot, readingsBetween } from '../../shared/session/displaySnapshot';
import type { ClinicService } from '../clinic/clinicService';
import type { Clock } from '../clock';
import { acknowledgeAlarm } from '../commands/acknowledgeAlarm';
import { acknowledgePredoseAdvisory } from '../commands/acknowledgePredoseAdvisory';
import { confirmReading } from '../commands/confirmReading';
import type { CommandContext } from '../commands/context';
import { dischargeSession } from '../commands/dischargeSession';
import { endSessionEarly } from '../commands/endSessionEarly';
import { markArtifact } from '../commands/markArtifact';
import { openSessionInRoom } from '../commands/openSessionInRoom';
import { pauseAlarmAudio } from '../commands/pauseAlarmAudio';
import { recordAmendment } from '../commands/recordAmendment';
import { recordDose } from '../commands/recordDose';
import { recordObservation } from '../commands/recordObservation';
import { recordQuestionnaire } from '../commands/recordQuestionnaire';
import { handOverQuestionnaire } from '../commands/handOverQuestionnaire';
import { findHandover } from '../store/handovers';
import type { Handover } from '../../shared/questionnaires/handover';
import { recordVitals } from '../commands/recordVitals';
import { tickChecklistItem } from '../commands/tickChecklistItem';
import { untickChecklistItem } from '../commands/untickChecklistItem';
import type { ProtocolCatalog } from '../protocols/catalog';
import type { KeyedLock } from '../sessions/keyedLock';
import type { SessionService } from '../sessions/sessionService';
import { writeAudit } from '../store/audit';
import type { Store } from '../store/store';
import { rooms, type VigilSocket } from './types';

/** Beyond this many missed events, a reconnecting screen gets the state once instead of the events. */
export const CATCH_UP_EVENT_LIMIT = 500;

export interface RealtimeDeps {
  store: Store;
  clock: Clock;
  sessions: SessionService;
  clinic: ClinicService;
  protocols: ProtocolCatalog;
  /** One per server: orders `session.open` per room. */
  roomLock: KeyedLock;
  /** The clinic's IANA time zone (VIGIL_TIME_ZONE): screens show every time in it. */
  timeZone: string;
}

/** What a handler gets besides its parsed request: the socket, and the command context of the person behind it. */
export interface RequestScope {
  socket: VigilSocket;
  /** Carries the audit row of this request, which the store commits with the event. */
  command: CommandContext;
}

/** One handler per row of the command table, typed by its request and its answer. */
export type RequestHandlers = {
  [E in RequestName]: (request: ParsedRequestOf<E>, scope: RequestScope) => Promise<Result<AnswerOf<E>>>;
};

/**
 * The tablet is with the patient: this socket leaves every room that carries the record (sessions,
 * the clinic's board, technical alarms) and answers only the questionnaire from now on; the
 * sign-in's other connections (other tabs of this browser) are closed, and come back locked.
 */
async function lockToHandover(socket: VigilSocket, handover: Handover | null): Promise<void> {
  if (!handover) return;
  socket.data.handover = handover;
  const keep = new Set([socket.id, rooms.auth(socket.data.tokenHash), rooms.user(socket.data.user.userId)]);
  for (const room of [...socket.rooms]) if (!keep.has(room)) await socket.leave(room);
  socket.nsp.in(rooms.auth(socket.data.tokenHash)).except(socket.id).disconnectSockets(true);
}

/**
 * What each request does once the guard has let it through: queries answer from the session
 * service; commands call their command (server/commands/), one file each.
 */
export function requestHandlers(deps: RealtimeDeps): RequestHandlers {
  /** A person's first look at a session on this connection is audited (`session.view`), later ones are not. */
  async function auditViewOnce(socket: VigilSocket, sessionId: string, detail: Record<string, number>) {
    if (socket.data.viewsAudited.has(sessionId)) return;
    socket.data.viewsAudited.add(sessionId);
    await writeAudit(deps.store.db, {
      at: deps.clock.now(),
      userId: socket.data.user.userId,
      action: 'session.view',
      sessionId,
      remoteAddress: socket.data.remoteAddress,
      detail,
    });
  }

  return {
    async 'session.watch'({ sessionId, afterSeq, readings }, { socket }) {
      const state = await deps.sessions.getState(sessionId);
      if (!state) return fail('not_found', 'No such session');
      // Join before reading, so nothing committed in between is missed (the client drops duplicates by seq).
      await socket.join(rooms.session(sessionId));
      await auditViewOnce(socket, sessionId, { afterSeq });
      const current = (await deps.sessions.getState(sessionId)) ?? state;
      if (afterSeq === 0 || current.lastSeq - afterSeq > CATCH_UP_EVENT_LIMIT || afterSeq > current.lastSeq) {
        if (readings !== 'display') return { ok: true, snapshot: current, thinning: null, events: [] };
        const shown = displaySnapshot(current);
        return { ok: true, snapshot: shown.state, thinning: shown.thinning, events: [] };
      }
      return { ok: true, snapshot: null, thinning: null, events: await deps.sessions.eventsAfter(sessionId, afterSeq) };
    },
    async 'session.readingsInInterval'({ sessionId, from, to }, { socket }) {
      const state = await deps.sessions.getState(sessionId);
      if (!state) return fail('not_found', 'No such session');
      await auditViewOnce(socket, sessionId, { from, to });
      return { ok: true, readings: readingsBetween(state.readings, from, to) };
    },
    async 'session.unwatch'({ sessionId }, { socket }) {
      await socket.leave(rooms.session(sessionId));
      return { ok: true };
    },
    async 'clinic.watch'(_request, { socket }) {
      await socket.join(rooms.clinic);
      return { ok: true, ...(await deps.clinic.boardSnapshot()) };
    },
    'time.sync': async () => ({ ok: true, serverNow: deps.clock.now(), clockRate: deps.clock.rate, timeZone: deps.timeZone }),
    'vitals.record': (request, { command }) => recordVitals(command, request),
    'session.open': (request, { command }) => openSessionInRoom(command, deps, request),
    'checklist.tick': (request, { command }) => tickChecklistItem(command, request),
    'checklist.untick': (request, { command }) => untickChecklistItem(command, request),
    'predose.acknowledgeAdvisory': (request, { command }) => acknowledgePredoseAdvisory(command, request),
    'dose.record': (request, { command }) => recordDose(command, request),
    async 'questionnaire.record'(request, { socket, command }) {
      const handover = socket.data.handover;
      const result = await recordQuestionnaire(command, request, handover ? { tokenHash: socket.data.tokenHash } : null);
      if (result.ok && handover) socket.data.handover = { ...handover, completedAt: result.event.recordedAt };
      return result;
    },
    async 'questionnaire.handOver'(request, { socket, command }) {
      const result = await handOverQuestionnaire(command, request, socket.data.tokenHash);
      if (result.ok) await lockToHandover(socket, await findHandover(deps.store.db, socket.data.tokenHash));
      return result;
    },
    'observation.record': (request, { command }) => recordObservation(command, request),
    'session.discharge': (request, { command }) => dischargeSession(command, request),
    'session.endEarly': (request, { command }) => endSessionEarly(command, request),
    'amendment.record': (request, { command }) => recordAmendment(command, request),
    'alarm.acknowledge': (request, { command }) => acknowledgeAlarm(command, request),
    'reading.markArtifact': (request, { command }) => markArtifact(command, request),
    'alarm.pauseAudio': (request, { command }) => pauseAlarmAudio(command, request),
    'reading.confirm': (request, { command }) => confirmReading(command, request),
  };
}
