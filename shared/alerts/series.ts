import { ruleIndexOf } from '../session/ruleIndex';
import type { SessionState } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';
import type { AlarmParameter } from './types';

/** One value of one parameter: from a reading (vitals) or an observation (MOAA/S). */
export interface ParameterValue {
  value: number;
  observedAt: number;
  readingId?: string;
  observationId?: string;
}

/**
 * Every non-artifact value of a parameter, oldest first (readings may be partial: a device
 * may send only SpO2). MOAA/S comes from the therapist's observations.
 */
export function parameterSeries(state: SessionState, parameter: AlarmParameter): ParameterValue[] {
  if (parameter === 'moaas') {
    const values: ParameterValue[] = [];
    for (const observation of state.observations) {
      if (observation.body.kind === 'moaas') {
        values.push({ value: observation.body.score, observedAt: observation.observedAt, observationId: observation.observationId });
      }
    }
    return values;
  }
  const key: VitalKey = parameter;
  const values: ParameterValue[] = [];
  for (const reading of state.readings) {
    const value = reading.vitals[key];
    if (!reading.artifact && value !== undefined) values.push({ value, observedAt: reading.observedAt, readingId: reading.readingId });
  }
  return values;
}

/**
 * The latest non-artifact value of a parameter (the last of `parameterSeries`), or null when
 * it was never measured. Kept in the rule index (session/ruleIndex.ts): room summaries and
 * discharge readiness ask for it on every event of a long, streamed session.
 */
export function latestValue(state: SessionState, parameter: AlarmParameter): ParameterValue | null {
  if (parameter === 'moaas') {
    const observation = state.observations.findLast((o) => o.body.kind === 'moaas');
    return observation?.body.kind === 'moaas'
      ? { value: observation.body.score, observedAt: observation.observedAt, observationId: observation.observationId }
      : null;
  }
  const latest = ruleIndexOf(state).latest[parameter];
  return latest === undefined ? null : { value: latest.value, observedAt: latest.observedAt, readingId: latest.readingId };
}

/** The source ids of a value, to copy onto an alarm condition. */
export function sourceOf(value: ParameterValue): { readingId?: string; observationId?: string } {
  return {
    ...(value.readingId !== undefined ? { readingId: value.readingId } : {}),
    ...(value.observationId !== undefined ? { observationId: value.observationId } : {}),
  };
}
