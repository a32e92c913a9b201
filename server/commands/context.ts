import type { CurrentUser } from '../../shared/http/api';
import type { Actor } from '../../shared/session/actor';
import type { Clock } from '../clock';
import type { SessionService } from '../sessions/sessionService';
import type { AuditIntent } from '../store/audit';
import type { CommitsWith } from '../store/events';

/** What every command receives: who is acting, from where, and the services it may use. */
export interface CommandContext {
  actor: Actor;
  user: CurrentUser | null;
  remoteAddress: string | null;
  clock: Clock;
  sessions: SessionService;
  /** The audit row of what the command stores, committed in the same transaction; null: not audited (a replay, a test). */
  audit: AuditIntent | null;
  /** Bookkeeping that commits in the same transaction as what the command stores (a device's last-message time). */
  commitsWith?: CommitsWith | null;
  /**
   * The caller has just looked this command id up and found nothing (a monitor's reading, looked
   * for in the session and the waiting list): the command does not read it again. A repeat that
   * arrives meanwhile is still stored once and answered as one (the append checks the id again
   * in its transaction).
   */
  commandIdLookedUp?: boolean;
}

export function userActor(user: CurrentUser): Actor {
  return { kind: 'user', userId: user.userId, displayName: user.displayName, role: user.role };
}
