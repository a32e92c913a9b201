import { scoreNews2, type News2Input, type News2Parameter } from '../../news2/score';
import type { Protocol } from '../../protocols/schema';
import type { SessionState } from '../../session/state';
import { latestValue, sourceOf, type ParameterValue } from '../series';
import { PRIORITY_RANK, type AlarmCondition, type AlarmParameter, type AlarmPriority } from '../types';

/** The alarm parameters NEWS2 reads: all but diastolic (News2Input uses the same names). */
type News2Source = Exclude<AlarmParameter, 'diastolicMmHg'>;

const NEWS2_SOURCES: { news2: News2Parameter; parameter: News2Source; label: string }[] = [
  { news2: 'respiratoryRatePerMin', parameter: 'respiratoryRatePerMin', label: 'respiratory rate' },
  { news2: 'spo2Percent', parameter: 'spo2Percent', label: 'SpO2' },
  { news2: 'systolicMmHg', parameter: 'systolicMmHg', label: 'systolic' },
  { news2: 'heartRateBpm', parameter: 'heartRateBpm', label: 'heart rate' },
  { news2: 'consciousness', parameter: 'moaas', label: 'consciousness (MOAA/S)' },
  { news2: 'temperatureC', parameter: 'temperatureC', label: 'temperature' },
];

/**
 * NEWS2 from the latest non-artifact value of each parameter (air assumed: Vigil records no
 * oxygen flag yet). Missing parameters add nothing, so the alarm sees a lower bound of the
 * true score. Aggregate: `news2:aggregate:medium|high`. A single parameter scoring 3:
 * `news2:single:<parameter>`, unless an absolute limit on that parameter already raises an
 * alarm at least as urgent (one finding, one alarm).
 *
 * A medium aggregate that only reaches its threshold thanks to a value still waiting for a
 * repeat measurement (a limit in "recheck", e.g. a single SpO2 of 92) waits with it, silent:
 * otherwise a one-off blip the protocol chose to confirm would sound anyway through NEWS2. A
 * high aggregate never waits (like high limits, whose confirmation is off by default).
 */
export function news2Conditions(state: SessionState, protocol: Protocol, limitAlarms: AlarmCondition[]): AlarmCondition[] {
  const latest = new Map<News2Parameter, ParameterValue>();
  const input: News2Input = {};
  for (const source of NEWS2_SOURCES) {
    const value = latestValue(state, source.parameter);
    if (value === null) continue;
    latest.set(source.news2, value);
    input[source.parameter] = value.value;
  }
  if (latest.size === 0) return [];
  const result = scoreNews2(input);
  const conditions: AlarmCondition[] = [];

  const { mediumAt, highAt, singleParameterThreeIs } = protocol.news2;
  const aggregatePriority: AlarmPriority | null =
    result.aggregate >= highAt ? 'high' : result.aggregate >= mediumAt ? 'medium' : null;
  if (aggregatePriority !== null) {
    const awaitingRepeat = new Set(limitAlarms.filter((alarm) => alarm.recheck).map((alarm) => alarm.parameter));
    const confirmedPoints = NEWS2_SOURCES.filter((s) => !awaitingRepeat.has(s.parameter)).reduce<number>(
      (sum, s) => sum + (result.scores[s.news2] ?? 0),
      result.scores.supplementalOxygen ?? 0,
    );
    const recheck = aggregatePriority === 'medium' && confirmedPoints < mediumAt;
    const newest = [...latest.values()].reduce((a, b) => (b.observedAt > a.observedAt ? b : a));
    const parts = NEWS2_SOURCES.filter((s) => (result.scores[s.news2] ?? 0) > 0).map((s) => `${s.label} ${result.scores[s.news2]}`);
    const missing = NEWS2_SOURCES.filter((s) => result.missing.includes(s.news2)).map((s) => s.label);
    conditions.push({
      alarmId: `news2:aggregate:${aggregatePriority}`,
      kind: 'news2',
      priority: aggregatePriority,
      technical: false,
      message:
        `NEWS2 score ${result.aggregate} — at or above ${aggregatePriority === 'high' ? highAt : mediumAt} (${parts.join(', ')})` +
        (missing.length > 0 ? `; not measured: ${missing.join(', ')}` : ''),
      recheck,
      parameter: 'news2',
      value: result.aggregate,
      ...sourceOf(newest),
    });
  }

  for (const source of NEWS2_SOURCES) {
    const value = latest.get(source.news2);
    if (value === undefined || result.scores[source.news2] !== 3) continue;
    const covered = limitAlarms.some(
      (alarm) => alarm.parameter === source.parameter && PRIORITY_RANK[alarm.priority] >= PRIORITY_RANK[singleParameterThreeIs],
    );
    if (covered) continue;
    const what = source.parameter === 'moaas' ? `MOAA/S ${value.value} (not fully alert)` : `${source.label} ${value.value}`;
    conditions.push({
      alarmId: `news2:single:${source.news2}`,
      kind: 'news2',
      priority: singleParameterThreeIs,
      technical: false,
      message: `NEWS2: ${what} scores 3 on its own — urgent review`,
      recheck: false,
      parameter: source.parameter,
      value: value.value,
      ...sourceOf(value),
    });
  }
  return conditions;
}
