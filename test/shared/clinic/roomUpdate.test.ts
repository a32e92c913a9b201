import { describe, expect, it } from 'vitest';
import type { RoomSessionSummary, RoomSummary } from '../../../shared/clinic/rooms';
import { fromRoomUpdate, toRoomUpdate, type HeldRoom, type RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { sameData } from '../../../shared/clinic/sameData';
import { highAlarm, MINUTE, NOW, room } from '../../client/board/roomFactory';

/** The same room with its session changed as given. */
function changed(base: RoomSummary, change: Partial<RoomSessionSummary>): RoomSummary {
  return { ...base, session: { ...base.session!, ...change } };
}

const held = (summary: RoomSummary, version: number | null): HeldRoom => ({ summary, version });

describe('sameData: equal JSON values, whatever their key order', () => {
  it.each([
    [1, 1, true],
    [1, 2, false],
    [null, null, true],
    [null, {}, false],
    [undefined, null, false],
    ['a', 'a', true],
    [[1, [2, 3]], [1, [2, 3]], true],
    [[1, 2], [1, 2, 3], false],
    [[1], { 0: 1 }, false],
    [{ a: 1, b: [1] }, { b: [1], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: undefined }, { a: 1, c: undefined }, false],
    [{ a: { b: 1 } }, { a: { b: 2 } }, false],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameData(a, b)).toBe(same);
    expect(sameData(b, a)).toBe(same);
  });
});

