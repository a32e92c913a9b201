import type { AlarmPriority } from '../alerts/types';
import type { RealEventKind } from './corpusEvents';
import { answers, type ReplayResult } from './replay';

/** The alarm burden of a replayed corpus: what a clinic would hear, against what really happened. */
export interface BurdenReport {
  sessions: number;
  /** Sessions with no real event (normal courses and courses with monitor artifacts). */
  normalSessions: number;
  /** Sounded alarm episodes that answer no real event, per normal session, by priority. */
  nonActionablePerNormalSession: Record<AlarmPriority | 'all', number>;
  /** The same, counted over every session (an eventful session's unrelated alarms included). */
  nonActionableTotal: Record<AlarmPriority | 'all', number>;
  /** Alarms that waited silently ("checking") and never sounded, per session. */
  silentCheckingPerSession: number;
  realEvents: number;
  realEventsAlarmed: number;
  /** Share of real events alarmed, 0-1. */
  sensitivity: number;
  /** Minutes from each alarmed event's onset to its first alarm (0 when it sounded at or before onset). */
  delayMinutes: { median: number | null; worst: number | null };
  byEventKind: Record<string, { events: number; alarmed: number; medianDelayMinutes: number | null; worstDelayMinutes: number | null }>;
  /** Events with no alarm, and non-actionable alarms, named (for the report and for tuning). */
  missed: { sessionId: string; kind: RealEventKind }[];
  nonActionable: { sessionId: string; alarmId: string; priority: AlarmPriority; message: string; minute: number }[];
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

/** Scores replayed sessions against their ground truth. Pure. */
export function burdenReport(results: readonly ReplayResult[]): BurdenReport {
  const zero = (): Record<AlarmPriority | 'all', number> => ({ high: 0, medium: 0, low: 0, all: 0 });
  const nonActionableNormal = zero();
  const nonActionableTotal = zero();
  const delays: number[] = [];
  const byKind = new Map<string, { events: number; alarmed: number; delays: number[] }>();
  const missed: BurdenReport['missed'] = [];
  const nonActionable: BurdenReport['nonActionable'] = [];
  let normalSessions = 0;
  let silent = 0;
  let realEvents = 0;
  let alarmed = 0;

  for (const { session, alarms } of results) {
    if (session.events.length === 0) normalSessions += 1;
    silent += alarms.filter((alarm) => alarm.firstSoundedAt === null).length;
    for (const alarm of alarms) {
      if (alarm.firstSoundedAt === null || session.events.some((event) => answers(alarm, event))) continue;
      nonActionableTotal[alarm.priority] += 1;
      nonActionableTotal.all += 1;
      if (session.events.length === 0) {
        nonActionableNormal[alarm.priority] += 1;
        nonActionableNormal.all += 1;
      }
      nonActionable.push({
        sessionId: session.sessionId,
        alarmId: alarm.alarmId,
        priority: alarm.priority,
        message: alarm.message,
        minute: Math.round((alarm.firstSoundedAt - session.dosedAt) / 60_000),
      });
    }
    for (const event of session.events) {
      realEvents += 1;
      const kind = byKind.get(event.kind) ?? { events: 0, alarmed: 0, delays: [] };
      kind.events += 1;
      const first = alarms
        .filter((alarm) => answers(alarm, event))
        .map((alarm) => alarm.firstSoundedAt!)
        .sort((a, b) => a - b)[0];
      if (first === undefined) missed.push({ sessionId: session.sessionId, kind: event.kind });
      else {
        alarmed += 1;
        kind.alarmed += 1;
        const delay = Math.max(0, first - event.onsetAt) / 60_000;
        delays.push(delay);
        kind.delays.push(delay);
      }
      byKind.set(event.kind, kind);
    }
  }
  const perNormal = (value: number) => round(normalSessions === 0 ? 0 : value / normalSessions)!;
  return {
    sessions: results.length,
    normalSessions,
    nonActionablePerNormalSession: {
      high: perNormal(nonActionableNormal.high),
      medium: perNormal(nonActionableNormal.medium),
      low: perNormal(nonActionableNormal.low),
      all: perNormal(nonActionableNormal.all),
    },
    nonActionableTotal,
    silentCheckingPerSession: round(results.length === 0 ? 0 : silent / results.length)!,
    realEvents,
    realEventsAlarmed: alarmed,
    sensitivity: realEvents === 0 ? 1 : round(alarmed / realEvents)!,
    delayMinutes: { median: round(median(delays)), worst: round(delays.length === 0 ? null : Math.max(...delays)) },
    byEventKind: Object.fromEntries(
      [...byKind].map(([kind, value]) => [
        kind,
        {
          events: value.events,
          alarmed: value.alarmed,
          medianDelayMinutes: round(median(value.delays)),
          worstDelayMinutes: round(value.delays.length === 0 ? null : Math.max(...value.delays)),
        },
      ]),
    ),
    missed,
    nonActionable,
  };
}
