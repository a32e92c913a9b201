import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { readAudit } from '../../../server/store/audit';
import type { SessionEvent } from '../../../shared/session/events';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { connectClient, goodVitals, openTestSession, request, signIn, startTestServer, type TestSocket } from '../../support/server';
import { connectMllp, mllpFrame, msa, type MllpTestClient } from './mllpClient';
import { monitorMessage, normalValues } from './messages';

const MONITOR = '0011223344556677';

describe('reading.confirm: a nurse confirms a device reading', () => {
  let vigil: Vigil;
  let sessionId: string;
  const sockets: TestSocket[] = [];
  const clients: MllpTestClient[] = [];

  async function as(role: string) {
    const socket = await connectClient(vigil.url, await signIn(vigil, role));
    sockets.push(socket);
    return socket;
  }
  async function deviceReadingId(controlId = 'C-1'): Promise<string> {
    const client = await connectMllp(vigil.hl7!.port);
    clients.push(client);
    await client.send(mllpFrame(monitorMessage({ controlId, observedAt: vigil.clock.now() - 10_000, values: normalValues })));
    expect(msa(await client.nextAck()).code).toBe('AA');
    const events = await vigil.sessions.eventsAfter(sessionId, 0);
    const reading = events.filter((e) => e.type === 'vitals.recorded' && e.actor.kind === 'device').at(-1);
    if (reading?.type !== 'vitals.recorded') throw new Error('no device reading stored');
    return reading.payload.readingId;
  }
  const state = async () => foldSessionEvents(await vigil.sessions.eventsAfter(sessionId, 0));

  beforeEach(async () => {
    vigil = await startTestServer({ hl7Port: 0 });
    sessionId = await openTestSession(vigil, 'room-1');
    const cookie = await signIn(vigil, 'admin');
    const created = await fetch(`${vigil.url}/api/devices`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: MONITOR, name: 'Bedside monitor 1', roomId: 'room-1', addresses: ['127.0.0.1'] }),
    });
    expect(created.status).toBe(201);
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const client of clients.splice(0)) client.close();
    await vigil.close();
  });

  it('puts who and when on the reading, reaches a watching screen, is audited, and a resend of the same command changes nothing', async () => {
    const readingId = await deviceReadingId();
    const watcher = await as('prescriber');
    expect((await request(watcher, 'session.watch', { sessionId, afterSeq: 0 })).ok).toBe(true);
    const seen = new Promise<SessionEvent>((resolve) => watcher.on('session.event', (e) => e.type === 'reading.confirmed' && resolve(e)));

    const nurse = await as('nurse');
    const command = { commandId: randomUUID(), sessionId, readingId };
    const first = await request(nurse, 'reading.confirm', command);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    const event = await seen;
    expect(event.payload).toEqual({ readingId });
    expect(event.actor).toMatchObject({ kind: 'user', userId: 'u-nurse', displayName: 'Test nurse' });

    const reading = (await state())!.readings.find((r) => r.readingId === readingId)!;
    expect(reading.confirmedBy).toMatchObject({ kind: 'user', displayName: 'Test nurse' });
    expect(reading.confirmedAt).toBe(event.observedAt);

    const again = await request(nurse, 'reading.confirm', command);
    expect(again).toMatchObject({ ok: true, duplicate: true });
    const confirmations = (await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'reading.confirmed');
    expect(confirmations).toHaveLength(1);
    const audit = await readAudit(vigil.store.db, sessionId);
    expect(audit.filter((a) => a.action === 'reading.confirm')).toHaveLength(1);
  });

  it('a second confirmation (new command) is refused, naming who confirmed and when', async () => {
    const readingId = await deviceReadingId();
    const nurse = await as('nurse');
    expect((await request(nurse, 'reading.confirm', { commandId: randomUUID(), sessionId, readingId })).ok).toBe(true);
    const prescriber = await as('prescriber');
    const second = await request(prescriber, 'reading.confirm', { commandId: randomUUID(), sessionId, readingId });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.error.code).toBe('conflict');
      expect(second.error.message).toMatch(/already confirmed by Test nurse at \d\d:\d\d:\d\d UTC/);
    }
  });

  it('refuses a manual reading, a reading marked as artifact and an unknown reading with plain messages', async () => {
    const nurse = await as('nurse');
    const manual = await request(nurse, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: vigil.clock.now(),
      vitals: goodVitals,
    });
    expect(manual.ok).toBe(true);
    const manualEvent = (await vigil.sessions.eventsAfter(sessionId, 0)).find(
      (e) => e.type === 'vitals.recorded' && e.actor.kind === 'user',
    );
    if (manualEvent?.type !== 'vitals.recorded') throw new Error('manual reading missing');
    const refusedManual = await request(nurse, 'reading.confirm', {
      commandId: randomUUID(),
      sessionId,
      readingId: manualEvent.payload.readingId,
    });
    expect(refusedManual).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('entered by hand') } });

    const readingId = await deviceReadingId();
    const marked = await request(nurse, 'reading.markArtifact', { commandId: randomUUID(), sessionId, readingId, reason: 'Cuff moved' });
    expect(marked.ok).toBe(true);
    const refusedArtifact = await request(nurse, 'reading.confirm', { commandId: randomUUID(), sessionId, readingId });
    expect(refusedArtifact).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('marked as artifact by Test nurse') },
    });

    const unknown = await request(nurse, 'reading.confirm', { commandId: randomUUID(), sessionId, readingId: 'no-such-reading' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await vigil.sessions.eventsAfter(sessionId, 0)).filter((e) => e.type === 'reading.confirmed')).toHaveLength(0);
  });

  it('only nurses and prescribers may confirm; a bad request is refused before anything else', async () => {
    const readingId = await deviceReadingId();
    for (const role of ['therapist', 'admin']) {
      const socket = await as(role);
      const refused = await request(socket, 'reading.confirm', { commandId: randomUUID(), sessionId, readingId });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: 'Only nurses and prescribers can confirm a device reading' },
      });
    }
    const nurse = await as('nurse');
    const invalid = await request(nurse, 'reading.confirm', { commandId: randomUUID(), sessionId, readingId, extra: 1 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await state())!.readings.find((r) => r.readingId === readingId)!.confirmedBy).toBeUndefined();
  });
});

