import { randomUUID } from 'node:crypto';
import type { CurrentUser } from '../../../shared/http/api';
import type { IntegrationMarkRequest, PatientCreateRequest, PatientUpdateRequest } from '../../../shared/http/patientApi';
import type { Patient, PatientEvent } from '../../../shared/patients/patient';
import { fail, type Result } from '../../../shared/result';
import type { Clock } from '../../clock';
import type { AuditEntry } from '../../store/audit';
import {
  appendPatientEvent,
  findPatient,
  findPatientCommand,
  listPatients,
  sessionsOfPatient,
  type NewPatientEvent,
} from '../../store/patients';
import type { Store } from '../../store/store';
import { userActor } from '../context';

/** Who registers or edits a patient, from where, and the store. */
export interface PatientContext {
  actor: CurrentUser;
  remoteAddress: string | null;
  store: Store;
  clock: Clock;
}

function auditOf(ctx: PatientContext, event: PatientEvent): AuditEntry {
  const changed = event.type === 'patient.updated' ? Object.keys(event.payload).sort().join(',') : null;
  const actions = {
    'patient.created': 'patient.create',
    'patient.updated': 'patient.update',
    'patient.integrationMarked': 'patient.integration',
  };
  return {
    at: event.recordedAt,
    userId: ctx.actor.userId,
    action: actions[event.type],
    sessionId: null,
    remoteAddress: ctx.remoteAddress,
    // The alias is the clinic's pseudonym; the trail keeps what changed and the patient's id.
    detail: {
      patientId: event.patientId,
      seq: event.seq,
      commandId: event.commandId,
      ...(changed ? { changed } : {}),
      ...(event.type === 'patient.integrationMarked'
        ? { sessionId: event.payload.sessionId, attended: event.payload.attendedAt !== null }
        : {}),
    },
  };
}

async function append(ctx: PatientContext, draft: NewPatientEvent): Promise<Result<{ patient: Patient; duplicate: boolean }>> {
  const stored = await appendPatientEvent(ctx.store.db, draft, JSON.stringify(userActor(ctx.actor)), ctx.clock.now(), (event) =>
    auditOf(ctx, event),
  );
  if (!stored) {
    return draft.type === 'patient.created'
      ? fail('conflict', 'This patient id or command id was already used for something else')
      : fail('not_found', 'No such patient');
  }
  const patient = await findPatient(ctx.store.db, draft.patientId);
  return { ok: true, patient: patient!, duplicate: stored.duplicate };
}

/**
 * Register a patient (alias or chart number, optional year of birth). The patient id may be
 * chosen by the client, so a resend of the same creation stores it once.
 */
export async function createPatient(
  ctx: PatientContext,
  request: PatientCreateRequest,
  commandId: string = randomUUID(),
): Promise<Result<{ patient: Patient; duplicate: boolean }>> {
  const patientId = request.patientId ?? randomUUID();
  const existing = await findPatient(ctx.store.db, patientId);
  if (existing) {
    // The same creation sent again answers the patient; any other use of the id is a conflict.
    const same = existing.alias === request.alias && existing.birthYear === (request.birthYear ?? null);
    return same ? { ok: true, patient: existing, duplicate: true } : fail('conflict', 'A patient with this id exists');
  }
  return append(ctx, {
    patientId,
    type: 'patient.created',
    payload: { alias: request.alias, birthYear: request.birthYear ?? null },
    commandId,
  });
}

/** Change a patient's alias or year of birth. Sessions already opened keep the alias they were opened with. */
export async function updatePatient(
  ctx: PatientContext,
  patientId: string,
  request: PatientUpdateRequest,
  commandId: string = randomUUID(),
): Promise<Result<{ patient: Patient }>> {
  const previous = await findPatientCommand(ctx.store.db, commandId);
  if (previous && previous.patientId !== patientId) return fail('conflict', 'This command id was already used for something else');
  if (!(await findPatient(ctx.store.db, patientId))) return fail('not_found', 'No such patient');
  const result = await append(ctx, {
    patientId,
    type: 'patient.updated',
    payload: {
      ...(request.alias !== undefined ? { alias: request.alias } : {}),
      ...(request.birthYear !== undefined ? { birthYear: request.birthYear } : {}),
    },
    commandId,
  });
  return result.ok ? { ok: true, patient: result.patient } : result;
}

/** Patients whose alias contains the search, at most 50. */
export function findPatients(ctx: Pick<PatientContext, 'store'>, search: string): Promise<Patient[]> {
  return listPatients(ctx.store.db, search, 50);
}

/** Mark the integration appointment booked at one of this patient's sessions attended (now) or not. */
export async function markIntegration(ctx: PatientContext, patientId: string, request: IntegrationMarkRequest): Promise<Result> {
  if (!(await findPatient(ctx.store.db, patientId))) return fail('not_found', 'No such patient');
  const sessions = await sessionsOfPatient(ctx.store.db, patientId);
  if (!sessions.some((session) => session.session_id === request.sessionId)) {
    return fail('invalid_input', "That session is not one of this patient's", [
      { path: ['sessionId'], message: 'Choose a session of this patient' },
    ]);
  }
  const result = await append(ctx, {
    patientId,
    type: 'patient.integrationMarked',
    payload: { sessionId: request.sessionId, attendedAt: request.attended ? ctx.clock.now() : null },
    commandId: randomUUID(),
  });
  return result.ok ? { ok: true } : result;
}
