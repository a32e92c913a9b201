import { describeValue } from '../../../../shared/alerts/format';
import { ALARM_VISUALS } from '../../../../shared/alerts/sound';
import type { AlarmPriority } from '../../../../shared/alerts/types';
import type { SessionState } from '../../../../shared/session/state';

/** Chart colours per priority (the marker text says the priority; colour only adds to it). */
export const MARKER_COLORS: Record<AlarmPriority, string> = { high: 'var(--danger)', medium: 'var(--warning)', low: 'var(--low)' };

/** Where the chart's series sit: pressures and heart rate on the left axis, SpO2 on the right. */
const AXES = {
  systolicMmHg: { axis: 'left', min: 30, max: 220 },
  diastolicMmHg: { axis: 'left', min: 30, max: 220 },
  heartRateBpm: { axis: 'left', min: 30, max: 220 },
  spo2Percent: { axis: 'right', min: 80, max: 100 },
} as const;

export interface AlarmChartMarker {
  key: string;
  alarmId: string;
  priority: AlarmPriority;
  /** The reading's measurement time. */
  at: number;
  /** On the charted series (clamped into the axis so it is never dropped), or null: a vertical mark instead. */
  point: { axis: 'left' | 'right'; value: number } | null;
  /** "*** SpO2 88%": marker and message, never colour alone. */
  label: string;
  open: boolean;
}

/**
 * Every crossing of every alarm raised by a reading, at that reading (an episode that cleared
 * and came back has one marker per return): on its series when the parameter is charted, else
 * a vertical mark at the reading's time (NEWS2, respiratory rate ...). Open and cleared alarms
 * both, so the chart keeps the session's history; only an open alarm's latest crossing is drawn
 * open. Readings marked artifact are not charted, so neither are their alarms. Pure.
 */
export function alarmChartMarkers(state: Pick<SessionState, 'readings' | 'alarms'>): AlarmChartMarker[] {
  // Only the readings that alarms name (a handful), not a map of every reading of a long session.
  const named = new Set<string>();
  for (const record of state.alarms) for (const crossing of record.crossings) if (crossing.readingId) named.add(crossing.readingId);
  const readings = new Map<string, SessionState['readings'][number]>();
  if (named.size > 0) for (const reading of state.readings) if (named.has(reading.readingId)) readings.set(reading.readingId, reading);
  const markers: AlarmChartMarker[] = [];
  for (const record of state.alarms) {
    const axis = record.parameter && record.parameter in AXES ? AXES[record.parameter as keyof typeof AXES] : null;
    record.crossings.forEach((crossing, index) => {
      const reading = crossing.readingId ? readings.get(crossing.readingId) : undefined;
      if (!reading || reading.artifact) return;
      const raw = axis ? reading.vitals[record.parameter as keyof typeof AXES] : undefined;
      const latest = index === record.crossings.length - 1;
      const what =
        latest || crossing.value === null || record.parameter === null || record.parameter === 'news2'
          ? record.message.split(' — ')[0]
          : describeValue(record.parameter, crossing.value);
      markers.push({
        key: `${record.alarmId}#${record.occurrence}#${index}`,
        alarmId: record.alarmId,
        priority: record.priority,
        at: reading.observedAt,
        point: axis && raw !== undefined ? { axis: axis.axis, value: Math.min(axis.max, Math.max(axis.min, raw)) } : null,
        label: `${ALARM_VISUALS[record.priority].marker} ${what}`,
        open: latest && record.status !== 'cleared',
      });
    });
  }
  return markers;
}
