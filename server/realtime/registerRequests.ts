import { may } from '../../shared/policy';
import {
  COMMANDS,
  isRequestName,
  refusalOf,
  REQUEST_NAMES,
  type AuditDetail,
  type ParsedRequestOf,
  type RequestName,
} from '../../shared/realtime/commands';
import { handoverRefusal } from '../../shared/questionnaires/handover';
import { fail } from '../../shared/result';
import type { SessionEvent } from '../../shared/session/events';
import { userActor, type CommandContext } from '../commands/context';
import type { AuditIntent } from '../store/audit';
import { guarded, refuseUnknownEvents, type GuardDeps } from './handler';
import type { RealtimeDeps, RequestHandlers } from './requestHandlers';
import type { VigilSocket } from './types';

/** The audit row a command's event will carry, as its table row describes it; null for queries. */
function auditIntent<E extends RequestName>(socket: VigilSocket, name: E, request: ParsedRequestOf<E>): AuditIntent | null {
  // The request was parsed by this row's own schema, so it is this row's request type.
  const describe =
    COMMANDS[name].kind === 'command'
      ? (COMMANDS[name] as unknown as { audit: (request: ParsedRequestOf<E>, event: SessionEvent) => AuditDetail }).audit
      : null;
  if (!describe) return null;
  return {
    action: name,
    userId: socket.data.user.userId,
    remoteAddress: socket.data.remoteAddress,
    detail: (event) => describe(request, event),
  };
}

function commandContext<E extends RequestName>(
  socket: VigilSocket,
  deps: RealtimeDeps,
  name: E,
  request: ParsedRequestOf<E>,
): CommandContext {
  return {
    actor: userActor(socket.data.user),
    user: socket.data.user,
    remoteAddress: socket.data.remoteAddress,
    clock: deps.clock,
    sessions: deps.sessions,
    audit: auditIntent(socket, name, request),
  };
}

function registerOne<E extends RequestName>(
  socket: VigilSocket,
  guard: GuardDeps,
  deps: RealtimeDeps,
  handlers: RequestHandlers,
  name: E,
): void {
  const { request: schema, action } = COMMANDS[name];
  const listener = guarded(guard, {
    schema,
    authorize: (request: ParsedRequestOf<E>) => {
      if (!may(socket.data.user.role, action)) return fail('forbidden', refusalOf(name));
      // A tablet handed to the patient answers only the questionnaire it was handed over for.
      const handedOver = socket.data.handover ? handoverRefusal(socket.data.handover, name, request) : null;
      return handedOver ? fail('forbidden', handedOver) : null;
    },
    run: (request: ParsedRequestOf<E>) => handlers[name](request, { socket, command: commandContext(socket, deps, name, request) }),
  });
  socket.on(name as RequestName, listener);
}

/** Registers every row of the command table on a screen's socket through the one guard, and refuses the rest. */
export function registerRequests(socket: VigilSocket, guard: GuardDeps, deps: RealtimeDeps, handlers: RequestHandlers): void {
  refuseUnknownEvents(socket, isRequestName, guard.takeToken);
  for (const name of REQUEST_NAMES) registerOne(socket, guard, deps, handlers, name);
}
