import type { SessionPhase } from './state';

/**
 * The phase groups every part of Vigil asks about, named once. A session is open until it is
 * discharged or ended early; it is monitored from the dose until it closes.
 */
export const OPEN_PHASES = ['pre_dose', 'monitoring', 'ready_for_discharge'] as const satisfies readonly SessionPhase[];
export const CLOSED_PHASES = ['discharged', 'ended_early'] as const satisfies readonly SessionPhase[];
export const MONITORED_PHASES = ['monitoring', 'ready_for_discharge'] as const satisfies readonly SessionPhase[];
export const ALL_PHASES = [...OPEN_PHASES, ...CLOSED_PHASES] as const;
/** Before the dose and while dosed, until judged ready: a monitor gone quiet is an alarm (rules/deviceSilence.ts). */
export const DEVICE_WATCHED_PHASES = ['pre_dose', 'monitoring'] as const satisfies readonly SessionPhase[];

const includes = (group: readonly SessionPhase[], phase: SessionPhase) => group.includes(phase);

/** Takes readings, observations and alarm commands (not yet discharged or ended early). */
export const isOpenPhase = (phase: SessionPhase): boolean => includes(OPEN_PHASES, phase);
/** Read-only: corrections are amendments. */
export const isClosedPhase = (phase: SessionPhase): boolean => includes(CLOSED_PHASES, phase);
/** Dosed and not yet closed: the observation clock and the post-dose checks run. */
export const isMonitoredPhase = (phase: SessionPhase): boolean => includes(MONITORED_PHASES, phase);
/** A device's silence raises an alarm, and its due instant counts. */
export const isDeviceWatchedPhase = (phase: SessionPhase): boolean => includes(DEVICE_WATCHED_PHASES, phase);
