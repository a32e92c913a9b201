import { describeActor } from '../session/actor';
import { isMonitoredPhase } from '../session/phases';
import type { ChecklistTick, SessionState } from '../session/state';
import type { DischargeConfig, DissociationScale } from './config';
import {
  alarmItem,
  dissociationItem,
  minimumObservationItem,
  moaasItem,
  recentBloodPressureItem,
  regulatoryFloorItem,
  scoreItem,
  TIME_ITEM_IDS,
  vitalsItem,
} from './dischargeItems';
import { countingCourse, doseCourses, latestDoseAt, type CourseRules } from './doses';
import type { DosingConfig } from './dosingConfig';
import type { DischargeScore, RegulatoryFloor } from './scoreConfig';
import { evaluateScore, type ScoreEvaluation } from './scores';

export { CLINICAL_DISCHARGE_ITEM_IDS } from './dischargeItems';

/** The protocol settings discharge readiness depends on (resolved: see protocolRules.ts). */
export interface DischargeRules extends CourseRules {
  dischargeConfig: DischargeConfig;
  minimumObservationMinutes: number;
  dissociationScale: DissociationScale;
  checkScheduleMinutes: readonly number[];
  route: string;
  dosing: DosingConfig;
  scores: readonly DischargeScore[];
  recentReadingMinutes: number;
  /** A legal floor from the first device that no override passes (Spravato REMS), or null. */
  regulatoryFloor: RegulatoryFloor | null;
}

export type DischargeItemKind = 'clinical' | 'practical';

export interface DischargeItem {
  id: string;
  label: string;
  kind: DischargeItemKind;
  passes: boolean;
  /** Why it passes or not, in plain language ("112 of 120 min elapsed"). */
  reason: string;
  /** Practical items: the tick, if any (who, when, the booked date). */
  tick?: ChecklistTick | null;
}

export interface DischargeEvaluation {
  items: DischargeItem[];
  allPass: boolean;
  /** Every clinical item holds, the minimum time and the legal floor aside (REMS "would have been ready"). */
  clinicallyReady: boolean;
  /** Each score with its items, total and pass mark, for the discharge panel. */
  scores: ScoreEvaluation[];
}

/**
 * One practical item, written out rather than spread from a common base: on Node 20 an object
 * spread followed by more properties takes V8's slow path (about 1.5 µs each, measured), and
 * this runs for every room on every commit.
 */
function practical(item: { id: string; label: string }, tick: ChecklistTick | null, passes: boolean, reason: string): DischargeItem {
  return { id: item.id, label: item.label, kind: 'practical', tick, passes, reason };
}

function practicalItems(state: SessionState, config: DischargeConfig): DischargeItem[] {
  return config.practicalItems.map((item) => {
    const tick = state.checklists.discharge[item.id] ?? null;
    if (tick === null) return practical(item, tick, false, 'Not ticked yet');
    const by = describeActor(tick.tickedBy);
    if (item.needsDate === true && tick.date === undefined) {
      return practical(item, tick, false, `Ticked by ${by} but no date recorded`);
    }
    return practical(item, tick, true, item.needsDate === true ? `Date recorded by ${by}` : `Ticked by ${by}`);
  });
}

/**
 * Evaluate every discharge item at `now` from the record: the minimum observation time from
 * the dose it counts from, the legal floor, a recent blood pressure, vitals near baseline
 * (PADSS), MOAA/S, dissociation, no active alarm, each score's total against its pass mark,
 * and the practical items ticked by people. Artifact readings never count; readings and
 * scores count only after the latest dose.
 */
export function evaluateDischarge(state: SessionState, rules: DischargeRules, now: number, activeAlarmCount: number): DischargeEvaluation {
  const courses = doseCourses(state, rules);
  const since = latestDoseAt(courses);
  const scores =
    since === null
      ? []
      : rules.scores.map((score) => evaluateScore(state, score, { since, now, recentReadingMinutes: rules.recentReadingMinutes }));
  const clinicalItems = [
    minimumObservationItem(countingCourse(courses), courses.length, now),
    ...(rules.regulatoryFloor === null ? [] : [regulatoryFloorItem(rules.regulatoryFloor, courses[0]?.startedAt ?? null, now)]),
    recentBloodPressureItem(state, since, rules.recentReadingMinutes, now),
    vitalsItem(state, since, rules.dischargeConfig.vitalsWithinPercentOfBaseline, rules.recentReadingMinutes, now),
    moaasItem(state, since, rules.dischargeConfig),
    dissociationItem(state, since, rules.dissociationScale),
    alarmItem(activeAlarmCount),
    ...(since === null
      ? rules.scores.map((score) => ({
          id: `score_${score.id}`,
          label: `${score.name} score at least ${score.passAtTotal}`,
          kind: 'clinical' as const,
          passes: false,
          reason: 'Not dosed yet',
        }))
      : scores.map(scoreItem)),
  ];
  const items = [...clinicalItems, ...practicalItems(state, rules.dischargeConfig)];
  return {
    items,
    allPass: items.every((item) => item.passes),
    clinicallyReady: since !== null && clinicalItems.every((item) => item.passes || TIME_ITEM_IDS.has(item.id)),
    scores,
  };
}

/** The ids of the items that fail, in checklist order. */
export function failingItemIds(evaluation: DischargeEvaluation): string[] {
  return evaluation.items.filter((item) => !item.passes).map((item) => item.id);
}

/** A system event the server should append after a change. */
export type ReadinessEvent =
  | { type: 'session.readyForDischarge'; payload: Record<string, never> }
  | { type: 'session.readinessLost'; payload: { failingItemIds: string[] } }
  | { type: 'session.clinicallyReady'; payload: Record<string, never> };

/**
 * After any event (and on the clock), the server re-evaluates discharge. The first time since
 * the latest dose that every clinical item holds, the minimum time aside, it appends
 * `session.clinicallyReady` (the REMS "would have been ready to leave" time); when every item
 * holds, `session.readyForDischarge`; if an item then fails again, `session.readinessLost`.
 */
export function readinessTransitions(state: SessionState, evaluation: DischargeEvaluation): ReadinessEvent[] {
  const events: ReadinessEvent[] = [];
  const watched = isMonitoredPhase(state.phase);
  if (watched && state.clinicallyReadyAt === null && evaluation.clinicallyReady)
    events.push({ type: 'session.clinicallyReady', payload: {} });
  if (state.phase === 'monitoring' && evaluation.allPass) events.push({ type: 'session.readyForDischarge', payload: {} });
  if (state.phase === 'ready_for_discharge' && !evaluation.allPass) {
    events.push({ type: 'session.readinessLost', payload: { failingItemIds: failingItemIds(evaluation) } });
  }
  return events;
}
