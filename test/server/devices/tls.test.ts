import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { DeviceSecurityEvent } from '../../../shared/devices/binding';
import { makeCa, makeCertificate, type Pem } from '../../support/certificates';
import { openTestSession, signIn, startTestServer } from '../../support/server';
import { connectMllp, mllpFrame, msa, type MllpTestClient } from './mllpClient';
import { monitorMessage, normalValues } from './messages';
import { findDevice } from '../../../server/store/devices';

/**
 * MLLP over TLS with client certificates (HL7_TLS_CERT, HL7_TLS_KEY, HL7_TLS_CA), certificates
 * made here with the `openssl` command: the clinic's CA signs the server's and each monitor's.
 */
describe('HL7 over TLS with client certificates', () => {
  let vigil: Vigil;
  let sessionId: string;
  let cookie: string;
  let dir: string;
  let ca: Pem;
  let bed3: Pem;
  let bed4: Pem;
  let stranger: Pem;
  const clients: MllpTestClient[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-tls-'));
    ca = makeCa(dir, 'clinic-ca');
    const server = makeCertificate(dir, 'clinic-ca', 'vigil-server');
    bed3 = makeCertificate(dir, 'clinic-ca', 'bed-3');
    bed4 = makeCertificate(dir, 'clinic-ca', 'bed-4');
    makeCa(dir, 'other-ca');
    stranger = makeCertificate(dir, 'other-ca', 'bed-3');
    vigil = await startTestServer({
      hl7Port: 0,
      hl7Tls: { certFile: server.certFile, keyFile: server.keyFile, caFile: path.join(dir, 'clinic-ca.crt'), port: 0 },
    });
    sessionId = await openTestSession(vigil, 'room-1');
    cookie = await signIn(vigil, 'admin');
    const register = (body: object) =>
      fetch(`${vigil.url}/api/devices`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await register({ deviceId: 'BED3', name: 'Monitor, bed 3', roomId: 'room-1', certificate: 'CN=bed-3' })).status).toBe(201);
    // Bound by fingerprint instead of name: copied from the certificate as an admin would.
    const fingerprint = new X509Certificate(bed4.cert).fingerprint256.replaceAll(':', '').toLowerCase();
    expect((await register({ deviceId: 'BED4', name: 'Monitor, bed 4', roomId: 'room-1', certificate: fingerprint })).status).toBe(201);
  });
  afterAll(async () => {
    for (const client of clients.splice(0)) client.close();
    await vigil?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function sendOverTls(deviceId: string, controlId: string, certificate: Pem | null) {
    const client = await connectMllp(vigil.hl7Tls!.port, { tls: { ca: ca.cert, ...(certificate ?? {}) } });
    clients.push(client);
    await client.send(
      mllpFrame(monitorMessage({ controlId, equipmentId: deviceId, observedAt: vigil.clock.now() - 10_000, values: normalValues })),
    );
    return client.nextAck().then(msa, (error: Error) => ({ code: 'closed', controlId, reason: error.message }));
  }
  const readings = async () => (await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'vitals.recorded');
  const securityEvents = async () =>
    ((await (await fetch(`${vigil.url}/api/devices/security-events`, { headers: { cookie } })).json()) as { events: DeviceSecurityEvent[] })
      .events;

  it('the monitor with its own certificate is accepted (by CN and by fingerprint), and the record names the certificate', async () => {
    expect(await sendOverTls('BED3', 'TLS-1', bed3)).toMatchObject({ code: 'AA', controlId: 'TLS-1' });
    expect(await sendOverTls('BED4', 'TLS-2', bed4)).toMatchObject({ code: 'AA', controlId: 'TLS-2' });
    const stored = await readings();
    const recordId = async (deviceId: string) => (await findDevice(vigil.store.db, deviceId))?.record_id;
    expect(stored.map((e) => e.actor)).toEqual([
      { kind: 'device', deviceId: await recordId('BED3'), displayName: 'Monitor, bed 3', source: '127.0.0.1, certificate CN=bed-3' },
      { kind: 'device', deviceId: await recordId('BED4'), displayName: 'Monitor, bed 4', source: '127.0.0.1, certificate CN=bed-4' },
    ]);
  });

  it("another monitor's certificate naming bed 3 gets AR and a security event; no certificate, or one from another CA, gets no connection", async () => {
    const before = (await readings()).length;
    const impostor = await sendOverTls('BED3', 'TLS-WRONG', bed4);
    expect(impostor.code).toBe('AR');
    expect(impostor.reason).toContain('its own certificate');
    expect((await securityEvents())[0]).toMatchObject({ deviceId: 'BED3', certificate: 'CN=bed-4', code: 'wrong_certificate' });

    // The handshake itself fails: the server never reads a message.
    for (const certificate of [stranger, null]) {
      const refused = await sendOverTls('BED3', 'TLS-NO-CA', certificate).catch((error: Error) => ({
        code: 'closed',
        reason: error.message,
      }));
      expect(refused.code).toBe('closed');
    }
    await expect
      .poll(async () => (await securityEvents()).some((e) => e.code === 'tls_refused' && e.remoteAddress === '127.0.0.1'))
      .toBe(true);
    expect(await readings()).toHaveLength(before);
  });

  it('one source address has one message rate across the plain and TLS ports, not one on each', async () => {
    // One message a second, a burst of two: four messages at once from 127.0.0.1, two plain and two over TLS.
    const limited = await startTestServer({
      hl7Port: 0,
      hl7RatePerSource: 1,
      hl7Tls: {
        certFile: path.join(dir, 'vigil-server.crt'),
        keyFile: path.join(dir, 'vigil-server.key'),
        caFile: path.join(dir, 'clinic-ca.crt'),
        port: 0,
      },
    });
    try {
      const overTls = await connectMllp(limited.hl7Tls!.port, { tls: { ca: ca.cert, ...bed3 } });
      const plain = await connectMllp(limited.hl7!.port);
      clients.push(overTls, plain);
      const message = (controlId: string) =>
        mllpFrame(monitorMessage({ controlId, equipmentId: 'BED3', observedAt: limited.clock.now() - 5_000, values: normalValues }));
      await Promise.all([
        plain.send(Buffer.concat([message('RATE-1'), message('RATE-2')])),
        overTls.send(Buffer.concat([message('RATE-3'), message('RATE-4')])),
      ]);
      const codes: string[] = [];
      for (const client of [plain, plain, overTls, overTls]) codes.push(msa(await client.nextAck()).code);
      // Two with one bucket (one, should the machine stall a second between them); none with a bucket per port.
      expect(codes.filter((code) => code === 'AE').length).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
    }
  });

  it('over plain MLLP a certificate-bound monitor is refused: plain stays open for monitors bound by address', async () => {
    const client = await connectMllp(vigil.hl7!.port);
    clients.push(client);
    await client.send(
      mllpFrame(monitorMessage({ controlId: 'PLAIN-1', equipmentId: 'BED3', observedAt: vigil.clock.now() - 5_000, values: normalValues })),
    );
    expect(msa(await client.nextAck())).toMatchObject({ code: 'AR' });
  });
});
