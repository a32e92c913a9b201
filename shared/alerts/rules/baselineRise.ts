import type { Protocol } from '../../protocols/schema';
import { selectBaseline } from '../../session/selectors';
import type { SessionState } from '../../session/state';
import { describeValue } from '../format';
import { latestValue, sourceOf } from '../series';
import { PRIORITY_RANK, type AlarmCondition } from '../types';

/**
 * Rise from the patient's own pre-dose baseline (CLINICAL.md "Esketamine": >= 40 systolic
 * and/or >= 25 diastolic). Only after the dose, on the latest non-artifact value measured
 * after it; the baseline skips artifact readings. One finding, one alarm: no rise alarm on a
 * side whose absolute limit already raises an alarm at least as urgent (a systolic of 212
 * is one high alarm, not also a medium "rise"); it appears if the value falls back under
 * the limit while still risen.
 */
export function baselineRiseConditions(state: SessionState, protocol: Protocol, limitAlarms: readonly AlarmCondition[] = []): AlarmCondition[] {
  if (state.dosedAt === null) return [];
  const baseline = selectBaseline(state);
  if (baseline === null) return [];
  const conditions: AlarmCondition[] = [];
  const sides = [
    { parameter: 'systolicMmHg', id: 'systolic', rise: protocol.baselineRise.systolicMmHg },
    { parameter: 'diastolicMmHg', id: 'diastolic', rise: protocol.baselineRise.diastolicMmHg },
  ] as const;
  for (const side of sides) {
    const base = baseline.vitals[side.parameter];
    const latest = latestValue(state, side.parameter);
    if (base === undefined || latest === null || latest.observedAt <= state.dosedAt) continue;
    const rise = latest.value - base;
    if (rise < side.rise) continue;
    const covered = limitAlarms.some(
      (alarm) => alarm.parameter === side.parameter && PRIORITY_RANK[alarm.priority] >= PRIORITY_RANK[protocol.baselineRise.priority],
    );
    if (covered) continue;
    conditions.push({
      alarmId: `rise:${side.id}`,
      kind: 'baseline_rise',
      priority: protocol.baselineRise.priority,
      technical: false,
      message: `${describeValue(side.parameter, latest.value)} — ${rise} above the pre-dose baseline of ${base} (alarm at +${side.rise})`,
      recheck: false,
      parameter: side.parameter,
      value: latest.value,
      ...sourceOf(latest),
    });
  }
  return conditions;
}
