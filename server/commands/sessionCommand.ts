import { activeAlarms } from '../../shared/alerts/selectors';
import { lifecycleRulesFrom, phaseAllows, type CommandContext as RulesContext } from '../../shared/lifecycle/phases';
import type { Protocol } from '../../shared/protocols/schema';
import type { CommandName } from '../../shared/realtime/commands';
import type { CommandAck } from '../../shared/realtime/contract';
import { fail, type Result } from '../../shared/result';
import type { NewSessionEvent, SessionEvent, SessionEventPayload, SessionEventType } from '../../shared/session/events';
import type { Actor } from '../../shared/session/actor';
import type { SessionState } from '../../shared/session/state';
import type { CommandContext } from './context';

/** What a lifecycle command decides: the one event to store (its payload and bedside time). */
export interface SessionDecision<T extends SessionEventType> {
  payload: SessionEventPayload<T>;
  observedAt: number;
}

export type Decide<T extends SessionEventType> = (
  state: SessionState,
  protocol: Protocol,
  rules: RulesContext,
) => Result<SessionDecision<T>>;

const REUSED_ID = 'This command id was already used for something else';

/** Whether two actors are the same sender: the same person (whatever their role now), the same device, or the system. */
function sameSender(a: Actor, b: Actor): boolean {
  if (a.kind === 'user') return b.kind === 'user' && a.userId === b.userId;
  if (a.kind === 'device') return b.kind === 'device' && a.deviceId === b.deviceId;
  return b.kind === 'system';
}

/**
 * A repeat of a stored command: acknowledged again with the stored event, or refused if the id
 * meant something else (another kind of entry, another session) or was another sender's: a
 * command id someone else's entry holds never answers for theirs (what they sent would be
 * acknowledged and never stored).
 */
export function replayStored(previous: SessionEvent, eventType: SessionEventType, sessionId: string, sender: Actor): Result<CommandAck> {
  if (previous.type !== eventType || previous.sessionId !== sessionId || !sameSender(previous.actor, sender))
    return fail('conflict', REUSED_ID);
  return { ok: true, event: previous, duplicate: true };
}

/** The pure rules' view of the acting person, the session's protocol and the server's time. */
export function rulesContext(ctx: CommandContext, state: SessionState, protocol: Protocol): RulesContext {
  return {
    role: ctx.actor.kind === 'user' ? ctx.actor.role : null,
    rules: lifecycleRulesFrom(protocol),
    now: ctx.clock.now(),
    activeAlarmCount: activeAlarms(state).length,
  };
}

/**
 * Runs one session command (a row of the command table) that stores one event: idempotent by
 * command id (a repeat gets the stored event with `duplicate: true`; an id reused for another
 * kind is a conflict); refused outside the row's phases before its own rule is asked; and the
 * phase check, the rule and the append are one step per session (`decideAndAppend`), so two
 * screens cannot both pass a check that only one of them should. A refusal stores nothing.
 */
export async function runSessionCommand<T extends SessionEventType>(
  ctx: CommandContext,
  command: Exclude<CommandName, 'session.open'>,
  request: { commandId: string; sessionId: string },
  eventType: T,
  decide: Decide<T>,
): Promise<Result<CommandAck>> {
  const previous = ctx.commandIdLookedUp ? null : await ctx.sessions.findCommand(request.commandId);
  if (previous) return replayStored(previous, eventType, request.sessionId, ctx.actor);
  const result = await ctx.sessions.decideAndAppend(
    request.sessionId,
    (state, protocol) => {
      const inPhase = phaseAllows(command, state.phase);
      if (!inPhase.ok) return inPhase;
      const decision = decide(state, protocol, rulesContext(ctx, state, protocol));
      if (!decision.ok) return decision;
      // The generic payload matches its event type by construction; TypeScript cannot follow the union.
      const draft = {
        sessionId: request.sessionId,
        type: eventType,
        payload: decision.payload,
        observedAt: decision.observedAt,
        actor: ctx.actor,
        commandId: request.commandId,
      } as NewSessionEvent;
      return { ok: true, drafts: [draft] };
    },
    ctx.audit,
    ctx.commitsWith ?? null,
  );
  if (!result.ok) {
    // The same command sent twice at once: the first was stored while this one waited, and the
    // rules now refuse it ("already ticked"). It is a repeat, not a refusal.
    const stored = await ctx.sessions.findCommand(request.commandId);
    return stored ? replayStored(stored, eventType, request.sessionId, ctx.actor) : result;
  }
  const event = result.events[0];
  if (!event) return fail('internal', 'Nothing was stored');
  if (result.duplicate) return replayStored(event, eventType, request.sessionId, ctx.actor);
  return { ok: true, event, duplicate: false };
}
