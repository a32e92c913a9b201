import { describe, expect, it } from 'vitest';
import { baselineValue } from '../../../shared/lifecycle/baseline';
import type { Actor } from '../../../shared/session/actor';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { selectBaseline } from '../../../shared/session/selectors';
import type { VitalSet } from '../../../shared/vitals/schema';
import { eventLog, nurse } from '../../support/events';

const monitor: Actor = { kind: 'device', deviceId: 'monitor-1', displayName: 'Bedside monitor' };
const STAFF = { systolicMmHg: 127, diastolicMmHg: 77, heartRateBpm: 74 };
const DOSE_MINUTE = 30;

type Step =
  | { at: number; by: 'staff' | 'monitor'; id: string; vitals: VitalSet }
  | { at: number; confirm: string }
  | { at: number; artifact: string };

/** A session dosed at minute 30 (the dose at :00.449, as a clinician's entry is timed to the millisecond) after these steps. */
function sessionAfter(steps: Step[]) {
  const log = eventLog();
  log.add('session.opened', { roomId: 'room-1', patientAlias: 'M.R.', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg' }, log.t0);
  const dosedAt = log.minutes(DOSE_MINUTE) + 449;
  let dosed = false;
  for (const step of steps) {
    if (!dosed && step.at > DOSE_MINUTE) {
      log.add('dose.recorded', { doseId: 'd1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L1' }, dosedAt);
      dosed = true;
    }
    const at = log.minutes(step.at);
    if ('vitals' in step)
      log.add('vitals.recorded', { readingId: step.id, vitals: step.vitals }, at, step.by === 'staff' ? nurse : monitor);
    else if ('confirm' in step) log.add('reading.confirmed', { readingId: step.confirm }, at);
    else log.add('reading.artifactMarked', { readingId: step.artifact, reason: 'Cuff moved' }, at);
  }
  if (!dosed) log.add('dose.recorded', { doseId: 'd1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L1' }, dosedAt);
  return foldSessionEvents(log.events)!;
}

/**
 * The pre-dose baseline every rise alarm, discharge item and the REMS form compare against is the
 * vital set the nurse took before the dose; a monitor's sample stands in only when staff took none.
 */
describe('the pre-dose baseline', () => {
  it.each<[string, Step[], string | null, { heartRateBpm: number | null }]>([
    [
      "a monitor's spike sent in the dose's own second (HL7 times are whole seconds) does not replace the nurse's vital set",
      [
        { at: 20, by: 'staff', id: 'staff', vitals: STAFF },
        { at: DOSE_MINUTE, by: 'monitor', id: 'spike', vitals: { systolicMmHg: 127, diastolicMmHg: 82, heartRateBpm: 157 } },
        { at: 31, by: 'monitor', id: 'after', vitals: { systolicMmHg: 119, diastolicMmHg: 82, heartRateBpm: 79 } },
      ],
      'staff',
      { heartRateBpm: 74 },
    ],
    [
      'a monitor sending for the half hour before the dose does not replace it either',
      [
        { at: 5, by: 'staff', id: 'staff', vitals: STAFF },
        { at: 10, by: 'monitor', id: 'm10', vitals: { systolicMmHg: 150, diastolicMmHg: 95, heartRateBpm: 99 } },
        { at: 25, by: 'monitor', id: 'm25', vitals: { systolicMmHg: 148, diastolicMmHg: 92, heartRateBpm: 96 } },
      ],
      'staff',
      { heartRateBpm: 74 },
    ],
    [
      "with no vital set from staff, the monitor's last sample before the dose",
      [
        { at: 10, by: 'monitor', id: 'm10', vitals: { systolicMmHg: 131, diastolicMmHg: 80, heartRateBpm: 70 } },
        { at: 25, by: 'monitor', id: 'm25', vitals: { systolicMmHg: 129, diastolicMmHg: 79, heartRateBpm: 72 } },
        { at: 35, by: 'monitor', id: 'm35', vitals: { systolicMmHg: 140, diastolicMmHg: 85, heartRateBpm: 90 } },
      ],
      'm25',
      { heartRateBpm: 72 },
    ],
    [
      "a monitor's sample a nurse confirmed counts as the staff's own, and it is the later one",
      [
        { at: 5, by: 'staff', id: 'staff', vitals: STAFF },
        { at: 25, by: 'monitor', id: 'm25', vitals: { systolicMmHg: 133, diastolicMmHg: 81, heartRateBpm: 80 } },
        { at: 26, confirm: 'm25' },
      ],
      'm25',
      { heartRateBpm: 80 },
    ],
    [
      "the nurse's vital set struck through as artifact leaves the monitor's sample",
      [
        { at: 5, by: 'monitor', id: 'm5', vitals: { systolicMmHg: 125, diastolicMmHg: 78, heartRateBpm: 71 } },
        { at: 20, by: 'staff', id: 'staff', vitals: STAFF },
        { at: 21, artifact: 'staff' },
      ],
      'm5',
      { heartRateBpm: 71 },
    ],
    [
      "a pressure without a heart rate: each parameter's baseline is the staff's own value where there is one, else the monitor's",
      [
        { at: 10, by: 'monitor', id: 'm10', vitals: { heartRateBpm: 68 } },
        { at: 20, by: 'staff', id: 'staff', vitals: { systolicMmHg: 127, diastolicMmHg: 77 } },
      ],
      'staff',
      { heartRateBpm: 68 },
    ],
    ['nothing measured before the dose: no baseline', [{ at: 40, by: 'staff', id: 'after', vitals: STAFF }], null, { heartRateBpm: null }],
  ])('%s', (_case, steps, baselineId, { heartRateBpm }) => {
    const state = sessionAfter(steps);
    expect(selectBaseline(state)?.readingId ?? null).toBe(baselineId);
    expect(baselineValue(state, 'heartRateBpm')).toBe(heartRateBpm);
  });

  it('before the dose it is provisional: the latest staff vital set so far', () => {
    const log = eventLog();
    log.add(
      'session.opened',
      { roomId: 'room-1', patientAlias: 'M.R.', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg' },
      log.t0,
    );
    log.add('vitals.recorded', { readingId: 'first', vitals: STAFF }, log.minutes(5));
    log.add('vitals.recorded', { readingId: 'm10', vitals: { systolicMmHg: 140, diastolicMmHg: 90 } }, log.minutes(10), monitor);
    expect(selectBaseline(foldSessionEvents(log.events)!)?.readingId).toBe('first');
    log.add('vitals.recorded', { readingId: 'second', vitals: STAFF }, log.minutes(15));
    expect(selectBaseline(foldSessionEvents(log.events)!)?.readingId).toBe('second');
  });
});
