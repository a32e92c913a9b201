import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBoardFeed } from '../../../server/realtime/boardFeed';
import type { RoomSessionSummary, RoomSummary } from '../../../shared/clinic/rooms';
import type { RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { highAlarm, NOW, room } from '../../client/board/roomFactory';

/**
 * The board feed's timing on a fake clock (timers and performance.now): the first summary of a
 * quiet room at once, a busy room's newest at the end of its interval, alarm changes never held,
 * a quiet room never held behind a busy one. The real server and sockets: test/server/board/boardUpdates.test.ts.
 */
const INTERVAL_MS = 250;

/** Room `index` after its `seq`-th reading (heart rate = seq). */
function reading(index: number, seq: number, change: Partial<RoomSessionSummary> = {}): RoomSummary {
  return room(index, { lastSeq: seq, heartRate: { value: seq, observedAt: NOW + seq * 1000, by: 'device' }, ...change });
}

describe('the board feed', () => {
  let sent: { at: number; rooms: RoomUpdate[] }[];
  let feed: ReturnType<typeof createBoardFeed>;
  const seqsOf = (roomId: string) => sent.flatMap((batch) => batch.rooms.filter((r) => r.roomId === roomId).map((r) => r.session!.lastSeq));

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    sent = [];
    feed = createBoardFeed((rooms) => sent.push({ at: performance.now(), rooms }), {
      roomIntervalMs: INTERVAL_MS,
      now: () => performance.now(),
    });
  });

  afterEach(() => {
    feed.close();
    vi.useRealTimers();
  });

  it("holds a busy room's readings to one summary per interval, the newest at its end", () => {
    feed.offer(reading(1, 1)); // the first: at once
    for (let seq = 2; seq <= 20; seq += 1) {
      vi.advanceTimersByTime(10);
      feed.offer(reading(1, seq));
    }
    expect(seqsOf('room-1')).toEqual([1]);
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(seqsOf('room-1')).toEqual([1, 20]);
    const times = sent.map((batch) => batch.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(INTERVAL_MS);
    // Nothing more waits.
    vi.advanceTimersByTime(10 * INTERVAL_MS);
    expect(seqsOf('room-1')).toEqual([1, 20]);
  });

  it('sends an alarm change at once, inside the window, with the newest values', () => {
    feed.offer(reading(1, 1));
    vi.advanceTimersByTime(10);
    feed.offer(reading(1, 2));
    feed.offer(reading(1, 3, highAlarm()));
    expect(seqsOf('room-1')).toEqual([1, 3]);
    feed.offer(reading(1, 4, highAlarm(true)));
    expect(seqsOf('room-1')).toEqual([1, 3, 4]);
    // The held reading was superseded: nothing older follows.
    vi.advanceTimersByTime(10 * INTERVAL_MS);
    expect(seqsOf('room-1')).toEqual([1, 3, 4]);
  });

  it("never holds a quiet room's reading behind a busy room's window", () => {
    feed.offer(reading(2, 1));
    vi.advanceTimersByTime(5 * INTERVAL_MS);
    // Room 1 is busy: its second reading waits for its window.
    feed.offer(reading(1, 1));
    feed.offer(reading(1, 2));
    // Room 2 has been quiet for longer than an interval: its reading goes in the next batch.
    feed.offer(reading(2, 2));
    vi.advanceTimersByTime(25);
    expect(seqsOf('room-2')).toEqual([1, 2]);
    expect(seqsOf('room-1')).toEqual([1]);
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(seqsOf('room-1')).toEqual([1, 2]);
  });

  it('gathers the rooms due together into one message', () => {
    for (let index = 1; index <= 5; index += 1) feed.offer(reading(index, 1));
    vi.advanceTimersByTime(10);
    for (let index = 1; index <= 5; index += 1) feed.offer(reading(index, 2));
    const before = sent.length;
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(sent.length).toBe(before + 1);
    expect(sent.at(-1)!.rooms.map((r) => r.roomId)).toEqual(['room-1', 'room-2', 'room-3', 'room-4', 'room-5']);
  });

  it("sends a room's trend only when it differs from the one last sent for the session, at once or held", () => {
    const trendOf = (roomId: string) =>
      sent.flatMap((batch) => batch.rooms.filter((r) => r.roomId === roomId)).map((r) => r.session?.trend);
    const trend = room(1).session!.trend;
    const newPoint = [...trend, [NOW + 60_000, 131, 85, 73] as const];
    feed.offer(reading(1, 1));
    vi.advanceTimersByTime(INTERVAL_MS);
    feed.offer(reading(1, 2));
    vi.advanceTimersByTime(INTERVAL_MS);
    // An alarm goes at once, the trend as it was.
    feed.offer(reading(1, 3, highAlarm()));
    // A new point: the held summary carries it, compared with the last one sent (seq 3), not the last one offered.
    feed.offer(reading(1, 4, { ...highAlarm(), trend: newPoint }));
    feed.offer(reading(1, 5, { ...highAlarm(), trend: newPoint }));
    vi.advanceTimersByTime(INTERVAL_MS);
    feed.offer(reading(1, 6, { ...highAlarm(), trend: newPoint }));
    vi.advanceTimersByTime(INTERVAL_MS);
    // The next session in the room, with the same points: its first summary carries them.
    feed.offer(reading(1, 1, { ...highAlarm(), trend: newPoint, sessionId: 's-next' }));
    expect(seqsOf('room-1')).toEqual([1, 2, 3, 5, 6, 1]);
    expect(trendOf('room-1')).toEqual([trend, undefined, undefined, newPoint, undefined, newPoint]);
  });

  it('sends what is held when it closes', () => {
    feed.offer(reading(1, 1));
    feed.offer(reading(1, 2));
    feed.close();
    expect(seqsOf('room-1')).toEqual([1, 2]);
  });

  it('a snapshot holds each room as last sent, with its version; a room whose session ended unsent is as it is now, and its next update goes whole', () => {
    feed.offer(reading(1, 1));
    feed.offer(reading(2, 1));
    feed.offer(reading(2, 2)); // held for room 2's slot
    // Room 1 as last sent (version 1), not built again; room 2's session has ended in the store, with nothing sent.
    const built: string[] = [];
    const current = (summary: RoomSummary) => ({
      roomId: summary.roomId,
      sessionId: summary.session?.sessionId ?? null,
      summarize: () => (built.push(summary.roomId), summary),
    });
    const view = feed.view([current(reading(1, 1)), current(room(2, null))]);
    expect(view).toEqual({ rooms: [reading(1, 1), room(2, null)], versions: { 'room-1': 1 } });
    expect(built).toEqual(['room-2']);
    // The held summary of the ended session is dropped: the screens are not sent back to it.
    vi.advanceTimersByTime(INTERVAL_MS);
    expect(sent.flatMap((batch) => batch.rooms).filter((r) => r.roomId === 'room-2')).toHaveLength(1);
    // The room's next update goes whole (nothing of the older session to build on).
    feed.offer(room(2, { sessionId: 's-next', lastSeq: 1 }));
    vi.advanceTimersByTime(INTERVAL_MS);
    const next = sent
      .flatMap((batch) => batch.rooms)
      .filter((r) => r.roomId === 'room-2')
      .at(-1)!;
    expect(next.base).toBeUndefined();
    expect(next.session?.sessionId).toBe('s-next');
  });
});
