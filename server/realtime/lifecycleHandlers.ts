import type { CommandAck } from '../../shared/realtime/contract';
import {
  amendmentRecordRequestSchema,
  checklistTickRequestSchema,
  checklistUntickRequestSchema,
  doseRecordRequestSchema,
  observationRecordRequestSchema,
  predoseAcknowledgeAdvisoryRequestSchema,
  sessionDischargeRequestSchema,
  sessionEndEarlyRequestSchema,
  sessionOpenRequestSchema,
} from '../../shared/realtime/requests';
import type { Result } from '../../shared/result';
import { acknowledgePredoseAdvisory } from '../commands/acknowledgePredoseAdvisory';
import { dischargeSession } from '../commands/dischargeSession';
import { endSessionEarly } from '../commands/endSessionEarly';
import { openSessionInRoom } from '../commands/openSessionInRoom';
import { recordAmendment } from '../commands/recordAmendment';
import { recordDose } from '../commands/recordDose';
import { recordObservation } from '../commands/recordObservation';
import { tickChecklistItem } from '../commands/tickChecklistItem';
import { untickChecklistItem } from '../commands/untickChecklistItem';
import type { KeyedLock } from '../lifecycle/keyedLock';
import type { ProtocolCatalog } from '../protocols/catalog';
import { handle, type HandlerDeps } from './handler';
import { auditCommitted, commandContextOf } from './socketContext';
import type { RealtimeDeps } from './sessionHandlers';
import type { VigilSocket } from './types';

/** The session-lifecycle events this module answers (for the unknown-event guard). */
export const LIFECYCLE_EVENTS = [
  'session.open',
  'checklist.tick',
  'checklist.untick',
  'predose.acknowledgeAdvisory',
  'dose.record',
  'observation.record',
  'session.discharge',
  'session.endEarly',
  'amendment.record',
] as const;

export interface LifecycleDeps {
  protocols: ProtocolCatalog;
  /** One per server: orders `session.open` per room. */
  roomLock: KeyedLock;
}

/**
 * Session lifecycle over the socket (issue 4): open, checklists, pre-dose advisory, dose,
 * observations, discharge, ending early, amendments. Each handler is parse -> policy ->
 * command; every stored command is audited with who and from where.
 */
export function registerLifecycleHandlers(socket: VigilSocket, handlerDeps: HandlerDeps, deps: RealtimeDeps & LifecycleDeps): void {
  const context = () => commandContextOf(socket, deps);
  const audited = (action: string, result: Result<CommandAck>, detail: Record<string, unknown>) =>
    auditCommitted(socket, deps, action, result, detail);

  handle(socket, handlerDeps, 'session.open', {
    schema: sessionOpenRequestSchema,
    action: 'session.open',
    run: async (request) =>
      audited('session.open', await openSessionInRoom(context(), deps, request), {
        commandId: request.commandId,
        roomId: request.roomId,
        protocolId: request.protocolId,
      }),
  });

  handle(socket, handlerDeps, 'checklist.tick', {
    schema: checklistTickRequestSchema,
    action: 'checklist.tick',
    run: async (request) =>
      audited('checklist.tick', await tickChecklistItem(context(), request), {
        commandId: request.commandId,
        checklist: request.checklist,
        itemId: request.itemId,
      }),
  });

  // Taking a tick back is allowed to whoever may tick (the protocol's roles per item decide the rest).
  handle(socket, handlerDeps, 'checklist.untick', {
    schema: checklistUntickRequestSchema,
    action: 'checklist.tick',
    run: async (request) =>
      audited('checklist.untick', await untickChecklistItem(context(), request), {
        commandId: request.commandId,
        checklist: request.checklist,
        itemId: request.itemId,
      }),
  });

  handle(socket, handlerDeps, 'predose.acknowledgeAdvisory', {
    schema: predoseAcknowledgeAdvisoryRequestSchema,
    action: 'predose.acknowledgeAdvisory',
    run: async (request) =>
      audited('predose.acknowledgeAdvisory', await acknowledgePredoseAdvisory(context(), request), { commandId: request.commandId }),
  });

  handle(socket, handlerDeps, 'dose.record', {
    schema: doseRecordRequestSchema,
    action: 'dose.record',
    run: async (request) => audited('dose.record', await recordDose(context(), request), { commandId: request.commandId }),
  });

  handle(socket, handlerDeps, 'observation.record', {
    schema: observationRecordRequestSchema,
    action: 'observation.record',
    run: async (request) =>
      audited('observation.record', await recordObservation(context(), request), {
        commandId: request.commandId,
        kind: request.observation.kind,
      }),
  });

  handle(socket, handlerDeps, 'session.discharge', {
    schema: sessionDischargeRequestSchema,
    action: 'session.discharge',
    run: async (request) =>
      audited('session.discharge', await dischargeSession(context(), request), {
        commandId: request.commandId,
        override: request.overrideReason !== undefined,
      }),
  });

  handle(socket, handlerDeps, 'session.endEarly', {
    schema: sessionEndEarlyRequestSchema,
    action: 'session.endEarly',
    run: async (request) => audited('session.endEarly', await endSessionEarly(context(), request), { commandId: request.commandId }),
  });

  handle(socket, handlerDeps, 'amendment.record', {
    schema: amendmentRecordRequestSchema,
    action: 'amendment.record',
    run: async (request) =>
      audited('amendment.record', await recordAmendment(context(), request), {
        commandId: request.commandId,
        targetSeq: request.targetSeq,
        change: request.change.kind,
      }),
  });
}
