import type { Protocol } from '../../protocols/schema';
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
  if (state.phase !== 'pre_dose' && state.phase !== 'monitoring') return [];
  const lastByDevice = new Map<string, { displayName: string; lastAt: number }>();
  for (const reading of state.readings) {
    if (reading.recordedBy.kind !== 'device') continue;
    const { deviceId, displayName } = reading.recordedBy;
    const known = lastByDevice.get(deviceId);
    if (known === undefined || reading.recordedAt > known.lastAt) lastByDevice.set(deviceId, { displayName, lastAt: reading.recordedAt });
  }
  const conditions: AlarmCondition[] = [];
  for (const [deviceId, { displayName, lastAt }] of lastByDevice) {
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
