import { afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { heldSync, settle } from '../../support/heldSync';
import { openTestSession, signIn, startTestServer, registerLocalMonitor } from '../../support/server';
import { connectMllp, mllpFrame, msa } from './mllpClient';
import { monitorMessage, normalValues } from './messages';

const MONITOR = '0011223344556677';

/**
 * A monitor's reading reads its device and looks itself up without waiting for the WAL sync of
 * other commands' batches (under load one is nearly always running): it is decided and waiting
 * for the next batch while that sync runs, instead of starting its lookups after it. Its ACK
 * still waits for the sync that holds it, and a resend found in a batch still syncing is
 * acknowledged only once that batch is on disk.
 */
describe("an HL7 reading's lookups do not wait for other batches' syncs; its ACK waits for its own", () => {
  let vigil: Vigil | null = null;
  let sync: ReturnType<typeof heldSync> | null = null;
  afterEach(async () => {
    if (sync) {
      sync.state.armed = false;
      sync.releaseAll();
    }
    sync = null;
    await vigil?.close();
    vigil = null;
  });

  async function start() {
    sync = heldSync();
    const server = await startTestServer({ hl7Port: 0 }, undefined, { syncFile: sync.syncFile });
    vigil = server;
    const cookie = await signIn(server, 'admin');
    await registerLocalMonitor(server, cookie, { deviceId: MONITOR, name: 'Bedside monitor 2', roomId: 'room-2' });
    const sessionId = await openTestSession(server, 'room-2');
    return { server, sessionId, sync };
  }

  /** What the store holds right now, committed (synced or not): read on the writer's own connection. */
  function storedVitals(server: Vigil, sessionId: string): number {
    const row = server.store
      .sqlite!.prepare(`select count(*) as n from session_events where session_id = ? and type = 'vitals.recorded'`)
      .get(sessionId) as { n: number };
    return row.n;
  }

  it('is decided and waiting for the next batch while another batch syncs, and acknowledged only once its own sync is done', async () => {
    const { server, sessionId, sync } = await start();
    sync.state.armed = true;
    const other = server.store.commits.run((trx) => trx.insertInto('meta').values({ key: 'another-batch', value: 'x' }).execute());
    await expect.poll(() => sync.state.calls).toBe(1);

    const monitor = await connectMllp(server.hl7!.port);
    let answered = false;
    const ack = monitor.nextAck().then((text) => ((answered = true), msa(text)));
    await monitor.send(mllpFrame(monitorMessage({ controlId: 'AHEAD-1', observedAt: server.clock.now() - 2_000, values: normalValues })));

    // Its device read, its lookup and its decision are done with the other batch's sync still
    // held: it waits for the next batch, which starts once that batch is on disk.
    await expect.poll(() => server.store.commits.stats().waiting).toBe(1);
    await settle();
    expect(answered).toBe(false);
    expect(storedVitals(server, sessionId)).toBe(0);

    // Its own batch commits next, and its ACK waits for that batch's sync too.
    sync.releaseAll();
    await expect.poll(() => storedVitals(server, sessionId)).toBe(1);
    await expect.poll(() => sync.state.calls).toBe(2);
    await settle();
    expect(answered).toBe(false);
    sync.state.armed = false;
    sync.releaseAll();
    expect((await ack).code).toBe('AA');
    await other;
    monitor.close();
  });

  it('a resend of a reading still syncing is acknowledged only once that reading is on disk, and stored once', async () => {
    const { server, sessionId, sync } = await start();
    sync.state.armed = true;
    const message = mllpFrame(monitorMessage({ controlId: 'AHEAD-2', observedAt: server.clock.now() - 2_000, values: normalValues }));
    const first = await connectMllp(server.hl7!.port);
    const second = await connectMllp(server.hl7!.port);
    const answers: string[] = [];
    const firstAck = first.nextAck().then((text) => (answers.push('first'), msa(text)));
    await first.send(message);
    await expect.poll(() => storedVitals(server, sessionId)).toBe(1);
    await expect.poll(() => sync.state.calls).toBe(1);

    // The monitor gave up waiting and sent it again on a new connection: found (read ahead), but
    // not on disk yet. Its own commit (the device's last-message time) waits for the next batch.
    const secondAck = second.nextAck().then((text) => (answers.push('second'), msa(text)));
    await second.send(message);
    await expect.poll(() => server.store.commits.stats().waiting).toBe(1);
    await settle();
    expect(answers).toEqual([]);

    sync.state.armed = false;
    sync.releaseAll();
    expect((await firstAck).code).toBe('AA');
    expect((await secondAck).code).toBe('AA');
    expect(storedVitals(server, sessionId)).toBe(1);
    first.close();
    second.close();
  });
});
