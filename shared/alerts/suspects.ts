import type { Protocol } from '../protocols/schema';
import { isClosedPhase } from '../session/phases';
import type { SessionState } from '../session/state';
import { VITAL_KEYS, type VitalKey } from '../vitals/plausibility';
import { weighedSeries } from './evidence';
import { describeValue } from './format';

/** A monitor sample the rules held back as a suspected artifact, for the nurse to judge. */
export interface SuspectedArtifact {
  readingId: string;
  observedAt: number;
  /** The values of that reading past an alarm limit, e.g. ["Heart rate 148/min"]. */
  values: string[];
  /** `returned`: it jumped and came back (not sounded). `pending`: it jumped and has not come back yet ("checking"). */
  suspect: 'returned' | 'pending';
}

/** How many suspected artifacts the tray lists at most (the newest). */
export const SUSPECTS_SHOWN = 3;

/**
 * Monitor samples of the last minutes that jumped implausibly from their neighbours
 * (shared/alerts/evidence.ts) and lie past one of the protocol's absolute limits, that nobody
 * has judged yet (not struck through as artifact, not confirmed as real), newest first, at most
 * SUSPECTS_SHOWN. Only those past a limit: a jump inside the normal range changes nothing a
 * nurse must decide. Pure; the same on every screen.
 */
export function suspectedArtifacts(state: SessionState, protocol: Protocol): SuspectedArtifact[] {
  if (isClosedPhase(state.phase)) return [];
  const byReading = new Map<string, SuspectedArtifact>();
  for (const key of VITAL_KEYS) {
    const limits = protocol.alarmLimits.filter((limit) => limit.parameter === key);
    if (limits.length === 0) continue;
    for (const value of weighedSeries(state, key as VitalKey, protocol.alarmControls)) {
      if (value.suspect === 'none' || value.readingId === undefined) continue;
      const past = limits.some((limit) => (limit.comparator === '>=' ? value.value >= limit.value : value.value <= limit.value));
      if (!past) continue;
      const entry = byReading.get(value.readingId) ?? {
        readingId: value.readingId,
        observedAt: value.observedAt,
        values: [],
        suspect: value.suspect,
      };
      entry.values.push(describeValue(key, value.value));
      byReading.set(value.readingId, entry);
    }
  }
  return [...byReading.values()].sort((a, b) => b.observedAt - a.observedAt).slice(0, SUSPECTS_SHOWN);
}
