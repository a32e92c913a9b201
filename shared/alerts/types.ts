import { z } from 'zod';
import type { Actor } from '../session/actor';

/** IEC 60601-1-8 priorities (CLINICAL.md "Alarms"): high, medium, low. */
export const ALARM_PRIORITIES = ['high', 'medium', 'low'] as const;
export const alarmPrioritySchema = z.enum(ALARM_PRIORITIES, { error: 'A priority is high, medium or low' });
export type AlarmPriority = z.infer<typeof alarmPrioritySchema>;

/** Higher rank = more urgent. */
export const PRIORITY_RANK: Record<AlarmPriority, number> = { high: 3, medium: 2, low: 1 };

/** The rule family that raised an alarm. */
/** `self_harm`: PHQ-9 item 9 answered above 0 (rules/selfHarm.ts). */
export const ALARM_KINDS = ['limit', 'baseline_rise', 'news2', 'overdue_check', 'device_silent', 'self_harm'] as const;

/** Kinds escalated to the prescriber as soon as they are raised, not after `escalateUnacknowledgedHighSeconds`. */
export const ESCALATED_AT_ONCE: ReadonlySet<AlarmKind> = new Set<AlarmKind>(['self_harm']);
export const alarmKindSchema = z.enum(ALARM_KINDS);
export type AlarmKind = z.infer<typeof alarmKindSchema>;

/** What an absolute limit can watch: the vital-set fields plus the therapist's MOAA/S. */
export const ALARM_PARAMETERS = [
  'systolicMmHg',
  'diastolicMmHg',
  'heartRateBpm',
  'spo2Percent',
  'respiratoryRatePerMin',
  'temperatureC',
  'moaas',
] as const;
export const alarmParameterSchema = z.enum(ALARM_PARAMETERS, { error: 'Unknown parameter' });
export type AlarmParameter = z.infer<typeof alarmParameterSchema>;

/**
 * Alarm ids name one condition at one priority, deterministically (e.g. `limit:spo2-high`,
 * `rise:systolic`, `overdue:40:low`), so the same state at the same time always yields the
 * same ids. Letters, digits and `:._-`.
 */
export const alarmIdSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9:._-]+$/, { error: 'An alarm id may hold only letters, digits and ":._-"' });

/**
 * One alarm condition present at `now`, as returned by `evaluateAlarmConditions`. A pure
 * value: the planner turns differences between these and the session's alarms into events.
 */
export interface AlarmCondition {
  alarmId: string;
  kind: AlarmKind;
  priority: AlarmPriority;
  /** True for equipment problems (a device gone quiet), false for the patient's state. */
  technical: boolean;
  /** Plain language for the nurse, e.g. "Systolic 184 mmHg — at or above 180". */
  message: string;
  /**
   * True while a single out-of-range reading waits for a repeat measurement (the limit's
   * `confirmWithinMinutes`): shown as "recheck", never sounded.
   */
  recheck: boolean;
  parameter?: AlarmParameter | 'news2';
  value?: number;
  /** The reading that raised it (for the chart marker). */
  readingId?: string;
  /** The MOAA/S observation that raised it (MOAA/S limits, NEWS2 consciousness). */
  observationId?: string;
}

/**
 * An alarm's state in the session record:
 * - `recheck`: waiting for a repeat measurement, silent;
 * - `active`: condition present;
 * - `latched`: a high alarm whose condition has gone but that nobody has acknowledged yet;
 * - `cleared`: over (terminal).
 */
export type AlarmStatus = 'recheck' | 'active' | 'latched' | 'cleared';

/** One occurrence of an alarm, folded from `alarm.*` events (shared/session/slices/alarms.ts). */
export interface AlarmRecord {
  alarmId: string;
  /** 0 for the first time this alarm id was raised in the session, 1 for the second ... */
  occurrence: number;
  /** The seq of the `alarm.raised` event that opened this occurrence. */
  raisedSeq: number;
  /**
   * How many times this occurrence came back after latching (a latched alarm whose condition
   * returned). Part of the planner's command ids, so each clear and re-raise of the same
   * occurrence is a distinct command and none is dropped as a duplicate.
   */
  reactivations: number;
  kind: AlarmKind;
  priority: AlarmPriority;
  technical: boolean;
  message: string;
  /**
   * Every time the condition was found (the first raise, a return after latching, a return
   * within the protocol's episode window after clearing), oldest first: one episode, one alarm,
   * with its whole history.
   */
  crossings: AlarmCrossing[];
  parameter: AlarmParameter | 'news2' | null;
  value: number | null;
  readingId: string | null;
  observationId: string | null;
  status: AlarmStatus;
  raisedAt: number;
  /** When a recheck alarm was confirmed (and began to sound); null otherwise. */
  confirmedAt: number | null;
  /** When it last began to sound: raise (unless recheck), confirmation or re-alarm. */
  lastSoundedAt: number | null;
  /** The current acknowledgement; a re-alarm moves it to `acknowledgements` and resets these. */
  acknowledgedBy: Actor | null;
  acknowledgedAt: number | null;
  acknowledgementNote: string | null;
  /** Every acknowledgement of this occurrence, oldest first (the current one included). */
  acknowledgements: { by: Actor; at: number; note: string | null }[];
  /** When it was escalated to the prescriber (last time), or null. */
  escalatedAt: number | null;
  reAlarmedAt: number | null;
  /** When its condition went away (a latched alarm has this set while still open). */
  conditionClearedAt: number | null;
  /** When it was closed; null while open. */
  clearedAt: number | null;
}

/** One finding of an alarm's condition inside its episode. */
export interface AlarmCrossing {
  at: number;
  value: number | null;
  readingId: string | null;
  observationId: string | null;
}

/** The latest audio pause recorded in the session (who, when, until when). */
export interface AlarmAudioPause {
  untilMs: number;
  pausedBy: Actor;
  pausedAt: number;
}
