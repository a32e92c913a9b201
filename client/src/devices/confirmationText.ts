import { describeActor } from '../../../shared/session/actor';
import type { Reading } from '../../../shared/session/state';
import { clockTime } from '../format/time';

/** "Confirmed by Nora, 14:05" for a confirmed device reading; null otherwise. */
export function confirmationText(reading: Reading): string | null {
  if (!reading.confirmedBy || reading.confirmedAt === undefined) return null;
  return `Confirmed by ${describeActor(reading.confirmedBy)}, ${clockTime(reading.confirmedAt)}`;
}
