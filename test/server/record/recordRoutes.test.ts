import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { readAudit } from '../../../server/store/audit';
import { getRemsForm, markRemsSubmitted, signRemsForm } from '../../../server/store/remsForms';
import { remsAnswersSchema } from '../../../shared/record/remsForm';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { storeRecordedSession } from '../../support/recordedSession';
import { connectClient, httpAs, openTestSession, request, signIn, startTestServer } from '../../support/server';

// The same queries run on SQLite (default) and PostgreSQL.
describe.each(['sqlite', 'postgres'] as const)('the record over HTTP (%s)', (dialect) => {
  let vigil: Vigil;
  let sessionId: string;
  const cookies: Record<string, string> = {};
  const databases: string[] = [];

  beforeAll(async () => {
    const databaseUrl = dialect === 'postgres' ? await freshPostgres(databases, 'record') : null;
    vigil = await startTestServer({ timeZone: 'America/New_York', databaseUrl }, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
    for (const role of ['nurse', 'prescriber', 'therapist', 'admin']) cookies[role] = await signIn(vigil, role);
    sessionId = await storeRecordedSession(vigil, 'room-1', { deviceSeconds: 90 });
    await openTestSession(vigil, 'room-2');
  });
  afterAll(async () => {
    await vigil?.close();
    await dropPostgres(databases);
  });

  async function download(url: string, cookie: string) {
    const response = await fetch(`${vigil.url}${url}`, { headers: { cookie } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
  }

  it('lists sessions newest first and filters by status, room, alias and search', async () => {
    const all = await httpAs(vigil, cookies.therapist ?? '', 'GET', '/api/sessions');
    expect(all.body).toMatchObject({ ok: true, total: 2, page: 1 });
    const discharged = await httpAs(vigil, cookies.nurse ?? '', 'GET', '/api/sessions?status=discharged');
    expect(discharged.body.sessions).toEqual([
      expect.objectContaining({ sessionId, status: 'discharged', roomName: 'Room 1', protocolName: 'Spravato 56 mg intranasal' }),
    ]);
    expect((await httpAs(vigil, cookies.nurse ?? '', 'GET', '/api/sessions?status=running&room=room-2')).body.total).toBe(1);
    expect((await httpAs(vigil, cookies.nurse ?? '', 'GET', '/api/sessions?room=room-2&status=discharged')).body.total).toBe(0);
    expect((await httpAs(vigil, cookies.nurse ?? '', 'GET', '/api/sessions?q=room%202')).body.total).toBe(1);
    expect((await httpAs(vigil, cookies.nurse ?? '', 'GET', '/api/sessions?alias=t.p&protocol=spravato-56')).body.total).toBe(2);
    const bad = await httpAs(vigil, cookies.nurse ?? '', 'GET', '/api/sessions?status=lost&from=yesterday');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('YYYY-MM-DD');
  });

  it('serves a PDF whose text holds the alias, dose and lot, the three REMS blood pressures and the total minutes', async () => {
    const pdf = await download(`/api/sessions/${sessionId}/report.pdf?size=letter`, cookies.prescriber ?? '');
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-pdf-'));
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, pdf.bytes);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain('T.P.');
    expect(text).toMatch(/esketamine 56 mg intranasal, lot LOT-B7/);
    expect(text).toContain('Before dosing: 128/82 mmHg');
    expect(text).toContain('About 40 min after dosing: 152/94 mmHg');
    expect(text).toContain('Before discharge: 130/82 mmHg');
    expect(text).toContain('Total monitoring: 125 min');
    // The device readings' provenance, in the 5-minute rows too: the monitor by name, id and address, with counts.
    expect(text).toMatch(/Bed monitor 1 \(device dev-1\) from 10\.20\.0\.15 ×\d+/);
    // And each device with when its readings were received.
    expect(text).toMatch(
      /Device readings, by device and where each sent from: Bed monitor 1 \(device dev-1\) from 10\.20\.0\.15: \d+ readings received/,
    );
    expect(text).toMatch(/page 1 of \d/);
    expect(text).toContain('EST');
  });

  it('exports the CSV and the FHIR Bundle, and audits every view and export', async () => {
    const csv = await download(`/api/sessions/${sessionId}/readings.csv`, cookies.nurse ?? '');
    expect(csv.type).toContain('text/csv');
    expect(csv.bytes.toString('utf8').trim().split('\n')).toHaveLength(1 + 7 + 90);
    const fhir = await download(`/api/sessions/${sessionId}/fhir`, cookies.prescriber ?? '');
    expect(fhir.type).toContain('application/fhir+json');
    expect(JSON.parse(fhir.bytes.toString('utf8'))).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    await httpAs(vigil, cookies.therapist ?? '', 'GET', `/api/sessions/${sessionId}/report`);
    const actions = (await readAudit(vigil.store.db, sessionId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['report.pdf', 'export.csv', 'export.fhir', 'report.view']));
  });

  it('refuses exports to a therapist and an admin (minimum necessary) and signing to anyone but a prescriber', async () => {
    expect((await download(`/api/sessions/${sessionId}/fhir`, cookies.therapist ?? '')).status).toBe(403);
    expect((await download(`/api/sessions/${sessionId}/readings.csv`, cookies.admin ?? '')).status).toBe(403);
    expect((await download(`/api/sessions/${sessionId}/report.pdf`, cookies.therapist ?? '')).status).toBe(403);
    // An admin runs the clinic but opens no patient's record: not the list, the report or the form.
    for (const url of ['/api/sessions', `/api/sessions/${sessionId}/report`, `/api/sessions/${sessionId}/rems`]) {
      expect((await download(url, cookies.admin ?? '')).status).toBe(403);
    }
    const nurse = await httpAs(vigil, cookies.nurse ?? '', 'PUT', `/api/sessions/${sessionId}/rems`, {});
    expect(nurse.status).toBe(403);
    expect(nurse.body).toMatchObject({ error: { message: 'Only a prescriber can complete and sign the REMS monitoring form' } });
  });

  it('lets a prescriber complete, sign and submit the REMS form; the clinic count follows', async () => {
    const before = await httpAs(vigil, cookies.nurse ?? '', 'GET', '/api/rems/due');
    // The recorded session is dated 2026-11-22: by now its 7 days are over, so it is flagged.
    expect(before.body).toMatchObject({ due: [{ sessionId, status: 'due', nearDeadline: true }], nearDeadlineCount: 1 });
    expect((await httpAs(vigil, cookies.prescriber ?? '', 'POST', `/api/sessions/${sessionId}/rems/submit`)).status).toBe(409);
    const incomplete = await httpAs(vigil, cookies.prescriber ?? '', 'PUT', `/api/sessions/${sessionId}/rems`, { sedation: 'yes' });
    expect(incomplete.status).toBe(400);
    const no = 'no' as const;
    const answers = {
      concomitantMedicines: { benzodiazepines: no, nonBenzodiazepineHypnotics: no, psychostimulants: no, maois: no, opioids: no },
      sedation: 'yes',
      dissociation: 'yes',
      respiratoryDepression: no,
      vitalsAcceptableBeforeDosing: 'yes',
      vitalsAcceptableBeforeDischarge: 'yes',
      monitoringSite: 'Main St clinic',
    };
    const signed = await httpAs(vigil, cookies.prescriber ?? '', 'PUT', `/api/sessions/${sessionId}/rems`, answers);
    expect(signed.body).toMatchObject({ ok: true, form: { status: 'signed' }, record: { signedBy: { displayName: 'Test prescriber' } } });
    const submitted = await httpAs(vigil, cookies.prescriber ?? '', 'POST', `/api/sessions/${sessionId}/rems/submit`);
    expect(submitted.body).toMatchObject({ ok: true, form: { status: 'submitted' } });
    expect((await httpAs(vigil, cookies.nurse ?? '', 'GET', '/api/rems/due')).body).toMatchObject({ due: [], nearDeadlineCount: 0 });
    const actions = (await readAudit(vigil.store.db, sessionId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['rems.sign', 'rems.submit']));
  });

  it('keeps what was signed and submitted; a later correction of the record is named beside it, not written into it', async () => {
    const before = (await httpAs(vigil, cookies.nurse ?? '', 'GET', `/api/sessions/${sessionId}/rems`)).body as {
      form: { lotNumbers: string; changedSinceSigning: string[] };
      record: { signedFields: { lotNumbers: string } };
    };
    expect(before.form).toMatchObject({ lotNumbers: 'LOT-B7', changedSinceSigning: [] });
    expect(before.record.signedFields).toMatchObject({ lotNumbers: 'LOT-B7' });
    const dose = (await vigil.sessions.eventsAfter(sessionId, 0)).find((event) => event.type === 'dose.recorded')!;
    const nurse = await connectClient(vigil.url, cookies.nurse ?? '');
    const amended = await request(nurse, 'amendment.record', {
      commandId: randomUUID(),
      sessionId,
      targetSeq: dose.seq,
      reason: 'Lot read again from the box',
      change: { kind: 'dose_lot', lotNumber: 'LOT-C9' },
    });
    nurse.disconnect();
    expect(amended).toMatchObject({ ok: true });
    const after = (await httpAs(vigil, cookies.nurse ?? '', 'GET', `/api/sessions/${sessionId}/rems`)).body as typeof before;
    expect(after.form).toMatchObject({ lotNumbers: 'LOT-B7', changedSinceSigning: ['Lot: now LOT-C9'] });
  });

  it('never changes a submitted form, even when a signature or a second submission was already past the route check', async () => {
    // As when a prescriber's signature and a colleague's submission cross: the store's own condition decides.
    const submitted = await getRemsForm(vigil.store.db, sessionId);
    expect(submitted).toMatchObject({ answers: { sedation: 'yes' }, submittedBy: { displayName: 'Test prescriber' } });
    const auditRows = (await readAudit(vigil.store.db, sessionId)).length;
    const someone = { userId: 'u-nurse', displayName: 'Someone else' };
    const audit = { at: 0, userId: 'u-prescriber', action: 'rems.sign', sessionId, remoteAddress: null, detail: {} };
    const answers = remsAnswersSchema.parse({ ...submitted?.answers, sedation: 'no' });
    expect(await signRemsForm(vigil.store.db, sessionId, answers, submitted!.signedFields!, someone, 1, audit)).toBe(false);
    expect(await markRemsSubmitted(vigil.store.db, sessionId, someone, 1, { ...audit, action: 'rems.submit' })).toBe(false);
    expect(await getRemsForm(vigil.store.db, sessionId)).toEqual(submitted);
    expect(await readAudit(vigil.store.db, sessionId)).toHaveLength(auditRows);
  });
});
