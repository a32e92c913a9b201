import type { AlarmLimit, Protocol } from '../../protocols/schema';
import type { SessionState } from '../../session/state';
import { describeValue } from '../format';
import { hasPersisted, trustedSeries, type Evidence, type RuleValue } from '../evidence';
import { parameterSeries, sourceOf } from '../series';
import { PRIORITY_RANK, type AlarmCondition, type AlarmParameter, type AlarmRecord } from '../types';

function breaches(limit: AlarmLimit, value: number): boolean {
  return limit.comparator === '>=' ? value >= limit.value : value <= limit.value;
}

/** Of two breached limits on the same side of one parameter, the more urgent (then the more extreme). */
function moreSevere(a: AlarmLimit, b: AlarmLimit): AlarmLimit {
  const rank = PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority];
  if (rank !== 0) return rank > 0 ? a : b;
  const aExtreme = a.comparator === '>=' ? a.value >= b.value : a.value <= b.value;
  return aExtreme ? a : b;
}

/**
 * Recheck (silent) while a limit with `confirmWithinMinutes` has exactly one out-of-range
 * value in its latest run and the window has not passed. A second out-of-range value
 * confirms; a normal value ends the run (nothing raised); no repeat within the window:
 * it alarms anyway, because an unchecked abnormal value must not stay silent.
 */
function isRecheck(limit: AlarmLimit, series: Evidence, now: number): boolean {
  if (limit.confirmWithinMinutes === undefined) return false;
  const last = series.values.at(-1);
  const before = series.values.at(-2);
  if (last === undefined) return false;
  if (before !== undefined && breaches(limit, before.value)) return false;
  return now - last.observedAt < limit.confirmWithinMinutes * 60_000;
}

/** The values a limit reads: a vital's trusted recent samples, or every MOAA/S (always deliberate). */
function seriesFor(state: SessionState, parameter: AlarmParameter, protocol: Protocol): Evidence {
  if (parameter === 'moaas') {
    const observations = parameterSeries(state, 'moaas').map((value): RuleValue => ({ ...value, deliberate: true }));
    return { values: observations, newestPending: false, truncated: false };
  }
  return trustedSeries(state, parameter, protocol.alarmControls);
}

/**
 * The line a limit's value is judged against: the limit itself, or, while its alarm is open
 * with its condition present (active), the limit moved back by the protocol's hysteresis margin
 * (CLINICAL.md "Alarm-fatigue controls": a value hovering at the limit is one alarm).
 */
export function effectiveLimit(limit: AlarmLimit, protocol: Protocol, open: boolean): AlarmLimit {
  if (!open) return limit;
  const margin = protocol.alarmControls.hysteresis[limit.parameter];
  return { ...limit, value: limit.comparator === '>=' ? limit.value - margin : limit.value + margin };
}

/**
 * Whether the alarm with this id is open with its condition present (hysteresis holds it). A
 * latched alarm's condition has already cleared past the margin: it no longer holds.
 */
export function isSounding(state: SessionState, alarmId: string): boolean {
  let sounding = soundingIds.get(state.alarms);
  if (sounding === undefined) {
    sounding = new Set(state.alarms.filter((record) => record.status === 'active').map((record) => record.alarmId));
    soundingIds.set(state.alarms, sounding);
  }
  return sounding.has(alarmId);
}

// The ids of the active alarms of one list of alarm records (immutable, kept from state to
// state until an alarm event changes it): every limit and rise asks, on every evaluation.
const soundingIds = new WeakMap<readonly AlarmRecord[], ReadonlySet<string>>();

/**
 * Absolute limits on the latest trusted value of each parameter. Only the most severe
 * breached limit per parameter and side raises (SpO2 89 is one high alarm, not high and
 * medium). MOAA/S limits need a recorded MOAA/S, so they apply once sedation is recorded.
 * A monitor's sample waits ("checking", silent) until it has persisted (evidence.ts); a
 * sounding alarm holds until the value is back past the limit by the hysteresis margin.
 */
export function limitConditions(state: SessionState, protocol: Protocol, now: number): AlarmCondition[] {
  const byParameterSide = new Map<string, AlarmLimit>();
  const seriesByParameter = new Map<AlarmParameter, Evidence>();
  const effective = new Map<AlarmLimit, AlarmLimit>();
  for (const limit of protocol.alarmLimits) {
    let series = seriesByParameter.get(limit.parameter);
    if (series === undefined) {
      series = seriesFor(state, limit.parameter, protocol);
      seriesByParameter.set(limit.parameter, series);
    }
    const line = effectiveLimit(limit, protocol, isSounding(state, `limit:${limit.id}`));
    effective.set(limit, line);
    const latest = series.values.at(-1);
    if (latest === undefined || !breaches(line, latest.value)) continue;
    const key = `${limit.parameter}${limit.comparator}`;
    const current = byParameterSide.get(key);
    byParameterSide.set(key, current === undefined ? limit : moreSevere(current, limit));
  }
  const conditions: AlarmCondition[] = [];
  for (const limit of byParameterSide.values()) {
    const series = seriesByParameter.get(limit.parameter)!;
    const latest = series.values.at(-1)!;
    const line = effective.get(limit) ?? limit;
    const persisted =
      limit.parameter === 'moaas' ||
      hasPersisted(
        series,
        (value) => breaches(line, value),
        protocol.alarmControls.persistence[limit.parameter],
        now,
        protocol.alarmControls.artifactJump[limit.parameter],
      );
    conditions.push({
      alarmId: `limit:${limit.id}`,
      kind: 'limit',
      priority: limit.priority,
      technical: false,
      message: `${describeValue(limit.parameter, latest.value)} — at or ${limit.comparator === '>=' ? 'above' : 'below'} ${limit.value}`,
      recheck: !persisted || isRecheck(limit, series, now),
      parameter: limit.parameter,
      value: latest.value,
      ...sourceOf(latest),
    });
  }
  return conditions;
}
