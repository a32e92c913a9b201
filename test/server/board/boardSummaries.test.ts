import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { insertRoom } from '../../../server/store/rooms';
import { readSessionEvents } from '../../../server/store/events';
import { ROOM_TREND_BUCKET_MS } from '../../../shared/clinic/roomParts';
import { summarizeRoom, type RoomSummary } from '../../../shared/clinic/rooms';
import type { RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { foldSessionEvents } from '../../../shared/session/reducer';
import type { SessionEvent } from '../../../shared/session/events';
import { heldRooms } from '../../support/clinicScreen';
import { connectClient, request, signIn, startTestServer, type TestSocket } from '../../support/server';
import { settableClock } from '../../support/settableClock';
import { clientPool, dosedSession, eventually, MINUTE_MS, send, stored } from '../lifecycle/lifecycleClients';

const ROOM_COUNT = 12;
const BOARD_COUNT = 3;

/**
 * A board screen: a prescriber's socket watching the clinic, recording everything it receives:
 * `updates` as sent, `summaries` as the client holds them after each (a trend left out is the
 * one held for the session: `heldRooms`).
 */
async function openBoard(vigil: Vigil, cookie: string) {
  const socket: TestSocket = await connectClient(vigil.url, cookie);
  const held = heldRooms();
  const updates: RoomUpdate[] = [];
  const summaries: RoomSummary[] = [];
  const sessionEvents: SessionEvent[] = [];
  socket.on('clinic.rooms', (rooms) => {
    for (const room of rooms) {
      const summary = held.receive(room);
      if (summary === null) continue;
      updates.push(room);
      summaries.push(summary);
    }
  });
  socket.on('session.event', (event) => sessionEvents.push(event));
  const ack = await request(socket, 'clinic.watch', {});
  if (!ack.ok) throw new Error(ack.error.message);
  held.snapshot(ack.rooms, ack.versions);
  return { socket, updates, summaries, missing: held.missing, sessionEvents, initial: ack.rooms };
}

describe('the board receives compact room summaries only, equal to the rooms full state', () => {
  let vigil: Vigil;
  const pool = clientPool(() => vigil);
  const sessionByRoom = new Map<string, string>();
  const roomNames = new Map<string, string>();

  beforeAll(async () => {
    // One nurse socket feeds 12 rooms in bursts: lift the per-connection command limit (its own test is in reliability/).
    vigil = await startTestServer({ commandsPerSecond: 10_000 }, settableClock());
    for (let index = 3; index <= ROOM_COUNT; index += 1) {
      await insertRoom(vigil.store.db, { roomId: `room-${index}`, name: `Room ${index}`, sortOrder: index });
    }
    for (const room of await vigil.clinic.listRooms()) roomNames.set(room.roomId, room.name);
  }, 30_000);

  afterAll(async () => {
    pool.closeAll();
    await vigil?.close();
  });

  it('12 rooms with readings: boards get only clinic.rooms, each equal to summarizeRoom(state, protocol)', async () => {
    const staff = await pool.staff();
    const cookie = await signIn(vigil, 'prescriber');
    const boards = await Promise.all(Array.from({ length: BOARD_COUNT }, () => openBoard(vigil, cookie)));
    // Two more boards start watching while readings arrive: each builds on its own snapshot.
    const lateBoards: ReturnType<typeof openBoard>[] = [];
    expect(boards[0]!.initial.map((room) => room.roomId)).toHaveLength(ROOM_COUNT);
    expect(boards[0]!.initial.every((room) => room.session === null)).toBe(true);

    const start = vigil.clock.now();
    for (let index = 1; index <= ROOM_COUNT; index += 1) {
      const roomId = `room-${index}`;
      sessionByRoom.set(roomId, (await dosedSession(staff, start - 20 * MINUTE_MS, roomId, 'spravato-56', vigil.clock)).sessionId);
    }

    // Readings in every room, in rounds (the rooms interleave), a high pressure in room 5 and a
    // MOAA/S and dissociation rating in room 2.
    for (let round = 0; round < 4; round += 1) {
      if (round === 1 || round === 2) lateBoards.push(openBoard(vigil, cookie));
      await Promise.all(
        [...sessionByRoom.entries()].map(async ([roomId, sessionId]) => {
          const systolicMmHg = roomId === 'room-5' && round === 3 ? 188 : 120 + round * 3;
          const vitals = { systolicMmHg, diastolicMmHg: 80, heartRateBpm: 70 + round, spo2Percent: 97, respiratoryRatePerMin: 14 };
          stored(await send(staff.nurse, 'vitals.record', { sessionId, observedAt: start - (10 - round) * MINUTE_MS, vitals }));
        }),
      );
    }
    const room2 = sessionByRoom.get('room-2')!;
    stored(
      await send(staff.therapist, 'observation.record', {
        sessionId: room2,
        observedAt: start - 5 * MINUTE_MS,
        observation: { kind: 'moaas', score: 4 },
      }),
    );
    stored(
      await send(staff.therapist, 'observation.record', {
        sessionId: room2,
        observedAt: start - 5 * MINUTE_MS,
        observation: { kind: 'cadss6', itemScores: [1, 1, 0, 0, 1, 0] },
      }),
    );

    boards.push(...(await Promise.all(lateBoards)));
    // Every board catches up with every room's last stored event.
    const lastSeqs = async () =>
      new Map(
        await Promise.all(
          [...sessionByRoom.entries()].map(async ([roomId, id]) => [roomId, (await vigil.sessions.getState(id))!.lastSeq] as const),
        ),
      );
    await eventually(async () => {
      const seqs = await lastSeqs();
      return boards.every((board) =>
        [...seqs.entries()].every(([roomId, seq]) => board.summaries.filter((s) => s.roomId === roomId).at(-1)?.session?.lastSeq === seq),
      );
    }, 15_000);

    const eventsBySession = new Map<string, SessionEvent[]>();
    for (const id of sessionByRoom.values()) eventsBySession.set(id, await readSessionEvents(vigil.store.db, id));
    for (const board of boards) {
      // Only summaries: the board never receives a session's full event stream.
      expect(board.sessionEvents).toHaveLength(0);
      // Readings of one room within VIGIL_BOARD_UPDATE_MS are coalesced: fewer summaries, each newer than the one before.
      for (const roomId of sessionByRoom.keys()) {
        const seqs = board.summaries.filter((s) => s.roomId === roomId).map((s) => s.session!.lastSeq);
        expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
        expect(new Set(seqs).size).toBe(seqs.length);
      }
      // An update carried only what changed (not the unchanged trend or names), and each built on what the board held.
      expect(board.updates.some((update) => update.session !== null && update.session.trend === undefined)).toBe(true);
      expect(board.updates.some((update) => update.session !== null && update.session.patientAlias === undefined)).toBe(true);
      expect(board.missing).toEqual([]);
      for (const summary of board.summaries) {
        const session = summary.session!;
        expect(session.sessionId).toBe(sessionByRoom.get(summary.roomId));
        // Each summary is the pure summary of the room's record up to the seq it carries.
        const prefix = eventsBySession.get(session.sessionId)!.filter((event) => event.seq <= session.lastSeq);
        const protocol = await vigil.sessions.getProtocol(session.sessionId);
        expect(summary).toEqual(
          summarizeRoom({ roomId: summary.roomId, roomName: roomNames.get(summary.roomId)! }, foldSessionEvents(prefix), protocol),
        );
      }
      // The last summary of each room is the summary of its full current state.
      for (const [roomId, sessionId] of sessionByRoom) {
        const latest = board.summaries.filter((s) => s.roomId === roomId).at(-1)!;
        const state = await vigil.sessions.getState(sessionId);
        expect(latest).toEqual(
          summarizeRoom({ roomId, roomName: roomNames.get(roomId)! }, state, await vigil.sessions.getProtocol(sessionId)),
        );
      }
    }

    // What the tiles show, from the summaries.
    const last = (roomId: string) => boards[0]!.summaries.filter((s) => s.roomId === roomId).at(-1)!.session!;
    expect(last('room-5').worstAlarm?.priority).toBe('high');
    expect(last('room-5').unacknowledgedPriority).toBe('high');
    expect(last('room-5').bloodPressure).toMatchObject({ systolicMmHg: 188, diastolicMmHg: 80 });
    // The baseline 21 minutes ago and four readings a minute apart: one point per 2-minute bucket.
    const buckets = last('room-1').trend.map(([observedAt]) => Math.floor(observedAt / ROOM_TREND_BUCKET_MS));
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    expect(buckets.length).toBeLessThanOrEqual(4);
    expect(new Set(buckets).size).toBe(buckets.length);
    expect(last('room-1').baseline).toEqual({ systolicMmHg: 128, diastolicMmHg: 82 });
    expect(last('room-2').moaas?.score).toBe(4);
    expect(last('room-2').dissociation).toMatchObject({ scale: 'cadss6', score: 3, maxScore: 24 });
    expect(last('room-1').phase).toBe('monitoring');
    expect(last('room-1').discharge?.total).toBeGreaterThan(5);

    // Acknowledging the high alarm sends a new summary in which it is owned.
    const alarmId = last('room-5').worstAlarm!.alarmId;
    stored(await send(staff.prescriber, 'alarm.acknowledge', { sessionId: sessionByRoom.get('room-5'), alarmId }));
    await eventually(() =>
      boards.every(
        (board) =>
          board.summaries
            .filter((s) => s.roomId === 'room-5')
            .at(-1)
            ?.session?.unacknowledgedAlarmIds.includes(alarmId) === false,
      ),
    );
    for (const board of boards) expect(board.sessionEvents).toHaveLength(0);
  }, 60_000);
});

describe('summaries follow time alone', () => {
  const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
  const clock = createManualClock(T0);
  let vigil: Vigil;
  const pool = clientPool(() => vigil);

  beforeAll(async () => {
    vigil = await startTestServer({}, clock, { alarmTickMs: 20 });
  });

  afterAll(async () => {
    pool.closeAll();
    await vigil?.close();
  });

  it('a check that becomes overdue with no new reading reaches the board as a new summary', async () => {
    const staff = await pool.staff();
    const { sessionId } = await dosedSession(staff, T0);
    const board = await openBoard(vigil, await signIn(vigil, 'prescriber'));
    const initial = board.initial.find((room) => room.roomId === 'room-1')!.session!;
    expect(initial.sessionId).toBe(sessionId);
    expect(initial.overdueCheckMinutes).toEqual([]);
    expect(initial.nextCheck?.minutesAfterDose).toBe(0);

    // Nobody records anything; the 15-minute check passes its grace period.
    clock.advance(25 * MINUTE_MS);
    await eventually(() => board.summaries.some((room) => room.session?.overdueCheckMinutes.includes(15)), 10_000);
    const overdue = board.summaries.find((room) => room.session?.overdueCheckMinutes.includes(15))!.session!;
    expect(overdue.worstAlarm?.alarmId).toMatch(/^overdue:15:/);
    expect(overdue.nextCheck?.minutesAfterDose).toBe(30);
    expect(board.sessionEvents).toHaveLength(0);
    const state = await vigil.sessions.getState(sessionId);
    expect(board.summaries.at(-1)).toEqual(
      summarizeRoom({ roomId: 'room-1', roomName: 'Room 1' }, state, await vigil.sessions.getProtocol(sessionId)),
    );
  });
});

describe('bedside screens on the board', () => {
  let vigil: Vigil;
  const pool = clientPool(() => vigil);

  beforeAll(async () => {
    vigil = await startTestServer({}, settableClock());
  });

  afterAll(async () => {
    pool.closeAll();
    await vigil?.close();
  });

  it('a room whose bedside screen disconnects is sent with 0 screens; a prescriber watching does not count', async () => {
    const staff = await pool.staff();
    const { sessionId } = await dosedSession(staff, vigil.clock.now() - 5 * MINUTE_MS, 'room-1', 'spravato-56', vigil.clock);
    const board = await openBoard(vigil, await signIn(vigil, 'prescriber'));
    const room1 = () => board.summaries.filter((room) => room.roomId === 'room-1');
    expect(board.initial.find((room) => room.roomId === 'room-1')?.bedside).toBeUndefined();

    // The prescriber opens the room: not a bedside screen, nothing changes.
    const prescriberScreen = await connectClient(vigil.url, await signIn(vigil, 'prescriber'));
    await request(prescriberScreen, 'session.watch', { sessionId, afterSeq: 0 });
    // The nurse's tablet watches the room.
    const tablet = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
    await request(tablet, 'session.watch', { sessionId, afterSeq: 0 });
    await eventually(() => room1().at(-1)?.bedside?.screens === 1);
    expect(room1().every((room) => room.bedside?.screens === 1)).toBe(true);

    // The tablet loses its connection.
    tablet.disconnect();
    await eventually(() => room1().at(-1)?.bedside?.screens === 0);
    // The same state otherwise: the summary is still the pure summary of the record.
    const { bedside, ...rest } = room1().at(-1)!;
    expect(bedside).toEqual({ screens: 0 });
    expect(rest).toEqual(
      summarizeRoom(
        { roomId: 'room-1', roomName: 'Room 1' },
        await vigil.sessions.getState(sessionId),
        await vigil.sessions.getProtocol(sessionId),
      ),
    );
    // A board opened now sees it too.
    const late = await openBoard(vigil, await signIn(vigil, 'prescriber'));
    expect(late.initial.find((room) => room.roomId === 'room-1')?.bedside).toEqual({ screens: 0 });
    prescriberScreen.disconnect();
  });
});
