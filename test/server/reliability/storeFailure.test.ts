import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { HEALTHY_PROBE_INTERVAL_MS } from '../../../server/http/healthRoutes';
import type { SessionEvent } from '../../../shared/session/events';
import { DATABASE_URL, dropPostgres, freshPostgres } from '../../support/postgres';
import { connectClient, goodVitals, openTestSession, request, signIn, startTestServer, type TestSocket } from '../../support/server';

/**
 * Full disk and read-only data folder, for real, on a running server.
 *
 * How the faults are made: tests run as root on CI, and root ignores file permissions; and a
 * chmod on a running server changes nothing anyway (SQLite keeps its files open). Mounting a
 * tiny tmpfs needs privileges we do not have. So the faults are injected into SQLite itself,
 * on the server's own connection:
 *  - full disk: `PRAGMA max_page_count` set to the current size. SQLite then fails page
 *    allocation with a genuine SQLITE_FULL ("database or disk is full"), the same code and the
 *    same automatic statement/transaction rollback it uses when the disk runs out of space.
 *  - read-only: `PRAGMA query_only = 1`. Every write fails with a genuine SQLITE_READONLY
 *    ("attempt to write a readonly database"), the code SQLite gives for a read-only file.
 * Lifting the limit is "space / permission returns"; the server is never restarted.
 */

const UNLIMITED_PAGES = 1_073_741_823;

interface Ready {
  status: number;
  body: { ok: boolean; store: string; reason?: string; code?: string };
}

