import { describeActor } from '../session/actor';
import type { Reading, SessionState } from '../session/state';
import { selectBaseline } from '../session/selectors';
import type { PreDoseChecklistConfig, PreDoseChecklistItem } from './config';

/**
 * The pre-dose advisory limit (the protocol's, default 140/90: CLINICAL.md "Esketamine").
 * A baseline ABOVE either number needs the prescriber's acknowledgement before the dose.
 */
export interface AdvisoryLimits {
  systolicMmHg: number;
  diastolicMmHg: number;
}

export type PredoseAdvisoryStatus =
  | { status: 'no_baseline'; baseline: null }
  | { status: 'within_limits'; baseline: Reading }
  | { status: 'needs_acknowledgement'; baseline: Reading }
  | { status: 'acknowledged'; baseline: Reading };

function isAboveAdvisory(reading: Reading, limits: AdvisoryLimits): boolean {
  const { systolicMmHg, diastolicMmHg } = reading.vitals;
  return (systolicMmHg ?? 0) > limits.systolicMmHg || (diastolicMmHg ?? 0) > limits.diastolicMmHg;
}

/**
 * Where the pre-dose advisory stands. An acknowledgement covers the baseline it was given for
 * and any later baseline no higher (systolic and diastolic both at or below it); a higher one
 * needs the prescriber again.
 */
export function predoseAdvisoryStatus(state: SessionState, limits: AdvisoryLimits): PredoseAdvisoryStatus {
  const baseline = selectBaseline(state);
  if (baseline === null) return { status: 'no_baseline', baseline: null };
  if (!isAboveAdvisory(baseline, limits)) return { status: 'within_limits', baseline };
  const ack = state.predoseAdvisoryAcknowledgement;
  const covered =
    ack !== null &&
    ack.baselineSystolicMmHg !== null &&
    ack.baselineDiastolicMmHg !== null &&
    (baseline.vitals.systolicMmHg ?? 0) <= ack.baselineSystolicMmHg &&
    (baseline.vitals.diastolicMmHg ?? 0) <= ack.baselineDiastolicMmHg;
  return { status: covered ? 'acknowledged' : 'needs_acknowledgement', baseline };
}

/** Blood pressure as people write it: "152/94". */
export function formatPressure(reading: Reading): string {
  return `${reading.vitals.systolicMmHg ?? '?'}/${reading.vitals.diastolicMmHg ?? '?'}`;
}

/** Pre-dose checklist items not yet ticked, in checklist order. */
export function untickedPreDoseItems(state: SessionState, checklist: PreDoseChecklistConfig): PreDoseChecklistItem[] {
  return checklist.filter((item) => state.checklists.pre_dose[item.id] === undefined);
}

/**
 * A dose time entered to the minute ("14:05") may read up to a minute before the moment the
 * dose became allowed; no earlier.
 */
const DOSE_TIME_ROUNDING_MS = 60_000;

/**
 * The earliest time a first dose (recorded or corrected) may carry: when the dose became allowed
 * here, less `DOSE_TIME_ROUNDING_MS`. That is the last pre-dose requirement met before the event
 * at `beforeSeq` (a checklist tick, the prescriber's acknowledgement of the advisory), on the
 * server's own clock, which nobody at the bedside types: a baseline may be dated hours back
 * (taken in the waiting room), and a dose dated back beside it would let the observation floor
 * (Spravato's 2 hours) be met by a patient just dosed. Null when nothing was required.
 */
export function earliestDoseTime(
  state: SessionState,
  checklist: PreDoseChecklistConfig,
  beforeSeq = Number.POSITIVE_INFINITY,
): number | null {
  const times: number[] = [];
  for (const item of checklist) {
    const tick = state.checklists.pre_dose[item.id];
    if (tick !== undefined && tick.seq < beforeSeq) times.push(tick.tickedAt);
  }
  const acknowledged = state.predoseAdvisoryAcknowledgement;
  if (acknowledged !== null && acknowledged.seq < beforeSeq) times.push(acknowledged.acknowledgedAt);
  return times.length === 0 ? null : Math.max(...times) - DOSE_TIME_ROUNDING_MS;
}

export interface DoseBlocker {
  id: 'baseline_missing' | 'advisory_unacknowledged' | 'checklist_incomplete';
  message: string;
}

/**
 * What still stands between the patient and the dose, in plain language, for the dose
 * button and for refusing `dose.record`. Empty when the dose may be given.
 */
export function doseBlockers(state: SessionState, checklist: PreDoseChecklistConfig, limits: AdvisoryLimits): DoseBlocker[] {
  const blockers: DoseBlocker[] = [];
  const advisory = predoseAdvisoryStatus(state, limits);
  if (advisory.status === 'no_baseline') {
    blockers.push({ id: 'baseline_missing', message: 'Record a baseline vital set with blood pressure before the dose' });
  } else if (advisory.status === 'needs_acknowledgement') {
    const limit = `${limits.systolicMmHg}/${limits.diastolicMmHg}`;
    blockers.push({
      id: 'advisory_unacknowledged',
      message: `The baseline ${formatPressure(advisory.baseline)} is above the advisory limit of ${limit}: a prescriber must acknowledge it before the dose`,
    });
  }
  const unticked = untickedPreDoseItems(state, checklist);
  if (unticked.length > 0) {
    blockers.push({
      id: 'checklist_incomplete',
      message: `Pre-dose checklist not complete: ${unticked.map((item) => item.label).join('; ')}`,
    });
  }
  return blockers;
}

/** Who acknowledged the advisory, for the pre-dose panel ("Acknowledged by Dr Demo"). */
export function advisoryAcknowledgedBy(state: SessionState): string | null {
  const ack = state.predoseAdvisoryAcknowledgement;
  return ack === null ? null : describeActor(ack.acknowledgedBy);
}
