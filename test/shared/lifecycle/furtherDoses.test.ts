import { describe, expect, it } from 'vitest';
import { overdueConditions } from '../../../shared/alerts/rules/overdue';
import { evaluateDischarge, readinessTransitions } from '../../../shared/lifecycle/discharge';
import { doseCourses, scheduledChecks, shortDeviceRests, shortRestText } from '../../../shared/lifecycle/doses';
import { commandAllowed, lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import { observationTimer } from '../../../shared/lifecycle/timer';
import { ketamineImProtocol, spravato84Protocol } from '../../../shared/protocols/defaults';
import { ctx, nurse, preparedSession, type SessionLog } from './fixtures';

const MIN = 60_000;
const im = ketamineImProtocol();
const imRules = lifecycleRulesFrom(im);

/** Ketamine IM (90 min minimum, checks 0, 5, 15, 30, 45, 60, 90) dosed at minute 10, a second IM dose at minute 90. */
function twoImDoses(secondAt = 90): SessionLog {
  const log = preparedSession();
  log.add('dose.recorded', { doseId: 'd-1', drug: 'ketamine', doseMg: 35, route: 'im', lotNumber: 'K1' }, log.minutes(10), nurse);
  log.add('dose.recorded', { doseId: 'd-2', drug: 'ketamine', doseMg: 35, route: 'im', lotNumber: 'K1' }, log.minutes(secondAt), nurse);
  return log;
}

describe('a further dose restarts the schedule and minimum for its route', () => {
  const log = twoImDoses();
  const state = log.state();

  it('counts the minimum from the second dose: refused at 89 min after it, allowed at 90', () => {
    const minimum = (minute: number) =>
      evaluateDischarge(state, imRules, log.minutes(minute), 0).items.find((i) => i.id === 'minimum_observation')!;
    expect(minimum(90 + 89.9)).toMatchObject({
      passes: false,
      label: 'Minimum observation time (90 min from dose 2 (im))',
      reason: '89 of 90 min elapsed since dose 2 (im)',
    });
    expect(minimum(90 + 90)).toMatchObject({ passes: true });
    expect(minimum(90 + 90.1)).toMatchObject({ passes: true });
    // With one dose the same minute would have passed long ago.
    const one = preparedSession();
    one.add('dose.recorded', { doseId: 'd-1', drug: 'ketamine', doseMg: 35, route: 'im', lotNumber: 'K1' }, one.minutes(10), nurse);
    expect(evaluateDischarge(one.state(), imRules, log.minutes(101), 0).items[0]).toMatchObject({ passes: true });
  });

  it('restarts the check schedule from the further dose, dropping the first dose checks it overtakes', () => {
    const checks = scheduledChecks(doseCourses(state, im)).map((c) => `${c.doseNumber}:${c.minutesAfterDose}`);
    // Dose 1's 90-min check (minute 100) falls after dose 2 (minute 90): the schedule restarts there.
    expect(checks).toEqual(['1:0', '1:5', '1:15', '1:30', '1:45', '1:60', '2:0', '2:5', '2:15', '2:30', '2:45', '2:60', '2:90']);
  });

  it('the timer and the next check say which dose they count from', () => {
    const timer = observationTimer(state, im, log.minutes(92))!;
    expect(timer).toMatchObject({
      dosedAt: log.minutes(10),
      doseCount: 2,
      countingFrom: { doseNumber: 2, at: log.minutes(90), route: 'im', minimumObservationMinutes: 90 },
      elapsedMs: 2 * MIN,
      remainingMs: 88 * MIN,
      minimumReached: false,
      nextCheck: { doseNumber: 2, minutesAfterDose: 5, dueAt: log.minutes(95) },
    });
  });

  it('an overdue check of a further dose is its own alarm', () => {
    const conditions = overdueConditions(state, im, log.minutes(90 + 5 + im.checkGraceMinutes));
    expect(conditions.map((c) => c.alarmId)).toContain('overdue:5:low:dose2');
    expect(conditions.find((c) => c.alarmId === 'overdue:5:low:dose2')!.message).toBe(
      'The 5-minute check after dose 2 is overdue — no blood pressure recorded for it yet',
    );
  });

  it('counts readings and MOAA/S only after the latest dose', () => {
    const recovered = twoImDoses(80);
    recovered.moaas(70, 5);
    expect(
      evaluateDischarge(recovered.state(), imRules, recovered.minutes(200), 0).items.find((i) => i.id === 'moaas_recovered'),
    ).toMatchObject({
      passes: false,
      reason: 'No MOAA/S recorded since the dose',
    });
  });

  it('is refused for a route the protocol sets nothing for', () => {
    const result = commandAllowed(
      state,
      { type: 'dose.record', observedAt: log.minutes(100), route: 'iv' },
      ctx('nurse', log.minutes(100), { rules: imRules }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('no check schedule or minimum observation for a further iv dose') },
    });
    expect(
      commandAllowed(
        state,
        { type: 'dose.record', observedAt: log.minutes(100), route: 'im' },
        ctx('nurse', log.minutes(100), { rules: imRules }),
      ),
    ).toEqual({ ok: true });
  });
});

