import { describe, expect, it } from 'vitest';
import { checkIntervalMinutes, summarizeRoom } from '../../../shared/clinic/rooms';
import { ROOM_TREND_POINTS } from '../../../shared/clinic/roomParts';
import { ketamineImProtocol, spravato56Protocol } from '../../../shared/protocols/defaults';
import { dosedSession, nurse, preparedSession, prescriber, recoveredSession, withArtifact } from '../../shared/lifecycle/fixtures';

const ROOM = { roomId: 'room-1', roomName: 'Room 1' };
const protocol = spravato56Protocol();
const summary = (state: Parameters<typeof summarizeRoom>[1]) => summarizeRoom(ROOM, state, protocol).session!;

describe('summarizeRoom (pure)', () => {
  it('an empty room has no session', () => {
    expect(summarizeRoom(ROOM, null, null)).toEqual({ ...ROOM, session: null });
  });

  it('before the dose: provisional baseline, no timer, no discharge count', () => {
    const s = summary(preparedSession().state());
    expect(s.phase).toBe('pre_dose');
    expect(s.dosedAt).toBeNull();
    expect(s.baseline).toEqual({ systolicMmHg: 128, diastolicMmHg: 82 });
    expect(s.nextCheck).toBeNull();
    expect(s.discharge).toBeNull();
    expect(s.dissociation).toMatchObject({ scale: 'cadss6', score: 0, maxScore: 24 });
  });

  it('after a further dose the countdown runs from it, with the minimum of its route', () => {
    const im = ketamineImProtocol();
    const log = preparedSession();
    log.add('dose.recorded', { doseId: 'd-1', drug: 'ketamine', doseMg: 35, route: 'im', lotNumber: 'K' }, log.minutes(10), nurse);
    log.add('dose.recorded', { doseId: 'd-2', drug: 'ketamine', doseMg: 17, route: 'im', lotNumber: 'K' }, log.minutes(80), nurse);
    const s = summarizeRoom(ROOM, log.state(), im).session!;
    expect(s).toMatchObject({
      dosedAt: log.minutes(80),
      minimumObservationMinutes: 90,
      nextCheck: { minutesAfterDose: 5, dueAt: log.minutes(85) },
    });
  });

  it('after the dose: protocol times, the next check at the summary time, latest values with their times', () => {
    const log = dosedSession();
    log.vitals(20, { systolicMmHg: 150, diastolicMmHg: 92, heartRateBpm: 88, spo2Percent: 96, respiratoryRatePerMin: 15 });
    log.moaas(21, 4);
    const s = summary(log.state());
    expect(s).toMatchObject({
      phase: 'monitoring',
      dosedAt: log.minutes(10),
      minimumObservationMinutes: 120,
      checkIntervalMinutes: 30,
      audioPauseMinutes: protocol.audioPauseMinutes,
      bloodPressure: { systolicMmHg: 150, diastolicMmHg: 92, observedAt: log.minutes(20) },
      heartRate: { value: 88, observedAt: log.minutes(20) },
      spo2: { value: 96, observedAt: log.minutes(20) },
      baseline: { systolicMmHg: 128, diastolicMmHg: 82 },
      moaas: { score: 4, observedAt: log.minutes(21) },
      // Dosed at 10: the 15-min check is due at 25.
      nextCheck: { minutesAfterDose: 15, dueAt: log.minutes(25) },
      overdueCheckMinutes: [],
      worstAlarm: null,
      unacknowledgedAlarmIds: [],
      unacknowledgedPriority: null,
    });
    // Clinical: minimum, REMS floor, recent blood pressure, vitals, MOAA/S, dissociation, alarms, and one item per discharge score (Aldrete, PADSS).
    expect(s.discharge!.total).toBe(7 + (protocol.discharge.scores?.length ?? 0) + protocol.discharge.practicalItems.length);
    expect(s.discharge!.minimumObservationPending).toBe(true);
  });

  it('an artifact reading is neither the latest value nor on the trend', () => {
    const log = dosedSession();
    log.vitals(20, { systolicMmHg: 140, diastolicMmHg: 88, heartRateBpm: 80 });
    const bad = log.vitals(22, { systolicMmHg: 199, diastolicMmHg: 120, heartRateBpm: 150 });
    const state = withArtifact(log.state(), bad.payload.readingId);
    const s = summary(state);
    expect(s.bloodPressure?.systolicMmHg).toBe(140);
    expect(s.heartRate?.value).toBe(80);
    expect(s.trend.map(([, systolicMmHg]) => systolicMmHg)).toEqual([128, 140]);
  });

  it(`the trend: the last hour in ${ROOM_TREND_POINTS} points, the first reading of each 2-minute bucket, oldest first`, () => {
    const log = dosedSession();
    // A reading a minute from 11 to 90 min: the hour's buckets start at 32 min (T0 is a bucket's start).
    for (let minute = 11; minute <= 90; minute += 1)
      log.vitals(minute, { systolicMmHg: 100 + minute, diastolicMmHg: 70, heartRateBpm: 70 });
    const trend = summary(log.state()).trend;
    expect(trend).toHaveLength(ROOM_TREND_POINTS);
    expect(trend[0]).toEqual([log.minutes(32), 100 + 32, 70, 70]);
    expect(trend.map(([observedAt]) => (observedAt - log.t0) / 60_000)).toEqual(Array.from({ length: 30 }, (_, index) => 32 + 2 * index));
  });

  it('an overdue check shows at the summary time: just before its grace ends not yet, just after yes', () => {
    // Dosed at 10: the 15-min check is due at 25, overdue from 25 + 5 (grace) = 30.
    // A pressure at the dose satisfies the 0-min check.
    const atDose = { systolicMmHg: 130, diastolicMmHg: 84 };
    const before = dosedSession();
    before.vitals(10, atDose);
    before.moaas(29, 5);
    expect(summary(before.state()).overdueCheckMinutes).toEqual([]);
    const after = dosedSession();
    after.vitals(10, atDose);
    after.moaas(30, 5);
    expect(summary(after.state()).overdueCheckMinutes).toEqual([15]);
  });

  it('the worst alarm prefers the most urgent, then one nobody owns; acknowledged ones leave the list', () => {
    const log = dosedSession();
    const raised = [
      { minute: 20, alarmId: 'limit:moaas-medium', priority: 'medium', message: 'MOAA/S 3' },
      { minute: 21, alarmId: 'limit:systolic-high', priority: 'high', message: 'Systolic 190' },
    ] as const;
    for (const { minute, alarmId, priority, message } of raised) {
      log.add('alarm.raised', { alarmId, kind: 'limit', priority, technical: false, message, recheck: false }, log.minutes(minute));
    }
    let s = summary(log.state());
    expect(s.worstAlarm).toMatchObject({ alarmId: 'limit:systolic-high', priority: 'high', acknowledged: false, escalated: false });
    expect(s.unacknowledgedAlarmIds).toEqual(['limit:systolic-high', 'limit:moaas-medium']);
    expect(s.unacknowledgedPriority).toBe('high');
    log.add('alarm.escalated', { alarmId: 'limit:systolic-high' }, log.minutes(22));
    expect(summary(log.state()).worstAlarm?.escalated).toBe(true);
    log.add('alarm.acknowledged', { alarmId: 'limit:systolic-high' }, log.minutes(23), prescriber);
    s = summary(log.state());
    expect(s.worstAlarm).toMatchObject({ alarmId: 'limit:systolic-high', acknowledged: true, escalated: false });
    expect(s.unacknowledgedAlarmIds).toEqual(['limit:moaas-medium']);
    expect(s.unacknowledgedPriority).toBe('medium');
    log.add('alarm.acknowledged', { alarmId: 'limit:moaas-medium' }, log.minutes(24), nurse);
    expect(summary(log.state()).unacknowledgedPriority).toBeNull();
  });

  it('discharge readiness counts the items that hold at the summary time', () => {
    const s = summary(recoveredSession().state());
    expect(s.discharge).toMatchObject({ minimumObservationPending: false });
    expect(s.discharge!.holding).toBe(s.discharge!.total);
  });

  it('the check interval is the longest gap between scheduled checks', () => {
    expect(checkIntervalMinutes({ checkScheduleMinutes: [0, 15, 30, 40, 60, 90, 120], minimumObservationMinutes: 120 })).toBe(30);
    expect(checkIntervalMinutes({ checkScheduleMinutes: [20], minimumObservationMinutes: 120 })).toBe(20);
    expect(checkIntervalMinutes({ checkScheduleMinutes: [], minimumObservationMinutes: 90 })).toBe(90);
    expect(checkIntervalMinutes({ checkScheduleMinutes: [0], minimumObservationMinutes: 0 })).toBeNull();
  });

  it('the same state always gives the same summary', () => {
    const state = dosedSession().state();
    expect(summarizeRoom(ROOM, state, protocol)).toEqual(summarizeRoom(ROOM, structuredClone(state), protocol));
  });
});
