import type { Instrument, Severity } from '../questionnaires/instruments';
import type { VitalSet } from '../vitals/schema';
import type { ObservationBody } from '../observations/schema';
import type { Actor } from './actor';
import type { AlarmAudioPause, AlarmRecord } from '../alerts/types';
import type { AmendmentChange, ChecklistKind } from '../lifecycle/schemas';

export type SessionPhase = 'pre_dose' | 'monitoring' | 'ready_for_discharge' | 'discharged' | 'ended_early';

export const PHASE_LABELS: Record<SessionPhase, string> = {
  pre_dose: 'Pre-dose',
  monitoring: 'Dosed — monitoring',
  ready_for_discharge: 'Ready for discharge',
  discharged: 'Discharged',
  ended_early: 'Ended early',
};

export interface Reading {
  readingId: string;
  seq: number;
  /** When it was measured at the bedside. */
  observedAt: number;
  /** When the server stored it. */
  recordedAt: number;
  vitals: VitalSet;
  recordedBy: Actor;
  /** Set when a nurse marked it as artifact: it stays in the record, rules ignore it. */
  artifact: null | { reason: string; markedBy: Actor; markedAt: number };
  /** Device readings only: set when a nurse or prescriber confirmed it (absent until then). */
  confirmedBy?: Actor;
  confirmedAt?: number;
}

/** A therapist's (or nurse's) observation: MOAA/S, dissociation, peak, notes ... */
export interface Observation {
  observationId: string;
  seq: number;
  observedAt: number;
  recordedAt: number;
  body: ObservationBody;
  recordedBy: Actor;
}

export interface Dose {
  doseId: string;
  drug: string;
  doseMg: number;
  route: string;
  lotNumber: string;
  administeredAt: number;
  recordedBy: Actor;
  /** The seq of its `dose.recorded` event (amendments refer to it). */
  seq: number;
  mgPerKg?: number;
  weightKg?: number;
  /** Intranasal: devices in this entry. */
  deviceCount?: number;
  /** Set when this entry is a further device of that dose, not a dose of its own. */
  deviceOfDoseId?: string;
}

/** A checklist item ticked by a named person. */
export interface ChecklistTick {
  itemId: string;
  seq: number;
  tickedAt: number;
  tickedBy: Actor;
  note?: string;
  /** For items that need a date (integration session booked), epoch ms. */
  date?: number;
}

/** A prescriber's acknowledgement of a baseline above the advisory limit, and which baseline. */
export interface PredoseAdvisoryAcknowledgement {
  seq: number;
  acknowledgedAt: number;
  acknowledgedBy: Actor;
  reason?: string;
  baselineReadingId: string | null;
  baselineSystolicMmHg: number | null;
  baselineDiastolicMmHg: number | null;
}

/** Where the patient went: home, or one of the two ways out before the criteria are met. */
export type Disposition = 'home' | 'emergency_transfer' | 'against_advice';

export const DISPOSITION_LABELS: Record<Disposition, string> = {
  home: 'Discharged home',
  emergency_transfer: 'Transferred to emergency care',
  against_advice: 'Left against medical advice',
};

export interface DischargeRecord {
  seq: number;
  disposition: Disposition;
  /** Required for a transfer or leaving against advice: what happened. */
  dispositionReason: string | null;
  dischargedAt: number;
  dischargedBy: Actor;
  /** Non-null when a prescriber discharged with items failing. */
  override: { reason: string } | null;
  failingItemIds: string[];
}

export interface EndedEarlyRecord {
  seq: number;
  endedAt: number;
  endedBy: Actor;
  reason: string;
}

/** A correction of an earlier event, with its reason (the record is never rewritten). */
export interface Amendment {
  seq: number;
  targetSeq: number;
  reason: string;
  change: AmendmentChange;
  amendedAt: number;
  recordedAt: number;
  amendedBy: Actor;
}

/** A session's state: always a pure fold of its events (see reducer.ts). */
/** A questionnaire recorded in the session, scored from its answers (shared/questionnaires/). */
export interface QuestionnaireRecord {
  questionnaireId: string;
  instrument: Instrument;
  answers: number[];
  total: number;
  severity: Severity;
  completedBy: 'staff' | 'patient';
  seq: number;
  observedAt: number;
  recordedBy: Actor;
  /** Entered by the patient on the tablet this clinician handed over (their sign-in); null otherwise. */
  handedOverBy: Actor | null;
}

export interface SessionState {
  sessionId: string;
  roomId: string;
  /** The alias the session was opened with; it never changes with the patient record. */
  patientAlias: string;
  /** The clinic's patient record, or null for a session opened with a typed alias only. */
  patientId: string | null;
  protocolId: string;
  protocolName: string;
  phase: SessionPhase;
  openedAt: number;
  /** Time of the first dose (first device); the REMS clock starts here. Null before dosing. */
  dosedAt: number | null;
  doses: Dose[];
  /** Ordered by observedAt, then seq. */
  readings: Reading[];
  /** PHQ-9 and GAD-7 before the dose, in the order recorded. */
  questionnaires: QuestionnaireRecord[];
  /** Ordered by observedAt, then seq. */
  observations: Observation[];
  /** Ticks by checklist, then item id; an unticked item has no entry. */
  checklists: Record<ChecklistKind, Record<string, ChecklistTick>>;
  predoseAdvisoryAcknowledgement: PredoseAdvisoryAcknowledgement | null;
  /** The FIRST time every discharge item held (REMS "ready to leave"); null until then. */
  readyForDischargeAt: number | null;
  /**
   * The first time every clinical item held ignoring the minimum time (REMS "would have been
   * ready to leave"), since the latest dose; null until then.
   */
  clinicallyReadyAt: number | null;
  discharge: DischargeRecord | null;
  endedEarly: EndedEarlyRecord | null;
  /** In record order. */
  amendments: Amendment[];
  /** Every alarm occurrence, in raise order (open ones have status other than 'cleared'). */
  alarms: AlarmRecord[];
  /** The latest audio pause (the screen that asked applies it; see alerts/selectors.ts). */
  alarmAudioPause: AlarmAudioPause | null;
  /** The highest sequence number folded in. */
  lastSeq: number;
  /** recordedAt of the last event folded in. */
  lastRecordedAt: number;
}
