import { z } from 'zod';
import { baselineValue } from '../lifecycle/baseline';
import { cadss6Total } from '../lifecycle/scales';
import type { Protocol } from '../protocols/schema';
import type { Reading, SessionState } from '../session/state';
import { formatClinicDateTime } from './clinicTime';
import { deriveRemsTimes } from './remsTimes';

/**
 * The Spravato REMS Patient Monitoring Form (CLINICAL.md "Esketamine (Spravato)"): the fields
 * the record fills, the questions a clinician answers (with what the record suggests), and the
 * deadline rules.
 */
export const REMS_FORM_RULES = {
  /** CLINICAL.md "Esketamine": the form is submitted within 7 days of each session. */
  submitWithinDays: 7,
  /** Clinic default (no published source): the clinic page flags forms this close to the deadline. */
  warnWithinDays: 2,
  /** CLINICAL.md "Esketamine": BP about 40 min after the dose is the form's second BP. */
  postDoseBpMinute: 40,
  /** CLINICAL.md "Esketamine": total monitoring must be >= 120 min. */
  minimumMonitoringMinutes: 120,
} as const;

/** The REMS form applies to esketamine given intranasally (Spravato). */
export function isRemsSession(protocol: Pick<Protocol, 'drug' | 'route'>): boolean {
  return protocol.drug.toLowerCase() === 'esketamine' && protocol.route === 'intranasal';
}

const yesNo = z.enum(['yes', 'no'], { error: 'Answer yes or no' });
export const CONCOMITANT_MEDICINES = ['benzodiazepines', 'nonBenzodiazepineHypnotics', 'psychostimulants', 'maois', 'opioids'] as const;
export const CONCOMITANT_LABELS: Record<(typeof CONCOMITANT_MEDICINES)[number], string> = {
  benzodiazepines: 'Benzodiazepines',
  nonBenzodiazepineHypnotics: 'Non-benzodiazepine hypnotics',
  psychostimulants: 'Psychostimulants',
  maois: 'MAOIs',
  opioids: 'Opioids',
};

/** The clinician's answers: every question answered, as the form requires. */
export const remsAnswersSchema = z.strictObject({
  concomitantMedicines: z.strictObject({
    benzodiazepines: yesNo,
    nonBenzodiazepineHypnotics: yesNo,
    psychostimulants: yesNo,
    maois: yesNo,
    opioids: yesNo,
  }),
  sedation: yesNo,
  dissociation: yesNo,
  respiratoryDepression: yesNo,
  vitalsAcceptableBeforeDosing: yesNo,
  vitalsAcceptableBeforeDischarge: yesNo,
  monitoringSite: z.string().trim().min(1, { error: 'Name the monitoring site' }).max(200),
  note: z.string().trim().max(1000).optional(),
});
export type RemsAnswers = z.infer<typeof remsAnswersSchema>;

export type RemsFormStatus = 'due' | 'signed' | 'submitted';

/** What is stored about a form besides the record: the answers, the signature, the submission. */
export interface RemsFormRecord {
  answers: RemsAnswers | null;
  signedBy: { userId: string; displayName: string } | null;
  signedAt: number | null;
  /**
   * The fields from the record as they stood when the form was signed: what the prescriber
   * signed (and the REMS was sent) stays what the form shows, whatever is corrected later.
   * Null before signing (and for forms signed before this was kept).
   */
  signedFields: RemsRecordFields | null;
  submittedBy: { userId: string; displayName: string } | null;
  submittedAt: number | null;
}

export interface RemsSuggestion {
  answer: 'yes' | 'no' | null;
  /** What in the record the suggestion rests on. */
  evidence: string;
}

export interface RemsBloodPressure {
  label: string;
  text: string;
  at: number | null;
}

export interface RemsForm {
  patientAlias: string;
  doseMg: number | null;
  doseLabel: string;
  lotNumbers: string;
  firstDevice: string;
  totalMonitoringMinutes: number | null;
  readyToLeave: string;
  bloodPressures: [RemsBloodPressure, RemsBloodPressure, RemsBloodPressure];
  suggestions: {
    sedation: RemsSuggestion;
    dissociation: RemsSuggestion;
    respiratoryDepression: RemsSuggestion;
    vitalsAcceptableBeforeDosing: RemsSuggestion;
    vitalsAcceptableBeforeDischarge: RemsSuggestion;
    concomitantMedicines: RemsSuggestion;
  };
  /**
   * Fields whose value in the record now differs from what was signed, in words ("Lot: now
   * LOT-B7"): a correction after signing is for the prescriber to sign again, or, once
   * submitted, to report to the REMS. Empty when nothing changed or the form is not signed.
   */
  changedSinceSigning: string[];
  /** Epoch ms by which the form must be submitted (7 days after the session). */
  dueBy: number;
  /** `dueBy` with its date in the clinic's zone. */
  dueByText: string;
  status: RemsFormStatus;
}

const DAY_MS = 24 * 60 * 60_000;

