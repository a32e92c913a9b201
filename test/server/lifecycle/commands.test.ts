import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readAudit } from '../../../server/store/audit';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { request } from '../../support/server';
import { dosedSession, MINUTE_MS, openChecked, refusal, send, staffedServerPerTest, stored, WITHIN_ADVISORY } from './lifecycleClients';

describe('lifecycle commands: roles, reasons, amendments and repeats', () => {
  const clinic = staffedServerPerTest();
  const clock = clinic.clock;

  /** Events people stored (the alarm engine may add its own as the clock moves). */
  const eventCount = async (sessionId: string) =>
    (await clinic.vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.actor.kind === 'user').length;

  it('refuses each command to a role the policy or the protocol does not allow, storing nothing', async () => {
    const { nurse, prescriber, therapist } = clinic.staff;
    expect(
      refusal(await send(therapist, 'session.open', { roomId: 'room-1', patientAlias: 'A.B.', protocolId: 'spravato-56' })),
    ).toMatchObject({
      code: 'forbidden',
      message: 'Only nurses and prescribers can open a session',
    });
    const sessionId = await openChecked(clinic.staff);
    const before = await eventCount(sessionId);
    const cases: { by: typeof nurse; event: Parameters<typeof send>[1]; payload: Record<string, unknown>; message: string }[] = [
      {
        by: therapist,
        event: 'dose.record',
        payload: { observedAt: clock.now(), drug: 'esketamine', route: 'intranasal', lotNumber: '', doseMg: 56 },
        message: 'Only nurses and prescribers can record a dose',
      },
      { by: therapist, event: 'session.discharge', payload: {}, message: 'Only nurses and prescribers can discharge a patient' },
      {
        by: therapist,
        event: 'session.endEarly',
        payload: { reason: 'Patient asked to stop' },
        message: 'Only nurses and prescribers can end a session early',
      },
      {
        by: nurse,
        event: 'predose.acknowledgeAdvisory',
        payload: {},
        message: 'Only a prescriber can acknowledge a high pre-dose blood pressure',
      },
      {
        by: therapist,
        event: 'checklist.untick',
        payload: { checklist: 'pre_dose', itemId: 'fasting' },
        message: 'Only a nurse or prescriber can change "Fasting',
      },
      {
        by: prescriber,
        event: 'checklist.untick',
        payload: { checklist: 'pre_dose', itemId: 'intention_noted' },
        message: 'Only a therapist can change',
      },
    ];
    for (const { by, event, payload, message } of cases) {
      const error = refusal(await send(by, event, { sessionId, ...payload }));
      expect(error.code).toBe('forbidden');
      expect(error.message).toContain(message);
    }
    expect(await eventCount(sessionId)).toBe(before);
    // A prescriber's acknowledgement with nothing to acknowledge is refused with the reason.
    stored(
      await send(nurse, 'vitals.record', {
        sessionId,
        observedAt: clock.now(),
        vitals: { systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 98, respiratoryRatePerMin: 14 },
      }),
    );
    expect(refusal(await send(prescriber, 'predose.acknowledgeAdvisory', { sessionId })).message).toBe(
      'The baseline 120/80 is within the advisory limit of 140/90: nothing to acknowledge.',
    );
  });

  it('a tick taken back can be ticked again, by the right person; unknown items and sessions are refused', async () => {
    const { nurse, therapist } = clinic.staff;
    const sessionId = await openChecked(clinic.staff);
    stored(await send(nurse, 'checklist.untick', { sessionId, checklist: 'pre_dose', itemId: 'fasting' }));
    expect((await clinic.vigil.sessions.getState(sessionId))?.checklists.pre_dose.fasting).toBeUndefined();
    expect(refusal(await send(nurse, 'checklist.untick', { sessionId, checklist: 'pre_dose', itemId: 'fasting' })).message).toContain(
      'is not ticked',
    );
    const again = stored(
      await send(nurse, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId: 'fasting', note: 'Last meal 07:00' }),
    );
    expect(again.payload).toEqual({ checklist: 'pre_dose', itemId: 'fasting', note: 'Last meal 07:00' });
    expect(
      refusal(await send(therapist, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId: 'escort_arranged' })).message,
    ).toContain('was already ticked by Test therapist');
    expect(refusal(await send(nurse, 'checklist.tick', { sessionId, checklist: 'pre_dose', itemId: 'no_such_item' })).code).toBe(
      'not_found',
    );
    expect(
      refusal(await send(nurse, 'checklist.tick', { sessionId: 'no-such-session', checklist: 'pre_dose', itemId: 'fasting' })),
    ).toMatchObject({
      code: 'not_found',
      message: 'No such session',
    });
  });

  it('discharge while items fail (no regulatory floor): refused for a nurse, refused for a prescriber without a reason, recorded with one', async () => {
    const { nurse, prescriber } = clinic.staff;
    const dosedAt = clock.now();
    const { sessionId } = await dosedSession(clinic.staff, dosedAt, 'room-1', 'ketamine-im');
    clock.advance(30 * MINUTE_MS);
    const before = await eventCount(sessionId);

    const byNurse = refusal(await send(nurse, 'session.discharge', { sessionId }));
    expect(byNurse.code).toBe('conflict');
    expect(byNurse.message).toMatch(
      /^Discharge refused — not yet met: Minimum observation time \(90 min\) \(30 of 90 min elapsed since the dose\);/,
    );
    expect(byNurse.message).toContain('Only a prescriber can discharge with items failing, and must give a reason.');
    expect(byNurse.issues.map((issue) => issue.path)).toContainEqual(['items', 'minimum_observation']);
    const nurseWithReason = refusal(await send(nurse, 'session.discharge', { sessionId, overrideReason: 'Patient insists' }));
    expect(nurseWithReason.code).toBe('forbidden');
    const noReason = refusal(await send(prescriber, 'session.discharge', { sessionId }));
    expect(noReason.code).toBe('invalid_input');
    expect(noReason.issues[0]).toEqual({ path: ['overrideReason'], message: 'A reason is required to discharge with items failing' });
    const blank = refusal(await send(prescriber, 'session.discharge', { sessionId, overrideReason: '   ' }));
    expect(blank.issues.map((issue) => issue.path)).toContainEqual(['overrideReason']);
    expect(await eventCount(sessionId)).toBe(before);

    const reason = 'Family emergency; reviewed in person, stable, escort present';
    const discharged = stored(await send(prescriber, 'session.discharge', { sessionId, overrideReason: reason }));
    expect(discharged.payload).toMatchObject({ override: { reason } });
    if (discharged.type !== 'session.discharged') throw new Error('not a discharge');
    expect(discharged.payload.failingItemIds).toEqual(
      expect.arrayContaining(['minimum_observation', 'moaas_recovered', 'responsible_adult']),
    );
    const state = await clinic.vigil.sessions.getState(sessionId);
    expect(state).toMatchObject({
      phase: 'discharged',
      readyForDischargeAt: null,
      discharge: { override: { reason }, dischargedBy: { role: 'prescriber' } },
    });
    const audit = await readAudit(clinic.vigil.store.db, sessionId);
    expect(audit.filter((entry) => entry.action === 'session.discharge')).toMatchObject([
      { userId: 'u-prescriber', detail: { override: true } },
    ]);
  });

  it('ends a session early only with a reason; afterwards only amendments are accepted', async () => {
    const { nurse, therapist } = clinic.staff;
    const sessionId = await openChecked(clinic.staff);
    const noReason = refusal(await send(nurse, 'session.endEarly', { sessionId, reason: '' }));
    expect(noReason).toMatchObject({ code: 'invalid_input', issues: [{ path: ['reason'], message: 'A reason is required' }] });
    const ended = stored(await send(nurse, 'session.endEarly', { sessionId, reason: 'Baseline blood pressure too high today; rebooked' }));
    expect(ended).toMatchObject({ type: 'session.endedEarly', payload: { reason: 'Baseline blood pressure too high today; rebooked' } });
    expect((await clinic.vigil.sessions.getState(sessionId))?.endedEarly).toMatchObject({ endedBy: { role: 'nurse' } });
    const dose = refusal(
      await send(nurse, 'dose.record', {
        sessionId,
        observedAt: clock.now(),
        drug: 'esketamine',
        route: 'intranasal',
        lotNumber: '',
        doseMg: 56,
      }),
    );
    expect(dose.message).toBe('This session was ended early and is read-only. Record a correction as an amendment with a reason.');
    expect(refusal(await send(nurse, 'session.discharge', { sessionId })).code).toBe('conflict');
    // The opening of a session is corrected by those who run it, not by the therapist.
    const aliasNote = { sessionId, targetSeq: 1, reason: 'Alias typo', change: { kind: 'note', text: 'Patient is T.R., not T.P.' } };
    expect(refusal(await send(therapist, 'amendment.record', aliasNote)).code).toBe('forbidden');
    stored(await send(nurse, 'amendment.record', aliasNote));
  });

  it('amends a dose time (moving the observation clock) and lot, with a reason; refuses other amendments plainly', async () => {
    const { nurse } = clinic.staff;
    const dosedAt = clock.now();
    const { sessionId, doseSeq } = await dosedSession(clinic.staff, dosedAt);
    clock.advance(10 * MINUTE_MS);
    const later = dosedAt + 4 * MINUTE_MS;
    stored(
      await send(nurse, 'amendment.record', {
        sessionId,
        targetSeq: doseSeq,
        reason: 'First device was at 10:04, not 10:00',
        change: { kind: 'dose_time', administeredAt: later },
      }),
    );
    stored(
      await send(nurse, 'amendment.record', {
        sessionId,
        targetSeq: doseSeq,
        reason: 'Lot misread',
        change: { kind: 'dose_lot', lotNumber: 'L-8' },
      }),
    );
    const state = await clinic.vigil.sessions.getState(sessionId);
    expect(state?.dosedAt).toBe(later);
    expect(state?.doses[0]).toMatchObject({ administeredAt: later, lotNumber: 'L-8' });
    expect(state?.amendments).toHaveLength(2);

    const notADose = refusal(
      await send(nurse, 'amendment.record', { sessionId, targetSeq: 1, reason: 'x', change: { kind: 'dose_lot', lotNumber: 'L-9' } }),
    );
    expect(notADose.message).toContain('Entry #1 is not a dose');
    expect(
      refusal(await send(nurse, 'amendment.record', { sessionId, targetSeq: 999, reason: 'x', change: { kind: 'note', text: 'y' } })).code,
    ).toBe('not_found');
    const future = refusal(
      await send(nurse, 'amendment.record', {
        sessionId,
        targetSeq: doseSeq,
        reason: 'x',
        change: { kind: 'dose_time', administeredAt: clock.now() + 3_600_000 },
      }),
    );
    expect(future.message).toContain('in the future');
    const noReason = refusal(
      await send(nurse, 'amendment.record', { sessionId, targetSeq: doseSeq, reason: ' ', change: { kind: 'note', text: 'y' } }),
    );
    expect(noReason.issues.map((issue) => issue.path)).toContainEqual(['reason']);
  });

  it('Spravato takes further devices of its dose, not further doses; a 56 mg dose is full at two devices', async () => {
    const { nurse } = clinic.staff;
    const dosedAt = clock.now();
    const { sessionId } = await dosedSession(clinic.staff, dosedAt);
    clock.advance(5 * MINUTE_MS);
    const extra = { drug: 'esketamine', route: 'intranasal', lotNumber: 'L-1', doseMg: 28, deviceCount: 1 };
    const further = refusal(await send(nurse, 'dose.record', { sessionId, observedAt: clock.now(), ...extra }));
    expect(further).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('no check schedule or minimum observation for a further intranasal dose'),
    });
    const state = await clinic.vigil.sessions.getState(sessionId);
    const full = refusal(
      await send(nurse, 'dose.record', { sessionId, observedAt: clock.now(), ...extra, deviceOfDoseId: state!.doses[0]!.doseId }),
    );
    expect(full.message).toBe("56 mg is 2 devices of 28 mg, and 2 are recorded already: this would be more than the protocol's dose.");
    expect((await clinic.vigil.sessions.getState(sessionId))?.doses).toHaveLength(1);
  });

  it('refuses a "measured at" far in the future or before the session', async () => {
    const { nurse, therapist } = clinic.staff;
    const sessionId = await openChecked(clinic.staff);
    const future = refusal(
      await send(therapist, 'observation.record', { sessionId, observedAt: clock.now() + 10 * MINUTE_MS, observation: { kind: 'peak' } }),
    );
    expect(future).toMatchObject({ code: 'invalid_input', issues: [{ path: ['observedAt'] }] });
    const old = refusal(
      await send(therapist, 'observation.record', { sessionId, observedAt: clock.now() - 7 * 3_600_000, observation: { kind: 'peak' } }),
    );
    expect(old.message).toContain('long before this session was opened');
    stored(
      await send(nurse, 'vitals.record', {
        sessionId,
        observedAt: clock.now(),
        vitals: { systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 70, spo2Percent: 98, respiratoryRatePerMin: 14 },
      }),
    );
    const doseInFuture = refusal(
      await send(nurse, 'dose.record', {
        sessionId,
        observedAt: clock.now() + 5 * MINUTE_MS,
        drug: 'esketamine',
        route: 'intranasal',
        lotNumber: '',
        doseMg: 56,
      }),
    );
    expect(doseInFuture.message).toBe('The dose time is in the future — please check it.');
  });

  it('a repeated command is stored once and acknowledged again; an id reused for another command, or by another person, is refused', async () => {
    const { nurse, therapist } = clinic.staff;
    const open = { commandId: randomUUID(), roomId: 'room-2', patientAlias: 'C.D.', protocolId: 'spravato-84' };
    const [first, second] = await Promise.all([request(nurse, 'session.open', open), request(nurse, 'session.open', open)]);
    expect([first.ok, second.ok]).toEqual([true, true]);
    if (!first.ok || !second.ok) return;
    expect(second.event.sessionId).toBe(first.event.sessionId);
    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    const sessionId = first.event.sessionId;
    const reusedForRoom = refusal((await request(nurse, 'session.open', { ...open, roomId: 'room-1' })) as never);
    expect(reusedForRoom.code).toBe('conflict');

    const tick = { commandId: randomUUID(), sessionId, checklist: 'pre_dose', itemId: 'fasting' };
    const ticks = await Promise.all([
      request(nurse, 'checklist.tick', tick),
      request(nurse, 'checklist.tick', tick),
      request(nurse, 'checklist.tick', tick),
    ]);
    expect(ticks.every((ack) => ack.ok)).toBe(true);
    expect(ticks.filter((ack) => ack.ok && !ack.duplicate)).toHaveLength(1);
    const seqs = new Set(ticks.map((ack) => (ack.ok ? ack.event.seq : 0)));
    expect(seqs.size).toBe(1);
    expect((await clinic.vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === 'checklist.itemTicked')).toHaveLength(
      1,
    );

    const reused = await request(therapist, 'observation.record', {
      commandId: tick.commandId,
      sessionId,
      observedAt: clock.now(),
      observation: { kind: 'peak' },
    });
    expect(reused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'This command id was already used for something else' },
    });
    // The same kind of entry under another person's command id is not a repeat of theirs: what this
    // one sent would be acknowledged and never stored. Refused, and nothing of it stored.
    const reading = { commandId: randomUUID(), sessionId, observedAt: clock.now(), vitals: WITHIN_ADVISORY };
    stored(await request(nurse, 'vitals.record', reading));
    const othersId = await request(clinic.staff.prescriber, 'vitals.record', {
      ...reading,
      vitals: { ...WITHIN_ADVISORY, systolicMmHg: 170 },
    });
    expect(othersId).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'This command id was already used for something else' },
    });
    expect(await request(nurse, 'vitals.record', reading)).toMatchObject({ ok: true, duplicate: true });
    const readings = (await clinic.vigil.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === 'vitals.recorded');
    expect(readings.map((event) => (event.payload as { vitals: { systolicMmHg?: number } }).vitals.systolicMmHg)).toEqual([
      WITHIN_ADVISORY.systolicMmHg,
    ]);
    const audit = await readAudit(clinic.vigil.store.db, sessionId);
    expect(audit.filter((entry) => entry.action === 'checklist.tick')).toHaveLength(1);
    expect(audit.filter((entry) => entry.action === 'session.open')).toHaveLength(1);
  });

  it('a command id sent to two sessions at once is stored in one; the other answers a conflict and its copy holds only its own record', async () => {
    const { nurse } = clinic.staff;
    const open = async (roomId: string) =>
      stored(await send(nurse, 'session.open', { roomId, patientAlias: 'T.P.', protocolId: 'spravato-56' })).sessionId;
    const [first, second] = [await open('room-1'), await open('room-2')];
    const announced: string[] = [];
    const stop = clinic.vigil.sessions.onCommitted((events, state) =>
      announced.push(...events.map((event) => `${event.sessionId}/${event.seq} to ${state.sessionId}`)),
    );
    const commandId = randomUUID();
    const tick = (sessionId: string) =>
      request(nurse, 'checklist.tick', { commandId, sessionId, checklist: 'pre_dose', itemId: 'fasting' });
    const acks = await Promise.all([tick(first), tick(second)]);
    expect(acks.filter((ack) => ack.ok && !ack.duplicate)).toHaveLength(1);
    expect(acks.filter((ack) => !ack.ok && ack.error.code === 'conflict')).toHaveLength(1);
    stop();
    // Announced once, to its own session's screens and rules.
    const ticked = acks.find((ack) => ack.ok);
    expect(announced).toEqual(ticked?.ok ? [`${ticked.event.sessionId}/${ticked.event.seq} to ${ticked.event.sessionId}`] : []);
    // Each session's copy (what its screens and its rules see) is exactly its own stored record.
    for (const sessionId of [first, second]) {
      const storedRecord = foldSessionEvents(await clinic.vigil.sessions.eventsAfter(sessionId, 0));
      expect(await clinic.vigil.sessions.getState(sessionId)).toEqual(storedRecord);
    }
  });

  it('session.open refuses an unknown room or protocol, and an alias that looks like a full name', async () => {
    const { nurse } = clinic.staff;
    expect(refusal(await send(nurse, 'session.open', { roomId: 'room-9', patientAlias: 'E.F.', protocolId: 'spravato-56' }))).toMatchObject(
      {
        code: 'not_found',
        issues: [{ path: ['roomId'] }],
      },
    );
    expect(
      refusal(await send(nurse, 'session.open', { roomId: 'room-1', patientAlias: 'E.F.', protocolId: 'no-such-protocol' })),
    ).toMatchObject({
      code: 'not_found',
      issues: [{ path: ['protocolId'] }],
    });
    const alias = refusal(
      await send(nurse, 'session.open', {
        roomId: 'room-1',
        patientAlias: 'A very long full name that is not an alias at all',
        protocolId: 'spravato-56',
      }),
    );
    expect(alias.issues.map((issue) => issue.path)).toContainEqual(['patientAlias']);
  });
});
