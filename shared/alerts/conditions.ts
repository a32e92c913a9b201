import { isClosedPhase } from '../session/phases';
import type { Protocol } from '../protocols/schema';
import type { SessionState } from '../session/state';
import { baselineRiseConditions } from './rules/baselineRise';
import { deviceSilenceConditions } from './rules/deviceSilence';
import { limitConditions } from './rules/limits';
import { news2Conditions } from './rules/news2';
import { overdueConditions } from './rules/overdue';
import { selfHarmConditions } from './rules/selfHarm';
import { PRIORITY_RANK, type AlarmCondition } from './types';

/**
 * Every alarm condition present in a session at `now`, most urgent first, then by id.
 * Pure and deterministic: the same state, protocol and time always give the same list with
 * the same ids, so a second server or a restart never duplicates an alarm. Artifact
 * readings are ignored everywhere; a closed session (discharged, ended early) has none.
 */
export function evaluateAlarmConditions(state: SessionState, protocol: Protocol, now: number): AlarmCondition[] {
  if (isClosedPhase(state.phase)) return [];
  const limits = limitConditions(state, protocol, now);
  const all = [
    ...limits,
    ...baselineRiseConditions(state, protocol, limits, now),
    ...news2Conditions(state, protocol, limits, now),
    ...overdueConditions(state, protocol, now),
    ...deviceSilenceConditions(state, protocol, now),
    ...selfHarmConditions(state),
  ];
  return all.sort(
    (a, b) => PRIORITY_RANK[b.priority] - PRIORITY_RANK[a.priority] || (a.alarmId < b.alarmId ? -1 : a.alarmId > b.alarmId ? 1 : 0),
  );
}