describe('store refuses writes on a full disk or a read-only folder, and recovers without restart', () => {
  let vigil: Vigil;
  let sessionId: string;
  let nurse: TestSocket;
  let screen: TestSocket;
  let seen: SessionEvent[];

  beforeEach(async () => {
    vigil = await startTestServer({ commandsPerSecond: 10_000 });
    sessionId = await openTestSession(vigil);
    nurse = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
    screen = await connectClient(vigil.url, await signIn(vigil, 'therapist'));
    seen = [];
    screen.on('session.event', (event) => seen.push(event));
    const watched = await request(screen, 'session.watch', { sessionId, afterSeq: 1 });
    expect(watched).toMatchObject({ ok: true, events: [] });
  });
  afterEach(async () => {
    nurse.disconnect();
    screen.disconnect();
    await vigil.close();
  });

  const raw = () => {
    const connection = vigil.store.sqlite;
    if (!connection) throw new Error('these tests need the SQLite store');
    return connection;
  };

  async function readyz(): Promise<Ready> {
    const response = await fetch(`${vigil.url}/readyz`);
    return { status: response.status, body: (await response.json()) as Ready['body'] };
  }

  function record(commandId: string, heartRateBpm = 70) {
    return request(nurse, 'vitals.record', {
      commandId,
      sessionId,
      observedAt: vigil.clock.now() - 1000,
      vitals: { ...goodVitals, heartRateBpm },
    });
  }

  /** Reads the file through a separate connection, as an operator (or a restarted server) would. */
  function inspectFile() {
    const db = new BetterSqlite3(path.join(vigil.config.dataDir, 'vigil.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('select seq, command_id from session_events where session_id = ? order by seq').all(sessionId) as {
        seq: number;
        command_id: string;
      }[];
      const lastSeq = (db.prepare('select last_seq from sessions where session_id = ?').get(sessionId) as { last_seq: number }).last_seq;
      const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
      return { commandIds: rows.map((r) => r.command_id), seqs: rows.map((r) => r.seq), lastSeq, integrity };
    } finally {
      db.close();
    }
  }

  async function waitFor(predicate: () => boolean, ms = 5000) {
    const until = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > until) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('full disk: /readyz says so before any command fails, commands are refused with store_unavailable, nothing is half-written, and it recovers when space returns', async () => {
    expect((await readyz()).status).toBe(200);
    const acked: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const commandId = randomUUID();
      expect(await record(commandId)).toMatchObject({ ok: true, duplicate: false });
      acked.push(commandId);
    }

    // The disk "fills": no page beyond the current size may be allocated.
    raw().exec('create table filler (x text)');
    const pages = raw().pragma('page_count', { simple: true }) as number;
    raw().pragma(`max_page_count = ${pages}`);
    // Use up any free pages left inside the file, so that nothing more can be stored.
    for (;;) {
      try {
        raw().prepare('insert into filler values (?)').run('f'.repeat(3000));
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL');
        break;
      }
    }

    // /readyz finds it out by itself (write probe), before any command has failed.
    await expect.poll(async () => (await readyz()).status, { timeout: 10 * HEALTHY_PROBE_INTERVAL_MS }).toBe(503);
    const before = await readyz();
    expect(before.body).toMatchObject({ ok: false, store: 'refusing_writes', reason: 'The data disk is full', code: 'SQLITE_FULL' });

    // Commands are refused with a clear error; each refusal stores nothing. (A reading that still
    // fits in a page already allocated is stored: that write is as durable as any other.)
    const refused: string[] = [];
    for (let i = 0; i < 500 && refused.length < 10; i += 1) {
      const commandId = randomUUID();
      const ack = await record(commandId, 60 + (i % 60));
      if (ack.ok) {
        expect(refused).toEqual([]); // Once the disk refuses, it keeps refusing until space returns.
        acked.push(commandId);
        continue;
      }
      expect(ack.error.code).toBe('store_unavailable');
      expect(ack.error.message).toMatch(/^The data disk is full: nothing was saved/);
      refused.push(commandId);
    }
    expect(refused).toHaveLength(10);
    // Repeating an acknowledged command is still answered (a read), not refused.
    expect(await record(acked[0]!)).toMatchObject({ ok: true, duplicate: true });

    const during = inspectFile();
    expect(during.integrity).toBe('ok');
    expect(during.commandIds.slice(1)).toEqual(acked);
    for (const commandId of refused) expect(during.commandIds).not.toContain(commandId);
    // The sequence counter was rolled back with the failed inserts: no hole will appear later.
    expect(during.lastSeq).toBe(during.seqs.at(-1));
    expect(during.seqs).toEqual(during.seqs.map((_, i) => i + 1));
    const full = await readyz();
    expect(full.status).toBe(503);
    expect(full.body.reason).toBe('The data disk is full');

    // Space returns. No restart: /readyz turns ready, the refused commands go through once.
    raw().pragma(`max_page_count = ${UNLIMITED_PAGES}`);
    raw().exec('drop table filler');
    expect(await readyz()).toMatchObject({ status: 200, body: { ok: true, store: 'ready' } });
    for (const commandId of refused) {
      expect(await record(commandId)).toMatchObject({ ok: true, duplicate: false });
      expect(await record(commandId)).toMatchObject({ ok: true, duplicate: true });
    }

    const after = inspectFile();
    expect(after.integrity).toBe('ok');
    expect(after.commandIds.slice(1)).toEqual([...acked, ...refused]);
    expect(after.seqs).toEqual(after.seqs.map((_, i) => i + 1));
    // The watching screen saw every stored event once, in order, and nothing that was refused.
    await waitFor(() => seen.length === acked.length + refused.length);
    expect(seen.map((e) => e.seq)).toEqual(after.seqs.slice(1));
    expect(seen.map((e) => e.commandId)).toEqual([...acked, ...refused]);
  });

  it('a command whose write hits the full disk mid-way is refused as store_unavailable, not as an internal error', async () => {
    // Fill up with real readings until the store refuses one: the refusal must name the disk, and
    // SQLite's own rollback of the transaction must not be reported as a different error.
    // A few pages of room: the first readings fit, then the disk is full.
    raw().pragma(`max_page_count = ${(raw().pragma('page_count', { simple: true }) as number) + 4}`);
    const acked: string[] = [];
    let refusedId: string | null = null;
    for (let i = 0; i < 2000 && !refusedId; i += 1) {
      const commandId = randomUUID();
      const ack = await record(commandId, 60 + (i % 60));
      if (ack.ok) acked.push(commandId);
      else {
        expect(ack.error.code).toBe('store_unavailable');
        expect(ack.error.message).toMatch(/^The data disk is full/);
        refusedId = commandId;
      }
    }
    expect(refusedId).not.toBeNull();
    expect(acked.length).toBeGreaterThan(0);
    const during = inspectFile();
    expect(during.integrity).toBe('ok');
    expect(during.commandIds.slice(1)).toEqual(acked);
    expect(during.lastSeq).toBe(during.seqs.at(-1));
    // The disk is now full to the last page: /readyz's own small write probe fails too.
    raw().pragma(`max_page_count = ${raw().pragma('page_count', { simple: true }) as number}`);
    expect((await readyz()).status).toBe(503);

    raw().pragma(`max_page_count = ${UNLIMITED_PAGES}`);
    expect(await record(refusedId!)).toMatchObject({ ok: true, duplicate: false });
    expect((await readyz()).status).toBe(200);
    const after = inspectFile();
    expect(after.commandIds.slice(1)).toEqual([...acked, refusedId]);
    expect(after.seqs).toEqual(after.seqs.map((_, i) => i + 1));
    await waitFor(() => seen.length === acked.length + 1);
    expect(seen.map((e) => e.commandId)).toEqual([...acked, refusedId]);
  });

  it('read-only data folder: commands are refused with store_unavailable, /readyz says read-only, and writes resume when permission returns', async () => {
    const first = randomUUID();
    expect(await record(first)).toMatchObject({ ok: true });

    raw().pragma('query_only = 1');
    const ready = await readyz();
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      ok: false,
      store: 'refusing_writes',
      reason: 'The data folder is read-only',
      code: 'SQLITE_READONLY',
    });

    const refused = [randomUUID(), randomUUID(), randomUUID()];
    for (const commandId of refused) {
      const ack = await record(commandId);
      expect(ack).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
      if (!ack.ok) expect(ack.error.message).toMatch(/^The data folder is read-only: nothing was saved/);
    }
    // Reading still works while writes are refused: a screen can still catch up.
    const catchUp = await request(screen, 'session.watch', { sessionId, afterSeq: 1 });
    expect(catchUp.ok && catchUp.events.map((e) => e.commandId)).toEqual([first]);
    expect((await fetch(`${vigil.url}/healthz`)).status).toBe(200);

    const during = inspectFile();
    expect(during.integrity).toBe('ok');
    expect(during.commandIds.slice(1)).toEqual([first]);

    raw().pragma('query_only = 0');
    expect(await readyz()).toMatchObject({ status: 200, body: { store: 'ready' } });
    for (const commandId of refused) expect(await record(commandId)).toMatchObject({ ok: true, duplicate: false });
    const after = inspectFile();
    expect(after.integrity).toBe('ok');
    expect(after.commandIds.slice(1)).toEqual([first, ...refused]);
    expect(after.seqs).toEqual(after.seqs.map((_, i) => i + 1));
  });
});