function bpText(reading: Reading | undefined, when: (t: number) => string): Pick<RemsBloodPressure, 'text' | 'at'> {
  if (!reading || reading.vitals.systolicMmHg === undefined) return { text: 'not recorded', at: null };
  return {
    text: `${reading.vitals.systolicMmHg}/${reading.vitals.diastolicMmHg ?? '?'} mmHg at ${when(reading.observedAt)}`,
    at: reading.observedAt,
  };
}

/** The three blood pressures of the form: the last before the dose, the one nearest 40 min after, the last before the end. */
export function remsBloodPressures(state: SessionState, when: (t: number) => string): RemsForm['bloodPressures'] {
  const withBp = state.readings.filter((r) => !r.artifact && r.vitals.systolicMmHg !== undefined);
  const dosedAt = deriveRemsTimes(state).firstDeviceAt;
  const endedAt = deriveRemsTimes(state).monitoringEndedAt ?? Number.POSITIVE_INFINITY;
  const before = dosedAt === null ? withBp.at(-1) : withBp.filter((r) => r.observedAt <= dosedAt).at(-1);
  const target = dosedAt === null ? null : dosedAt + REMS_FORM_RULES.postDoseBpMinute * 60_000;
  const after = dosedAt === null ? [] : withBp.filter((r) => r.observedAt > dosedAt && r.observedAt <= endedAt);
  const nearest =
    target === null
      ? undefined
      : after.reduce<Reading | undefined>(
          (best, r) => (best === undefined || Math.abs(r.observedAt - target) < Math.abs(best.observedAt - target) ? r : best),
          undefined,
        );
  const last = after.at(-1);
  return [
    { label: 'Before dosing', ...bpText(before, when) },
    { label: `About ${REMS_FORM_RULES.postDoseBpMinute} min after dosing`, ...bpText(nearest, when) },
    { label: 'Before discharge', ...bpText(last, when) },
  ];
}

function suggestions(state: SessionState, protocol: Protocol): RemsForm['suggestions'] {
  const dosedAt = state.dosedAt ?? Number.POSITIVE_INFINITY;
  const after = state.observations.filter((o) => o.observedAt > dosedAt);
  const lowestMoaas = Math.min(...after.map((o) => (o.body.kind === 'moaas' ? o.body.score : 5)), 5);
  const dissociationScores = after.map((o) =>
    o.body.kind === 'cadss6' ? cadss6Total(o.body.itemScores) : o.body.kind === 'dissociation' ? o.body.rating : 0,
  );
  const peakDissociation = Math.max(0, ...dissociationScores);
  const readingsAfter = state.readings.filter((r) => !r.artifact && r.observedAt > dosedAt);
  const lowestSpo2 = Math.min(...readingsAfter.map((r) => r.vitals.spo2Percent ?? 100), 100);
  const lowestRr = Math.min(...readingsAfter.map((r) => r.vitals.respiratoryRatePerMin ?? 99), 99);
  const spo2Limit = protocol.alarmLimits.find((l) => l.parameter === 'spo2Percent' && l.priority === 'high')?.value ?? null;
  const rrLimit = protocol.alarmLimits.find((l) => l.parameter === 'respiratoryRatePerMin' && l.priority === 'high')?.value ?? null;
  const depressed = (spo2Limit !== null && lowestSpo2 <= spo2Limit) || (rrLimit !== null && lowestRr <= rrLimit);
  const baseSys = baselineValue(state, 'systolicMmHg');
  const baseDia = baselineValue(state, 'diastolicMmHg');
  const aboveAdvisory =
    baseSys !== null &&
    baseDia !== null &&
    (baseSys > protocol.preDoseAdvisory.systolicMmHg || baseDia > protocol.preDoseAdvisory.diastolicMmHg);
  const vitalsItemFailed = state.discharge?.failingItemIds.includes('vitals_near_baseline') ?? false;
  const medsTick = state.checklists.pre_dose['concomitant_medicines'];
  return {
    sedation: {
      answer: lowestMoaas < 5 ? 'yes' : 'no',
      evidence: lowestMoaas < 5 ? `Lowest MOAA/S after the dose: ${lowestMoaas}` : 'No MOAA/S below 5 recorded after the dose',
    },
    dissociation: {
      answer: peakDissociation > 0 ? 'yes' : 'no',
      evidence:
        peakDissociation > 0
          ? `Highest dissociation score after the dose: ${peakDissociation}`
          : 'No dissociation score above 0 recorded after the dose',
    },
    respiratoryDepression: {
      answer: depressed ? 'yes' : 'no',
      evidence: `Lowest SpO2 ${lowestSpo2 === 100 && readingsAfter.every((r) => r.vitals.spo2Percent === undefined) ? 'not recorded' : `${lowestSpo2}%`}, lowest respiratory rate ${lowestRr === 99 ? 'not recorded' : `${lowestRr}/min`} after the dose`,
    },
    vitalsAcceptableBeforeDosing: {
      answer: baseSys === null ? null : aboveAdvisory && !state.predoseAdvisoryAcknowledgement ? 'no' : 'yes',
      evidence:
        baseSys === null
          ? 'No pre-dose blood pressure'
          : aboveAdvisory
            ? `Baseline ${baseSys}/${baseDia} above the advisory limit${state.predoseAdvisoryAcknowledgement ? ', accepted by the prescriber' : ''}`
            : `Baseline ${baseSys}/${baseDia} within the advisory limit`,
    },
    vitalsAcceptableBeforeDischarge: {
      answer: state.discharge ? (vitalsItemFailed ? 'no' : 'yes') : null,
      evidence: state.discharge
        ? vitalsItemFailed
          ? 'Discharged by override with vitals not within the limit of baseline'
          : 'Vitals within the discharge limit of baseline at discharge'
        : 'Not discharged',
    },
    concomitantMedicines: {
      answer: null,
      evidence: medsTick ? `Asked before dosing${medsTick.note ? `: ${medsTick.note}` : ''}` : 'Not recorded in the pre-dose checklist',
    },
  };
}

