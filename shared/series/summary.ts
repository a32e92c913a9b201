import { ALARM_PRIORITIES, type AlarmPriority } from '../alerts/types';
import { baselineValue, isArtifact } from '../lifecycle/baseline';
import { cadss6Total } from '../lifecycle/scales';
import { PHQ9_SELF_HARM_ITEM_INDEX, type Instrument, type Severity } from '../questionnaires/instruments';
import type { QuestionnaireRecord, SessionState } from '../session/state';
import { seriesDoses, type SeriesDose } from './doses';

/** A questionnaire's result as the series shows it. */
export interface QuestionnaireResult {
  total: number;
  severity: Severity;
}

/**
 * One session of a series, from its record alone: what the prescriber wants to know before the
 * next dose and what the therapist follows across weeks. Null where the record has nothing to say
 * (no baseline, no dose, never ready).
 */
export interface SessionSummary {
  doses: SeriesDose[];
  /** The highest systolic after the first dose minus the pre-dose baseline (artifact readings ignored). */
  peakSystolicRiseMmHg: number | null;
  peakDiastolicRiseMmHg: number | null;
  /** The lowest MOAA/S recorded (5 awake ... 0 unresponsive): the deepest sedation. */
  deepestMoaas: number | null;
  /** The highest CADSS-6 total (0-24). */
  peakCadss6: number | null;
  /**
   * From the first dose to the first time every clinical discharge item held, the minimum time and
   * any regulatory floor aside: the REMS "ready to leave" (how long recovery took, not the rule).
   */
  minutesToReadyForDischarge: number | null;
  /** Alarm occurrences of the patient (technical alarms about equipment aside), by priority. */
  alarmsByPriority: Record<AlarmPriority, number>;
  /** Adverse events in the record, in plain words, in order. */
  adverseEvents: string[];
  /** The last PHQ-9 and GAD-7 recorded before the dose, or null. */
  phq9: (QuestionnaireResult & { selfHarmItem: number }) | null;
  gad7: QuestionnaireResult | null;
  /** The integration session booked at discharge (the discharge checklist's dated tick), or null. */
  integrationBookedFor: number | null;
}

function peakRise(state: SessionState, key: 'systolicMmHg' | 'diastolicMmHg'): number | null {
  const baseline = baselineValue(state, key);
  if (baseline === null || state.dosedAt === null) return null;
  let peak: number | null = null;
  for (const reading of state.readings) {
    const value = reading.vitals[key];
    if (reading.observedAt <= state.dosedAt || isArtifact(reading) || value === undefined) continue;
    peak = peak === null ? value - baseline : Math.max(peak, value - baseline);
  }
  return peak;
}

function lastOf(questionnaires: readonly QuestionnaireRecord[], instrument: Instrument): QuestionnaireRecord | null {
  return questionnaires.findLast((record) => record.instrument === instrument) ?? null;
}

function adverseEvents(state: SessionState): string[] {
  const events: string[] = [];
  for (const observation of state.observations) {
    if (observation.body.kind === 'nausea') events.push(observation.body.vomiting ? 'Nausea with vomiting' : 'Nausea');
  }
  if (state.discharge?.disposition === 'emergency_transfer') events.push('Transferred to emergency care');
  return events;
}

/** The discharge checklist item that books the integration session (shared/lifecycle/defaults.ts). */
export const INTEGRATION_ITEM_ID = 'integration_booked';

/** The summary of one session from its folded record. Pure. */
export function summarizeSession(state: SessionState): SessionSummary {
  const moaas = state.observations.flatMap((o) => (o.body.kind === 'moaas' ? [o.body.score] : []));
  const cadss = state.observations.flatMap((o) => (o.body.kind === 'cadss6' ? [cadss6Total(o.body.itemScores)] : []));
  const alarmsByPriority = Object.fromEntries(ALARM_PRIORITIES.map((p) => [p, 0])) as Record<AlarmPriority, number>;
  for (const alarm of state.alarms) if (!alarm.technical) alarmsByPriority[alarm.priority] += 1;
  const phq9 = lastOf(state.questionnaires, 'phq9');
  const gad7 = lastOf(state.questionnaires, 'gad7');
  return {
    doses: seriesDoses(state),
    peakSystolicRiseMmHg: peakRise(state, 'systolicMmHg'),
    peakDiastolicRiseMmHg: peakRise(state, 'diastolicMmHg'),
    deepestMoaas: moaas.length === 0 ? null : Math.min(...moaas),
    peakCadss6: cadss.length === 0 ? null : Math.max(...cadss),
    minutesToReadyForDischarge:
      state.dosedAt === null || state.clinicallyReadyAt === null ? null : Math.round((state.clinicallyReadyAt - state.dosedAt) / 60_000),
    alarmsByPriority,
    adverseEvents: adverseEvents(state),
    phq9: phq9 && { total: phq9.total, severity: phq9.severity, selfHarmItem: phq9.answers[PHQ9_SELF_HARM_ITEM_INDEX] ?? 0 },
    gad7: gad7 && { total: gad7.total, severity: gad7.severity },
    integrationBookedFor: state.checklists.discharge[INTEGRATION_ITEM_ID]?.date ?? null,
  };
}

/** Where one session stands against the series' first PHQ-9. */
export interface ProgressMark {
  /** Change of PHQ-9 from the first session's, in percent (negative is better); null without both. */
  phq9ChangePercent: number | null;
  /** PHQ-9 at least 50% below the first session's (CLINICAL.md: response). */
  response: boolean;
  /** PHQ-9 below 5 (CLINICAL.md: remission). */
  remission: boolean;
  /** True on the first session at which response (or remission) is reached. */
  responseReached: boolean;
  remissionReached: boolean;
}

/** The fall from baseline that counts as response, and the total below which is remission (CLINICAL.md). */
export const RESPONSE_FALL_FRACTION = 0.5;
export const REMISSION_BELOW = 5;

/**
 * Response and remission across a series, oldest session first. The baseline is the first
 * session with a PHQ-9; a session without one has no mark, and neither has the baseline session
 * itself (response and remission are outcomes of treatment, judged after it). A baseline of 0
 * has nothing to fall from, so response is never reached against it. Pure.
 */
export function seriesProgress(phq9Totals: readonly (number | null)[]): ProgressMark[] {
  const baselineIndex = phq9Totals.findIndex((total) => total !== null);
  const baseline = baselineIndex === -1 ? null : phq9Totals[baselineIndex]!;
  let responded = false;
  let remitted = false;
  return phq9Totals.map((total, index) => {
    if (total === null || baseline === null || index <= baselineIndex) {
      return { phq9ChangePercent: null, response: false, remission: false, responseReached: false, remissionReached: false };
    }
    const response = baseline > 0 && total <= baseline * (1 - RESPONSE_FALL_FRACTION);
    const remission = total < REMISSION_BELOW;
    const mark = {
      phq9ChangePercent: baseline === 0 ? null : Math.round(((total - baseline) / baseline) * 100),
      response,
      remission,
      responseReached: response && !responded,
      remissionReached: remission && !remitted,
    };
    responded ||= response;
    remitted ||= remission;
    return mark;
  });
}
