import { z } from 'zod';
import { epochMsSchema, idSchema } from '../ids';
import { requiredText } from '../text';
import { alarmIdSchema, alarmKindSchema, alarmParameterSchema, alarmPrioritySchema } from './types';

/**
 * Payload schemas of the alarm and artifact events, spread into the session's event table
 * (shared/session/events.ts). The raise/clear/confirm/escalate/re-alarm events come from the
 * pure planner (planner.ts) and carry the system actor; acknowledge and audio pause come
 * from people; marking a reading as artifact is a nurse's amendment.
 */
export const alarmEventPayloadSchemas = {
  /**
   * An alarm condition appeared (or, for a latched alarm, came back). `recheck` = waiting for
   * a repeat measurement: shown, not sounded.
   */
  'alarm.raised': z.strictObject({
    alarmId: alarmIdSchema,
    kind: alarmKindSchema,
    priority: alarmPrioritySchema,
    technical: z.boolean(),
    message: z.string().min(1).max(300),
    recheck: z.boolean(),
    /**
     * The condition came back within the protocol's episode window after clearing: the last
     * occurrence reopens (same episode, its acknowledgement kept) instead of a new alarm.
     */
    continuesEpisode: z.literal(true).optional(),
    parameter: z.union([alarmParameterSchema, z.literal('news2')]).optional(),
    value: z.number().optional(),
    readingId: idSchema.optional(),
    observationId: idSchema.optional(),
  }),
  /** A recheck alarm was confirmed by a repeat reading (or its window passed): it sounds. */
  'alarm.confirmed': z.strictObject({ alarmId: alarmIdSchema }),
  /**
   * The condition went away. An unacknowledged high alarm then latches (stays open until
   * acknowledged); any other alarm closes.
   */
  'alarm.cleared': z.strictObject({ alarmId: alarmIdSchema }),
  /** Someone owns it. A latched alarm closes on acknowledgement. */
  'alarm.acknowledged': z.strictObject({
    alarmId: alarmIdSchema,
    note: z.string().trim().max(500, { error: 'A note is at most 500 characters' }).optional(),
  }),
  /** An unacknowledged high alarm was escalated to the prescriber's screens. */
  'alarm.escalated': z.strictObject({ alarmId: alarmIdSchema }),
  /** An acknowledged alarm whose condition persists sounds again (needs a new acknowledgement). */
  'alarm.reAlarmed': z.strictObject({ alarmId: alarmIdSchema }),
  /** Audio paused until `untilMs`; nothing is acknowledged. */
  'alarm.audioPaused': z.strictObject({ untilMs: epochMsSchema }),
  /** A reading struck through as artifact; it stays in the record, rules ignore it. */
  'reading.artifactMarked': z.strictObject({
    readingId: idSchema,
    reason: requiredText('Say why this reading is an artifact', 200, 'The reason is at most 200 characters'),
  }),
} as const;

export type AlarmEventType = Exclude<keyof typeof alarmEventPayloadSchemas, 'reading.artifactMarked'>;