describe('devices of one dose (Spravato 84 mg: three 28 mg devices)', () => {
  const rules = lifecycleRulesFrom(spravato84Protocol());
  function firstDevice(): SessionLog {
    const log = preparedSession();
    log.add(
      'dose.recorded',
      { doseId: 'd-1', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'S1', deviceCount: 1 },
      log.minutes(10),
      nurse,
    );
    return log;
  }
  const device = (log: SessionLog, minute: number, extra: object = {}) =>
    commandAllowed(
      log.state(),
      { type: 'dose.record', observedAt: log.minutes(minute), route: 'intranasal', deviceCount: 1, deviceOfDoseId: 'd-1', ...extra },
      ctx('nurse', log.minutes(minute), { rules }),
    );

  it('are one dose: the clock and schedule count from the first device', () => {
    const log = firstDevice();
    expect(device(log, 15)).toEqual({ ok: true });
    log.add(
      'dose.recorded',
      { doseId: 'd-2', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'S1', deviceCount: 1, deviceOfDoseId: 'd-1' },
      log.minutes(15),
      nurse,
    );
    log.add(
      'dose.recorded',
      { doseId: 'd-3', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'S1', deviceCount: 1, deviceOfDoseId: 'd-1' },
      log.minutes(20),
      nurse,
    );
    const courses = doseCourses(log.state(), rules);
    expect(courses).toHaveLength(1);
    expect(courses[0]).toMatchObject({ startedAt: log.minutes(10), totalMg: 84, deviceCount: 3 });
    expect(observationTimer(log.state(), rules, log.minutes(30))).toMatchObject({
      doseCount: 1,
      countingFrom: { doseNumber: 1, at: log.minutes(10) },
      elapsedMs: 20 * MIN,
    });
  });

  // CLINICAL.md: a 5-minute rest between devices. Recorded as given; a shorter rest is marked.
  it.each([
    ['0 s (at once)', 0, [0]],
    ['2 min', 2 * MIN, [2]],
    ['4 min 29 s', 4 * MIN + 29_000, [4]],
    ['4 min 30 s (a time typed to the minute)', 4 * MIN + 30_000, []],
    ['5 min', 5 * MIN, []],
    ['12 min', 12 * MIN, []],
  ])('a second device %s after the first: short rests %j', (_name, gapMs, minutes) => {
    const log = firstDevice();
    log.add(
      'dose.recorded',
      { doseId: 'd-2', drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'S1', deviceCount: 1, deviceOfDoseId: 'd-1' },
      log.minutes(10) + gapMs,
      nurse,
    );
    expect(device(log, 10 + gapMs / MIN)).toEqual({ ok: true }); // a third device is never refused for its rest
    const rests = shortDeviceRests(log.state(), rules);
    expect(rests.map((rest) => rest.minutesAfterPrevious)).toEqual(minutes);
    for (const rest of rests) {
      expect(rest).toMatchObject({ doseId: 'd-2', previousDoseId: 'd-1', restMinutes: 5 });
      expect(shortRestText(rest)).toBe(
        `given ${rest.minutesAfterPrevious} min after the device before it — the label asks for a 5-min rest`,
      );
    }
  });

  it('measures each rest from the device given just before it, and only for a protocol that gives devices', () => {
    const log = firstDevice();
    const deviceOf = (doseId: string, minute: number) =>
      log.add(
        'dose.recorded',
        { doseId, drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'S1', deviceCount: 1, deviceOfDoseId: 'd-1' },
        log.minutes(minute),
        nurse,
      );
    deviceOf('d-2', 16);
    deviceOf('d-3', 18);
    expect(shortDeviceRests(log.state(), rules)).toMatchObject([{ doseId: 'd-3', previousDoseId: 'd-2', minutesAfterPrevious: 2 }]);
    // A protocol without devices marks nothing.
    expect(shortDeviceRests(log.state(), imRules)).toEqual([]);
  });

  it('are capped at the protocol dose: a fourth device is refused', () => {
    const log = firstDevice();
    expect(device(log, 15, { deviceCount: 2 })).toEqual({ ok: true });
    expect(device(log, 15, { deviceCount: 3 })).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: "84 mg is 3 devices of 28 mg, and 1 is recorded already: this would be more than the protocol's dose.",
      },
    });
  });

  it('need a known dose, its route and a time not before the device before', () => {
    const log = firstDevice();
    expect(device(log, 15, { deviceOfDoseId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(device(log, 15, { route: 'im' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(device(log, 9)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('cannot be earlier than the device before it') },
    });
  });

  it('a further Spravato dose (not a device) is refused: the protocol allows devices only', () => {
    const log = firstDevice();
    const result = commandAllowed(
      log.state(),
      { type: 'dose.record', observedAt: log.minutes(40), route: 'intranasal' },
      ctx('nurse', log.minutes(40), { rules }),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('A further device of the dose is recorded as a device of it') },
    });
  });

  it('a protocol without devices refuses a device entry', () => {
    const log = twoImDoses();
    const result = commandAllowed(
      log.state(),
      { type: 'dose.record', observedAt: log.minutes(95), route: 'im', deviceOfDoseId: 'd-1' },
      ctx('nurse', log.minutes(95), { rules: imRules }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: ['deviceOfDoseId'] }] } });
  });
});

