import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { Config } from '../../../server/config';
import { trendPoints } from '../../../shared/clinic/roomParts';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import type { RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { heldRooms } from '../../support/clinicScreen';
import { dropPostgres, sharedStore } from '../../support/postgres';
import { connectClient, request, signIn, startTestServer, type TestSocket } from '../../support/server';
import { settableClock } from '../../support/settableClock';
import { clientPool, dosedSession, MINUTE_MS, send, stored } from '../lifecycle/lifecycleClients';

/**
 * What the boards receive: compact summaries (only what a tile shows), a few a second per room
 * at most with the newest last, and an alarm change at once whatever the throttle holds back.
 */

/** Every field a room summary's session may carry: what a tile, the clinic page and the alarm count show. */
const TILE_FIELDS = [
  'sessionId',
  'patientAlias',
  'protocolName',
  'phase',
  'dosedAt',
  'minimumObservationMinutes',
  'checkIntervalMinutes',
  'audioPauseMinutes',
  'lastSeq',
  'bloodPressure',
  'heartRate',
  'spo2',
  'trend',
  'baseline',
  'moaas',
  'dissociation',
  'nextCheck',
  'overdueCheckMinutes',
  'worstAlarm',
  'unacknowledgedAlarmIds',
  'unacknowledgedPriority',
  'openAlarmCount',
  'escalatedHighAlarmIds',
  'discharge',
];

const NORMAL = { systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 98, respiratoryRatePerMin: 14 };

interface Arrival {
  at: number;
  /** As sent (the trend only when it changed). */
  update: RoomUpdate;
  /** As the board holds it after this update (`heldRooms`). */
  room: RoomSummary;
}

/** A board: a prescriber's socket watching the clinic, keeping each room summary with its arrival time. */
async function openBoard(vigil: Vigil) {
  const socket: TestSocket = await connectClient(vigil.url, await signIn(vigil, 'prescriber'));
  const held = heldRooms();
  const arrivals: Arrival[] = [];
  socket.on('clinic.rooms', (rooms) => {
    for (const update of rooms) {
      const room = held.receive(update);
      if (room) arrivals.push({ at: performance.now(), update, room });
    }
  });
  const ack = await request(socket, 'clinic.watch', {});
  if (!ack.ok) throw new Error(ack.error.message);
  held.snapshot(ack.rooms, ack.versions);
  const ofRoom = (roomId: string) => arrivals.filter((arrival) => arrival.room.roomId === roomId);
  return { socket, arrivals, ofRoom, latest: (roomId: string) => ofRoom(roomId).at(-1)?.room.session ?? null, missing: held.missing };
}

describe('board updates on one server', () => {
  let vigil: Vigil;
  const pool = clientPool(() => vigil);
  const sockets: TestSocket[] = [];

  async function start(overrides: Partial<Config>) {
    vigil = await startTestServer({ commandsPerSecond: 10_000, ...overrides }, settableClock());
    return pool.staff();
  }

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    pool.closeAll();
    await vigil?.close();
  });

  it('a burst of readings in one room reaches the boards as a bounded number of compact updates, the newest values last', async () => {
    const intervalMs = 1_000;
    const staff = await start({ boardUpdateMs: intervalMs });
    const { sessionId } = await dosedSession(staff, vigil.clock.now() - MINUTE_MS, 'room-1', 'spravato-56', vigil.clock);
    const board = await openBoard(vigil);
    sockets.push(board.socket);
    const seqBefore = (await vigil.sessions.getState(sessionId))!.lastSeq;

    // 30 readings sent without waiting for each other, as a busy monitor's backlog would arrive.
    const readings = 30;
    const burstStart = performance.now();
    const base = vigil.clock.now() - 30_000;
    const acks = await Promise.all(
      Array.from({ length: readings }, (_, index) =>
        send(staff.nurse, 'vitals.record', {
          sessionId,
          observedAt: base + index * 1_000,
          vitals: { ...NORMAL, systolicMmHg: 110 + (index % 20), heartRateBpm: 60 + index },
        }),
      ),
    );
    const newest = acks.map(stored).sort((a, b) => b.seq - a.seq)[0]!;
    const lastSeq = (await vigil.sessions.getState(sessionId))!.lastSeq;
    await expect.poll(() => board.latest('room-1')?.lastSeq, { timeout: 10_000 }).toBe(lastSeq);

    const updates = board.ofRoom('room-1').filter((arrival) => arrival.room.session!.lastSeq > seqBefore);
    // One room's summaries leave at least `intervalMs` apart (the first of a quiet spell at once).
    const spanMs = updates.at(-1)!.at - burstStart;
    expect(updates.length).toBeLessThanOrEqual(2 + Math.floor(spanMs / intervalMs));
    expect(updates.length).toBeLessThan(readings);
    // Newest last: seqs only grow, and the last summary holds the newest reading's values.
    const seqs = updates.map((arrival) => arrival.room.session!.lastSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const last = updates.at(-1)!.room.session!;
    expect(newest.type).toBe('vitals.recorded');
    const newestVitals = newest.type === 'vitals.recorded' ? newest.payload.vitals : null;
    expect(last.heartRate?.value).toBe(newestVitals?.heartRateBpm);
    expect(last.bloodPressure?.systolicMmHg).toBe(newestVitals?.systolicMmHg);
    // The trend the board holds is the room's: the first reading of each 2-minute bucket.
    expect(last.trend).toEqual(trendPoints((await vigil.sessions.getState(sessionId))!));

    // Compact: only the tile's fields, nothing of the full state, and after the first update of
    // the session only what changed (a reading changes its values and the seq, not the names).
    for (const { update: room } of board.arrivals) {
      expect(Object.keys(room).sort()).toEqual(expect.arrayContaining(['roomId', 'roomName', 'session', 'version']));
      expect(Object.keys(room).every((key) => ['roomId', 'roomName', 'session', 'bedside', 'version', 'base'].includes(key))).toBe(true);
      if (room.session) expect(Object.keys(room.session).every((key) => TILE_FIELDS.includes(key))).toBe(true);
    }
    expect(board.missing).toEqual([]);
    for (const { update } of updates) {
      expect(update.base).toBeDefined();
      expect(update.session).not.toHaveProperty('patientAlias');
      expect(update.session).not.toHaveProperty('protocolName');
    }
    expect(Object.keys(last).sort()).toEqual([...TILE_FIELDS].sort());
  }, 30_000);

  it('an alarm raised or acknowledged inside a throttle window reaches the boards at once, with the newest values', async () => {
    // A minute between two summaries of a room: only an alarm change can arrive within the test.
    const staff = await start({ boardUpdateMs: 60_000 });
    const { sessionId } = await dosedSession(staff, vigil.clock.now() - MINUTE_MS, 'room-1', 'spravato-56', vigil.clock);
    const board = await openBoard(vigil);
    sockets.push(board.socket);
    // The dose just went out to the boards: this room's window is open for a minute.
    stored(await send(staff.nurse, 'vitals.record', { sessionId, observedAt: vigil.clock.now() - 2_000, vitals: NORMAL }));
    stored(
      await send(staff.nurse, 'vitals.record', {
        sessionId,
        observedAt: vigil.clock.now() - 1_000,
        vitals: { ...NORMAL, heartRateBpm: 91, spo2Percent: 88 },
      }),
    );
    await expect.poll(() => board.latest('room-1')?.worstAlarm?.priority, { timeout: 10_000 }).toBe('high');
    const raised = board.latest('room-1')!;
    expect(raised.unacknowledgedPriority).toBe('high');
    expect(raised.spo2?.value).toBe(88);
    expect(raised.heartRate?.value).toBe(91);

    const alarmId = raised.worstAlarm!.alarmId;
    stored(await send(staff.prescriber, 'alarm.acknowledge', { sessionId, alarmId }));
    await expect.poll(() => board.latest('room-1')?.unacknowledgedAlarmIds, { timeout: 10_000 }).toEqual([]);
    expect(board.latest('room-1')!.worstAlarm?.acknowledged).toBe(true);
  }, 30_000);

  it('a session that ended leaves its room empty on the boards already watching, and a later correction of it does not cover the next patient', async () => {
    // A minute between two summaries of a room: the room's change of session must not wait for it.
    const staff = await start({ boardUpdateMs: 60_000 });
    const { sessionId } = await dosedSession(staff, vigil.clock.now() - MINUTE_MS, 'room-1', 'spravato-56', vigil.clock);
    const board = await openBoard(vigil);
    sockets.push(board.socket);

    stored(
      await send(staff.prescriber, 'session.discharge', {
        sessionId,
        disposition: 'emergency_transfer',
        dispositionReason: 'Chest pain, ambulance called',
      }),
    );
    await expect.poll(() => board.ofRoom('room-1').at(-1)?.room.session, { timeout: 10_000 }).toBeNull();
    // What a screen starting to watch now gets is the same.
    const now = await request(board.socket, 'clinic.watch', {});
    expect(now.ok && now.rooms.find((room) => room.roomId === 'room-1')?.session).toBeNull();

    // The next patient in the room, then a correction to the ended session's record, then an
    // alarm in the next patient's session (sent at once): nothing in between covers their tile.
    const next = await dosedSession(staff, vigil.clock.now() - MINUTE_MS, 'room-1', 'spravato-56', vigil.clock);
    await expect.poll(() => board.latest('room-1')?.sessionId, { timeout: 10_000 }).toBe(next.sessionId);
    const firstOfNext = board.ofRoom('room-1').length - 1;
    const ended = (await vigil.sessions.getState(sessionId))!;
    stored(
      await send(staff.nurse, 'amendment.record', {
        sessionId,
        targetSeq: ended.lastSeq,
        reason: 'Added what happened next',
        change: { kind: 'note', text: 'Handed over to the ambulance crew at the door' },
      }),
    );
    stored(
      await send(staff.nurse, 'vitals.record', {
        sessionId: next.sessionId,
        observedAt: vigil.clock.now() - 1_000,
        vitals: { ...NORMAL, spo2Percent: 88 },
      }),
    );
    await expect.poll(() => board.latest('room-1')?.worstAlarm?.priority, { timeout: 10_000 }).toBe('high');
    const since = board.ofRoom('room-1').slice(firstOfNext);
    expect(since.map((arrival) => arrival.room.session?.sessionId ?? null)).toEqual(since.map(() => next.sessionId));
    expect(board.missing).toEqual([]);
  }, 30_000);
});

