import { news2VitalPoints, scoreNews2, type News2Input, type News2Parameter } from '../../news2/score';
import type { Protocol } from '../../protocols/schema';
import type { SessionState } from '../../session/state';
import { hasPersisted, trustedSeries } from '../evidence';
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
 * The MOAA/S at or below which consciousness scores 3 for this observation. RCP 2017: below 5.
 * During the protocol's expected sedation (`alarmControls.expectedSedationMinutes` after the
 * latest dose), the protocol's own least severe MOAA/S limit instead: the mild sedation the
 * protocol expects and deliberately does not alarm (Spravato: MOAA/S 4, CLINICAL.md "Scales")
 * is not "new confusion" and must not raise a NEWS2 urgent review every time it is recorded.
 */
export function consciousnessThreshold(state: SessionState, protocol: Protocol, observedAt: number): number {
  const standard = 4;
  const window = protocol.alarmControls.expectedSedationMinutes;
  const latestDose = state.doses.reduce<number | null>(
    (latest, dose) => (latest === null || dose.administeredAt > latest ? dose.administeredAt : latest),
    null,
  );
  if (window === 0 || latestDose === null || observedAt < latestDose || observedAt > latestDose + window * 60_000) return standard;
  const moaasLimits = protocol.alarmLimits.filter((limit) => limit.parameter === 'moaas' && limit.comparator === '<=');
  if (moaasLimits.length === 0) return standard;
  return Math.min(standard, Math.max(...moaasLimits.map((limit) => limit.value)));
}

/**
 * NEWS2 from the latest trusted value of each parameter (air assumed: Vigil records no
 * oxygen flag yet). Missing parameters add nothing, so the alarm sees a lower bound of the
 * true score. Aggregate: `news2:aggregate:medium|high`. A single parameter scoring 3:
 * `news2:single:<parameter>`, unless an absolute limit on that parameter already raises an
 * alarm at least as urgent (one finding, one alarm). Consciousness follows
 * `consciousnessThreshold`.
 *
 * A score that only reaches its threshold thanks to a value still waiting (a monitor's sample
 * that has not persisted, or a limit in "recheck") waits with it, silent ("checking"):
 * otherwise a one-off blip the rules chose to confirm would sound anyway through NEWS2.
 */
export function news2Conditions(state: SessionState, protocol: Protocol, limitAlarms: AlarmCondition[], now: number): AlarmCondition[] {
  const latest = new Map<News2Parameter, ParameterValue>();
  const unsettled = new Set<AlarmParameter | 'news2' | undefined>(
    limitAlarms.filter((alarm) => alarm.recheck).map((alarm) => alarm.parameter),
  );
  const input: News2Input = {};
  const moaas = latestValue(state, 'moaas');
  const options = { consciousnessThreeAtOrBelowMoaas: moaas === null ? 4 : consciousnessThreshold(state, protocol, moaas.observedAt) };
  for (const source of NEWS2_SOURCES) {
    if (source.parameter === 'moaas') {
      if (moaas === null) continue;
      latest.set(source.news2, moaas);
      input.moaas = moaas.value;
      continue;
    }
    const vital = source.parameter;
    const series = trustedSeries(state, vital, protocol.alarmControls);
    const value = series.values.at(-1);
    if (value === undefined) continue;
    latest.set(source.news2, value);
    input[vital] = value.value;
    const score = news2VitalPoints(vital, value.value);
    if (
      score > 0 &&
      !hasPersisted(
        series,
        (v) => news2VitalPoints(vital, v) >= score,
        protocol.alarmControls.persistence[vital],
        now,
        protocol.alarmControls.artifactJump[vital],
      )
    )
      unsettled.add(vital);
  }
  if (latest.size === 0) return [];
  const result = scoreNews2(input, options);
  const conditions: AlarmCondition[] = [];

  const { mediumAt, highAt, singleParameterThreeIs } = protocol.news2;
  const aggregatePriority: AlarmPriority | null = result.aggregate >= highAt ? 'high' : result.aggregate >= mediumAt ? 'medium' : null;
  if (aggregatePriority !== null) {
    const settledPoints = NEWS2_SOURCES.filter((s) => !unsettled.has(s.parameter)).reduce<number>(
      (sum, s) => sum + (result.scores[s.news2] ?? 0),
      result.scores.supplementalOxygen ?? 0,
    );
    const recheck = settledPoints < (aggregatePriority === 'high' ? highAt : mediumAt);
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
      recheck: unsettled.has(source.parameter),
      parameter: source.parameter,
      value: value.value,
      ...sourceOf(value),
    });
  }
  return conditions;
}
