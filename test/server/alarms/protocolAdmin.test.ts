import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Protocol } from '../../../shared/protocols/schema';
import { insertRoom } from '../../../server/store/rooms';
import { request, signIn, tempDataDir } from '../../support/server';
import { alarmEvent, alarmTrail, recordVitals, startAlarmServer, storedEvents, type AlarmServer } from './harness';

const normal = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };

describe('protocol administration: copy and edit; sessions keep the version they started with', () => {
  let server: AlarmServer;
  let dataDir: string;
  /** A protocol id of this test's own (a PostgreSQL store is shared between runs). */
  let ours: string;

  beforeEach(async () => {
    ours = `clinic-${randomUUID().slice(0, 8)}`;
    dataDir = tempDataDir();
    server = await startAlarmServer({ dataDir });
  });
  afterEach(async () => {
    await server.close();
  });

  async function call(method: string, path: string, body: unknown, username: string | null) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (username) headers.cookie = await signIn(server.vigil, username);
    const response = await fetch(`${server.vigil.url}${path}`, { method, headers, body: JSON.stringify(body) });
    return {
      status: response.status,
      body: (await response.json()) as {
        ok: boolean;
        protocol?: Protocol;
        error?: { code: string; message: string; issues: { path: unknown[] }[] };
      },
    };
  }
  const copy = (body: unknown, username: string | null = 'prescriber', from = 'spravato-56') =>
    call('POST', `/api/protocols/${from}/copy`, body, username);
  const revise = (id: string, body: unknown, username: string | null = 'prescriber') => call('PUT', `/api/protocols/${id}`, body, username);

  /** The copy with its systolic limit moved from 180 to `value`. */
  function withSystolicLimit(protocol: Protocol, value: number): Protocol {
    return { ...protocol, alarmLimits: protocol.alarmLimits.map((limit) => (limit.id === 'systolic-high' ? { ...limit, value } : limit)) };
  }

  it('only prescribers may copy or edit; signed-out requests are refused', async () => {
    expect(await copy({ newId: 'x', newName: 'X' }, null)).toMatchObject({ status: 401 });
    for (const role of ['nurse', 'admin']) {
      expect(await copy({ newId: 'x', newName: 'X' }, role)).toMatchObject({
        status: 403,
        body: { error: { code: 'forbidden', message: 'Only a prescriber can edit protocols' } },
      });
    }
    expect(await revise('spravato-56', {}, 'therapist')).toMatchObject({ status: 403 });
    expect(await copy({ newId: `${ours}-p`, newName: 'Prescriber copy' }, 'prescriber')).toMatchObject({ status: 201 });
  });

  it('a copy is version 1 under its new id and name; bad or clashing ids are refused at their field', async () => {
    const created = await copy({ newId: ours, newName: 'Spravato 56 mg (our clinic)' });
    expect(created).toMatchObject({
      status: 201,
      body: { ok: true, protocol: { id: ours, version: 1, name: 'Spravato 56 mg (our clinic)', defaultDoseMg: 56 } },
    });
    expect(await server.vigil.protocols.get(ours)).toEqual(created.body.protocol);
    const listed = (await server.vigil.protocols.list()).map((p) => p.id);
    expect(listed.slice(0, 5)).toEqual(['spravato-56', 'spravato-84', 'ketamine-im', 'ketamine-iv', 'ketamine-sublingual']);
    expect(listed).toContain(ours);

    const clash = await copy({ newId: ours, newName: 'Again' });
    expect(clash).toMatchObject({ status: 409, body: { error: { code: 'conflict', issues: [{ path: ['newId'] }] } } });
    expect(await copy({ newId: 'ketamine-iv', newName: 'Shadow' })).toMatchObject({ status: 409 });
    expect(await copy({ newId: 'x', newName: 'X' }, 'prescriber', 'no-such-protocol')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    const bad = await copy({ newId: 'has spaces!', newName: '  ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues.map((issue) => issue.path)).toEqual([['newId'], ['newName']]);
    expect(await copy({ newId: 'ok-id', newName: 'Fine', extra: 1 })).toMatchObject({ status: 400 });
  });

  it('an edit is the next version; a stale or invalid edit is refused and stores nothing', async () => {
    const { body } = await copy({ newId: ours, newName: 'Our Spravato' });
    const v1 = body.protocol!;
    const edited = await revise(ours, withSystolicLimit(v1, 160));
    expect(edited).toMatchObject({ status: 200, body: { protocol: { id: ours, version: 2 } } });
    expect(edited.body.protocol?.alarmLimits.find((limit) => limit.id === 'systolic-high')?.value).toBe(160);

    const stale = await revise(ours, withSystolicLimit(v1, 150));
    expect(stale).toMatchObject({
      status: 409,
      body: { error: { code: 'conflict', message: expect.stringContaining('it is now version 2') } },
    });
    const invalid = await revise(ours, { ...withSystolicLimit(edited.body.protocol!, 500), version: 2 });
    expect(invalid).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_input', issues: [{ path: ['alarmLimits', 0, 'value'] }] } },
    });
    const renamed = await revise(ours, { ...edited.body.protocol!, id: 'other' });
    expect(renamed).toMatchObject({ status: 400, body: { error: { issues: [{ path: ['id'] }] } } });
    expect(await revise('no-such-protocol', { ...v1, id: 'no-such-protocol' })).toMatchObject({ status: 404 });
    expect(await revise(ours, 'not an object')).toMatchObject({ status: 400 });

    expect((await server.vigil.protocols.get(ours))?.version).toBe(2);
    expect((await server.vigil.protocols.getVersion(ours, 1))?.alarmLimits[0]?.value).toBe(181);
  });

  it('a shipped default can be revised too; its version 1 stays available', async () => {
    // A store of its own: revising a default in a shared PostgreSQL database would change it for every other test.
    await server.close();
    server = await startAlarmServer({ dataDir: tempDataDir(), config: { databaseUrl: null } });
    const shipped = (await server.vigil.protocols.get('ketamine-im'))!;
    expect(await revise('ketamine-im', { ...shipped, minimumObservationMinutes: 100 })).toMatchObject({
      status: 200,
      body: { protocol: { version: 2 } },
    });
    expect((await server.vigil.protocols.list()).find((p) => p.id === 'ketamine-im')).toMatchObject({
      version: 2,
      minimumObservationMinutes: 100,
    });
    expect((await server.vigil.protocols.getVersion('ketamine-im', 1))?.minimumObservationMinutes).toBe(90);
    expect(await server.vigil.protocols.getVersion('ketamine-im', 3)).toBeNull();
  });

  it('a running session keeps the version it started with; a new one gets the edit; versions survive a restart', async () => {
    const v1 = (await copy({ newId: ours, newName: 'Our Spravato' })).body.protocol!;
    // Opened from the nurse's screen with `session.open`, which takes the protocol from the catalog as it is now.
    // Rooms of this test's own (a PostgreSQL store is shared between runs).
    for (const [index, roomId] of [`${ours}-a`, `${ours}-b`].entries()) {
      await insertRoom(server.vigil.store.db, { roomId, name: `Test room ${index}`, sortOrder: 100 + index });
    }
    const opener = await server.client('nurse');
    const open = async (roomId: string) => {
      const ack = await request(opener, 'session.open', { commandId: randomUUID(), roomId, patientAlias: 'A.B.', protocolId: ours });
      if (!ack.ok) throw new Error(ack.error.message);
      return ack.event.sessionId;
    };
    const running = await open(`${ours}-a`);
    await revise(ours, withSystolicLimit(v1, 160));
    const fresh = await open(`${ours}-b`);
    expect((await server.vigil.sessions.getProtocol(running))?.version).toBe(1);
    expect((await server.vigil.sessions.getProtocol(fresh))?.version).toBe(2);

    const nurseOld = await server.screen('nurse', running);
    const nurseNew = await server.screen('nurse', fresh);
    await recordVitals(server, nurseOld.socket, running, { ...normal, systolicMmHg: 170 });
    await recordVitals(server, nurseNew.socket, fresh, { ...normal, systolicMmHg: 170 });
    await nurseNew.waitFor(alarmEvent('alarm.raised', 'limit:systolic-high'));
    await server.vigil.alarms.tick();
    expect(alarmTrail(await storedEvents(server.vigil, running))).toEqual([]);

    await server.close();
    server = await startAlarmServer({ dataDir });
    expect((await server.vigil.protocols.get(ours))?.version).toBe(2);
    expect((await server.vigil.sessions.getProtocol(running))?.version).toBe(1);
  });
});