/**
 * Two processes behind one PostgreSQL store and Redis (as in cluster/multiNode.test.ts): readings
 * stored through one process reach boards on the other through its own throttle, alarms at once.
 */
describe('board updates across two processes', () => {
  const databases: string[] = [];
  let a: Vigil | undefined;
  let b: Vigil | undefined;
  const pool = clientPool(() => a!);
  const sockets: TestSocket[] = [];

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    pool.closeAll();
    await a?.close();
    await b?.close();
    await dropPostgres(databases);
  });

  it('a burst stored through one process stays behind the throttle on the other until an alarm, which arrives at once with the newest values', async () => {
    const shared = { ...(await sharedStore(databases, 'board')), commandsPerSecond: 10_000 };
    a = await startTestServer({ ...shared, boardUpdateMs: 60_000 }, settableClock());
    b = await startTestServer({ ...shared, boardUpdateMs: 60_000 });
    const staff = await pool.staff();
    const { sessionId } = await dosedSession(staff, a.clock.now() - MINUTE_MS, 'room-1', 'spravato-56', a.clock);
    const board = await openBoard(b);
    sockets.push(board.socket);
    const seqBefore = (await a.sessions.getState(sessionId))!.lastSeq;
    await expect.poll(async () => (await b!.sessions.getState(sessionId))?.lastSeq).toBe(seqBefore);

    const base = a.clock.now() - 20_000;
    for (let index = 0; index < 10; index += 1) {
      stored(
        await send(staff.nurse, 'vitals.record', {
          sessionId,
          observedAt: base + index * 1_000,
          vitals: { ...NORMAL, heartRateBpm: 60 + index },
        }),
      );
    }
    stored(
      await send(staff.nurse, 'vitals.record', {
        sessionId,
        observedAt: base + 10_000,
        vitals: { ...NORMAL, heartRateBpm: 92, spo2Percent: 88 },
      }),
    );
    await expect.poll(() => board.latest('room-1')?.worstAlarm?.priority, { timeout: 10_000 }).toBe('high');
    const raised = board.latest('room-1')!;
    expect(raised.heartRate?.value).toBe(92);
    // The ten readings inside the window went out with the alarm, not one by one.
    const updates = board.ofRoom('room-1').filter((arrival) => arrival.room.session!.lastSeq > seqBefore);
    expect(updates.length).toBeLessThanOrEqual(2);
  }, 60_000);
});
