import type { CurrentUser } from '../../../shared/http/api';
import type { AuthService } from '../../auth/authService';
import type { LiveSignIns } from '../../auth/liveSignIns';
import type { Clock } from '../../clock';
import type { AuditEntry } from '../../store/audit';
import type { Store } from '../../store/store';

/** What an administration command needs: who acts and from where, the store, and the live connections to end. */
export interface AdminContext {
  actor: CurrentUser;
  remoteAddress: string | null;
  store: Store;
  clock: Clock;
  auth: AuthService;
  live: LiveSignIns;
}

/** An audit row of an admin change, by this actor, now. */
export function adminAudit(
  ctx: AdminContext,
  action: string,
  detail: Record<string, unknown>,
  about: { subjectUserId?: string; roomId?: string } = {},
): AuditEntry {
  return { at: ctx.clock.now(), userId: ctx.actor.userId, action, sessionId: null, remoteAddress: ctx.remoteAddress, detail, ...about };
}
