import { Router, type Request, type Response } from 'express';
import {
  integrationMarkRequestSchema,
  patientCreateRequestSchema,
  patientListQuerySchema,
  patientUpdateRequestSchema,
} from '../../shared/http/patientApi';
import { idSchema } from '../../shared/ids';
import { fail } from '../../shared/result';
import { parseInput } from '../../shared/validation';
import type { AuthService } from '../auth/authService';
import type { Clock } from '../clock';
import { createPatient, findPatients, markIntegration, updatePatient, type PatientContext } from '../commands/patients/patients';
import { patientSeries, patientSeriesWithStates } from '../commands/patients/patientSeries';
import { stringify } from 'csv-stringify/sync';
import { buildSeriesFhirBundle, seriesCsvRows, SERIES_CSV_COLUMNS } from '../../shared/series/seriesExport';
import type { SessionService } from '../sessions/sessionService';
import { writeAudit } from '../store/audit';
import type { Store } from '../store/store';
import { actingContext, requireUser } from './requireUser';
import { sendFailure } from './respond';
import { validatedRoute } from './validatedRoute';

export interface PatientRouteDeps {
  auth: AuthService;
  store: Store;
  clock: Clock;
  sessions: SessionService;
  clientAddress: (req: Request) => string | null;
}

/** Patients and their series (paths and shapes in shared/http/patientApi.ts). Thin: validate, then a command in commands/patients/. */
export function patientRoutes(deps: PatientRouteDeps): Router {
  const router = Router();
  const context = (req: Request, res: Response): PatientContext => actingContext(deps, req, res);
  // Reading or exporting a patient's series shows every session in it: audited before it is sent.
  const auditSeriesRead = (req: Request, res: Response, action: string, patientId: string, sessions: number) =>
    writeAudit(deps.store.db, {
      at: deps.clock.now(),
      userId: context(req, res).actor.userId,
      action,
      sessionId: null,
      remoteAddress: deps.clientAddress(req),
      detail: { patientId, sessions },
    });
  const view = requireUser(deps.auth, 'patient.view');
  const manage = requireUser(deps.auth, 'patient.manage');

  router.get('/api/patients', view, async (req, res) => {
    const query = parseInput(patientListQuerySchema, req.query);
    if (!query.ok) return sendFailure(res, query);
    res.json({ ok: true, patients: await findPatients(deps, query.value.q ?? '') });
  });
  router.post('/api/patients', manage, async (req, res) => {
    const body = parseInput(patientCreateRequestSchema, req.body);
    if (!body.ok) return sendFailure(res, body);
    const result = await createPatient(context(req, res), body.value);
    if (!result.ok) return sendFailure(res, result);
    res.status(result.duplicate ? 200 : 201).json({ ok: true, patient: result.patient });
  });
  router.patch(
    '/api/patients/:patientId',
    manage,
    validatedRoute({ params: { patientId: idSchema }, body: patientUpdateRequestSchema }, ({ params, body }, req, res) =>
      updatePatient(context(req, res), params.patientId, body),
    ),
  );
  router.get('/api/patients/:patientId', view, async (req, res) => {
    const id = parseInput(idSchema, req.params.patientId);
    if (!id.ok) return sendFailure(res, id);
    const series = await patientSeries(deps, id.value);
    if (!series) return sendFailure(res, fail('not_found', 'No such patient'));
    await auditSeriesRead(req, res, 'patient.view', id.value, series.sessions.length);
    res.json({ ok: true, ...series });
  });
  router.post('/api/patients/:patientId/integration', manage, async (req, res) => {
    const id = parseInput(idSchema, req.params.patientId);
    if (!id.ok) return sendFailure(res, id);
    const body = parseInput(integrationMarkRequestSchema, req.body);
    if (!body.ok) return sendFailure(res, body);
    const marked = await markIntegration(context(req, res), id.value, body.value);
    if (!marked.ok) return sendFailure(res, marked);
    const series = await patientSeries(deps, id.value);
    res.json({ ok: true, sessions: series?.sessions ?? [] });
  });
  // The series leaves Vigil as a file only in the hands of those who keep the chart (record.export).
  const exportSeries = async (req: Request, res: Response, format: 'csv' | 'fhir') => {
    const id = parseInput(idSchema, req.params.patientId);
    if (!id.ok) return sendFailure(res, id);
    const series = await patientSeriesWithStates(deps, id.value);
    if (!series) return sendFailure(res, fail('not_found', 'No such patient'));
    await auditSeriesRead(req, res, `patient.export.${format}`, id.value, series.sessions.length);
    const name = `vigil-series-${series.patient.alias.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 40) || 'patient'}`;
    if (format === 'csv') {
      // Aliases and protocol names are typed by staff: a leading = + - @ is neutralised so a spreadsheet never runs it.
      const csv = stringify(seriesCsvRows(series.sessions), { header: true, columns: [...SERIES_CSV_COLUMNS], escape_formulas: true });
      return res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(csv);
    }
    const bundle = buildSeriesFhirBundle(
      series.patient,
      series.sessions.map((row, index) => ({ row, questionnaires: series.states[index]!.questionnaires })),
      deps.clock.now(),
    );
    res.type('application/fhir+json').send(JSON.stringify(bundle));
  };
  router.get('/api/patients/:patientId/series.csv', requireUser(deps.auth, 'record.export'), (req, res) => exportSeries(req, res, 'csv'));
  router.get('/api/patients/:patientId/fhir', requireUser(deps.auth, 'record.export'), (req, res) => exportSeries(req, res, 'fhir'));
  return router;
}