/** The form's fields that come from the record (what a signature covers). */
export type RemsRecordFields = Pick<
  RemsForm,
  'patientAlias' | 'doseMg' | 'doseLabel' | 'lotNumbers' | 'firstDevice' | 'totalMonitoringMinutes' | 'readyToLeave' | 'bloodPressures'
>;

const FIELD_LABELS: Record<Exclude<keyof RemsRecordFields, 'bloodPressures' | 'doseMg'>, string> = {
  patientAlias: 'Patient',
  doseLabel: 'Dose',
  lotNumbers: 'Lot',
  firstDevice: 'First device',
  totalMonitoringMinutes: 'Total monitoring (min)',
  readyToLeave: 'Ready to leave',
};

/** The fields of the form filled from the record as it is now. */
export function remsRecordFields(state: SessionState, timeZone: string): RemsRecordFields {
  const when = (t: number) => formatClinicDateTime(t, timeZone);
  const times = deriveRemsTimes(state);
  const total = state.doses.reduce((sum, d) => sum + d.doseMg, 0);
  const doseMg = state.doses.length === 0 ? null : total;
  return {
    patientAlias: state.patientAlias,
    doseMg,
    doseLabel: doseMg === null ? 'not dosed' : doseMg === 56 || doseMg === 84 ? `${doseMg} mg` : `Other: ${doseMg} mg`,
    // Each lot once, in the order first given (two devices of one lot are one lot on the form).
    lotNumbers: [...new Set(state.doses.map((d) => d.lotNumber || '(blank)'))].join(', ') || 'none',
    firstDevice: times.firstDeviceAt === null ? 'not dosed' : when(times.firstDeviceAt),
    totalMonitoringMinutes: times.totalMonitoringMinutes,
    readyToLeave: times.readyToLeaveAt === null ? 'not recorded' : when(times.readyToLeaveAt),
    bloodPressures: remsBloodPressures(state, when),
  };
}

/** What differs between the signed fields and the record now, in words. */
function changesSince(signed: RemsRecordFields, now: RemsRecordFields): string[] {
  const changes: string[] = [];
  for (const [key, label] of Object.entries(FIELD_LABELS) as [keyof typeof FIELD_LABELS, string][]) {
    if (signed[key] !== now[key]) changes.push(`${label}: now ${now[key] ?? 'not known'}`);
  }
  signed.bloodPressures.forEach((bp, index) => {
    const current = now.bloodPressures[index];
    if (current !== undefined && current.text !== bp.text) changes.push(`${bp.label} blood pressure: now ${current.text}`);
  });
  return changes;
}

/**
 * The form of a Spravato session: fields filled from the record (as signed, once signed),
 * suggestions, what changed since signing, deadline and status.
 */
export function buildRemsForm(state: SessionState, protocol: Protocol, record: RemsFormRecord | null, timeZone: string): RemsForm {
  const when = (t: number) => formatClinicDateTime(t, timeZone);
  const current = remsRecordFields(state, timeZone);
  const signed = record?.signedAt ? (record.signedFields ?? null) : null;
  return {
    ...(signed ?? current),
    changedSinceSigning: signed ? changesSince(signed, current) : [],
    suggestions: suggestions(state, protocol),
    dueBy: remsDueBy(state),
    dueByText: when(remsDueBy(state)),
    status: record?.submittedAt ? 'submitted' : record?.signedAt ? 'signed' : 'due',
  };
}

/** The deadline: 7 days after the session's end (or its start while it runs). */
export function remsDueBy(state: Pick<SessionState, 'openedAt' | 'discharge' | 'endedEarly'>): number {
  return remsDueAfter(state.discharge?.dischargedAt ?? state.endedEarly?.endedAt ?? state.openedAt);
}

/** The deadline of a session that ended at `sessionEndedAt`. */
export function remsDueAfter(sessionEndedAt: number): number {
  return sessionEndedAt + REMS_FORM_RULES.submitWithinDays * DAY_MS;
}

/** True when a due form's deadline is within the warning window of `now` (or past). */
export function remsDeadlineNear(dueBy: number, now: number): boolean {
  return dueBy - now <= REMS_FORM_RULES.warnWithinDays * DAY_MS;
}
