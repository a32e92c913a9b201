import type { VitalKey } from '../vitals/plausibility';

/** One vital set the message holds for one measurement time. */
export interface DeviceReadingDraft {
  observedAt: number;
  vitals: Partial<Record<VitalKey, number>>;
  /** OBX set ids (or positions) the values came from, for the device's status and for tracing. */
  rows: number[];
}

export type DropReason = 'sentinel' | 'implausible' | 'no_value' | 'unit' | 'not_numeric' | 'no_time' | 'unpaired' | 'invalid';

/** A value the message carried that is not a reading; noted on the device's status, never stored. */
export interface DroppedValue {
  row: number;
  code: string;
  value: string;
  reason: DropReason;
  message: string;
}

/** One short line for the device's status ("2 values dropped: SpO2 -999 (no value), ..."). */
export function describeDropped(dropped: readonly DroppedValue[]): string | null {
  if (dropped.length === 0) return null;
  const parts = dropped.slice(0, 4).map((d) => d.message);
  const more = dropped.length > 4 ? `, and ${dropped.length - 4} more` : '';
  return `${dropped.length} value${dropped.length === 1 ? '' : 's'} dropped: ${parts.join('; ')}${more}`;
}
