import { describeActor } from '../session/actor';
import type { ChecklistTick, Observation, SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';
import { baselineValue, latestAfterDose } from './baseline';
import type { DischargeConfig, DissociationScale } from './config';
import { dissociationScore, moaasLabel } from './scales';

/** The protocol settings discharge readiness depends on. */
export interface DischargeRules {
  dischargeConfig: DischargeConfig;
  minimumObservationMinutes: number;
  dissociationScale: DissociationScale;
}

export type DischargeItemKind = 'clinical' | 'practical';

export interface DischargeItem {
  id: string;
  label: string;
  kind: DischargeItemKind;
  passes: boolean;
  /** Why it passes or not, in plain language ("112 of 120 min elapsed"). */
  reason: string;
  /** Practical items: the tick, if any (who, when, the booked date). */
  tick?: ChecklistTick | null;
}

export interface DischargeEvaluation {
  items: DischargeItem[];
  allPass: boolean;
}

/** Ids of the clinical items, evaluated from the record. */
export const CLINICAL_DISCHARGE_ITEM_IDS = {
  minimumObservation: 'minimum_observation',
  vitalsNearBaseline: 'vitals_near_baseline',
  moaasRecovered: 'moaas_recovered',
  dissociationResolved: 'dissociation_resolved',
  noActiveAlarm: 'no_active_alarm',
} as const;

const MINUTE_MS = 60_000;
const IDS = CLINICAL_DISCHARGE_ITEM_IDS;

function clinical(id: string, label: string, passes: boolean, reason: string): DischargeItem {
  return { id, label, kind: 'clinical', passes, reason };
}

function minimumObservationItem(state: SessionState, minimumMinutes: number, now: number): DischargeItem {
  const label = `Minimum observation time (${minimumMinutes} min)`;
  if (state.dosedAt === null) return clinical(IDS.minimumObservation, label, false, 'Not dosed yet');
  const elapsedMs = Math.max(0, now - state.dosedAt);
  const passes = elapsedMs >= minimumMinutes * MINUTE_MS;
  return clinical(IDS.minimumObservation, label, passes, `${Math.floor(elapsedMs / MINUTE_MS)} of ${minimumMinutes} min elapsed`);
}

const COMPARED_VITALS: { key: VitalKey; name: string; required: boolean }[] = [
  { key: 'systolicMmHg', name: 'systolic', required: true },
  { key: 'diastolicMmHg', name: 'diastolic', required: true },
  // Heart rate is compared when a pre-dose value exists (PADSS compares "vital signs").
  { key: 'heartRateBpm', name: 'heart rate', required: false },
];

function formatPercent(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}

function vitalsItem(state: SessionState, percent: number): DischargeItem {
  const label = `Vital signs within ${percent}% of baseline`;
  const fail = (reason: string) => clinical(IDS.vitalsNearBaseline, label, false, reason);
  if (state.dosedAt === null) return fail('Not dosed yet');
  const within: string[] = [];
  for (const { key, name, required } of COMPARED_VITALS) {
    const base = baselineValue(state, key);
    if (base === null) {
      if (required) return fail(`No pre-dose ${name} to compare with`);
      continue;
    }
    const latest = latestAfterDose(state, key);
    if (latest === null) return fail(`No ${name} measured since the dose`);
    // Compare in integers (|latest - base| * 100 <= percent * base) so 20% is exactly 20%.
    const difference = Math.abs(latest.value - base);
    if (difference * 100 > percent * base) {
      const direction = latest.value > base ? 'above' : 'below';
      const name1 = name.charAt(0).toUpperCase() + name.slice(1);
      return fail(`${name1} ${latest.value} is ${formatPercent((difference / base) * 100)} ${direction} baseline ${base} (allowed ${percent}%)`);
    }
    within.push(`${name} ${latest.value} (baseline ${base})`);
  }
  return clinical(IDS.vitalsNearBaseline, label, true, `Latest within ${percent}% of baseline: ${within.join(', ')}`);
}

function afterDose(state: SessionState): Observation[] {
  const dosedAt = state.dosedAt;
  return dosedAt === null ? [] : state.observations.filter((o) => o.observedAt > dosedAt);
}

function moaasItem(state: SessionState, requiredScore: number): DischargeItem {
  const label = `MOAA/S back to ${requiredScore}`;
  if (state.dosedAt === null) return clinical(IDS.moaasRecovered, label, false, 'Not dosed yet');
  const latest = afterDose(state).findLast((o) => o.body.kind === 'moaas');
  if (latest === undefined || latest.body.kind !== 'moaas') {
    return clinical(IDS.moaasRecovered, label, false, 'No MOAA/S recorded since the dose');
  }
  const score = latest.body.score;
  const words = moaasLabel(score).toLowerCase();
  return score >= requiredScore
    ? clinical(IDS.moaasRecovered, label, true, `Latest MOAA/S ${score}: ${words}`)
    : clinical(IDS.moaasRecovered, label, false, `Latest MOAA/S ${score} (${words}); needs ${requiredScore}`);
}

function dissociationItem(state: SessionState, scale: DissociationScale): DischargeItem {
  const label = 'Dissociation resolved';
  const fail = (reason: string) => clinical(IDS.dissociationResolved, label, false, reason);
  const dosedAt = state.dosedAt;
  if (dosedAt === null) return fail('Not dosed yet');
  const scaleName = scale === 'cadss6' ? 'CADSS-6' : 'dissociation rating';
  // The latest of a score on the clinic's scale and the therapist's "returned to baseline" decides.
  const latest = afterDose(state).findLast((o) => o.body.kind === 'returned_to_baseline' || dissociationScore(o.body, scale) !== null);
  if (latest === undefined) return fail(`No ${scaleName} or "returned to baseline" since the dose`);
  if (latest.body.kind === 'returned_to_baseline') {
    return clinical(IDS.dissociationResolved, label, true, `${describeActor(latest.recordedBy)} noted "returned to baseline"`);
  }
  const score = dissociationScore(latest.body, scale) ?? 0;
  // Without a pre-dose score the baseline is 0: no dissociation is the only safe assumption.
  const before = state.observations.filter((o) => o.observedAt <= dosedAt && dissociationScore(o.body, scale) !== null).at(-1);
  const baseline = before === undefined ? 0 : (dissociationScore(before.body, scale) ?? 0);
  const baselineText = before === undefined ? 'no pre-dose score, so 0' : `pre-dose ${baseline}`;
  return score <= baseline
    ? clinical(IDS.dissociationResolved, label, true, `Latest ${scaleName} ${score}, at or below baseline (${baselineText})`)
    : fail(`Latest ${scaleName} ${score} is above baseline (${baselineText})`);
}

function alarmItem(activeAlarmCount: number): DischargeItem {
  const label = 'No active alarm';
  if (activeAlarmCount === 0) return clinical(IDS.noActiveAlarm, label, true, 'No active alarms');
  const noun = activeAlarmCount === 1 ? 'alarm is' : 'alarms are';
  return clinical(IDS.noActiveAlarm, label, false, `${activeAlarmCount} ${noun} active`);
}

function practicalItems(state: SessionState, config: DischargeConfig): DischargeItem[] {
  return config.practicalItems.map((item) => {
    const tick = state.checklists.discharge[item.id] ?? null;
    const base = { id: item.id, label: item.label, kind: 'practical' as const, tick };
    if (tick === null) return { ...base, passes: false, reason: 'Not ticked yet' };
    const by = describeActor(tick.tickedBy);
    if (item.needsDate === true && tick.date === undefined) {
      return { ...base, passes: false, reason: `Ticked by ${by} but no date recorded` };
    }
    return { ...base, passes: true, reason: item.needsDate === true ? `Date recorded by ${by}` : `Ticked by ${by}` };
  });
}

/**
 * Evaluate every discharge item at `now` from the record: the clinical items (minimum
 * observation time, latest vitals near baseline (PADSS), MOAA/S, dissociation, no active
 * alarm) and the practical items ticked by people. Artifact readings never count.
 */
export function evaluateDischarge(
  state: SessionState,
  rules: DischargeRules,
  now: number,
  activeAlarmCount: number,
): DischargeEvaluation {
  const items = [
    minimumObservationItem(state, rules.minimumObservationMinutes, now),
    vitalsItem(state, rules.dischargeConfig.vitalsWithinPercentOfBaseline),
    moaasItem(state, rules.dischargeConfig.requiredMoaasScore),
    dissociationItem(state, rules.dissociationScale),
    alarmItem(activeAlarmCount),
    ...practicalItems(state, rules.dischargeConfig),
  ];
  return { items, allPass: items.every((item) => item.passes) };
}

/** The ids of the items that fail, in checklist order. */
export function failingItemIds(evaluation: DischargeEvaluation): string[] {
  return evaluation.items.filter((item) => !item.passes).map((item) => item.id);
}

/** A system event the server should append after a change, or null. */
export type ReadinessEvent =
  | { type: 'session.readyForDischarge'; payload: Record<string, never> }
  | { type: 'session.readinessLost'; payload: { failingItemIds: string[] } };

/**
 * After any event (and on the clock), the server re-evaluates discharge: the first time every
 * item holds it appends `session.readyForDischarge` (its time is kept as the REMS "ready to
 * leave" time); if an item then fails again it appends `session.readinessLost`.
 */
export function readinessTransition(state: SessionState, evaluation: DischargeEvaluation): ReadinessEvent | null {
  if (state.phase === 'monitoring' && evaluation.allPass) return { type: 'session.readyForDischarge', payload: {} };
  if (state.phase === 'ready_for_discharge' && !evaluation.allPass) {
    return { type: 'session.readinessLost', payload: { failingItemIds: failingItemIds(evaluation) } };
  }
  return null;
}
