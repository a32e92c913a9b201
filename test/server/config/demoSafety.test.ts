import net from 'node:net';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startVigil, type Vigil } from '../../../server/app';
import { loadConfig } from '../../../server/config';
import { tempDataDir } from '../../support/server';

/** This machine's own address on a network interface (not loopback), when it has one. */
function networkAddress(): string | null {
  for (const entries of Object.values(os.networkInterfaces())) {
    for (const entry of entries ?? []) if (entry.family === 'IPv4' && !entry.internal) return entry.address;
  }
  return null;
}

async function refusedAt(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('demo safety and the HL7 network settings', () => {
  let vigil: Vigil | null = null;
  afterEach(async () => {
    await vigil?.close();
    vigil = null;
  });

  it('demo mode without HOST listens on 127.0.0.1 only (web and HL7), and says it is a demo before sign-in', async () => {
    const config = loadConfig({ PORT: '0', HL7_PORT: '0', DATA_DIR: tempDataDir(), VIGIL_CLIENT_DIR: 'none' });
    expect(config).toMatchObject({ demo: true, host: '127.0.0.1', hl7Host: '127.0.0.1', hl7Allow: ['127.0.0.1', '::1'] });
    vigil = await startVigil(config, { log: () => {} });
    expect((vigil.httpServer.address() as AddressInfo).address).toBe('127.0.0.1');
    const mode = await fetch(`${vigil.url}/api/mode`);
    expect(await mode.json()).toEqual({ ok: true, demo: true });
    const outside = networkAddress();
    if (outside) {
      expect(await refusedAt(outside, vigil.port)).toBe(true);
      expect(await refusedAt(outside, vigil.hl7!.port)).toBe(true);
    }
    expect(await refusedAt('127.0.0.1', vigil.hl7!.port)).toBe(false);
  });

  it('a demo is opened to a network only on purpose (HOST set); a clinic install listens on every interface by default', () => {
    expect(loadConfig({ HOST: '0.0.0.0' })).toMatchObject({ demo: true, host: '0.0.0.0', hl7Host: '0.0.0.0' });
    expect(loadConfig({ VIGIL_DEMO: 'false' })).toMatchObject({ demo: false, host: '0.0.0.0' });
    expect(loadConfig({ VIGIL_DEMO: 'false', HL7_HOST: '10.20.0.2' })).toMatchObject({ host: '0.0.0.0', hl7Host: '10.20.0.2' });
    // An empty variable means unset.
    expect(loadConfig({ HOST: '', HL7_ALLOW: '' })).toMatchObject({ host: '127.0.0.1', hl7Allow: ['127.0.0.1', '::1'] });
  });

  it('reads HL7_ALLOW as addresses and ranges, and refuses anything else naming the variable', () => {
    expect(loadConfig({ HL7_ALLOW: '10.20.0.0/24, 10.20.1.7 fd00::/64' }).hl7Allow).toEqual(['10.20.0.0/24', '10.20.1.7', 'fd00::/64']);
    expect(() => loadConfig({ HL7_ALLOW: '10.20.0.0/24, monitors' })).toThrow(/HL7_ALLOW/);
    expect(() => loadConfig({ HL7_ALLOW: '10.20.0.0/33' })).toThrow(/HL7_ALLOW/);
  });

  it('MLLP over TLS needs a certificate and its key together; a CA alone is refused', () => {
    expect(loadConfig({ HL7_TLS_CERT: '/etc/vigil/hl7.crt', HL7_TLS_KEY: '/etc/vigil/hl7.key' }).hl7Tls).toEqual({
      certFile: '/etc/vigil/hl7.crt',
      keyFile: '/etc/vigil/hl7.key',
      caFile: null,
      port: 2576,
    });
    expect(() => loadConfig({ HL7_TLS_CERT: '/etc/vigil/hl7.crt' })).toThrow(/HL7_TLS_CERT and HL7_TLS_KEY/);
    expect(() => loadConfig({ HL7_TLS_CA: '/etc/vigil/ca.crt' })).toThrow(/HL7_TLS_CA/);
    expect(loadConfig({}).hl7Tls).toBeNull();
  });
});
