import { latestValue } from '../alerts/series';
import { describeActor } from '../session/actor';
import type { SessionState } from '../session/state';
import { baselineValue } from './baseline';
import { maxPoints, type DischargeScore, type ScoreItem, type ScoreSource } from './scoreConfig';

const MINUTE_MS = 60_000;

/** What the score rules need besides the record: since when values count, and how fresh they must be. */
export interface ScoreContext {
  /** The latest dose's start: values before it say nothing about recovery from it. */
  since: number;
  now: number;
  recentReadingMinutes: number;
}

export interface ScoredItem {
  id: string;
  label: string;
  /** Null when there is nothing to score it from yet (counts as 0 in the total). */
  points: number | null;
  maxPoints: number;
  /** The wording of the points given ("Moves two limbs"). */
  optionLabel: string | null;
  /** How the points were found, in plain language. */
  reason: string;
  scoredBy: 'record' | 'person';
}

export interface ScoreEvaluation {
  id: string;
  name: string;
  total: number;
  max: number;
  passAtTotal: number;
  passes: boolean;
  items: ScoredItem[];
}

const NAMES = { systolicMmHg: 'systolic', diastolicMmHg: 'diastolic', heartRateBpm: 'heart rate', spo2Percent: 'SpO2' } as const;

type Latest = { value: number; observedAt: number } | { missing: string };

function latestSince(state: SessionState, key: keyof typeof NAMES, ctx: ScoreContext): Latest {
  const latest = latestValue(state, key);
  if (latest === null || latest.observedAt <= ctx.since) return { missing: `No ${NAMES[key]} since the dose` };
  const ageMs = ctx.now - latest.observedAt;
  if (ageMs > ctx.recentReadingMinutes * MINUTE_MS) {
    return {
      missing: `Latest ${NAMES[key]} is ${Math.floor(ageMs / MINUTE_MS)} min old (needs one within ${ctx.recentReadingMinutes} min)`,
    };
  }
  return latest;
}

function scored(item: ScoreItem, points: number | null, reason: string, by: 'record' | 'person'): ScoredItem {
  const option = points === null ? undefined : item.options.find((o) => o.points === points);
  return { id: item.id, label: item.label, points, maxPoints: maxPoints(item), optionLabel: option?.label ?? null, reason, scoredBy: by };
}

/** The first band that holds gives its points; none: 0. */
function firstBand<B extends { points: number }>(bands: readonly B[], holds: (band: B) => boolean): number {
  return bands.find(holds)?.points ?? 0;
}

function fromBaseline(
  state: SessionState,
  source: Extract<ScoreSource, { kind: 'change_from_baseline_mmhg' | 'change_from_baseline_percent' }>,
  ctx: ScoreContext,
) {
  const pairs: { name: string; base: number; value: number }[] = [];
  for (const key of source.vitals) {
    const base = baselineValue(state, key);
    if (base === null) return { missing: `No pre-dose ${NAMES[key]} to compare with` };
    const latest = latestSince(state, key, ctx);
    if ('missing' in latest) return latest;
    pairs.push({ name: NAMES[key], base, value: latest.value });
  }
  return { pairs };
}

function recordItem(state: SessionState, item: ScoreItem, source: Exclude<ScoreSource, { kind: 'person' }>, ctx: ScoreContext): ScoredItem {
  // Not a named closure (`const none = ...`): under tsx each one made is also named, per item per evaluation.
  switch (source.kind) {
    case 'moaas': {
      const latest = latestValue(state, 'moaas');
      if (latest === null || latest.observedAt <= ctx.since) return scored(item, null, 'No MOAA/S since the dose', 'record');
      return scored(
        item,
        firstBand(source.bands, (band) => latest.value >= band.atLeast),
        `Latest MOAA/S ${latest.value}`,
        'record',
      );
    }
    case 'spo2': {
      const latest = latestSince(state, 'spo2Percent', ctx);
      if ('missing' in latest) return scored(item, null, latest.missing, 'record');
      return scored(
        item,
        firstBand(source.bands, (band) => latest.value > band.abovePercent),
        `Latest SpO2 ${latest.value}% (on air: Vigil records no oxygen)`,
        'record',
      );
    }
    case 'change_from_baseline_mmhg': {
      const found = fromBaseline(state, source, ctx);
      if ('missing' in found) return scored(item, null, found.missing, 'record');
      const points = firstBand(source.bands, (band) => found.pairs.every((p) => Math.abs(p.value - p.base) <= band.withinMmHg));
      return scored(
        item,
        points,
        found.pairs
          .map((p) => `${p.name} ${p.value} (baseline ${p.base}, ${p.value - p.base >= 0 ? '+' : ''}${p.value - p.base} mmHg)`)
          .join(', '),
        'record',
      );
    }
    case 'change_from_baseline_percent': {
      const found = fromBaseline(state, source, ctx);
      if ('missing' in found) return scored(item, null, found.missing, 'record');
      // Whole-number comparison (|value - base| * 100 <= percent * base): 20% is exactly 20%.
      const points = firstBand(source.bands, (band) =>
        found.pairs.every((p) => Math.abs(p.value - p.base) * 100 <= band.withinPercent * p.base),
      );
      return scored(item, points, found.pairs.map((p) => `${p.name} ${p.value} (baseline ${p.base})`).join(', '), 'record');
    }
  }
}

function personItem(state: SessionState, scoreId: string, item: ScoreItem, ctx: ScoreContext): ScoredItem {
  const latest = state.observations.findLast(
    (o) => o.observedAt > ctx.since && o.body.kind === 'score_item' && o.body.scoreId === scoreId && o.body.itemId === item.id,
  );
  if (latest === undefined || latest.body.kind !== 'score_item') return scored(item, null, 'Not scored since the dose', 'person');
  return scored(item, latest.body.points, `Scored by ${describeActor(latest.recordedBy)}`, 'person');
}

/** One score at `ctx.now`: each item's points (from the record, or the latest a person gave since the dose), the total and whether it passes. */
export function evaluateScore(state: SessionState, score: DischargeScore, ctx: ScoreContext): ScoreEvaluation {
  const items = score.items.map((item) =>
    item.source.kind === 'person' ? personItem(state, score.id, item, ctx) : recordItem(state, item, item.source, ctx),
  );
  const total = items.reduce((sum, item) => sum + (item.points ?? 0), 0);
  const max = items.reduce((sum, item) => sum + item.maxPoints, 0);
  return { id: score.id, name: score.name, total, max, passAtTotal: score.passAtTotal, passes: total >= score.passAtTotal, items };
}

/** Find a person-scored item of a score, for the command check (which score, which item, which roles). */
export function findPersonItem(scores: readonly DischargeScore[], scoreId: string, itemId: string) {
  const score = scores.find((s) => s.id === scoreId);
  const item = score?.items.find((i) => i.id === itemId);
  return score === undefined || item === undefined ? null : { score, item };
}
