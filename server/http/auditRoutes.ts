import { Router, type Request } from 'express';
import { auditQuerySchema, type AuditRow } from '../../shared/admin/api';
import type { CurrentUser } from '../../shared/http/api';
import { parseInput } from '../../shared/validation';
import type { AuthService } from '../auth/authService';
import type { Clock } from '../clock';
import { writeAudit } from '../store/audit';
import { queryAudit } from '../store/auditQuery';
import { verifyAuditChain } from '../store/auditChain';
import type { Store } from '../store/store';
import { requireUser } from './requireUser';
import { sendFailure } from './respond';

const PAGE_ROWS = 200;
/** An export holds at most this many rows (narrow the dates for more). */
const EXPORT_ROWS = 100_000;

const CSV_COLUMNS = [
  'auditId',
  'at',
  'time (UTC)',
  'userId',
  'username',
  'action',
  'sessionId',
  'roomId',
  'subjectUserId',
  'remoteAddress',
  'detail',
] as const;

/** A CSV cell; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
function cell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsv(rows: AuditRow[]): string {
  const lines = rows.map((r) =>
    [
      r.auditId,
      r.at,
      new Date(r.at).toISOString(),
      r.userId,
      r.username,
      r.action,
      r.sessionId,
      r.roomId,
      r.subjectUserId,
      r.remoteAddress,
      r.detail,
    ]
      .map(cell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The audit trail for admins: filtered pages, a CSV export and the chain check. Reading it is itself audited. */
export function auditRoutes(deps: {
  auth: AuthService;
  store: Store;
  clock: Clock;
  clientAddress: (req: Request) => string | null;
}): Router {
  const router = Router();
  const view = requireUser(deps.auth, 'audit.view');
  const audited = (req: Request, user: CurrentUser, action: string, detail: Record<string, unknown>) =>
    writeAudit(deps.store.db, {
      at: deps.clock.now(),
      userId: user.userId,
      action,
      sessionId: null,
      remoteAddress: deps.clientAddress(req),
      detail,
    });

  router.get('/api/audit', view, async (req, res) => {
    const query = parseInput(auditQuerySchema, req.query);
    if (!query.ok) return sendFailure(res, query);
    const limit = query.value.limit ?? PAGE_ROWS;
    const rows = await queryAudit(deps.store.db, { ...query.value, limit });
    await audited(req, res.locals.user as CurrentUser, 'audit.view', { filters: { ...query.value, limit: undefined, before: undefined } });
    res.json({ ok: true, rows, nextBefore: rows.length === limit ? rows.at(-1)!.auditId : null });
  });

  router.get('/api/audit.csv', view, async (req, res) => {
    const query = parseInput(auditQuerySchema, req.query);
    if (!query.ok) return sendFailure(res, query);
    const rows = await queryAudit(deps.store.db, { ...query.value, limit: EXPORT_ROWS, order: 'oldest' });
    await audited(req, res.locals.user as CurrentUser, 'audit.export', { filters: query.value, rows: rows.length });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="vigil-audit-${new Date().toISOString().slice(0, 10)}.csv"`);
    res.send(auditCsv(rows));
  });

  router.get('/api/audit/verify', view, async (req, res) => {
    const { headHash: _head, ...verify } = await verifyAuditChain(deps.store.db);
    await audited(req, res.locals.user as CurrentUser, 'audit.verify', { intact: verify.intact, rowsChecked: verify.rowsChecked });
    res.json({ ok: true, verify });
  });

  return router;
}
