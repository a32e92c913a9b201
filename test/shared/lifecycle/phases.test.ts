import { describe, expect, it } from 'vitest';
import { commandAllowed, type LifecycleCommand, type LifecycleCommandType } from '../../../shared/lifecycle/phases';
import type { SessionPhase, SessionState } from '../../../shared/session/state';
import { ctx, dosedSession, preparedSession, prescriber, recoveredSession, testRules, type SessionLog } from './fixtures';

const NOW_MINUTE = 200;

/** One session in each phase; the responsible adult is ticked early in each. */
function sessionIn(phase: SessionPhase): SessionState {
  const build: Record<SessionPhase, () => SessionLog> = {
    pre_dose: () => preparedSession(),
    monitoring: () => dosedSession(),
    ready_for_discharge: () => {
      const log = recoveredSession();
      log.add('session.readyForDischarge', {}, log.minutes(135));
      return log;
    },
    discharged: () => {
      const log = recoveredSession();
      log.add('session.readyForDischarge', {}, log.minutes(135));
      log.add('session.discharged', { override: null, failingItemIds: [] }, log.minutes(140), prescriber);
      return log;
    },
    ended_early: () => {
      const log = dosedSession();
      log.add('session.endedEarly', { reason: 'Patient asked to stop' }, log.minutes(30), prescriber);
      return log;
    },
  };
  const log = build[phase]();
  if (phase === 'pre_dose' || phase === 'monitoring' || phase === 'ended_early') {
    log.add('checklist.itemTicked', { checklist: 'discharge', itemId: 'responsible_adult' }, log.minutes(5));
  }
  const state = log.state();
  expect(state.phase).toBe(phase);
  return state;
}

const t = (minute: number) => Date.UTC(2026, 10, 22, 9, 0, 0) + minute * 60_000;

/** A command valid in every phase where its phase allows it, with the context it needs. */
const COMMANDS: Record<LifecycleCommandType, { command: LifecycleCommand; rules?: Parameters<typeof testRules>[0] }> = {
  'vitals.record': { command: { type: 'vitals.record' } },
  'observation.record': { command: { type: 'observation.record' } },
  // An extra practical item nobody has ticked, so ticking it is valid in every open phase.
  'checklist.tick': {
    command: { type: 'checklist.tick', checklist: 'discharge', itemId: 'extra' },
    rules: {
      dischargeConfig: { ...testRules().dischargeConfig, practicalItems: [{ id: 'extra', label: 'Extra', rolesAllowed: ['prescriber'] }] },
    },
  },
  'checklist.untick': { command: { type: 'checklist.untick', checklist: 'discharge', itemId: 'responsible_adult' } },
  // A lower advisory limit makes the normal baseline need an acknowledgement.
  'predose.acknowledgeAdvisory': {
    command: { type: 'predose.acknowledgeAdvisory' },
    rules: { advisoryLimits: { systolicMmHg: 120, diastolicMmHg: 80 } },
  },
  // A protocol that allows a further intranasal dose (Spravato's own allows devices only).
  'dose.record': {
    command: { type: 'dose.record', observedAt: t(12), route: 'intranasal', deviceCount: 1 },
    rules: { dosing: { furtherDoses: [{ route: 'intranasal', checkScheduleMinutes: [0, 30], minimumObservationMinutes: 60 }] } },
  },
  // No regulatory floor: below it not even a prescriber's override would be allowed.
  'session.discharge': {
    command: { type: 'session.discharge', overrideReason: 'Reviewed at the bedside' },
    rules: { regulatoryFloor: null },
  },
  'session.endEarly': { command: { type: 'session.endEarly', reason: 'Patient asked to stop' } },
  'questionnaire.record': { command: { type: 'questionnaire.record' } },
  'amendment.record': {
    command: { type: 'amendment.record', targetSeq: 1, reason: 'Wrong room noted', change: { kind: 'note', text: 'Room 2, not room 1' } },
  },
};

// Written out by hand (not derived from COMMAND_PHASES) so a change to the machine fails here.
const ALLOWED: Record<LifecycleCommandType, SessionPhase[]> = {
  'vitals.record': ['pre_dose', 'monitoring', 'ready_for_discharge'],
  'observation.record': ['pre_dose', 'monitoring', 'ready_for_discharge'],
  'checklist.tick': ['pre_dose', 'monitoring', 'ready_for_discharge'],
  'checklist.untick': ['pre_dose', 'monitoring', 'ready_for_discharge'],
  'predose.acknowledgeAdvisory': ['pre_dose'],
  'dose.record': ['pre_dose', 'monitoring', 'ready_for_discharge'],
  'session.discharge': ['monitoring', 'ready_for_discharge'],
  'session.endEarly': ['pre_dose'],
  'questionnaire.record': ['pre_dose'],
  'amendment.record': ['pre_dose', 'monitoring', 'ready_for_discharge', 'discharged', 'ended_early'],
};

const PHASES: SessionPhase[] = ['pre_dose', 'monitoring', 'ready_for_discharge', 'discharged', 'ended_early'];

describe('the phase machine: every command in every phase', () => {
  const states = Object.fromEntries(PHASES.map((phase) => [phase, sessionIn(phase)])) as Record<SessionPhase, SessionState>;
  for (const [type, { command, rules }] of Object.entries(COMMANDS) as [LifecycleCommandType, (typeof COMMANDS)[LifecycleCommandType]][]) {
    for (const phase of PHASES) {
      const allowed = ALLOWED[type].includes(phase);
      it(`${type} in ${phase}: ${allowed ? 'allowed' : 'refused'}`, () => {
        const result = commandAllowed(states[phase], command, ctx('prescriber', t(NOW_MINUTE), { rules: testRules(rules) }));
        if (allowed) {
          expect(result).toEqual({ ok: true });
        } else {
          expect(result.ok).toBe(false);
          if (!result.ok) {
            expect(result.error.code).toBe('conflict');
            expect(result.error.message.length).toBeGreaterThan(20);
          }
        }
      });
    }
  }

  it('explains a closed session in words: read-only, corrections as amendments', () => {
    const discharged = commandAllowed(states.discharged, { type: 'vitals.record' }, ctx('nurse', t(NOW_MINUTE)));
    expect(discharged).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/discharged and is read-only.*amendment with a reason/) },
    });
    const ended = commandAllowed(states.ended_early, { type: 'observation.record' }, ctx('therapist', t(NOW_MINUTE)));
    expect(ended).toMatchObject({ ok: false, error: { message: expect.stringMatching(/ended early and is read-only/) } });
    const early = commandAllowed(states.pre_dose, { type: 'session.discharge' }, ctx('prescriber', t(NOW_MINUTE)));
    expect(early).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not been dosed.*end the session early/) } });
  });

  it('lets a device record vitals but nothing that needs a named person', () => {
    expect(commandAllowed(states.monitoring, { type: 'vitals.record' }, ctx(null, t(NOW_MINUTE)))).toEqual({ ok: true });
    for (const type of ['observation.record', 'amendment.record', 'checklist.untick'] as const) {
      const result = commandAllowed(states.monitoring, COMMANDS[type].command, ctx(null, t(NOW_MINUTE)));
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/named person/) } });
    }
    const endEarly = commandAllowed(states.pre_dose, COMMANDS['session.endEarly'].command, ctx(null, t(NOW_MINUTE)));
    expect(endEarly).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/named person/) } });
  });
});
