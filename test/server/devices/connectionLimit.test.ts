import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { loadConfig, type Config } from '../../../server/config';
import { createManualClock } from '../../../server/clock';
import { insertRoom } from '../../../server/store/rooms';
import type { DeviceSecurityEvent } from '../../../shared/devices/binding';
import { makeCa, makeCertificate } from '../../support/certificates';
import { httpAs, openTestSession, signIn, startTestServer, registerLocalMonitor } from '../../support/server';
import { connectMllp, mllpFrame, msa, type MllpTestClient } from './mllpClient';
import { monitorMessage, normalValues } from './messages';

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);
const MONITOR = '0011223344556677';

/** The HL7 listener serves a large clinic's monitors at once, and says so when a connection is one too many. */
describe('HL7 connection limit (HL7_MAX_CONNECTIONS)', () => {
  let vigil: Vigil | null = null;
  const clients: MllpTestClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await vigil?.close();
    vigil = null;
  });

  async function startWithMonitor(overrides: Partial<Config> = {}) {
    const clock = createManualClock(T0);
    const server = await startTestServer(
      // Every test monitor sends from 127.0.0.1: the per-address rate must not be what limits them here.
      { hl7Port: 0, hl7RatePerSource: 10_000, ...overrides },
      clock,
      { alarmTickMs: null, readinessIntervalMs: 0 },
    );
    vigil = server;
    const sessionId = await openTestSession(server, 'room-1');
    const admin = await signIn(server, 'admin');
    await registerLocalMonitor(server, admin, { deviceId: MONITOR, name: 'Bedside monitor', roomId: 'room-1' });
    return { server, clock, sessionId, admin };
  }

  const connect = async (port: number) => {
    const client = await connectMllp(port);
    clients.push(client);
    return client;
  };

  it('defaults to at least 1,000 and is read from the environment', () => {
    expect(loadConfig({}).hl7MaxConnections).toBeGreaterThanOrEqual(1_000);
    expect(loadConfig({ HL7_MAX_CONNECTIONS: '2500' }).hl7MaxConnections).toBe(2_500);
    expect(() => loadConfig({ HL7_MAX_CONNECTIONS: '0' })).toThrow(/HL7_MAX_CONNECTIONS/);
  });

  it('more than 200 monitors connected at once are all served; every reading is stored once', async () => {
    const { server, clock, sessionId, admin } = await startWithMonitor();
    // A second room with its own monitor, so readings of two sessions go through the store at once.
    await insertRoom(server.store.db, { roomId: 'room-3', name: 'Room 3', sortOrder: 3 });
    const otherSessionId = await openTestSession(server, 'room-3');
    await registerLocalMonitor(server, admin, { deviceId: 'MON-ROOM-3', name: 'Bedside monitor 3', roomId: 'room-3' });
    const monitors = await Promise.all(Array.from({ length: 250 }, () => connect(server.hl7!.port)));
    const acks = await Promise.all(
      monitors.map(async (client, index) => {
        const message = monitorMessage({
          controlId: `MANY-${index}`,
          equipmentId: index % 2 === 0 ? MONITOR : 'MON-ROOM-3',
          observedAt: clock.now() - 60_000 + index * 10,
          values: normalValues,
        });
        await client.send(mllpFrame(message));
        return msa(await client.nextAck());
      }),
    );
    expect(acks.filter((ack) => ack.code !== 'AA')).toEqual([]);
    const readingsOf = async (id: string) =>
      (await server.sessions.eventsAfter(id, 0)).filter((event) => event.type === 'vitals.recorded').map((event) => event.commandId);
    const stored = [...(await readingsOf(sessionId)), ...(await readingsOf(otherSessionId))];
    expect(stored).toHaveLength(250);
    expect(new Set(stored).size).toBe(250);
  });

  it('a connection beyond the limit is answered AE with the reason, closed and listed as a security event; a freed place serves again', async () => {
    const { server, clock, admin } = await startWithMonitor({ hl7MaxConnections: 3 });
    const port = server.hl7!.port;
    const served = await Promise.all([connect(port), connect(port), connect(port)]);
    for (const [index, client] of served.entries()) {
      await client.send(mllpFrame(monitorMessage({ controlId: `IN-${index}`, observedAt: clock.now() - 5_000, values: normalValues })));
      expect(msa(await client.nextAck()).code).toBe('AA');
    }

    const extra = await connect(port);
    await extra.send(mllpFrame(monitorMessage({ controlId: 'ONE-TOO-MANY', observedAt: clock.now() - 5_000, values: normalValues })));
    const refused = msa(await extra.nextAck());
    expect(refused).toMatchObject({ code: 'AE', controlId: 'ONE-TOO-MANY' });
    expect(refused.reason).toContain('HL7_MAX_CONNECTIONS');
    await extra.closed;
    const events = async () =>
      ((await httpAs(server, admin, 'GET', '/api/devices/security-events')).body.events as DeviceSecurityEvent[]).map((event) => [
        event.code,
        event.remoteAddress,
      ]);
    await expect.poll(events).toContainEqual(['too_many_connections', '127.0.0.1']);
    const readings = (await server.sessions.eventsAfter((await server.clinic.runningSession('room-1'))!.sessionId, 0)).filter(
      (event) => event.type === 'vitals.recorded',
    );
    expect(readings.map((event) => event.commandId)).toHaveLength(3);

    served[0]!.close();
    await served[0]!.closed;
    // The listener learns of the hang-up on its own side a moment later: the next monitor is served once it has.
    await expect
      .poll(async () => {
        const next = await connect(port);
        await next.send(mllpFrame(monitorMessage({ controlId: 'AFTER', observedAt: clock.now() - 5_000, values: normalValues })));
        return msa(await next.nextAck()).code;
      })
      .toBe('AA');
  });

  it('over TLS, a connection beyond the limit is closed before the handshake and listed as a security event', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-tls-limit-'));
    try {
      const ca = makeCa(dir, 'clinic-ca');
      const serverCertificate = makeCertificate(dir, 'clinic-ca', 'vigil-server');
      const { server, clock, admin } = await startWithMonitor({
        hl7MaxConnections: 1,
        hl7Tls: { certFile: serverCertificate.certFile, keyFile: serverCertificate.keyFile, caFile: null, port: 0 },
      });
      const port = server.hl7Tls!.port;
      const first = await connectMllp(port, { tls: { ca: ca.cert } });
      clients.push(first);
      await first.send(mllpFrame(monitorMessage({ controlId: 'TLS-IN', observedAt: clock.now() - 5_000, values: normalValues })));
      expect(msa(await first.nextAck()).code).toBe('AA');
      await expect(connectMllp(port, { tls: { ca: ca.cert } })).rejects.toThrow();
      const events = async () =>
        ((await httpAs(server, admin, 'GET', '/api/devices/security-events')).body.events as DeviceSecurityEvent[]).map(
          (event) => event.code,
        );
      await expect.poll(events).toContain('too_many_connections');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
