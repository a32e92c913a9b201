import { z } from 'zod';

/** Ids are opaque strings: lowercase letters, digits, dashes and underscores. */
export const idSchema = z
  .string()
  .min(1, { error: 'An id is required' })
  .max(64, { error: 'An id is at most 64 characters' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'An id may hold only letters, digits, "-" and "_"' });

/** Client-generated command ids (UUIDs in practice) make every command idempotent. */
export const commandIdSchema = idSchema;

/**
 * Times are epoch milliseconds (UTC) everywhere in Vigil. Inbound times must fall in a sane
 * window: not before 2000, not after 2100 — anything else is a broken clock or hostile input.
 */
export const epochMsSchema = z
  .number({ error: 'A time is required (milliseconds since 1970)' })
  .int({ error: 'A time must be whole milliseconds' })
  .min(946_684_800_000, { error: 'That time is before the year 2000' })
  .max(4_102_444_800_000, { error: 'That time is after the year 2100' });

export type EpochMs = number;
