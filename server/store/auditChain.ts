import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { AuditVerifyResult } from '../../shared/admin/api';
import type { Database } from './schema';

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  auditId: number;
  at: number;
  userId: string | null;
  action: string;
  sessionId: string | null;
  roomId: string | null;
  subjectUserId: string | null;
  remoteAddress: string | null;
  detailJson: string;
}

/** SHA-256 over the row's own fields and the hash of the row before it. */
export function auditRowHash(prevHash: string, row: ChainedFields): string {
  const fields = [
    prevHash,
    row.auditId,
    row.at,
    row.userId,
    row.action,
    row.sessionId,
    row.roomId,
    row.subjectUserId,
    row.remoteAddress,
    row.detailJson,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

export type StoredAuditRow = Database['audit_log'] & { audit_id: number; room_id: string | null; subject_user_id: string | null };

export function chainedFieldsOf(row: StoredAuditRow): ChainedFields {
  return {
    auditId: Number(row.audit_id),
    at: Number(row.at),
    userId: row.user_id,
    action: row.action,
    sessionId: row.session_id,
    roomId: row.room_id,
    subjectUserId: row.subject_user_id,
    remoteAddress: row.remote_address,
    detailJson: row.detail_json,
  };
}

/** Rows written before the chain existed (an older store) are chained once, in id order, under the head's lock. */
export async function backfillAuditChain(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const head = await trx
      .updateTable('audit_chain')
      .set({ last_audit_id: sql`last_audit_id` })
      .where('chain_id', '=', 1)
      .returning(['last_audit_id', 'last_hash'])
      .executeTakeFirstOrThrow();
    const rows = (await trx
      .selectFrom('audit_log')
      .selectAll()
      .where('row_hash', 'is', null)
      .orderBy('audit_id')
      .execute()) as StoredAuditRow[];
    if (rows.length === 0) return;
    let prev = head.last_hash;
    let lastId = Number(head.last_audit_id);
    for (const row of rows) {
      const hash = auditRowHash(prev, chainedFieldsOf(row));
      await trx.updateTable('audit_log').set({ prev_hash: prev, row_hash: hash }).where('audit_id', '=', row.audit_id).execute();
      prev = hash;
      lastId = Number(row.audit_id);
    }
    await trx.updateTable('audit_chain').set({ last_audit_id: lastId, last_hash: prev }).where('chain_id', '=', 1).execute();
  });
}

const VERIFY_PAGE = 2000;

/**
 * Walks the chain from the first row: each row must follow the one before it (no id missing,
 * its `prev_hash` the hash of that row) and hash to its own `row_hash`; the last row must be
 * the head's. Reports the first broken link.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerifyResult & { headHash: string }> {
  const head = await db.selectFrom('audit_chain').selectAll().where('chain_id', '=', 1).executeTakeFirstOrThrow();
  let prevHash = GENESIS_HASH;
  let prevId = 0;
  let checked = 0;
  const broken = (auditId: number, reason: string) => ({
    rowsChecked: checked,
    intact: false,
    firstBreak: { auditId, reason },
    headHash: head.last_hash,
  });
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .selectAll()
      .where('audit_id', '>', prevId)
      .orderBy('audit_id')
      .limit(VERIFY_PAGE)
      .execute()) as StoredAuditRow[];
    for (const row of rows) {
      const fields = chainedFieldsOf(row);
      if (fields.auditId !== prevId + 1) {
        const gap = fields.auditId - 1 === prevId + 1 ? `row ${prevId + 1} is` : `rows ${prevId + 1} to ${fields.auditId - 1} are`;
        return broken(fields.auditId, `${gap} missing before row ${fields.auditId}`);
      }
      if (row.prev_hash !== prevHash)
        return broken(fields.auditId, `row ${fields.auditId} does not follow row ${prevId}: one of them was altered or replaced`);
      if (row.row_hash !== auditRowHash(prevHash, fields))
        return broken(fields.auditId, `row ${fields.auditId} was altered after it was written`);
      prevHash = row.row_hash;
      prevId = fields.auditId;
      checked += 1;
    }
    if (rows.length < VERIFY_PAGE) break;
  }
  if (Number(head.last_audit_id) !== prevId || head.last_hash !== prevHash) {
    return broken(
      prevId + 1,
      `the chain ends at row ${prevId} but its head names row ${Number(head.last_audit_id)}: the newest rows were removed`,
    );
  }
  return { rowsChecked: checked, intact: true, firstBreak: null, headHash: head.last_hash };
}
