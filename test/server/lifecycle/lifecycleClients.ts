import type { Clock } from '../../../server/clock';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { insertRoom } from '../../../server/store/rooms';
import type { CommandAck } from '../../../shared/realtime/contract';
import type { Result } from '../../../shared/result';
import type { SessionEvent, SessionEventType } from '../../../shared/session/events';
import { connectClient, request, signIn, startTestServer, type TestSocket } from '../../support/server';

export const MINUTE_MS = 60_000;

/** Adds rooms 3 to `lastRoom` (the test server starts with rooms 1 and 2), named `Room n` in order. */
export async function addRoomsUpTo(vigil: Vigil, lastRoom: number): Promise<void> {
  for (let index = 3; index <= lastRoom; index += 1) {
    await insertRoom(vigil.store.db, { roomId: `room-${index}`, name: `Room ${index}`, sortOrder: index });
  }
}

/** Signed-in sockets by username, disconnected by `closeAll`. */
export function clientPool(vigil: () => Vigil) {
  const sockets: TestSocket[] = [];
  return {
    async client(username: string): Promise<TestSocket> {
      const socket = await connectClient(vigil().url, await signIn(vigil(), username));
      sockets.push(socket);
      return socket;
    },
    /** A nurse, a prescriber and a therapist, each signed in on a socket of their own. */
    async staff(): Promise<Staff> {
      return { nurse: await this.client('nurse'), prescriber: await this.client('prescriber'), therapist: await this.client('therapist') };
    },
    closeAll() {
      for (const socket of sockets.splice(0)) socket.disconnect();
    },
  };
}

export interface StaffedServer {
  clock: ReturnType<typeof createManualClock>;
  pool: ReturnType<typeof clientPool>;
  vigil: Vigil;
  staff: Staff;
}

/**
 * A fresh server for each test on a manual clock set to the real now, with the staff signed in
 * (`vigil` and `staff` are set in beforeEach); closed after each test.
 */
export function staffedServerPerTest(start: Parameters<typeof startTestServer>[2] = {}): StaffedServer {
  const clock = createManualClock(Date.now());
  const clinic: StaffedServer = {
    clock,
    pool: clientPool(() => clinic.vigil),
    vigil: undefined as unknown as Vigil,
    staff: undefined as unknown as Staff,
  };
  beforeEach(async () => {
    clock.set(Date.now());
    clinic.vigil = await startTestServer({}, clock, start);
    clinic.staff = await clinic.pool.staff();
  });
  afterEach(async () => {
    clinic.pool.closeAll();
    await clinic.vigil.close();
  });
  return clinic;
}

/** Sends a lifecycle command with a fresh command id (or the one given) and returns the ack. */
export async function send(
  socket: TestSocket,
  event: Parameters<typeof request>[1],
  payload: Record<string, unknown>,
): Promise<Result<CommandAck>> {
  const ack = await request(socket, event, { commandId: randomUUID(), ...payload });
  return ack as Result<CommandAck>;
}

/** The stored event of a successful ack; fails the test with the server's message otherwise. */
export function stored(ack: Result<CommandAck>): SessionEvent {
  if (!ack.ok) throw new Error(`refused: ${ack.error.code}: ${ack.error.message}`);
  return ack.event;
}

/** The refusal of an ack; fails the test if it was accepted. */
export function refusal(ack: Result<CommandAck>) {
  if (ack.ok) throw new Error(`expected a refusal, got ${ack.event.type}`);
  return ack.error;
}

/** Collects every `session.event` a watching screen receives. */
export function recorder(socket: TestSocket) {
  const events: SessionEvent[] = [];
  socket.on('session.event', (event) => events.push(event));
  return {
    events,
    types: () => events.map((event) => event.type),
    /** Resolves with the first received event of a type (already received or still to come). */
    waitFor(type: SessionEventType, timeoutMs = 5_000): Promise<SessionEvent> {
      const found = events.find((event) => event.type === type);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
        const listener = (event: SessionEvent) => {
          if (event.type !== type) return;
          clearTimeout(timer);
          socket.off('session.event', listener);
          resolve(event);
        };
        socket.on('session.event', listener);
      });
    },
  };
}

/** Resolves once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function eventually(predicate: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const preDoseTicks: { itemId: string; by: string }[] = [
  { itemId: 'fasting', by: 'nurse' },
  { itemId: 'no_nasal_decongestant', by: 'nurse' },
  { itemId: 'concomitant_medicines', by: 'prescriber' },
  { itemId: 'escort_arranged', by: 'therapist' },
  { itemId: 'consent_confirmed', by: 'nurse' },
  { itemId: 'intention_noted', by: 'therapist' },
];

export const WITHIN_ADVISORY = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };

export interface Staff {
  nurse: TestSocket;
  prescriber: TestSocket;
  therapist: TestSocket;
}

/** The dose each shipped protocol's tests give (Spravato as one entry of all its devices). */
export const TEST_DOSES: Record<string, Record<string, unknown>> = {
  'spravato-56': { drug: 'esketamine', route: 'intranasal', lotNumber: 'L-1', doseMg: 56, deviceCount: 2 },
  'spravato-84': { drug: 'esketamine', route: 'intranasal', lotNumber: 'L-1', doseMg: 84, deviceCount: 3 },
  'ketamine-im': { drug: 'ketamine', route: 'im', lotNumber: 'K-1', mgPerKg: 0.5, weightKg: 70 },
};

