import type { Actor } from '../../shared/session/actor';
import { createHash } from 'node:crypto';
import type { CommandAck } from '../../shared/realtime/contract';
import type { SessionOpenRequest } from '../../shared/realtime/requests';
import { fail, type Result } from '../../shared/result';
import type { SessionEvent } from '../../shared/session/events';
import { PHASE_LABELS } from '../../shared/session/state';
import type { ClinicService } from '../clinic/clinicService';
import type { KeyedLock } from '../sessions/keyedLock';
import type { ProtocolCatalog } from '../protocols/catalog';
import { findRoom } from '../store/rooms';
import { findPatient } from '../store/patients';
import type { Patient } from '../../shared/patients/patient';
import { forbiddenMessage, may } from '../../shared/policy';
import { createPatient } from './patients/patients';
import type { Store } from '../store/store';
import type { CommandContext } from './context';
import { openSession } from './openSession';
import { replayStored } from './sessionCommand';

export interface OpenSessionDeps {
  store: Store;
  clinic: ClinicService;
  protocols: ProtocolCatalog;
  /** Orders opens per room, so two screens cannot both open a session in the same empty room. */
  roomLock: KeyedLock;
}

/** A repeated open: the same session again, unless the id was used for another room or kind of command. */
function replayOpen(previous: SessionEvent, request: SessionOpenRequest, sender: Actor): Result<CommandAck> {
  if (previous.type === 'session.opened' && previous.payload.roomId !== request.roomId) {
    return fail('conflict', 'This command id was already used for something else');
  }
  return replayStored(previous, 'session.opened', previous.sessionId, sender);
}

/**
 * The patient a session is opened for: the record with this id, or a new one registered from
 * the request (its own event and audit row) when the screen made the id for a new patient.
 */
async function patientFor(
  ctx: CommandContext,
  deps: OpenSessionDeps,
  request: SessionOpenRequest,
  patientId: string,
): Promise<Result<{ patient: Patient }>> {
  const existing = await findPatient(deps.store.db, patientId);
  if (existing) return { ok: true, patient: existing };
  if (!ctx.user) return fail('not_found', 'No such patient', [{ path: ['patientId'], message: 'No such patient' }]);
  if (!may(ctx.user.role, 'patient.manage')) return fail('forbidden', forbiddenMessage('patient.manage'));
  const created = await createPatient(
    { actor: ctx.user, remoteAddress: ctx.remoteAddress, store: deps.store, clock: ctx.clock },
    { patientId, alias: request.patientAlias, birthYear: request.patientBirthYear ?? null },
    `${request.commandId}:patient`,
  );
  return created.ok ? { ok: true, patient: created.patient } : created;
}

/** The patient id registered for a session opened with a typed alias only: derived from its command id. */
export function typedAliasPatientId(commandId: string): string {
  return `typed-${createHash('sha256').update(commandId).digest('hex').slice(0, 32)}`;
}

/**
 * Open a session for a patient in an empty room with one of the clinic's protocols (`session.open`).
 * The room must exist and have no session running, and the patient no session running in
 * another room; the protocol, as it is now, is kept with the session. Idempotent by command id.
 */
export async function openSessionInRoom(
  ctx: CommandContext,
  deps: OpenSessionDeps,
  request: SessionOpenRequest,
): Promise<Result<CommandAck>> {
  const previous = await ctx.sessions.findCommand(request.commandId);
  if (previous) return replayOpen(previous, request, ctx.actor);
  // One patient, one running session: opens for the same patient in two rooms take turns too.
  const { patientId } = request;
  if (patientId === undefined) return openInRoom(ctx, deps, request);
  return deps.roomLock.run(`patient:${patientId}`, () => openInRoom(ctx, deps, request));
}

function openInRoom(ctx: CommandContext, deps: OpenSessionDeps, request: SessionOpenRequest): Promise<Result<CommandAck>> {
  return deps.roomLock.run(`room:${request.roomId}`, async (): Promise<Result<CommandAck>> => {
    // The same command sent twice at once: the first opened the session while this one waited.
    const stored = await ctx.sessions.findCommand(request.commandId);
    if (stored) return replayOpen(stored, request, ctx.actor);
    const room = await findRoom(deps.store.db, request.roomId);
    if (!room) return fail('not_found', 'There is no such room', [{ path: ['roomId'], message: 'No such room' }]);
    if (room.retiredAt != null)
      return fail('conflict', `${room.name} has been retired`, [{ path: ['roomId'], message: 'This room is retired' }]);
    const protocol = await deps.protocols.get(request.protocolId);
    if (!protocol) {
      return fail('not_found', 'There is no such protocol: choose one from the list', [
        { path: ['protocolId'], message: 'No such protocol' },
      ]);
    }
    const running = await deps.clinic.runningSession(room.roomId);
    if (running) {
      return fail(
        'conflict',
        `${room.name} already has a session running (patient ${running.patientAlias}, ${PHASE_LABELS[running.phase].toLowerCase()}). Discharge it or end it early before opening another.`,
        [{ path: ['roomId'], message: 'This room already has a session running' }],
      );
    }
    const elsewhere = request.patientId === undefined ? null : await deps.clinic.runningSessionOfPatient(request.patientId);
    if (elsewhere) {
      const where = (await findRoom(deps.store.db, elsewhere.roomId))?.name ?? 'another room';
      return fail(
        'conflict',
        `${elsewhere.patientAlias} already has a session running in ${where} (${PHASE_LABELS[elsewhere.phase].toLowerCase()}). One patient is in one room at a time: discharge or end that session first.`,
        [{ path: ['patientId'], message: `Already in a session in ${where}` }],
      );
    }
    // A typed alias only registers a new patient from it (an id from the command's, so a resend registers once):
    // every session belongs to a patient record, whose series the patient page shows.
    const patient = await patientFor(ctx, deps, request, request.patientId ?? typedAliasPatientId(request.commandId));
    if (!patient.ok) return patient;
    const opened = await openSession(ctx, {
      commandId: request.commandId,
      roomId: room.roomId,
      patientAlias: patient.patient.alias,
      patientId: patient.patient.patientId,
      protocol,
    });
    if (!opened.ok) return opened;
    return { ok: true, event: opened.event, duplicate: opened.duplicate };
  });
}
