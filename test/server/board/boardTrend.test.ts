import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { createManualClock } from '../../../server/clock';
import { ROOM_TREND_BUCKET_MS } from '../../../shared/clinic/roomParts';
import { summarizeRoom } from '../../../shared/clinic/rooms';
import type { RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { heldRooms } from '../../support/clinicScreen';
import { connectClient, request, signIn, startTestServer } from '../../support/server';
import { clientPool, dosedSession, MINUTE_MS, openChecked, send, stored, WITHIN_ADVISORY } from '../lifecycle/lifecycleClients';

/**
 * A tile's trend crosses the wire only when it changes: a board gets it with the first summary
 * of a session and again when a new 2-minute bucket adds a point, and summaries in between go
 * without it (the board keeps the one it holds). The trend itself: test/shared/clinic/trendPoints.test.ts.
 */
describe("a room's trend on the board feed", () => {
  // A bucket's start, so the test knows which readings share a bucket.
  const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
  const clock = createManualClock(T0);
  let vigil: Vigil;
  const pool = clientPool(() => vigil);

  beforeAll(async () => {
    expect(T0 % ROOM_TREND_BUCKET_MS).toBe(0);
    vigil = await startTestServer({ boardUpdateMs: 20 }, clock);
  });

  afterAll(async () => {
    pool.closeAll();
    await vigil?.close();
  });

  it('sent with a new bucket, left out within one, always sent for a new session in the room', async () => {
    const staff = await pool.staff();
    const { sessionId } = await dosedSession(staff, T0 - 10 * MINUTE_MS, 'room-1', 'spravato-56', clock);
    const board = await connectClient(vigil.url, await signIn(vigil, 'prescriber'));
    const held = heldRooms();
    const updates: RoomUpdate[] = [];
    board.on('clinic.rooms', (rooms) => {
      for (const room of rooms.filter((r) => r.roomId === 'room-1')) if (held.receive(room)) updates.push(room);
    });
    const watched = await request(board, 'clinic.watch', {});
    if (!watched.ok) throw new Error(watched.error.message);
    held.snapshot(watched.rooms, watched.versions);
    // The snapshot holds every trend: the baseline 11 minutes ago.
    expect(held.get('room-1')?.session?.trend).toEqual([[T0 - 11 * MINUTE_MS, 128, 82, 74]]);

    /** A monitor-like reading at the clock's now; resolves with the update that first holds it. */
    async function reading(heartRateBpm: number, forSession = sessionId) {
      const seq = stored(
        await send(staff.nurse, 'vitals.record', {
          sessionId: forSession,
          observedAt: clock.now(),
          vitals: { ...WITHIN_ADVISORY, heartRateBpm },
        }),
      ).seq;
      const holding = () => updates.find((u) => u.session?.sessionId === forSession && u.session.lastSeq >= seq);
      await expect.poll(holding).toBeDefined();
      return holding()!.session!;
    }

    // A new bucket starts: the trend gains a point and is sent.
    expect((await reading(80)).trend).toEqual([
      [T0 - 11 * MINUTE_MS, 128, 82, 74],
      [T0, 128, 82, 80],
    ]);
    // Within the bucket: the trend keeps the bucket's first reading, so it is left out, and the board keeps it.
    for (let second = 1; second <= 3; second += 1) {
      clock.advance(1_000);
      const update = await reading(80 + second);
      expect(update).not.toHaveProperty('trend');
      expect(update.heartRate?.value).toBe(80 + second);
      expect(held.get('room-1')?.session?.trend.at(-1)).toEqual([T0, 128, 82, 80]);
    }
    // The next bucket: sent again, with its first reading.
    clock.set(T0 + ROOM_TREND_BUCKET_MS);
    expect((await reading(90)).trend?.map(([observedAt]) => observedAt)).toEqual([T0 - 11 * MINUTE_MS, T0, T0 + ROOM_TREND_BUCKET_MS]);
    expect(held.missing).toEqual([]);
    // What the board holds is the room's summary, trend and all.
    const state = (await vigil.sessions.getState(sessionId))!;
    await expect.poll(() => held.get('room-1')?.session?.lastSeq).toBe(state.lastSeq);
    expect(held.get('room-1')).toEqual(
      summarizeRoom({ roomId: 'room-1', roomName: 'Room 1' }, state, await vigil.sessions.getProtocol(sessionId)),
    );

    // The session ends; the next one in the room gets its trend with its first summary, even an empty one.
    stored(
      await send(staff.nurse, 'session.discharge', {
        sessionId,
        disposition: 'emergency_transfer',
        dispositionReason: 'Chest pain; ambulance to ED',
      }),
    );
    const next = await openChecked(staff);
    await expect.poll(() => updates.find((u) => u.session?.sessionId === next)).toBeDefined();
    expect(updates.find((u) => u.session?.sessionId === next)!.session!.trend).toEqual([]);
    clock.advance(1_000);
    expect((await reading(70, next)).trend).toEqual([[T0 + ROOM_TREND_BUCKET_MS + 1_000, 128, 82, 70]]);
    expect(held.missing).toEqual([]);
  }, 30_000);
});
