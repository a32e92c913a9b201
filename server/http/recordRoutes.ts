import { Router, type Request, type Response } from 'express';
import type { CurrentUser } from '../../shared/http/api';
import { sessionListQuerySchema } from '../../shared/http/recordApi';
import { idSchema } from '../../shared/ids';
import type { PolicyAction } from '../../shared/policy';
import { remsAnswersSchema } from '../../shared/record/remsForm';
import { fail } from '../../shared/result';
import { isClosedPhase } from '../../shared/session/phases';
import { parseInput } from '../../shared/validation';
import type { AuthService } from '../auth/authService';
import type { Clock } from '../clock';
import type { RecordService } from '../record/recordService';
import { writeAudit, type AuditEntry } from '../store/audit';
import { markRemsSubmitted, signRemsForm } from '../store/remsForms';
import type { Store } from '../store/store';
import { sendFailure } from './respond';
import { writePieces } from './writePieces';
import { requireUser } from './requireUser';

/** A file name part made of letters, digits and dashes only. */
const safe = (text: string) => text.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 40) || 'session';

/** Sessions list, report (page and PDF), exports and the REMS form. Paths in shared/http/recordApi.ts. */
export function recordRoutes(deps: { auth: AuthService; record: RecordService; store: Store; clock: Clock }): Router {
  const router = Router();
  const userOf = (res: Response) => res.locals.user as CurrentUser;
  const entry = (req: Request, res: Response, action: string, sessionId: string, detail: Record<string, unknown> = {}): AuditEntry => ({
    at: deps.clock.now(),
    userId: userOf(res).userId,
    action,
    sessionId,
    remoteAddress: req.socket.remoteAddress ?? null,
    detail: { via: 'http', ...detail },
  });
  /** Every view of a report and every export is audited before it is sent. */
  const audited = (req: Request, res: Response, action: string, sessionId: string, detail?: Record<string, unknown>) =>
    writeAudit(deps.store.db, entry(req, res, action, sessionId, detail));
  const sessionIdOf = (req: Request, res: Response): string | null => {
    const parsed = parseInput(idSchema, req.params.sessionId);
    if (!parsed.ok) {
      sendFailure(res, parsed);
      return null;
    }
    return parsed.value;
  };
  const notFound = (res: Response) => sendFailure(res, fail('not_found', 'No such session'));
  /**
   * A view or an export of one session, at `path` for those `may` allows: its id checked, `find`
   * (404 when it finds nothing), the `audit` row written, then `send`.
   */
  const auditedView = <T>(
    path: string,
    may: PolicyAction,
    view: {
      find: (sessionId: string, req: Request) => Promise<T | null>;
      audit: string;
      detail?: (found: T, req: Request) => Record<string, unknown>;
      send: (found: T, res: Response) => unknown;
    },
  ) =>
    router.get(path, requireUser(deps.auth, may), async (req, res) => {
      const sessionId = sessionIdOf(req, res);
      if (!sessionId) return;
      const found = await view.find(sessionId, req);
      if (!found) return notFound(res);
      await audited(req, res, view.audit, sessionId, view.detail?.(found, req));
      await view.send(found, res);
    });
  const pdfSize = (req: Request) => (req.query.size === 'letter' ? 'LETTER' : 'A4');

  router.get('/api/sessions', requireUser(deps.auth, 'session.view'), async (req, res) => {
    const parsed = parseInput(sessionListQuerySchema, req.query);
    if (!parsed.ok) return sendFailure(res, parsed);
    res.json({ ok: true, ...(await deps.record.list(parsed.value)) });
  });

  auditedView('/api/sessions/:sessionId/report', 'session.view', {
    find: (sessionId) => deps.record.report(sessionId),
    audit: 'report.view',
    send: (built, res) => res.json({ ok: true, report: built.report, rems: built.rems }),
  });

  auditedView('/api/sessions/:sessionId/report.pdf', 'record.export', {
    find: (sessionId, req) => deps.record.pdf(sessionId, pdfSize(req)),
    audit: 'report.pdf',
    detail: (_built, req) => ({ size: pdfSize(req) }),
    send: (built, res) =>
      res
        .type('application/pdf')
        .attachment(`vigil-${safe(built.report.patientAlias)}-${built.report.sessionDate}.pdf`)
        .send(built.pdf),
  });

  auditedView('/api/sessions/:sessionId/readings.csv', 'record.export', {
    find: (sessionId) => deps.record.csv(sessionId),
    audit: 'export.csv',
    detail: (built) => ({ readings: built.state.readings.length }),
    send: (built, res) =>
      writePieces(res.type('text/csv; charset=utf-8').attachment(`vigil-readings-${safe(built.state.patientAlias)}.csv`), built.pieces),
  });

  auditedView('/api/sessions/:sessionId/fhir', 'record.export', {
    find: (sessionId) => deps.record.fhir(sessionId),
    audit: 'export.fhir',
    detail: (built) => ({ readings: built.state.readings.length }),
    send: (built, res) => writePieces(res.type('application/fhir+json'), built.pieces),
  });

  auditedView('/api/sessions/:sessionId/rems', 'session.view', {
    find: (sessionId) => deps.record.rems(sessionId),
    audit: 'rems.view',
    send: (found, res) => res.json({ ok: true, form: found.form, record: found.record }),
  });

  router.put('/api/sessions/:sessionId/rems', requireUser(deps.auth, 'rems.sign'), async (req, res) => {
    const sessionId = sessionIdOf(req, res);
    if (!sessionId) return;
    const answers = parseInput(remsAnswersSchema, req.body);
    if (!answers.ok) return sendFailure(res, answers);
    const found = await deps.record.rems(sessionId);
    if (!found) return notFound(res);
    if (!found.form) return sendFailure(res, fail('conflict', 'This session is not a Spravato session: it has no REMS form'));
    if (!isClosedPhase(found.state.phase)) {
      return sendFailure(res, fail('conflict', 'The REMS form is signed after the session has ended'));
    }
    if (found.record?.submittedAt)
      return sendFailure(res, fail('conflict', 'This form was already marked submitted; it can no longer be changed'));
    const user = userOf(res);
    const at = deps.clock.now();
    const signed = await signRemsForm(
      deps.store.db,
      sessionId,
      answers.value,
      found.fieldsNow,
      { userId: user.userId, displayName: user.displayName },
      at,
      entry(req, res, 'rems.sign', sessionId, { answers: answers.value }),
    );
    if (!signed) return sendFailure(res, fail('conflict', 'This form was already marked submitted; it can no longer be changed'));
    const after = await deps.record.rems(sessionId);
    res.json({ ok: true, form: after?.form, record: after?.record });
  });

  router.post('/api/sessions/:sessionId/rems/submit', requireUser(deps.auth, 'rems.submit'), async (req, res) => {
    const sessionId = sessionIdOf(req, res);
    if (!sessionId) return;
    const found = await deps.record.rems(sessionId);
    if (!found) return notFound(res);
    if (!found.record?.signedAt) return sendFailure(res, fail('conflict', 'Complete and sign the form before marking it submitted'));
    if (found.record.submittedAt) return sendFailure(res, fail('conflict', 'This form was already marked submitted'));
    const user = userOf(res);
    const submitted = await markRemsSubmitted(
      deps.store.db,
      sessionId,
      { userId: user.userId, displayName: user.displayName },
      deps.clock.now(),
      entry(req, res, 'rems.submit', sessionId),
    );
    if (!submitted) return sendFailure(res, fail('conflict', 'This form was already marked submitted'));
    const after = await deps.record.rems(sessionId);
    res.json({ ok: true, form: after?.form, record: after?.record });
  });

  router.get('/api/rems/due', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    const due = await deps.record.remsDue();
    res.json({ ok: true, due, nearDeadlineCount: due.filter((d) => d.nearDeadline).length });
  });

  return router;
}