describe("a room's update on the wire: the session's changes since the update a screen holds", () => {
  const shown = room(1);

  it('a reading sends what it changed, which session, how far, and which update it builds on', () => {
    const next = changed(shown, { lastSeq: 11, heartRate: { value: 75, observedAt: NOW, by: 'device' } });
    const update = toRoomUpdate({ summary: shown, version: 4 }, next, 5);
    expect(update).toEqual({
      roomId: 'room-1',
      roomName: 'Room 1',
      version: 5,
      base: 4,
      session: { sessionId: 's-1', lastSeq: 11, heartRate: { value: 75, observedAt: NOW, by: 'device' } },
    });
    // A value object equal to the one sent before is left out (compared by value, not by identity).
    const copy = changed(next, { spo2: { ...next.session!.spo2! }, trend: next.session!.trend.map((p) => [...p] as typeof p) });
    expect(toRoomUpdate({ summary: next, version: 5 }, changed(copy, { lastSeq: 12 }), 6).session).toEqual({
      sessionId: 's-1',
      lastSeq: 12,
    });
  });

  it('whole when there is nothing to build on: the first update, no session before or after, another session, a field gone', () => {
    const whole = (update: RoomUpdate) => update.base === undefined;
    expect(toRoomUpdate(null, shown, 1)).toEqual({ ...shown, version: 1 });
    expect(whole(toRoomUpdate({ summary: room(1, null), version: 1 }, shown, 2))).toBe(true);
    expect(toRoomUpdate({ summary: shown, version: 1 }, room(1, null), 2)).toEqual({ ...room(1, null), version: 2 });
    expect(whole(toRoomUpdate({ summary: shown, version: 1 }, changed(shown, { sessionId: 's-next', lastSeq: 1 }), 2))).toBe(true);
    const withCount = changed(shown, { openAlarmCount: 1 });
    const { openAlarmCount: _gone, ...without } = withCount.session!;
    expect(whole(toRoomUpdate({ summary: withCount, version: 1 }, { ...withCount, session: without }, 2))).toBe(true);
  });

  it('the room fields (name, bedside screens) come with every update, changed or not', () => {
    const renamed = { ...changed(shown, { lastSeq: 11 }), roomName: 'Garden room', bedside: { screens: 0 } };
    const update = toRoomUpdate({ summary: shown, version: 1 }, renamed, 2);
    expect(update).toMatchObject({ roomName: 'Garden room', bedside: { screens: 0 }, base: 1, session: { lastSeq: 11 } });
    const next = fromRoomUpdate(held(shown, 1), update);
    expect(next).toEqual({ stale: false, room: { summary: renamed, version: 2 } });
  });

  it('a screen applies changes only on top of the update they were made from, of the same session', () => {
    const next = changed(shown, { lastSeq: 11, ...highAlarm() });
    const update = toRoomUpdate({ summary: shown, version: 4 }, next, 5);
    expect(fromRoomUpdate(held(shown, 4), update)).toEqual({ stale: false, room: { summary: next, version: 5 } });
    // Missed update 4, holds another session, holds a room from a snapshot of no update, holds nothing.
    expect(fromRoomUpdate(held(shown, 3), update)).toEqual({ stale: true });
    expect(fromRoomUpdate(held(changed(shown, { sessionId: 's-before' }), 4), update)).toEqual({ stale: true });
    expect(fromRoomUpdate(held(shown, null), update)).toEqual({ stale: true });
    expect(fromRoomUpdate(held(room(1, null), 4), update)).toEqual({ stale: true });
    expect(fromRoomUpdate(undefined, update)).toEqual({ stale: true });
  });

  it('a whole update replaces what is held, whatever it was; one not from a board feed leaves nothing to build on', () => {
    const other = changed(shown, { sessionId: 's-next', lastSeq: 2 });
    expect(fromRoomUpdate(held(shown, 9), { ...other, version: 3 })).toEqual({ stale: false, room: { summary: other, version: 3 } });
    expect(fromRoomUpdate(undefined, { ...room(2, null), version: 1 })).toEqual({
      stale: false,
      room: { summary: room(2, null), version: 1 },
    });
    expect(fromRoomUpdate(held(shown, 9), other)).toEqual({ stale: false, room: { summary: other, version: null } });
  });

  it('along a random run of summaries, what a screen rebuilds from the updates is each summary, field for field', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(options: readonly T[]): T => options[Math.floor(random() * options.length)]!;
    const edits: ((s: RoomSummary) => RoomSummary)[] = [
      (s) =>
        changed(s, { heartRate: { value: 50 + Math.floor(random() * 80), observedAt: NOW + Math.floor(random() * MINUTE), by: 'device' } }),
      (s) =>
        changed(s, {
          spo2: random() < 0.2 ? null : { value: 85 + Math.floor(random() * 15), observedAt: NOW, by: pick(['device', 'person'] as const) },
        }),
      (s) => changed(s, { trend: [...s.session!.trend, [NOW + Math.floor(random() * MINUTE), 120, 80, pick([60, 70, null])]] }),
      (s) =>
        changed(
          s,
          random() < 0.5 ? highAlarm(random() < 0.5) : { worstAlarm: null, unacknowledgedAlarmIds: [], unacknowledgedPriority: null },
        ),
      (s) =>
        changed(s, {
          discharge: random() < 0.2 ? null : { holding: Math.floor(random() * 9), total: 8, minimumObservationPending: random() < 0.5 },
        }),
      (s) => changed(s, { phase: pick(['monitoring', 'ready_for_discharge'] as const), overdueCheckMinutes: random() < 0.5 ? [] : [40] }),
      (s) =>
        random() < 0.5
          ? { ...s, bedside: { screens: Math.floor(random() * 2) } }
          : { roomId: s.roomId, roomName: s.roomName, session: s.session },
      (s) => changed(s, { sessionId: pick(['s-1', 's-2']), lastSeq: 0 }),
      (s) => (random() < 0.3 ? room(1, null) : s),
    ];
    let summary = room(1);
    let sent: { summary: RoomSummary; version: number } | null = null;
    let screen: HeldRoom | undefined;
    for (let step = 1; step <= 2_000; step += 1) {
      // A room without a session gets one again (or stays empty a while).
      summary = summary.session === null ? pick([summary, room(1, { sessionId: pick(['s-1', 's-2']), lastSeq: 0 })]) : pick(edits)(summary);
      if (summary.session) summary = changed(summary, { lastSeq: summary.session.lastSeq + 1 });
      const update = JSON.parse(JSON.stringify(toRoomUpdate(sent, summary, step))) as RoomUpdate;
      sent = { summary, version: step };
      const next = fromRoomUpdate(screen, update);
      if (next.stale) throw new Error(`step ${step}: a screen that missed nothing could not apply ${JSON.stringify(update)}`);
      screen = next.room;
      expect(screen).toEqual({ summary, version: step });
    }
  });
});
