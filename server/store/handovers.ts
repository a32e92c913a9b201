import type { Kysely } from 'kysely';
import type { Handover } from '../../shared/questionnaires/handover';
import type { Instrument } from '../../shared/questionnaires/instruments';
import type { Database } from './schema';
import { numberOrNull } from './columns';
import { createTable, notNull, primaryKey } from './tableSpecs';

/** A sign-in whose tablet is with the patient (shared/questionnaires/handover.ts): one row per locked sign-in. */
export interface HandoverTables {
  handovers: {
    token_hash: string;
    session_id: string;
    instrument: string;
    handed_over_by: string;
    handed_over_by_name: string;
    handed_over_at: number;
    completed_at: number | null;
  };
}

/** Creates the table if it is missing (portable types, as migrate.ts). */
export async function migrateHandovers(db: Kysely<Database>): Promise<void> {
  await createTable(db, 'handovers', [
    ['token_hash', 'text', primaryKey],
    ['session_id', 'text', notNull],
    ['instrument', 'text', notNull],
    ['handed_over_by', 'text', notNull],
    ['handed_over_by_name', 'text', notNull],
    ['handed_over_at', 'bigint', notNull],
    ['completed_at', 'bigint'],
  ]);
}

/** Locks a sign-in to one questionnaire; in the transaction of the `questionnaire.handedOver` event. */
export async function insertHandover(db: Kysely<Database>, tokenHash: string, handover: Handover): Promise<void> {
  await db
    .insertInto('handovers')
    .values({
      token_hash: tokenHash,
      session_id: handover.sessionId,
      instrument: handover.instrument,
      handed_over_by: handover.handedOverBy.userId,
      handed_over_by_name: handover.handedOverBy.displayName,
      handed_over_at: handover.handedOverAt,
      completed_at: handover.completedAt,
    })
    .execute();
}

export async function findHandover(db: Kysely<Database>, tokenHash: string): Promise<Handover | null> {
  const row = await db.selectFrom('handovers').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return null;
  return {
    sessionId: row.session_id,
    instrument: row.instrument as Instrument,
    handedOverAt: Number(row.handed_over_at),
    handedOverBy: { userId: row.handed_over_by, displayName: row.handed_over_by_name },
    completedAt: numberOrNull(row.completed_at),
  };
}

/** The patient's answers are stored; in the transaction of the `questionnaire.recorded` event. */
export async function completeHandover(db: Kysely<Database>, tokenHash: string, at: number): Promise<void> {
  await db.updateTable('handovers').set({ completed_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteHandover(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('handovers').where('token_hash', '=', tokenHash).execute();
}
