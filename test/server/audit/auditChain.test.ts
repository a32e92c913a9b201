import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeAudit } from '../../../server/store/audit';
import { verifyAuditChain } from '../../../server/store/auditChain';
import type { Store } from '../../../server/store/store';
import { storesPerTest } from '../../support/stores';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** `npm run audit-verify` against a data folder: its exit code and what it printed. */
async function auditVerify(dataDir: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/audit-verify.ts')], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

const entry = (n: number) => ({
  at: 1_800_000_000_000 + n,
  userId: 'u-nurse',
  action: 'session.view',
  sessionId: `s-${n % 3}`,
  remoteAddress: '10.0.0.7',
  detail: { n },
});

describe('the audit trail is a hash chain: altering or removing a row is found, and named', () => {
  const stores = storesPerTest('audit');

  async function storeWithRows(count: number): Promise<{ store: Store; dataDir: string }> {
    const place = await stores.place('sqlite');
    const store = await stores.open(place);
    for (let n = 1; n <= count; n += 1) await writeAudit(store.db, entry(n));
    return { store, dataDir: place.dataDir };
  }

  it('an untouched trail verifies, in the store and with npm run audit-verify', async () => {
    const { store, dataDir } = await storeWithRows(12);
    expect(await verifyAuditChain(store.db)).toMatchObject({ intact: true, rowsChecked: 12, firstBreak: null });
    await store.close();
    const run = await auditVerify(dataDir);
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Audit trail intact: 12 rows, head [0-9a-f]{64}/);
  });

  it('a row changed in place (who, what or its detail) breaks the chain at that row', async () => {
    const { store, dataDir } = await storeWithRows(12);
    store.sqlite!.prepare(`update audit_log set user_id = 'u-admin' where audit_id = 7`).run();
    expect(await verifyAuditChain(store.db)).toMatchObject({
      intact: false,
      rowsChecked: 6,
      firstBreak: { auditId: 7, reason: 'row 7 was altered after it was written' },
    });
    await store.close();
    const run = await auditVerify(dataDir);
    expect(run.code).toBe(2);
    expect(run.output).toContain('Audit trail BROKEN at row 7: row 7 was altered after it was written');
  });

  it('a row changed and re-hashed still breaks the link to the next row', async () => {
    const { store } = await storeWithRows(12);
    store.sqlite!.prepare(`update audit_log set detail_json = '{"n":99}', row_hash = '${'a'.repeat(64)}' where audit_id = 4`).run();
    const result = await verifyAuditChain(store.db);
    expect(result.firstBreak?.auditId).toBe(4);
  });

  it('a row removed from the middle is named', async () => {
    const { store, dataDir } = await storeWithRows(12);
    store.sqlite!.prepare('delete from audit_log where audit_id = 5').run();
    expect((await verifyAuditChain(store.db)).firstBreak).toEqual({ auditId: 6, reason: 'row 5 is missing before row 6' });
    await store.close();
    expect((await auditVerify(dataDir)).output).toContain('BROKEN at row 6: row 5 is missing before row 6');
  });

  it('rows removed from the end are found through the chain head', async () => {
    const { store } = await storeWithRows(12);
    store.sqlite!.prepare('delete from audit_log where audit_id > 10').run();
    expect((await verifyAuditChain(store.db)).firstBreak).toEqual({
      auditId: 11,
      reason: 'the chain ends at row 10 but its head names row 12: the newest rows were removed',
    });
  });

  it('a row rolled back with its transaction leaves no gap in the chain', async () => {
    const { store } = await storeWithRows(3);
    await expect(
      store.db.transaction().execute(async (trx) => {
        await writeAudit(trx, entry(4));
        throw new Error('the change it described failed');
      }),
    ).rejects.toThrow('failed');
    await writeAudit(store.db, entry(5));
    expect(await verifyAuditChain(store.db)).toMatchObject({ intact: true, rowsChecked: 4 });
  });

  it('on PostgreSQL, concurrent writers on separate connections (as several processes would) never fork the chain', async () => {
    const place = await stores.place('postgres');
    const a = await stores.open(place);
    const b = await stores.open(place);
    await Promise.all(Array.from({ length: 120 }, (_, n) => writeAudit(n % 2 ? a.db : b.db, entry(n))));
    expect(await verifyAuditChain(a.db)).toMatchObject({ intact: true, rowsChecked: 120 });
  });
});
