import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { alarmSession, NORMAL_VITALS, oximeter, prescriber } from '../../support/alarms';

export const MINUTE = 60_000;

/**
 * A dosed Spravato session whose alarms come from the real rules and planner:
 * - limit:spo2-high (high): SpO2 88 at minute 10, gone at 12 and not acknowledged: latched;
 * - rise:systolic (medium): systolic 170 at minute 12 (+45 on the baseline), acknowledged by the
 *   prescriber at 13 with a note, still present;
 * - limit:spo2-medium: the oximeter's SpO2 92 at minute 14 after a normal reading: a monitor sample
 *   that has not persisted yet ("checking", silent).
 */
export function alarmingSession() {
  const protocol = spravato56Protocol();
  const session = alarmSession('s-alarms');
  session.vitals(0, NORMAL_VITALS);
  session.run(protocol, 0);
  session.dose(5);
  session.vitals(10, { ...NORMAL_VITALS, spo2Percent: 88 });
  session.run(protocol, 10);
  session.vitals(12, { ...NORMAL_VITALS, spo2Percent: 96, systolicMmHg: 170 });
  session.run(protocol, 12);
  session.acknowledge(13, 'rise:systolic', 'BP cuff rechecked', prescriber);
  session.vitals(14, { spo2Percent: 92 }, oximeter);
  session.run(protocol, 14);
  return { session, protocol, now: session.minutes(15) };
}
