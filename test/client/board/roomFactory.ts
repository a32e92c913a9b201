import type { RoomSessionSummary, RoomSummary } from '../../../shared/clinic/rooms';

export const NOW = Date.UTC(2026, 10, 22, 10, 0, 0);
export const MINUTE = 60_000;

/** A room running a monitored session, dosed 30 min ago, nothing wrong; override what a test needs. */
export function room(index: number, session: Partial<RoomSessionSummary> | null = {}): RoomSummary {
  const roomId = `room-${index}`;
  if (session === null) return { roomId, roomName: `Room ${index}`, session: null };
  const observedAt = NOW - 2 * MINUTE;
  return {
    roomId,
    roomName: `Room ${index}`,
    session: {
      sessionId: `s-${index}`,
      patientAlias: `P${index}`,
      protocolName: 'Spravato 56 mg',
      phase: 'monitoring',
      dosedAt: NOW - 30 * MINUTE,
      minimumObservationMinutes: 120,
      checkIntervalMinutes: 30,
      audioPauseMinutes: 2,
      lastSeq: 10,
      bloodPressure: { systolicMmHg: 130, diastolicMmHg: 84, observedAt, by: 'device' },
      heartRate: { value: 72, observedAt, by: 'device' },
      spo2: { value: 98, observedAt, by: 'device' },
      trend: [
        [NOW - 40 * MINUTE, 124, 80, 70],
        [NOW - 20 * MINUTE, 140, 88, 78],
        [observedAt, 130, 84, 72],
      ],
      baseline: { systolicMmHg: 124, diastolicMmHg: 80 },
      moaas: { score: 4, observedAt: NOW - 5 * MINUTE },
      dissociation: { scale: 'cadss6', score: 6, maxScore: 24, observedAt: NOW - 5 * MINUTE },
      nextCheck: { minutesAfterDose: 40, dueAt: NOW + 10 * MINUTE },
      overdueCheckMinutes: [],
      worstAlarm: null,
      unacknowledgedAlarmIds: [],
      unacknowledgedPriority: null,
      discharge: {
        holding: 3,
        total: 8,
        minimumObservationPending: true,
      },
      ...session,
    },
  };
}

export function highAlarm(acknowledged = false): Partial<RoomSessionSummary> {
  return {
    worstAlarm: {
      alarmId: 'limit:systolic-high',
      priority: 'high',
      status: 'active',
      message: 'Systolic 192 mmHg — at or above 180',
      acknowledged,
      escalated: false,
      raisedAt: NOW - MINUTE,
    },
    unacknowledgedAlarmIds: acknowledged ? [] : ['limit:systolic-high'],
    unacknowledgedPriority: acknowledged ? null : 'high',
  };
}

export function mediumAlarm(): Partial<RoomSessionSummary> {
  return {
    worstAlarm: {
      alarmId: 'limit:moaas-medium',
      priority: 'medium',
      status: 'active',
      message: 'MOAA/S 3',
      acknowledged: false,
      escalated: false,
      raisedAt: NOW - MINUTE,
    },
    unacknowledgedAlarmIds: ['limit:moaas-medium'],
    unacknowledgedPriority: 'medium',
  };
}
