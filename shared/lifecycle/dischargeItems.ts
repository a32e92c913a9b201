import { latestValue } from '../alerts/series';
import { describeActor } from '../session/actor';
import type { Observation, SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';
import { baselineValue } from './baseline';
import type { DischargeConfig, DissociationScale } from './config';
import { courseName, minimumEndsAt, type DoseCourse } from './doses';
import { dissociationScore, moaasLabel } from './scales';
import type { RegulatoryFloor } from './scoreConfig';
import type { ScoreEvaluation } from './scores';
import type { DischargeItem } from './discharge';

/**
 * The clinical discharge items, one function each, evaluated from the record at `now`.
 * "Since the dose" means since the latest dose: a further dose starts a new course.
 * No named closures inside these (`const fail = (reason) => ...`): they run for every room on
 * every commit, and under tsx each named closure is also given its name, which cost more than
 * the rule itself.
 */

const MINUTE_MS = 60_000;

/** Ids of the clinical items, evaluated from the record. Scores add `score_<id>`. */
export const CLINICAL_DISCHARGE_ITEM_IDS = {
  minimumObservation: 'minimum_observation',
  regulatoryFloor: 'regulatory_floor',
  recentBloodPressure: 'recent_blood_pressure',
  vitalsNearBaseline: 'vitals_near_baseline',
  moaasRecovered: 'moaas_recovered',
  dissociationResolved: 'dissociation_resolved',
  noActiveAlarm: 'no_active_alarm',
} as const;
const IDS = CLINICAL_DISCHARGE_ITEM_IDS;

/** Items that only time makes hold: the REMS "would have been ready" time ignores them. */
export const TIME_ITEM_IDS: ReadonlySet<string> = new Set([IDS.minimumObservation, IDS.regulatoryFloor]);

export function clinical(id: string, label: string, passes: boolean, reason: string): DischargeItem {
  return { id, label, kind: 'clinical', passes, reason };
}

const NOT_DOSED = 'Not dosed yet';

export function minimumObservationItem(counting: DoseCourse | null, courseCount: number, now: number): DischargeItem {
  if (counting === null) return clinical(IDS.minimumObservation, 'Minimum observation time', false, NOT_DOSED);
  const minimum = counting.minimumObservationMinutes;
  const from = courseName(counting, courseCount);
  const label = courseCount <= 1 ? `Minimum observation time (${minimum} min)` : `Minimum observation time (${minimum} min from ${from})`;
  const elapsedMs = Math.max(0, now - counting.startedAt);
  return clinical(
    IDS.minimumObservation,
    label,
    now >= minimumEndsAt(counting),
    `${Math.floor(elapsedMs / MINUTE_MS)} of ${minimum} min elapsed since ${from}`,
  );
}

export function regulatoryFloorItem(floor: RegulatoryFloor, firstDoseAt: number | null, now: number): DischargeItem {
  const label = `${floor.source}: at least ${floor.minutes} min from the first device before going home`;
  if (firstDoseAt === null) return clinical(IDS.regulatoryFloor, label, false, NOT_DOSED);
  const elapsedMs = Math.max(0, now - firstDoseAt);
  return clinical(
    IDS.regulatoryFloor,
    label,
    elapsedMs >= floor.minutes * MINUTE_MS,
    `${Math.floor(elapsedMs / MINUTE_MS)} of ${floor.minutes} min since the first device`,
  );
}

export function recentBloodPressureItem(state: SessionState, since: number | null, windowMinutes: number, now: number): DischargeItem {
  const label = `Blood pressure within the last ${windowMinutes} min`;
  if (since === null) return clinical(IDS.recentBloodPressure, label, false, NOT_DOSED);
  const latest = latestValue(state, 'systolicMmHg');
  if (latest === null || latest.observedAt <= since)
    return clinical(IDS.recentBloodPressure, label, false, 'No blood pressure since the dose');
  const ageMinutes = Math.floor(Math.max(0, now - latest.observedAt) / MINUTE_MS);
  return now - latest.observedAt <= windowMinutes * MINUTE_MS
    ? clinical(IDS.recentBloodPressure, label, true, `Latest blood pressure ${ageMinutes} min ago`)
    : clinical(IDS.recentBloodPressure, label, false, `Latest blood pressure ${ageMinutes} min ago: take one now`);
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

/**
 * The latest value of each compared vital after the latest dose, each at most `windowMinutes`
 * old at `now` (a fresh pressure does not vouch for a heart rate of an hour ago), within
 * `percent` of baseline.
 */
export function vitalsItem(state: SessionState, since: number | null, percent: number, windowMinutes: number, now: number): DischargeItem {
  const label = `Vital signs within ${percent}% of baseline`;
  if (since === null) return clinical(IDS.vitalsNearBaseline, label, false, NOT_DOSED);
  const within: string[] = [];
  for (const { key, name, required } of COMPARED_VITALS) {
    const base = baselineValue(state, key);
    if (base === null) {
      if (required) return clinical(IDS.vitalsNearBaseline, label, false, `No pre-dose ${name} to compare with`);
      continue;
    }
    const latest = latestValue(state, key);
    if (latest === null || latest.observedAt <= since)
      return clinical(IDS.vitalsNearBaseline, label, false, `No ${name} measured since the dose`);
    if (now - latest.observedAt > windowMinutes * MINUTE_MS) {
      const ageMinutes = Math.floor((now - latest.observedAt) / MINUTE_MS);
      return clinical(
        IDS.vitalsNearBaseline,
        label,
        false,
        `Latest ${name} is ${ageMinutes} min old (needs one within ${windowMinutes} min)`,
      );
    }
    // Compare in integers (|latest - base| * 100 <= percent * base) so 20% is exactly 20%.
    const difference = Math.abs(latest.value - base);
    if (difference * 100 > percent * base) {
      const direction = latest.value > base ? 'above' : 'below';
      const name1 = name.charAt(0).toUpperCase() + name.slice(1);
      return clinical(
        IDS.vitalsNearBaseline,
        label,
        false,
        `${name1} ${latest.value} is ${formatPercent((difference / base) * 100)} ${direction} baseline ${base} (allowed ${percent}%)`,
      );
    }
    within.push(`${name} ${latest.value} (baseline ${base})`);
  }
  return clinical(IDS.vitalsNearBaseline, label, true, `Latest within ${percent}% of baseline: ${within.join(', ')}`);
}

function observationsSince(state: SessionState, since: number): Observation[] {
  return state.observations.filter((o) => o.observedAt > since);
}

export function moaasItem(state: SessionState, since: number | null, config: DischargeConfig): DischargeItem {
  const requiredScore = config.requiredMoaasScore;
  const label = `MOAA/S back to ${requiredScore}`;
  if (since === null) return clinical(IDS.moaasRecovered, label, false, NOT_DOSED);
  const latest = observationsSince(state, since).findLast((o) => o.body.kind === 'moaas');
  if (latest === undefined || latest.body.kind !== 'moaas')
    return clinical(IDS.moaasRecovered, label, false, 'No MOAA/S recorded since the dose');
  const score = latest.body.score;
  const words = moaasLabel(score).toLowerCase();
  return score >= requiredScore
    ? clinical(IDS.moaasRecovered, label, true, `Latest MOAA/S ${score}: ${words}`)
    : clinical(IDS.moaasRecovered, label, false, `Latest MOAA/S ${score} (${words}); needs ${requiredScore}`);
}

export function dissociationItem(state: SessionState, since: number | null, scale: DissociationScale): DischargeItem {
  const label = 'Dissociation resolved';
  const dosedAt = state.dosedAt;
  if (dosedAt === null || since === null) return clinical(IDS.dissociationResolved, label, false, NOT_DOSED);
  const scaleName = scale === 'cadss6' ? 'CADSS-6' : 'dissociation rating';
  // The latest of a score on the clinic's scale and the therapist's "returned to baseline" decides.
  const latest = observationsSince(state, since).findLast(
    (o) => o.body.kind === 'returned_to_baseline' || dissociationScore(o.body, scale) !== null,
  );
  if (latest === undefined)
    return clinical(IDS.dissociationResolved, label, false, `No ${scaleName} or "returned to baseline" since the dose`);
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
    : clinical(IDS.dissociationResolved, label, false, `Latest ${scaleName} ${score} is above baseline (${baselineText})`);
}

export function alarmItem(activeAlarmCount: number): DischargeItem {
  const label = 'No active alarm';
  if (activeAlarmCount === 0) return clinical(IDS.noActiveAlarm, label, true, 'No active alarms');
  const noun = activeAlarmCount === 1 ? 'alarm is' : 'alarms are';
  return clinical(IDS.noActiveAlarm, label, false, `${activeAlarmCount} ${noun} active`);
}

/** A score as one item: its total against its pass mark, with what each item gave. */
export function scoreItem(score: ScoreEvaluation): DischargeItem {
  const label = `${score.name} score at least ${score.passAtTotal} of ${score.max}`;
  const parts = score.items.map((item) => `${item.label.toLowerCase()} ${item.points === null ? '–' : item.points}`).join(', ');
  const unscored = score.items.filter((item) => item.points === null).map((item) => item.label.toLowerCase());
  const missing = unscored.length === 0 ? '' : `; not yet scored: ${unscored.join(', ')}`;
  return clinical(`score_${score.id}`, label, score.passes, `Total ${score.total} of ${score.max} (${parts})${missing}`);
}
