import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../../server/store/audit';
import { verifyAuditChain } from '../../../server/store/auditChain';
import { insertAuthSession } from '../../../server/store/authSessions';
import { completeHandover, insertHandover } from '../../../server/store/handovers';
import { handoverLock } from '../../../server/store/rowLocks';
import type { Store } from '../../../server/store/store';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { serversPerTest } from '../../support/perTest';

const TOKENS = ['t-0', 't-1', 't-2', 't-3', 't-4'];

/** Backends of this database waiting for a row another transaction holds. */
async function waitingOnRows(store: Store): Promise<number> {
  const { rows } = await sql<{ waiting: number }>`
    select count(*)::int as waiting from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock' and wait_event in ('transactionid', 'tuple')`.execute(store.db);
  return rows[0]!.waiting;
}

/**
 * A group-commit batch takes its rows first and the audit chain's head last. Purging expired
 * sign-ins used to delete each one's handover and write its audit row in turn: holding the head,
 * it then waited for a handover row a batch on another process held (the patient's answers being
 * stored), while that batch waited for the head, and PostgreSQL refused one of them.
 */
describe('purging expired sign-ins while another process completes a handover', () => {
  const databases: string[] = [];
  const servers = serversPerTest();
  afterAll(() => dropPostgres(databases));

  it('takes every handover row before the audit chain: both commit, the chain verifies', { timeout: 60_000 }, async () => {
    const shared = { databaseUrl: await freshPostgres(databases, 'purgeorder') };
    const a = await servers.start(shared);
    const b = await servers.start(shared);
    const past = Date.now() - 60_000;
    for (const tokenHash of TOKENS) {
      await insertAuthSession(a.store.db, { tokenHash, userId: 'u-nurse', createdAt: past - 1000, expiresAt: past, remoteAddress: null });
      await insertHandover(a.store.db, tokenHash, {
        sessionId: 's-1',
        instrument: 'phq9',
        handedOverAt: past,
        handedOverBy: { userId: 'u-nurse', displayName: 'Test nurse' },
        completedAt: null,
      });
    }
    // Process A stores the answers on the last sign-in's tablet: its batch holds that handover row.
    const held = TOKENS.at(-1)!;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    const answers = a.store.commits.run(
      async (trx) => {
        await completeHandover(trx, held, Date.now());
        await writeAudit(trx, { at: Date.now(), userId: null, action: 'test.answers', sessionId: null, remoteAddress: null, detail: {} });
        entered = true;
        await released;
      },
      [handoverLock(held)],
    );
    await expect.poll(() => entered).toBe(true);
    // Process B purges the expired sign-ins and waits for the held handover row.
    const purge = b.auth.purgeExpired();
    await expect.poll(() => waitingOnRows(a.store)).toBe(1);
    release();
    await answers;
    expect([...(await purge)].sort()).toEqual(TOKENS);
    expect(await a.store.db.selectFrom('handovers').select('token_hash').execute()).toEqual([]);
    expect(await verifyAuditChain(a.store.db)).toMatchObject({ intact: true });
  });
});
