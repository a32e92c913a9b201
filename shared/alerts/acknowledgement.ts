import { may, type PolicyAction } from '../policy';
import type { Role } from '../roles';
import type { AlarmKind } from './types';

/**
 * The policy action that may acknowledge an alarm of this kind: PHQ-9 item 9 (self-harm) is also
 * the therapist's, every other kind is the nurse's or prescriber's (shared/policy.ts).
 */
export function acknowledgeActionFor(kind: AlarmKind): PolicyAction {
  return kind === 'self_harm' ? 'alarm.acknowledgeSelfHarm' : 'alarm.acknowledge';
}

/** Whether `role` may acknowledge an alarm of this kind (the command's check, and the tray's button). */
export function mayAcknowledgeAlarm(role: Role, kind: AlarmKind): boolean {
  return may(role, acknowledgeActionFor(kind));
}
