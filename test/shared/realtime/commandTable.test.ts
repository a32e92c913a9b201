import { describe, expect, expectTypeOf, it } from 'vitest';
import { pendingOf, type SubmitCommand } from '../../../client/src/realtime/submit';
import type { Portal } from '../../../client/src/realtime/portal';
import { phaseAllows } from '../../../shared/lifecycle/phases';
import { forbiddenMessage, POLICY, type PolicyAction } from '../../../shared/policy';
import { COMMAND_NAMES, COMMANDS, REQUEST_NAMES, type AnswerOf, type CommandAck, type RequestOf } from '../../../shared/realtime/commands';
import type { ClientToServerEvents } from '../../../shared/realtime/contract';
import { ROLES } from '../../../shared/roles';
import { ALL_PHASES } from '../../../shared/session/phases';
import type { SessionPhase } from '../../../shared/session/state';

/**
 * The command table is the contract: these checks run twice, at run time here and at compile
 * time by `npm run typecheck` (a `@ts-expect-error` that no longer finds an error fails it).
 */
describe('the command table', () => {
  it('names every request once, in resource.verb form, each with a schema and a policy action', () => {
    expect(new Set(REQUEST_NAMES).size).toBe(REQUEST_NAMES.length);
    for (const name of REQUEST_NAMES) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(typeof COMMANDS[name].request.safeParse).toBe('function');
      expect(Object.keys(POLICY)).toContain(COMMANDS[name].action);
    }
  });

  it('gives each command that acts on a session its phases, and the phase machine reads them from the table', () => {
    for (const name of COMMAND_NAMES) {
      const { phases } = COMMANDS[name];
      if (name === 'session.open') expect(phases).toBeNull();
      else expect(phases?.length).toBeGreaterThan(0);
    }
    for (const name of COMMAND_NAMES) {
      const phases: readonly SessionPhase[] | null = COMMANDS[name].phases;
      for (const phase of ALL_PHASES) expect(phaseAllows(name, phase).ok, `${name} in ${phase}`).toBe(phases?.includes(phase) ?? true);
    }
  });

  it('derives a plain refusal for every policy action from its roles', () => {
    expect(forbiddenMessage('session.endEarly')).toBe('Only nurses and prescribers can end a session early');
    expect(forbiddenMessage('predose.acknowledgeAdvisory')).toBe('Only a prescriber can acknowledge a high pre-dose blood pressure');
    expect(forbiddenMessage('device.manage')).toBe('Only an admin can manage devices');
    expect(forbiddenMessage('board.view')).toBe('Your role cannot view the board');
    // A wall display sees the board only.
    expect(forbiddenMessage('clinic.view')).toBe('Only nurses, prescribers, therapists and admins can view the clinic');
    for (const action of Object.keys(POLICY) as PolicyAction[]) {
      const roles = POLICY[action].roles as readonly string[];
      if (roles.length < ROLES.length) expect(forbiddenMessage(action)).toMatch(/^Only /);
    }
  });

  it('types requests and answers by event, so a misspelt event or field does not compile', () => {
    expectTypeOf<AnswerOf<'vitals.record'>>().toEqualTypeOf<CommandAck>();
    expectTypeOf<AnswerOf<'time.sync'>>().toEqualTypeOf<{ serverNow: number; clockRate: number; timeZone: string }>();
    expectTypeOf<Parameters<ClientToServerEvents['session.endEarly']>[0]>().toBeUnknown();
    expectTypeOf<RequestOf<'session.discharge'>>().toHaveProperty('overrideReason');

    const submit: SubmitCommand = async () => undefined;
    const portal = { submit: async () => ({}) } as unknown as Pick<Portal, 'submit'>;
    const typedOnly = () => {
      void submit('session.discharge', { overrideReason: 'Reviewed by the prescriber' });
      // @ts-expect-error a misspelt field is a compile error
      void submit('session.discharge', { overideReason: 'typo' });
      // @ts-expect-error a misspelt event is a compile error
      void submit('session.dischrge', {});
      // @ts-expect-error a field of the wrong type is a compile error
      void submit('session.endEarly', { reason: 42 });
      // @ts-expect-error the outbox takes only commands, not queries
      void portal.submit('session.watch', { sessionId: 's', afterSeq: 0 });
      // @ts-expect-error a screen's list of the commands it shows is typed by the table too
      void pendingOf([], 's', 'u', ['alarm.acknowledge', 'alarm.acknowlege']);
    };
    expect(typeof typedOnly).toBe('function');
  });
});
