import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selfHarmAlarmId } from '../../../shared/alerts/rules/selfHarm';
import type { RoomUpdate } from '../../../shared/clinic/roomUpdate';
import { queryAudit } from '../../../server/store/auditQuery';
import { request } from '../../support/server';
import { alarmEvent, appendDose, startAlarmSession, storedEvents, type AlarmServer } from '../alarms/harness';

const PHQ9_ITEM9_ONE = [2, 2, 1, 1, 1, 1, 1, 0, 1];

/** PHQ-9 and GAD-7 on a live server: real sockets, a real SQLite file, a manual clock. */
describe('questionnaires before the dose, and the PHQ-9 item 9 alarm', () => {
  let server: AlarmServer;
  let sessionId: string;

  beforeEach(async () => ({ server, sessionId } = await startAlarmSession()));
  afterEach(() => server.close());

  const record = (socket: Parameters<typeof request>[0], questionnaire: object, completedBy = 'patient') =>
    request(socket, 'questionnaire.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: server.clock.now(),
      questionnaire,
      completedBy,
    });

  it('item 9 above 0: the therapist at the bedside and the prescriber elsewhere both get a high alarm at once, escalated to the prescriber', async () => {
    const therapist = await server.screen('therapist', sessionId);
    // The prescriber is not on this session's page: the clinic stream is what follows them everywhere.
    const prescriber = await server.client('prescriber');
    const rooms: RoomUpdate[] = [];
    prescriber.on('clinic.rooms', (changed) => rooms.push(...changed));
    expect(await request(prescriber, 'clinic.watch', {})).toMatchObject({ ok: true });

    const answer = await record(therapist.socket, { instrument: 'phq9', answers: PHQ9_ITEM9_ONE });
    expect(answer).toMatchObject({ ok: true, event: { type: 'questionnaire.recorded', payload: { completedBy: 'patient' } } });
    const questionnaireId = answer.ok ? (answer.event.payload as { questionnaireId: string }).questionnaireId : '';
    const alarmId = selfHarmAlarmId(questionnaireId);

    const raised = await therapist.waitFor(alarmEvent('alarm.raised', alarmId));
    expect(raised.payload).toMatchObject({
      kind: 'self_harm',
      priority: 'high',
      message: expect.stringMatching(/^PHQ-9 item 9: thoughts of self-harm/),
    });
    await therapist.waitFor(alarmEvent('alarm.escalated', alarmId));
    expect(therapist.state().questionnaires).toEqual([expect.objectContaining({ instrument: 'phq9', total: 10, severity: 'moderate' })]);
    await expect
      .poll(() => rooms.findLast((room) => room.session?.sessionId === sessionId)?.session?.escalatedHighAlarmIds)
      .toEqual([alarmId]);
    expect(rooms.findLast((room) => room.session?.sessionId === sessionId)?.session?.unacknowledgedPriority).toBe('high');

    // The prescriber takes it up: acknowledged, it clears and is not raised again.
    const ack = await request(prescriber, 'alarm.acknowledge', {
      commandId: randomUUID(),
      sessionId,
      alarmId,
      note: 'Spoke with the patient',
    });
    expect(ack).toMatchObject({ ok: true });
    await therapist.waitFor(alarmEvent('alarm.cleared', alarmId));
    await expect.poll(() => rooms.findLast((room) => room.session?.sessionId === sessionId)?.session?.escalatedHighAlarmIds).toEqual([]);
  });

  it('the therapist who receives the item 9 alarm may acknowledge it, and only that kind of alarm', async () => {
    const therapist = await server.screen('therapist', sessionId);
    const answer = await record(therapist.socket, { instrument: 'phq9', answers: PHQ9_ITEM9_ONE });
    const questionnaireId = answer.ok ? (answer.event.payload as { questionnaireId: string }).questionnaireId : '';
    const alarmId = selfHarmAlarmId(questionnaireId);
    await therapist.waitFor(alarmEvent('alarm.raised', alarmId));

    const ack = await request(therapist.socket, 'alarm.acknowledge', {
      commandId: randomUUID(),
      sessionId,
      alarmId,
      note: 'Safety plan reviewed',
    });
    expect(ack).toMatchObject({
      ok: true,
      event: { type: 'alarm.acknowledged', payload: { alarmId }, actor: { kind: 'user', role: 'therapist' } },
    });
    await therapist.waitFor(alarmEvent('alarm.cleared', alarmId));
    const audit = await queryAudit(server.vigil.store.db, { sessionId, order: 'oldest' });
    expect(audit.filter((row) => row.action === 'alarm.acknowledge')).toMatchObject([{ userId: 'u-therapist', detail: { alarmId } }]);
  });

  it('item 9 at 0 raises nothing; GAD-7 is scored; the audit row names the instrument and who completed it', async () => {
    const nurse = await server.screen('nurse', sessionId);
    expect(await record(nurse.socket, { instrument: 'phq9', answers: [3, 3, 3, 3, 3, 3, 3, 3, 0] }, 'staff')).toMatchObject({ ok: true });
    expect(await record(nurse.socket, { instrument: 'gad7', answers: [3, 3, 3, 3, 2, 1, 0] }, 'staff')).toMatchObject({ ok: true });
    await expect
      .poll(() => nurse.state().questionnaires.map((q) => `${q.instrument} ${q.total} ${q.severity}`))
      .toEqual(['phq9 24 severe', 'gad7 15 severe']);
    server.vigil.alarms.tick();
    expect((await storedEvents(server.vigil, sessionId)).filter((event) => event.type.startsWith('alarm.'))).toEqual([]);
    const audit = await queryAudit(server.vigil.store.db, { sessionId, order: 'oldest' });
    expect(
      audit.filter((row) => row.action === 'questionnaire.record').map((row) => [row.detail.instrument, row.detail.completedBy]),
    ).toEqual([
      ['phq9', 'staff'],
      ['gad7', 'staff'],
    ]);
  });

  it('refuses a skipped item, an admin, and a questionnaire after the dose — and stores nothing for any of them', async () => {
    const therapist = await server.screen('therapist', sessionId);
    const before = (await storedEvents(server.vigil, sessionId)).length;
    expect(await record(therapist.socket, { instrument: 'phq9', answers: [0, 0, 0] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', issues: [{ path: ['questionnaire', 'answers'], message: 'PHQ-9 has 9 items: answer every one' }] },
    });
    const admin = await server.client('admin');
    expect(await record(admin, { instrument: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0] })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only nurses, prescribers and therapists can record questionnaires' },
    });
    // The dose (its own checks are the dose command's business, tested elsewhere).
    await appendDose(server, sessionId);
    const afterDose = (await storedEvents(server.vigil, sessionId)).length;
    expect(afterDose).toBe(before + 1);
    expect(await record(therapist.socket, { instrument: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0] })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/recorded before the dose/) },
    });
    expect((await storedEvents(server.vigil, sessionId)).filter((event) => event.type === 'questionnaire.recorded')).toEqual([]);
  });
});
