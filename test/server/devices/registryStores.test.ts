import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { BY_SERVER } from '../../../server/devices/deviceService';
import type { DeviceSecurityEvent } from '../../../shared/devices/binding';
import type { DeviceStatus } from '../../../shared/realtime/devicesContract';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { openTestSession, signIn, startTestServer, tempDataDir } from '../../support/server';
import { connectMllp, mllpFrame, msa } from './mllpClient';
import { monitorMessage, normalValues } from './messages';

async function send(vigil: Vigil, controlId: string, deviceId: string, localAddress = '127.0.0.1') {
  const client = await connectMllp(vigil.hl7!.port, { localAddress });
  try {
    await client.send(
      mllpFrame(monitorMessage({ controlId, equipmentId: deviceId, observedAt: vigil.clock.now() - 5_000, values: normalValues })),
    );
    return msa(await client.nextAck());
  } finally {
    client.close();
  }
}

async function get<T>(vigil: Vigil, url: string): Promise<T> {
  const cookie = await signIn(vigil, 'admin');
  return (await (await fetch(`${vigil.url}${url}`, { headers: { cookie } })).json()) as T;
}

/** The registry's bindings, approval queue and security events on both stores, and a registry from before bindings. */
describe('device bindings in the store', () => {
  let vigil: Vigil | null = null;
  const databases: string[] = [];
  afterEach(async () => {
    await vigil?.close();
    vigil = null;
  });
  afterAll(() => dropPostgres(databases));

  it('PostgreSQL: a forgery is refused and listed, an unknown id waits (counted against the cap), a restart keeps it all', async () => {
    const settings = {
      databaseUrl: await freshPostgres(databases, 'devices'),
      hl7Port: 0,
      hl7Allow: ['127.0.0.0/8'],
      hl7MaxPendingDevices: 1,
    };
    vigil = await startTestServer(settings);
    await openTestSession(vigil, 'room-1');
    const cookie = await signIn(vigil, 'admin');
    const created = await fetch(`${vigil.url}/api/devices`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: 'PGMON', name: 'Monitor', roomId: 'room-1', addresses: ['127.0.0.1'] }),
    });
    expect(created.status).toBe(201);
    expect((await send(vigil, 'PG-FORGED', 'PGMON', '127.0.0.2')).code).toBe('AR');
    expect((await send(vigil, 'PG-OK', 'PGMON')).code).toBe('AA');
    expect((await send(vigil, 'PG-NEW', 'PGNEW')).code).toBe('AA');
    expect((await send(vigil, 'PG-NEW-2', 'PGNEW-2')).code).toBe('AE');
    await vigil.close();

    vigil = await startTestServer(settings);
    const events = (await get<{ events: DeviceSecurityEvent[] }>(vigil, '/api/devices/security-events')).events;
    expect(events.map((e) => [e.deviceId, e.remoteAddress, e.code])).toEqual([
      ['PGNEW-2', '127.0.0.1', 'pending_full'],
      ['PGMON', '127.0.0.2', 'wrong_address'],
    ]);
    const devices = (await get<{ devices: DeviceStatus[] }>(vigil, '/api/devices')).devices;
    expect(devices.map((d) => [d.deviceId, d.approval, d.addresses])).toEqual([
      ['PGMON', 'approved', ['127.0.0.1']],
      ['PGNEW', 'pending', []],
    ]);
  });

  it('a registry from before bindings gets the new columns; its monitors are kept but refused until an admin binds them', async () => {
    const dataDir = tempDataDir();
    // The first release's tables, with one monitor that registered itself.
    const old = new BetterSqlite3(path.join(dataDir, 'vigil.sqlite'));
    old.exec(`create table rooms (room_id text primary key, name text not null, sort_order integer not null);
      create table devices (device_id text primary key, name text not null, room_id text references rooms(room_id), kind text not null, secret_hash text,
        created_at bigint not null, last_message_at bigint, last_error text, last_error_at bigint, dropped_note text, dropped_at bigint);
      create table unassigned_readings (reading_id text primary key, device_id text not null references devices(device_id), room_id text, observed_at bigint not null,
        received_at bigint not null, vitals_json text not null, reason text not null, assigned_session_id text, assigned_at bigint, assigned_by text);
      insert into devices (device_id, name, room_id, kind, created_at) values ('OLDMON', 'Old monitor', null, 'hl7', 1);`);
    old.close();
    vigil = await startTestServer({ dataDir, hl7Port: 0 });
    expect(await vigil.devices.get('OLDMON')).toMatchObject({ approval: 'approved', addresses: [], certificate: null });
    const refused = await send(vigil, 'OLD-1', 'OLDMON');
    expect(refused.code).toBe('AR');
    expect(refused.reason).toContain('has no binding');
    expect((await vigil.devices.update('OLDMON', { addresses: ['127.0.0.1'] }, BY_SERVER)).ok).toBe(true);
    expect((await send(vigil, 'OLD-2', 'OLDMON')).code).toBe('AA');
  });
});
