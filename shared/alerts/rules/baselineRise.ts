import type { Protocol } from '../../protocols/schema';
import { selectBaseline } from '../../session/selectors';
import type { SessionState } from '../../session/state';
import { describeValue } from '../format';
import { hasPersisted, trustedSeries } from '../evidence';
import { sourceOf } from '../series';
import { isSounding } from './limits';
import { PRIORITY_RANK, type AlarmCondition } from '../types';

/**
 * Rise from the patient's own pre-dose baseline (CLINICAL.md "Esketamine": >= 40 systolic
 * and/or >= 25 diastolic). Only after the dose, on the latest non-artifact value measured
 * after it; the baseline skips artifact readings. One finding, one alarm: no rise alarm on a
 * side whose absolute limit already raises an alarm at least as urgent (a systolic of 212
 * is one high alarm, not also a medium "rise"); it appears if the value falls back under
 * the limit while still risen. A monitor's sample waits until it persists and a sounding
 * rise alarm holds until the rise is back under the line by the hysteresis margin, as limits do.
 */
export function baselineRiseConditions(
  state: SessionState,
  protocol: Protocol,
  limitAlarms: readonly AlarmCondition[],
  now: number,
): AlarmCondition[] {
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
    const series = trustedSeries(state, side.parameter, protocol.alarmControls);
    const latest = series.values.at(-1);
    if (base === undefined || latest === undefined || latest.observedAt <= state.dosedAt) continue;
    const rise = latest.value - base;
    // Hysteresis: a sounding rise alarm holds until the rise is below the line by the margin.
    const line = isSounding(state, `rise:${side.id}`) ? side.rise - protocol.alarmControls.hysteresis[side.parameter] : side.rise;
    if (rise < line) continue;
    const dosedAt = state.dosedAt;
    const persisted = hasPersisted(
      { ...series, values: series.values.filter((value) => value.observedAt > dosedAt) },
      (value) => value - base >= line,
      protocol.alarmControls.persistence[side.parameter],
      now,
      protocol.alarmControls.artifactJump[side.parameter],
    );
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
      recheck: !persisted,
      parameter: side.parameter,
      value: latest.value,
      ...sourceOf(latest),
    });
  }
  return conditions;
}
