import type { Protocol } from '../../protocols/schema';
import { isDeviceWatchedPhase } from '../../session/phases';
import { ruleIndexOf } from '../../session/ruleIndex';
import type { SessionState } from '../../session/state';
import { idPart } from '../hash';
import type { AlarmCondition } from '../types';

/**
 * A device that has sent readings in this session and has been quiet for
 * `deviceSilenceMinutes` raises a technical alarm, while the patient is being monitored
 * (pre-dose or dosed). Quiet is measured on the server's clock (`recordedAt`), since `now`
 * is server time and a device's own clock may be wrong. Artifact readings still show the
 * device is alive.
 */
export function deviceSilenceConditions(state: SessionState, protocol: Protocol, now: number): AlarmCondition[] {
  if (!isDeviceWatchedPhase(state.phase)) return [];
  const conditions: AlarmCondition[] = [];
  for (const [deviceId, { displayName, lastRecordedAt: lastAt }] of ruleIndexOf(state).devices) {
    if (now - lastAt < protocol.deviceSilenceMinutes * 60_000) continue;
    conditions.push({
      alarmId: `device-silent:${idPart(deviceId)}`,
      kind: 'device_silent',
      priority: protocol.deviceSilencePriority,
      technical: true,
      message: `No data from ${displayName} for ${protocol.deviceSilenceMinutes} min or more — check the probe and the connection`,
      recheck: false,
    });
  }
  return conditions;
}
