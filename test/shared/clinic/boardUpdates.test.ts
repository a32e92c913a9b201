import { describe, expect, it } from 'vitest';
import { isUrgentRoomChange, READING_FIELDS } from '../../../shared/clinic/boardUpdates';
import type { RoomSessionSummary, RoomSummary } from '../../../shared/clinic/rooms';
import { highAlarm, MINUTE, NOW, room } from '../../client/board/roomFactory';

/** The same room with its session changed as given. */
function changed(base: RoomSummary, change: Partial<RoomSessionSummary>): RoomSummary {
  return { ...base, session: { ...base.session!, ...change } };
}

describe('which room changes reach the boards at once', () => {
  const shown = room(1);

  it('the first summary of a room, and a room whose session starts or ends, go at once', () => {
    expect(isUrgentRoomChange(null, shown)).toBe(true);
    expect(isUrgentRoomChange(room(1, null), shown)).toBe(true);
    expect(isUrgentRoomChange(shown, room(1, null))).toBe(true);
    expect(isUrgentRoomChange(room(1, null), room(1, null))).toBe(false);
  });

  it('a new reading (values, trend, readiness count, seq) may wait for the next slot', () => {
    const reading = changed(shown, {
      lastSeq: 11,
      bloodPressure: { systolicMmHg: 131, diastolicMmHg: 85, observedAt: NOW, by: 'device' },
      heartRate: { value: 73, observedAt: NOW, by: 'device' },
      spo2: { value: 97, observedAt: NOW, by: 'device' },
      trend: [...shown.session!.trend, [NOW, 131, 85, 73]],
      discharge: { holding: 4, total: 8, minimumObservationPending: true },
    });
    expect(isUrgentRoomChange(shown, reading)).toBe(false);
    expect(READING_FIELDS).toContain('trend');
  });

  it('an alarm raised, acknowledged or cleared goes at once', () => {
    const raised = changed(shown, { lastSeq: 11, ...highAlarm() });
    expect(isUrgentRoomChange(shown, raised)).toBe(true);
    const acknowledged = changed(raised, { lastSeq: 12, ...highAlarm(true) });
    expect(isUrgentRoomChange(raised, acknowledged)).toBe(true);
    const cleared = changed(acknowledged, { lastSeq: 13, worstAlarm: null });
    expect(isUrgentRoomChange(acknowledged, cleared)).toBe(true);
    expect(isUrgentRoomChange(shown, changed(shown, { openAlarmCount: 1 }))).toBe(true);
    expect(isUrgentRoomChange(shown, changed(shown, { escalatedHighAlarmIds: ['limit:systolic-high'] }))).toBe(true);
  });

  it('the phase, an overdue check, the next check, the room name and the bedside screen go at once', () => {
    expect(isUrgentRoomChange(shown, changed(shown, { phase: 'ready_for_discharge' }))).toBe(true);
    expect(isUrgentRoomChange(shown, changed(shown, { overdueCheckMinutes: [30] }))).toBe(true);
    expect(isUrgentRoomChange(shown, changed(shown, { nextCheck: { minutesAfterDose: 60, dueAt: NOW + 30 * MINUTE } }))).toBe(true);
    expect(isUrgentRoomChange(shown, { ...shown, roomName: 'Garden room' })).toBe(true);
    expect(isUrgentRoomChange(shown, { ...shown, bedside: { screens: 0 } })).toBe(true);
    expect(isUrgentRoomChange(shown, changed(shown, { sessionId: 's-other' }))).toBe(true);
  });
});
