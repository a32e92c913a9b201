import type { Actor } from '../../shared/session/actor';
import type { Reading } from '../../shared/session/state';

/** The actors of drawn readings. */
export const monitor: Actor = { kind: 'device', deviceId: 'EUI-1', displayName: 'Bedside monitor 1' };
export const nurse: Actor = { kind: 'user', userId: 'u-nurse', role: 'nurse', displayName: 'Nurse Joy' };

/** One drawn reading: the gap after the one before, entered by hand or by the monitor, marked artifact or not. */
export interface DrawnReading {
  gapMs: number;
  manual: boolean;
  artifact?: boolean;
}

/**
 * Property tests' drawn readings as the record holds them, in measurement order from 1,000,000 ms:
 * a monitor's unless `manual` (then the nurse's), marked artifact by the nurse when `artifact`.
 */
export function measuredReadings<Drawn extends DrawnReading>(drawn: Drawn[], vitals: (reading: Drawn) => Reading['vitals']): Reading[] {
  let at = 1_000_000;
  return drawn.map((r, i): Reading => {
    at += r.gapMs;
    return {
      readingId: `r-${i}`,
      seq: i + 1,
      observedAt: at,
      recordedAt: at,
      vitals: vitals(r),
      recordedBy: r.manual ? nurse : monitor,
      artifact: r.artifact ? { reason: 'moved', markedBy: nurse, markedAt: at } : null,
    };
  });
}

/** The monitor's reading number `i` (from 0), measured and recorded at `at`. */
export function monitorReading(i: number, at: number, vitals: Reading['vitals']): Reading {
  return { readingId: `r-${i}`, seq: i + 1, observedAt: at, recordedAt: at, vitals, recordedBy: monitor, artifact: null };
}
