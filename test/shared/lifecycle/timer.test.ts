import { describe, expect, it } from 'vitest';
import { estimateOffset, serverNowFrom } from '../../../shared/clock/offset';
import { observationTimer } from '../../../shared/lifecycle/timer';
import { DOSE_MINUTE, dosedSession, nurse, prescriber, sessionLog } from './fixtures';

const MIN = 60_000;
const SCHEDULE = [0, 15, 30, 40, 60, 90, 120]; // Spravato default checks (PRODUCT.md)
const RULES = { route: 'intranasal', minimumObservationMinutes: 120, checkScheduleMinutes: SCHEDULE };

describe('observationTimer', () => {
  const log = dosedSession();
  const state = log.state();
  const dosedAt = log.minutes(DOSE_MINUTE);
  const timerAt = (minutesAfterDose: number) => observationTimer(state, RULES, dosedAt + minutesAfterDose * MIN)!;

  it('is null before the dose', () => {
    expect(observationTimer(sessionLog().state(), RULES, log.minutes(5))).toBeNull();
  });

  it('counts from the dose, with the first check due at once', () => {
    expect(timerAt(0)).toEqual({
      dosedAt,
      doseCount: 1,
      countingFrom: { doseNumber: 1, at: dosedAt, route: 'intranasal', minimumObservationMinutes: 120 },
      elapsedMs: 0,
      remainingMs: 120 * MIN,
      minimumReached: false,
      stopped: false,
      nextCheck: { minutesAfterDose: 0, doseNumber: 1, dueAt: dosedAt, dueInMs: 0 },
    });
  });

  it.each([
    [119.9, false, 0.1 * MIN],
    [120, true, 0],
    [120.1, true, 0],
  ])('%f min after the dose: minimum reached %s, %f ms remaining', (minutes, reached, remaining) => {
    const timer = timerAt(minutes);
    expect(timer.minimumReached).toBe(reached);
    expect(timer.remainingMs).toBeCloseTo(remaining, 6);
    expect(timer.elapsedMs).toBeCloseTo(minutes * MIN, 6);
  });

  it('shows the next scheduled check and how long until it is due', () => {
    expect(timerAt(35).nextCheck).toEqual({ minutesAfterDose: 40, doseNumber: 1, dueAt: dosedAt + 40 * MIN, dueInMs: 5 * MIN });
    expect(timerAt(40).nextCheck).toMatchObject({ minutesAfterDose: 40, dueInMs: 0 });
    expect(observationTimer(state, RULES, dosedAt + 40 * MIN + 1)!.nextCheck).toMatchObject({ minutesAfterDose: 60 });
    expect(timerAt(121).nextCheck).toBeNull();
    expect(observationTimer(state, { ...RULES, checkScheduleMinutes: [15, 30, 60] }, dosedAt + 20 * MIN)!.nextCheck).toMatchObject({
      minutesAfterDose: 30,
    });
  });

  it('never shows negative elapsed time when the dose was entered slightly ahead', () => {
    expect(observationTimer(state, RULES, dosedAt - 5_000)!.elapsedMs).toBe(0);
  });

  it('moves with a dose time corrected by amendment', () => {
    const amended = dosedSession();
    const doseSeq = amended.events.find((e) => e.type === 'dose.recorded')!.seq;
    amended.add(
      'amendment.recorded',
      { targetSeq: doseSeq, reason: 'First device was at 09:07', change: { kind: 'dose_time', administeredAt: amended.minutes(7) } },
      amended.minutes(40),
      nurse,
    );
    const now = amended.minutes(7 + 120);
    const timer = observationTimer(amended.state(), RULES, now)!;
    expect(timer.dosedAt).toBe(amended.minutes(7));
    expect(timer.minimumReached).toBe(true);
    expect(observationTimer(state, RULES, now)!.minimumReached).toBe(false);
  });

  it('stops at discharge: elapsed frozen, no next check', () => {
    const closed = dosedSession();
    closed.add(
      'session.discharged',
      { override: { reason: 'Transferred' }, failingItemIds: ['minimum_observation'] },
      closed.minutes(DOSE_MINUTE + 50),
      prescriber,
    );
    const timer = observationTimer(closed.state(), RULES, closed.minutes(500))!;
    expect(timer).toMatchObject({ elapsedMs: 50 * MIN, remainingMs: 70 * MIN, stopped: true, nextCheck: null });
  });

  it('shows the same countdown on a screen with a wrong clock, at 10x demo speed, after a reload', () => {
    const realStart = log.minutes(0);
    const rate = 10;
    const server = (real: number) => realStart + (real - realStart) * rate;
    const screens = [3 * 3_600_000, -7 * 3_600_000, 0].map((skew) => {
      const client = (real: number) => real + skew;
      const sample = (real: number, rtt: number) => ({
        clientSentAt: client(real),
        serverNow: server(real + rtt / 2),
        clientReceivedAt: client(real + rtt),
      });
      return { client, estimate: estimateOffset([sample(realStart + 1_000, 40), sample(realStart + 2_000, 12)])! };
    });
    const realNow = realStart + 8 * MIN; // 80 server minutes in
    const serverTimer = observationTimer(state, RULES, server(realNow));
    for (const { client, estimate } of screens) {
      const serverNow = serverNowFrom({ ...estimate, clockRate: rate, clientNow: client(realNow) });
      expect(observationTimer(state, RULES, serverNow)).toEqual(serverTimer);
    }
    expect(serverTimer).toMatchObject({
      elapsedMs: 70 * MIN,
      remainingMs: 50 * MIN,
      nextCheck: { minutesAfterDose: 90, dueInMs: 20 * MIN },
    });
  });
});
