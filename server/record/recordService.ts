import { setImmediate as nextTurn } from 'node:timers/promises';
import type { RemsDueItem, SessionListQuery, SessionListResponse } from '../../shared/http/recordApi';
import { SESSION_PAGE_SIZE } from '../../shared/http/recordApi';
import { clinicDayStart, formatClinicDateTime } from '../../shared/record/clinicTime';
import { fhirBundleJson } from '../../shared/record/fhir';
import {
  buildRemsForm,
  isRemsSession,
  remsDeadlineNear,
  remsDueAfter,
  type RemsForm,
  type RemsFormRecord,
  type RemsRecordFields,
  remsRecordFields,
} from '../../shared/record/remsForm';
import { buildSessionReport, type SessionReport } from '../../shared/record/report';
import type { Protocol } from '../../shared/protocols/schema';
import type { SessionEvent } from '../../shared/session/events';
import { applySessionEvent } from '../../shared/session/reducer';
import type { SessionState } from '../../shared/session/state';
import type { Clock } from '../clock';
import type { SessionService } from '../sessions/sessionService';
import { readSessionEvents } from '../store/events';
import { getRemsForm, listClosedDosedSessions, listRemsForms } from '../store/remsForms';
import { findRoom, listRooms } from '../store/rooms';
import { listSessionFilterChoices, listSessions } from '../store/sessionList';
import type { Store } from '../store/store';
import { readingsCsvPieces } from './readingsCsvText';
import { renderReportPdf } from './reportPdf';

/**
 * Events read and folded at a time, and CSV rows written at a time: between slices the event loop
 * serves everything else, so a 4-hour, 1-per-second record (14,400 readings) never holds the
 * server for long (test/server/record/longSessionExport.test.ts).
 */
const SLICE = 500;

interface LoadedRecord {
  events: SessionEvent[];
  state: SessionState;
  protocol: Protocol;
  roomName: string;
}

/**
 * The record after the session: the list, the report, the REMS form and the exports. Each is
 * read from the session's stored event log and built by the pure functions of shared/record/,
 * so the page, the PDF and the files agree.
 */
export function createRecordService(deps: { store: Store; sessions: SessionService; clock: Clock; timeZone: string }) {
  const { store, clock, timeZone } = deps;

  async function load(sessionId: string): Promise<LoadedRecord | null> {
    const protocol = await deps.sessions.getProtocol(sessionId);
    if (!protocol) return null;
    const events: SessionEvent[] = [];
    let state: SessionState | null = null;
    for (;;) {
      const slice = await readSessionEvents(store.db, sessionId, events.at(-1)?.seq ?? 0, SLICE);
      for (const event of slice) {
        state = applySessionEvent(state, event);
        events.push(event);
      }
      if (slice.length < SLICE) break;
      await nextTurn();
    }
    if (!state) return null;
    const room = await findRoom(store.db, state.roomId);
    return { events, state, protocol, roomName: room?.name ?? state.roomId };
  }

  const remsOf = (r: LoadedRecord, record: RemsFormRecord | null): RemsForm | null =>
    isRemsSession(r.protocol) ? buildRemsForm(r.state, r.protocol, record, timeZone) : null;

  return {
    timeZone,
    async list(query: SessionListQuery): Promise<SessionListResponse> {
      const { sessions, total } = await listSessions(store.db, {
        roomId: query.room,
        protocolId: query.protocol,
        status: query.status,
        alias: query.alias,
        search: query.q,
        openedFrom: query.from ? clinicDayStart(query.from, timeZone) : undefined,
        // The "to" day is included: up to the start of the next day.
        openedBefore: query.to ? clinicDayStart(nextDay(query.to), timeZone) : undefined,
        offset: (query.page - 1) * SESSION_PAGE_SIZE,
        limit: SESSION_PAGE_SIZE,
      });
      return {
        sessions: sessions.map((item) => ({ ...item, openedAtText: formatClinicDateTime(item.openedAt, timeZone) })),
        total,
        page: query.page,
        pageSize: SESSION_PAGE_SIZE,
        choices: await listSessionFilterChoices(store.db),
      };
    },
    async report(sessionId: string): Promise<{ report: SessionReport; rems: RemsForm | null } | null> {
      const r = await load(sessionId);
      if (!r) return null;
      return {
        report: buildSessionReport(r.events, r.protocol, { roomName: r.roomName, timeZone }, clock.now(), r.state),
        rems: remsOf(r, await getRemsForm(store.db, sessionId)),
      };
    },
    async pdf(sessionId: string, size: 'A4' | 'LETTER'): Promise<{ pdf: Buffer; report: SessionReport } | null> {
      const built = await this.report(sessionId);
      return built ? { pdf: await renderReportPdf(built.report, built.rems, size), report: built.report } : null;
    },
    /** The readings CSV as pieces of `SLICE` rows (the header with the first), made as they are written. */
    async csv(sessionId: string): Promise<{ pieces: Iterable<string>; state: SessionState } | null> {
      const r = await load(sessionId);
      if (!r) return null;
      return { pieces: readingsCsvPieces(r.state, SLICE), state: r.state };
    },
    /** The FHIR Bundle's JSON as pieces, made as they are written (see fhirBundleJson). */
    async fhir(sessionId: string): Promise<{ pieces: Iterable<string>; state: SessionState } | null> {
      const r = await load(sessionId);
      return r ? { pieces: fhirBundleJson(r.state, { roomName: r.roomName, now: clock.now() }), state: r.state } : null;
    },
    async rems(
      sessionId: string,
    ): Promise<{ form: RemsForm | null; record: RemsFormRecord | null; state: SessionState; fieldsNow: RemsRecordFields } | null> {
      const r = await load(sessionId);
      if (!r) return null;
      const record = await getRemsForm(store.db, sessionId);
      return { form: remsOf(r, record), record, state: r.state, fieldsNow: remsRecordFields(r.state, timeZone) };
    },
    /**
     * Spravato sessions that ended after a dose and whose form is not yet submitted, soonest
     * deadline first. Read from the session rows (closed_at is the discharge or early end), not
     * by folding every record.
     */
    async remsDue(): Promise<RemsDueItem[]> {
      const forms = await listRemsForms(store.db);
      const rooms = new Map((await listRooms(store.db)).map((room) => [room.roomId, room.name]));
      const closed = await listClosedDosedSessions(store.db);
      const now = clock.now();
      const due: RemsDueItem[] = [];
      for (const row of closed) {
        const record = forms.get(row.session_id) ?? null;
        if (record?.submittedAt || row.closed_at === null) continue;
        const protocol = JSON.parse(row.protocol_json) as Pick<Protocol, 'drug' | 'route'>;
        if (!isRemsSession(protocol)) continue;
        const dueBy = remsDueAfter(Number(row.closed_at));
        due.push({
          sessionId: row.session_id,
          patientAlias: row.patient_alias ?? '',
          roomName: rooms.get(row.room_id) ?? row.room_id,
          dueBy,
          dueByText: formatClinicDateTime(dueBy, timeZone),
          nearDeadline: remsDeadlineNear(dueBy, now),
          status: record?.signedAt ? 'signed' : 'due',
        });
      }
      return due.sort((a, b) => a.dueBy - b.dueBy);
    },
  };
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + 1)).toISOString().slice(0, 10);
}

export type RecordService = ReturnType<typeof createRecordService>;
