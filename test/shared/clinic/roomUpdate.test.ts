import { describe, expect, it } from 'vitest';
import type { RoomSessionSummary, RoomSummary, RoomTrendPoint } from '../../../shared/clinic/rooms';
import { fromRoomUpdate, sameTrend, toRoomUpdate } from '../../../shared/clinic/roomUpdate';
import { MINUTE, NOW, room } from '../../client/board/roomFactory';

/** The same room with its session changed as given. */
function changed(base: RoomSummary, change: Partial<RoomSessionSummary>): RoomSummary {
  return { ...base, session: { ...base.session!, ...change } };
}

describe("a room's trend on the wire: sent only when it changed for the session", () => {
  const shown = room(1);
  const trend = shown.session!.trend;

  it('compares trends point by point', () => {
    const copy = trend.map((point) => [...point] as unknown as RoomTrendPoint);
    expect(sameTrend(trend, copy)).toBe(true);
    expect(sameTrend(trend, trend.slice(1))).toBe(false);
    expect(sameTrend([[NOW, 120, 80, 70]], [[NOW, 120, 80, null]])).toBe(false);
    expect(sameTrend([[NOW, 120, 80, 70]], [[NOW + 1, 120, 80, 70]])).toBe(false);
    expect(sameTrend([[NOW, 120, 80, 70]], [[NOW, 120, 81, 70]])).toBe(false);
    expect(sameTrend([], [])).toBe(true);
  });

  it('a new reading that leaves the trend as it was goes without it; one that changes it carries it', () => {
    const sameTrendReading = changed(shown, { lastSeq: 11, heartRate: { value: 75, observedAt: NOW, by: 'device' } });
    const update = toRoomUpdate(shown, sameTrendReading);
    expect(update.session).not.toHaveProperty('trend');
    expect(update.session).toMatchObject({ lastSeq: 11, heartRate: { value: 75 } });
    const newPoint = changed(shown, { lastSeq: 12, trend: [...trend, [NOW + MINUTE, 131, 85, 73]] });
    expect(toRoomUpdate(shown, newPoint)).toBe(newPoint);
  });

  it('the first summary of a room, and a different session with the same trend, carry it', () => {
    expect(toRoomUpdate(null, shown)).toBe(shown);
    expect(toRoomUpdate(room(1, null), shown)).toBe(shown);
    const nextSession = changed(shown, { sessionId: 's-other' });
    expect(toRoomUpdate(shown, nextSession)).toBe(nextSession);
    expect(toRoomUpdate(shown, room(1, null))).toEqual(room(1, null));
  });

  it('a screen keeps the trend it holds for the session; a summary with one replaces it', () => {
    const update = toRoomUpdate(shown, changed(shown, { lastSeq: 11 }));
    expect(fromRoomUpdate(shown, update)).toEqual({ summary: changed(shown, { lastSeq: 11 }), trendMissing: false });
    const newTrend: RoomTrendPoint[] = [[NOW, 131, 85, 73]];
    expect(fromRoomUpdate(shown, changed(shown, { trend: newTrend })).summary.session!.trend).toEqual(newTrend);
    expect(fromRoomUpdate(shown, room(1, null))).toEqual({ summary: room(1, null), trendMissing: false });
  });

  it('without a trend for a session the screen holds none of: an empty trend, and it says so', () => {
    const update = toRoomUpdate(shown, changed(shown, { lastSeq: 11 }));
    const otherSession = changed(shown, { sessionId: 's-before' });
    for (const held of [undefined, room(1, null), otherSession]) {
      const { summary, trendMissing } = fromRoomUpdate(held, update);
      expect(trendMissing).toBe(true);
      expect(summary.session).toMatchObject({ sessionId: 's-1', lastSeq: 11, trend: [] });
    }
  });
});
