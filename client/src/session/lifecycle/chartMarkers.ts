import type { Observation } from '../../../../shared/session/state';
import { observationMarkerLabel } from './observationText';

export interface ObservationMarker {
  key: string;
  at: number;
  /** The observations at this point, in words: "MOAA/S 3 · CADSS 7 · Peak". */
  label: string;
  /** Which side of the line the label sits, so labels near the chart's edges stay inside it. */
  side: 'left' | 'right';
  /** Alternating top and bottom, so neighbouring markers do not print over each other. */
  row: 'top' | 'bottom';
}

/**
 * The therapist's observations as chart markers: observations closer together than `mergeWithin`
 * of the visible time range share one marker and one label, so labels never overprint.
 */
export function observationMarkers(
  observations: readonly Observation[],
  start: number,
  end: number,
  mergeWithin = 0.03,
): ObservationMarker[] {
  const gap = Math.max(1, (end - start) * mergeWithin);
  const groups: { at: number; items: Observation[] }[] = [];
  for (const observation of [...observations].sort((a, b) => a.observedAt - b.observedAt)) {
    const last = groups.at(-1);
    if (last && observation.observedAt - last.at <= gap) last.items.push(observation);
    else groups.push({ at: observation.observedAt, items: [observation] });
  }
  const middle = start + (end - start) / 2;
  return groups.map((group, index) => ({
    key: group.items[0]!.observationId,
    at: group.at,
    label: group.items.map((item) => observationMarkerLabel(item.body)).join(' · '),
    side: group.at < middle ? 'right' : 'left',
    row: index % 2 === 0 ? 'top' : 'bottom',
  }));
}
