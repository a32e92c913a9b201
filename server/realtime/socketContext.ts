import type { CommandAck } from '../../shared/realtime/contract';
import type { Result } from '../../shared/result';
import type { Clock } from '../clock';
import { userActor, type CommandContext } from '../commands/context';
import type { SessionService } from '../sessions/sessionService';
import { writeAudit, writeAuditAfterCommit } from '../store/audit';
import type { Store } from '../store/store';
import type { VigilSocket } from './types';

/** What every socket handler module needs to build a command's context and audit it. */
export interface SocketContextDeps {
  store: Store;
  clock: Clock;
  sessions: SessionService;
}

/** The command context of the person behind this socket. */
export function commandContextOf(socket: VigilSocket, deps: SocketContextDeps): CommandContext {
  return {
    actor: userActor(socket.data.user),
    user: socket.data.user,
    remoteAddress: socket.data.remoteAddress,
    clock: deps.clock,
    sessions: deps.sessions,
  };
}

/** Audit a view (who looked at what, from where). */
export function auditView(socket: VigilSocket, deps: SocketContextDeps, action: string, sessionId: string | null, detail: Record<string, unknown> = {}) {
  return writeAudit(deps.store.db, {
    at: deps.clock.now(),
    userId: socket.data.user.userId,
    action,
    sessionId,
    remoteAddress: socket.data.remoteAddress,
    detail,
  });
}

/** Audit a command that stored something (a repeat or a refusal stores nothing); passes the result through. */
export async function auditCommitted(
  socket: VigilSocket,
  deps: SocketContextDeps,
  action: string,
  result: Result<CommandAck>,
  detail: Record<string, unknown>,
): Promise<Result<CommandAck>> {
  if (result.ok && !result.duplicate) {
    await writeAuditAfterCommit(deps.store.db, {
      at: deps.clock.now(),
      userId: socket.data.user.userId,
      action,
      sessionId: result.event.sessionId,
      remoteAddress: socket.data.remoteAddress,
      detail: { ...detail, seq: result.event.seq },
    });
  }
  return result;
}
