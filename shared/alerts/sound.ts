import type { AlarmPriority } from './types';

/**
 * What each priority sounds and looks like, as data (the client plays it with Web Audio and
 * draws it). CLINICAL.md "Alarms" (IEC 60601-1-8 as monitors implement it) gives: high = two
 * bursts of 5 pulses, medium = 3 pulses, low = 1 pulse; repeat every 10 s / 25 s / 30 s (one
 * maker's example); high red flashing 1.4-2.8 Hz, medium yellow 0.4-0.8 Hz, low steady;
 * markers `***`, `**`, `*`, never colour alone.
 * Pitch, pulse length and gaps are a product default — no source in CLINICAL.md: short
 * pulses, tighter and higher for high priority so the three are told apart by ear.
 */

export interface SoundPulse {
  /** From the start of the pattern. */
  startMs: number;
  durationMs: number;
  frequencyHz: number;
}

export interface AlarmSoundPattern {
  priority: AlarmPriority;
  pulses: SoundPulse[];
  /** From the start of one pattern to the start of the next, while unacknowledged. */
  repeatIntervalMs: number;
}

export interface AlarmVisual {
  priority: AlarmPriority;
  marker: '***' | '**' | '*';
  label: string;
  color: 'red' | 'yellow' | 'cyan';
  /** 0 = steady. */
  flashHz: number;
}

/** `count` evenly spaced pulses starting at `startMs`. */
function burst(startMs: number, count: number, durationMs: number, gapMs: number, frequencyHz: number): SoundPulse[] {
  return Array.from({ length: count }, (_, index) => ({ startMs: startMs + index * (durationMs + gapMs), durationMs, frequencyHz }));
}

// Product defaults (see above): high 150 ms pulses 100 ms apart, 700 ms between bursts;
// medium and low 200 ms pulses 200 ms apart.
const HIGH_PULSE_MS = 150;
const HIGH_GAP_MS = 100;
const HIGH_BURST_PAUSE_MS = 700;
const HIGH_BURST_MS = 5 * HIGH_PULSE_MS + 4 * HIGH_GAP_MS;

export const ALARM_SOUNDS: Record<AlarmPriority, AlarmSoundPattern> = {
  high: {
    priority: 'high',
    // CLINICAL.md: two bursts of 5 pulses.
    pulses: [
      ...burst(0, 5, HIGH_PULSE_MS, HIGH_GAP_MS, 880),
      ...burst(HIGH_BURST_MS + HIGH_BURST_PAUSE_MS, 5, HIGH_PULSE_MS, HIGH_GAP_MS, 880),
    ],
    // CLINICAL.md: example repeat 10 s.
    repeatIntervalMs: 10_000,
  },
  // CLINICAL.md: 3 pulses, example repeat 25 s.
  medium: { priority: 'medium', pulses: burst(0, 3, 200, 200, 660), repeatIntervalMs: 25_000 },
  // CLINICAL.md: 1 pulse, example repeat 30 s.
  low: { priority: 'low', pulses: burst(0, 1, 200, 0, 520), repeatIntervalMs: 30_000 },
};

export const ALARM_VISUALS: Record<AlarmPriority, AlarmVisual> = {
  // CLINICAL.md: red flashing 1.4-2.8 Hz; the issue asks about 2 Hz.
  high: { priority: 'high', marker: '***', label: 'High', color: 'red', flashHz: 2 },
  // CLINICAL.md: yellow flashing 0.4-0.8 Hz; the issue asks about 0.5 Hz.
  medium: { priority: 'medium', marker: '**', label: 'Medium', color: 'yellow', flashHz: 0.5 },
  // CLINICAL.md: low steady yellow/cyan; cyan so it is not mistaken for medium.
  low: { priority: 'low', marker: '*', label: 'Low', color: 'cyan', flashHz: 0 },
};

/** Total length of one pattern's pulses (the last pulse's end). */
export function patternLengthMs(pattern: AlarmSoundPattern): number {
  return Math.max(0, ...pattern.pulses.map((pulse) => pulse.startMs + pulse.durationMs));
}
