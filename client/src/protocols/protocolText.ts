import { PARAMETER_LABELS } from '../../../shared/alerts/format';
import { ALARM_VISUALS } from '../../../shared/alerts/sound';
import type { AlarmParameter, AlarmPriority } from '../../../shared/alerts/types';
import { defaultProtocols } from '../../../shared/protocols/defaults';
import type { AlarmLimit, Protocol, Route } from '../../../shared/protocols/schema';
import { PLAUSIBLE_RANGES } from '../../../shared/vitals/plausibility';

const BUILT_IN_IDS = new Set(defaultProtocols().map((protocol) => protocol.id));

/** Shipped with Vigil (shared/protocols/defaults.ts); the clinic copies one to change it. */
export const isBuiltIn = (protocol: Pick<Protocol, 'id'>) => BUILT_IN_IDS.has(protocol.id);

export const ROUTE_TEXT: Record<Route, string> = {
  intranasal: 'Intranasal',
  im: 'Intramuscular (IM)',
  iv: 'Intravenous infusion (IV)',
  sublingual: 'Sublingual',
};

/** "56 mg", "0.5 mg/kg over 40 min", "100 mg or 0.5 mg/kg". */
export function doseText(protocol: Pick<Protocol, 'defaultDoseMg' | 'mgPerKg' | 'infusionMinutes'>): string {
  const parts: string[] = [];
  if (protocol.defaultDoseMg !== undefined) parts.push(`${protocol.defaultDoseMg} mg`);
  if (protocol.mgPerKg !== undefined) parts.push(`${protocol.mgPerKg} mg/kg`);
  const dose = parts.join(' or ') || 'no dose set';
  return protocol.infusionMinutes !== undefined ? `${dose} over ${protocol.infusionMinutes} min` : dose;
}

/** The settings page's labels: the long form of the shared ones. */
export const PARAMETER_TEXT = Object.fromEntries(
  Object.entries(PARAMETER_LABELS).map(([parameter, { longLabel, unit }]) => [parameter, { label: longLabel, unit }]),
) as Record<AlarmParameter, { label: string; unit: string }>;

/** The values a limit may take for its parameter (the schema's own ranges). */
export function parameterRange(parameter: AlarmParameter): { min: number; max: number } {
  return parameter === 'moaas' ? { min: 0, max: 5 } : PLAUSIBLE_RANGES[parameter];
}

export const COMPARATOR_TEXT: Record<AlarmLimit['comparator'], string> = { '>=': 'at or above', '<=': 'at or below' };

/** "*** High": marker and word together, never colour alone. */
export function priorityText(priority: AlarmPriority): string {
  const visual = ALARM_VISUALS[priority];
  return `${visual.marker} ${visual.label}`;
}

/** "90 %", "180 mmHg", "1" (MOAA/S has no unit). */
export function valueWithUnit(parameter: AlarmParameter, value: number): string {
  const { unit } = PARAMETER_TEXT[parameter];
  return unit ? `${value} ${unit}` : String(value);
}

/** "Waits up to 1 min for a repeat reading (shown as recheck)" or "Sounds at once". */
export function confirmationText(limit: Pick<AlarmLimit, 'confirmWithinMinutes'>): string {
  return limit.confirmWithinMinutes === undefined
    ? 'Sounds at once (no recheck)'
    : `Waits up to ${limit.confirmWithinMinutes} min for a repeat reading (shown as "recheck")`;
}

export const DISSOCIATION_SCALE_TEXT: Record<Protocol['dissociationScale'], string> = {
  cadss6: 'CADSS-6 (items 1, 2, 6, 7, 15, 22, each 0-4)',
  rating0to10: 'Single rating 0-10',
};

/** "0, 15, 30, 40 min after the dose". */
export function scheduleText(minutes: number[]): string {
  return minutes.length === 0 ? 'No scheduled checks' : `${minutes.join(', ')} min after the dose`;
}