/** Opens a session (Spravato 56 mg unless told) in `roomId` and ticks the pre-dose checklist; returns the session id. */
export async function openChecked(staff: Staff, roomId = 'room-1', protocolId = 'spravato-56'): Promise<string> {
  const sessionId = stored(await send(staff.nurse, 'session.open', { roomId, patientAlias: 'T.P.', protocolId })).sessionId;
  const intranasal = protocolId.startsWith('spravato');
  for (const { itemId, by } of preDoseTicks.filter((tick) => intranasal || tick.itemId !== 'no_nasal_decongestant')) {
    stored(await send(staff[by as keyof Staff], 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId }));
  }
  return sessionId;
}

/**
 * Opens, checks, records a baseline within the advisory and the dose at `dosedAt`; returns ids.
 * A dose is never timed before its pre-dose checklist, which is ticked on the server's clock: a
 * `dosedAt` in the past needs `clock` (the server's, settable: `createManualClock`,
 * `settableClock`), set back to just before the dose for the steps and then put right.
 */
export async function dosedSession(staff: Staff, dosedAt: number, roomId = 'room-1', protocolId = 'spravato-56', serverClock?: Clock) {
  const clock = serverClock as (Clock & { set?(ms: number): void }) | undefined;
  const resumeAt = clock?.now();
  const setBack = clock !== undefined && resumeAt !== undefined && dosedAt < resumeAt;
  if (setBack && clock.set === undefined) throw new Error('dosedSession: a dose in the past needs a settable server clock');
  if (setBack) clock.set!(dosedAt - MINUTE_MS);
  try {
    const sessionId = await openChecked(staff, roomId, protocolId);
    stored(await send(staff.nurse, 'vitals.record', { sessionId, observedAt: dosedAt - MINUTE_MS, vitals: WITHIN_ADVISORY }));
    const dose = stored(await send(staff.nurse, 'dose.record', { sessionId, observedAt: dosedAt, ...TEST_DOSES[protocolId] }));
    const doseId = dose.type === 'dose.recorded' ? dose.payload.doseId : '';
    return { sessionId, doseSeq: dose.seq, doseId };
  } finally {
    // Put right: as far on as the clock ran meanwhile (a manual clock stood still).
    if (setBack) clock.set!(resumeAt + (clock.now() - (dosedAt - MINUTE_MS)));
  }
}

/**
 * The nurse scores the discharge-score items the record cannot know: modified Aldrete's activity
 * and breathing, PADSS's activity and mental status, pain and nausea (2 each unless given).
 */
export async function scoreBedsideItems(
  nurse: TestSocket,
  sessionId: string,
  observedAt: number,
  points: { activity?: number; breathing?: number; activity_mental_status?: number; pain_nausea?: number } = {},
) {
  const { activity = 2, breathing = 2, activity_mental_status = 2, pain_nausea = 2 } = points;
  const items: [string, string, number][] = [
    ['aldrete', 'activity', activity],
    ['aldrete', 'breathing', breathing],
    ['padss', 'activity_mental_status', activity_mental_status],
    ['padss', 'pain_nausea', pain_nausea],
  ];
  for (const [scoreId, itemId, value] of items) {
    stored(
      await send(nurse, 'observation.record', {
        sessionId,
        observedAt,
        observation: { kind: 'score_item', scoreId, itemId, points: value },
      }),
    );
  }
}

/** Everything a recovered patient shows, recorded at `observedAt`: a BP within the advisory, MOAA/S 5, back to baseline, the bedside score items. */
export async function recordRecovery({ nurse, therapist }: Staff, sessionId: string, observedAt: number) {
  stored(await send(nurse, 'vitals.record', { sessionId, observedAt, vitals: WITHIN_ADVISORY }));
  stored(await send(therapist, 'observation.record', { sessionId, observedAt, observation: { kind: 'moaas', score: 5 } }));
  stored(await send(therapist, 'observation.record', { sessionId, observedAt, observation: { kind: 'returned_to_baseline' } }));
  await scoreBedsideItems(nurse, sessionId, observedAt);
}

/** The practical discharge items, ticked once: a responsible adult and instructions given (nurse), the integration session booked for `integrationAt` (therapist). */
export async function tickPracticalItems({ nurse, therapist }: Staff, sessionId: string, integrationAt: number) {
  stored(await send(nurse, 'checklist.tick', { sessionId, checklist: 'discharge', itemId: 'responsible_adult' }));
  stored(await send(nurse, 'checklist.tick', { sessionId, checklist: 'discharge', itemId: 'instructions_given' }));
  stored(await send(therapist, 'checklist.tick', { sessionId, checklist: 'discharge', itemId: 'integration_booked', date: integrationAt }));
}
