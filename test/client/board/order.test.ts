import { describe, expect, it } from 'vitest';
import { orderRooms, roomNeed } from '../../../client/src/board/order';
import { highAlarm, mediumAlarm, room, NOW } from './roomFactory';

const ids = (rooms: ReturnType<typeof room>[]) => rooms.map((r) => r.roomId);

describe('board order', () => {
  const rooms = [
    room(1),
    room(2, null),
    room(3, { phase: 'ready_for_discharge' }),
    room(4, { overdueCheckMinutes: [30] }),
    room(5, mediumAlarm()),
    room(6, highAlarm()),
    room(7, { phase: 'discharged' }),
    room(8, highAlarm(true)),
    room(9, highAlarm()),
    room(10, { phase: 'pre_dose', dosedAt: null, awaitingApproval: true }),
  ];

  it('puts unacknowledged high first, then medium, overdue checks, a baseline waiting for approval, an owned alarm still present, ready for discharge, the rest, finished, empty', () => {
    expect(ids(orderRooms(rooms, 'by_need'))).toEqual([
      'room-6',
      'room-9',
      'room-5',
      'room-4',
      'room-10',
      'room-8',
      'room-3',
      'room-1',
      'room-7',
      'room-2',
    ]);
    expect(roomNeed(rooms[7]!)).toBe('alarm_present');
    expect(roomNeed(rooms[9]!)).toBe('awaiting_approval');
  });

  it('an acknowledged high alarm still present keeps the room above quiet ones, below what nobody owns; once its condition clears it is a quiet room', () => {
    expect(roomNeed(room(1, highAlarm(true)))).toBe('alarm_present');
    expect(roomNeed(room(1, { ...highAlarm(true), overdueCheckMinutes: [15] }))).toBe('overdue_check');
    const cleared = highAlarm(true);
    expect(roomNeed(room(1, { ...cleared, worstAlarm: null }))).toBe('in_session');
    expect(roomNeed(room(1, { ...mediumAlarm(), overdueCheckMinutes: [15] }))).toBe('medium_alarm');
    expect(roomNeed(room(1, { ...highAlarm(), phase: 'ready_for_discharge' }))).toBe('high_alarm');
  });

  it('is stable: rooms of one need keep the clinic order, and new readings move nothing', () => {
    const first = ids(orderRooms(rooms, 'by_need'));
    const withNewReadings = rooms.map((r) =>
      r.session
        ? {
            ...r,
            session: {
              ...r.session,
              lastSeq: r.session.lastSeq + 5,
              bloodPressure: { systolicMmHg: 150, diastolicMmHg: 90, observedAt: NOW, by: 'device' as const },
            },
          }
        : r,
    );
    expect(ids(orderRooms(withNewReadings, 'by_need'))).toEqual(first);
    // Only the room whose need changed moves.
    const changed = rooms.map((r) => (r.roomId === 'room-1' ? room(1, mediumAlarm()) : r));
    const after = ids(orderRooms(changed, 'by_need'));
    expect(after.indexOf('room-1')).toBe(2);
    expect(after.filter((id) => id !== 'room-1')).toEqual(first.filter((id) => id !== 'room-1'));
  });

  it('fixed order keeps the clinic order whatever happens (wall screens)', () => {
    expect(ids(orderRooms(rooms, 'fixed'))).toEqual(ids(rooms));
  });
});
