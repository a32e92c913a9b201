import type { Route } from '../protocols/routes';
import type { DischargeConfig } from './config';
import { INTRANASAL_ROUTE } from './dose';
import type { DeviceSettings, DosingConfig } from './dosingConfig';
import type { DischargeScore, RegulatoryFloor } from './scoreConfig';

/**
 * The dosing and discharge settings a session runs on, resolved from its protocol JSON.
 * Protocol JSON stored before these settings existed lacks them; what their absence means is
 * decided here, once, so old running sessions and new ones go through the same rules.
 */

/** CLINICAL.md "Esketamine": observe at least 2 hours after dosing (Spravato PI; FDA REMS). */
export const SPRAVATO_REMS_FLOOR: RegulatoryFloor = { minutes: 120, source: 'Spravato REMS' };

/**
 * A blood pressure at most this old at discharge. CLINICAL.md "Esketamine": the REMS form
 * asks for a BP before discharge; 15 minutes is a clinic default (no published source).
 */
export const DEFAULT_RECENT_READING_MINUTES = 15;

/** CLINICAL.md "Doses, devices and further doses": 28 mg a device, 5-minute rest between (Spravato PI). */
export const SPRAVATO_DEVICES: DeviceSettings = { mgPerDevice: 28, minutesBetweenDevices: 5 };

/** Esketamine nasal spray: the regulated product (REMS). */
export function isSpravato(protocol: { drug: string; route: string }): boolean {
  return protocol.drug.trim().toLowerCase() === 'esketamine' && protocol.route === INTRANASAL_ROUTE;
}

/**
 * Default dosing for a protocol: a further dose of its own route restarts its own schedule and
 * minimum (CLINICAL.md "Doses, devices and further doses": a further dose starts a new peak,
 * monitoring counts from the latest dose; the times are a clinic default). Spravato gets
 * devices and no further doses (84 mg is three devices of one dose, not three doses).
 */
export function defaultDosing(protocol: {
  drug: string;
  route: Route;
  checkScheduleMinutes: number[];
  minimumObservationMinutes: number;
}): DosingConfig {
  if (isSpravato(protocol)) return { furtherDoses: [], devices: SPRAVATO_DEVICES };
  return {
    furtherDoses: [
      {
        route: protocol.route,
        checkScheduleMinutes: [...protocol.checkScheduleMinutes],
        minimumObservationMinutes: protocol.minimumObservationMinutes,
      },
    ],
  };
}

/** Protocol fields these rules read (a structural subset of Protocol). */
export interface DosingProtocolFields {
  drug: string;
  route: Route;
  checkScheduleMinutes: number[];
  minimumObservationMinutes: number;
  dosing?: DosingConfig | undefined;
  discharge: DischargeConfig;
}

/**
 * The protocol's dosing, or for JSON stored before it existed: further doses of its own route
 * as before (they were always allowed), and devices for intranasal.
 */
export function dosingOf(protocol: DosingProtocolFields): DosingConfig {
  if (protocol.dosing !== undefined) return protocol.dosing;
  return {
    furtherDoses: [
      {
        route: protocol.route,
        checkScheduleMinutes: [...protocol.checkScheduleMinutes],
        minimumObservationMinutes: protocol.minimumObservationMinutes,
      },
    ],
    ...(protocol.route === INTRANASAL_ROUTE ? { devices: SPRAVATO_DEVICES } : {}),
  };
}

/** The legal floor: the protocol's own, or Spravato's whatever the JSON says (a regulation is not optional). */
export function regulatoryFloorOf(protocol: DosingProtocolFields): RegulatoryFloor | null {
  const own = protocol.discharge.regulatoryFloor ?? null;
  if (!isSpravato(protocol)) return own;
  return own !== null && own.minutes >= SPRAVATO_REMS_FLOOR.minutes ? own : SPRAVATO_REMS_FLOOR;
}

export function recentReadingMinutesOf(protocol: DosingProtocolFields): number {
  return protocol.discharge.recentReadingMinutes ?? DEFAULT_RECENT_READING_MINUTES;
}

export function scoresOf(protocol: DosingProtocolFields): DischargeScore[] {
  return protocol.discharge.scores ?? [];
}