describe('a further dose given after the patient was judged ready', () => {
  it('can be recorded, and takes readiness away until its own minimum has passed', () => {
    const log = preparedSession();
    log.add('dose.recorded', { doseId: 'd-1', drug: 'ketamine', doseMg: 35, route: 'im', lotNumber: 'K1' }, log.minutes(10), nurse);
    log.add('session.readyForDischarge', {}, log.minutes(105));
    expect(log.state().phase).toBe('ready_for_discharge');
    const second = { type: 'dose.record' as const, observedAt: log.minutes(110), route: 'im' };
    // Refusing it would leave a dose given out of the record, and the patient free to go home at once.
    expect(commandAllowed(log.state(), second, ctx('nurse', log.minutes(110), { rules: imRules }))).toEqual({ ok: true });
    log.add('dose.recorded', { doseId: 'd-2', drug: 'ketamine', doseMg: 35, route: 'im', lotNumber: 'K1' }, log.minutes(110), nurse);
    const evaluation = evaluateDischarge(log.state(), imRules, log.minutes(111), 0);
    expect(evaluation.items.find((i) => i.id === 'minimum_observation')).toMatchObject({
      passes: false,
      reason: '1 of 90 min elapsed since dose 2 (im)',
    });
    expect(readinessTransitions(log.state(), evaluation)).toContainEqual({
      type: 'session.readinessLost',
      payload: { failingItemIds: expect.arrayContaining(['minimum_observation']) },
    });
  });
});