describe('the confirmations slice (shared reducer, used by server and screens)', () => {
  const at = Date.UTC(2026, 10, 23, 14, 0);
  const nurse = { kind: 'user' as const, userId: 'u-nurse', displayName: 'Nora', role: 'nurse' as const };
  const prescriber = { kind: 'user' as const, userId: 'u-prescriber', displayName: 'Pat', role: 'prescriber' as const };
  const monitor = { kind: 'device' as const, deviceId: 'EUI-1', displayName: 'Monitor 1' };
  let seq = 0;
  const event = (type: string, payload: object, actor: object, minutes: number) =>
    ({
      sessionId: 's-1',
      seq: (seq += 1),
      type,
      payload,
      observedAt: at + minutes * 60_000,
      recordedAt: at + minutes * 60_000,
      actor,
      commandId: `c-${seq}`,
    }) as SessionEvent;
  const vitals = { systolicMmHg: 120, diastolicMmHg: 80 };

  it('puts the first confirmation on a device reading; a second, a manual reading and an unknown id change nothing', () => {
    seq = 0;
    const events = [
      event('session.opened', { roomId: 'room-1', patientAlias: 'T.P.', protocolId: 'p', protocolName: 'P' }, nurse, 0),
      event('vitals.recorded', { readingId: 'r-device', vitals }, monitor, 1),
      event('vitals.recorded', { readingId: 'r-manual', vitals }, nurse, 2),
      event('reading.confirmed', { readingId: 'r-device' }, nurse, 3),
      event('reading.confirmed', { readingId: 'r-device' }, prescriber, 4),
      event('reading.confirmed', { readingId: 'r-manual' }, nurse, 5),
      event('reading.confirmed', { readingId: 'r-none' }, nurse, 6),
    ];
    const state = foldSessionEvents(events)!;
    expect(state.readings.find((r) => r.readingId === 'r-device')).toMatchObject({ confirmedBy: nurse, confirmedAt: at + 3 * 60_000 });
    expect(state.readings.find((r) => r.readingId === 'r-manual')?.confirmedBy).toBeUndefined();
    expect(state.lastSeq).toBe(7);
    // Replaying the same log gives the same state.
    expect(foldSessionEvents(events)).toEqual(state);
  });
});