/**
 * The same on PostgreSQL (DATABASE_URL, else the local server as on this machine and CI): a database of its own is
 * made read-only with `default_transaction_read_only` and its connections are cut, which is
 * what a failover to a read-only replica or an operator's emergency switch looks like.
 */
describe('PostgreSQL store refuses writes when read-only, survives cut connections, and recovers', () => {
  it('read-only database: store_unavailable, /readyz 503 with the reason, no crash on dropped idle connections, recovery without restart', async () => {
    const pg = (await import('pg')).default;
    const databases: string[] = [];
    const databaseUrl = await freshPostgres(databases, 'health');
    const [name] = databases;
    const admin = new pg.Client({ connectionString: DATABASE_URL });
    await admin.connect();
    const cut = () =>
      admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [name]);
    const vigil = await startTestServer({ databaseUrl, commandsPerSecond: 10_000 });
    try {
      const sessionId = await openTestSession(vigil);
      const nurse = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
      const record = (commandId: string) =>
        request(nurse, 'vitals.record', { commandId, sessionId, observedAt: vigil.clock.now() - 1000, vitals: goodVitals });
      const readyz = async () => {
        const response = await fetch(`${vigil.url}/readyz`);
        return { status: response.status, body: (await response.json()) as { reason?: string } };
      };
      const first = randomUUID();
      expect(await record(first)).toMatchObject({ ok: true });

      await admin.query(`alter database ${name} set default_transaction_read_only = on`);
      await cut(); // Idle pooled connections die: the server must not crash on their 'error' events.
      await expect.poll(async () => (await readyz()).status).toBe(503);
      const refused = [randomUUID(), randomUUID()];
      for (const commandId of refused) {
        let ack = await record(commandId);
        // The first query may land on a connection that was cut: also a store failure, also refused.
        expect(ack).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
        ack = await record(commandId);
        expect(ack).toMatchObject({
          ok: false,
          error: { code: 'store_unavailable', message: expect.stringMatching(/^The database is read-only: nothing was saved/) },
        });
      }
      const down = await readyz();
      expect(down.status).toBe(503);
      expect(down.body.reason).toBe('The database is read-only');
      expect((await fetch(`${vigil.url}/healthz`)).status).toBe(200);

      await admin.query(`alter database ${name} reset default_transaction_read_only`);
      await cut();
      // A cut connection may fail the first probes; the store is back once a probe gets through.
      await expect.poll(async () => (await readyz()).status).toBe(200);
      for (const commandId of refused) expect(await record(commandId)).toMatchObject({ ok: true, duplicate: false });
      const stored = await vigil.sessions.eventsAfter(sessionId, 1);
      expect(stored.map((e) => e.commandId)).toEqual([first, ...refused]);
      nurse.disconnect();
    } finally {
      await vigil.close();
      await cut();
      await admin.end();
      await dropPostgres(databases);
    }
  });
});
