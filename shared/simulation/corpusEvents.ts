import type { VitalKey } from '../vitals/plausibility';
import type { CorpusInput, CorpusSession, TruthEvent } from './corpus';
import type { Random } from './random';

/** The patient's true course: vitals at a minute after the dose, and their MOAA/S. */
export interface Signal {
  baseline: Record<VitalKey, number>;
  at(minutes: number): Record<VitalKey, number>;
  moaas(minutes: number): number;
}

/** The real events the corpus holds, one per eventful session, in turn. */
export const REAL_EVENT_KINDS = ['hypertension', 'rise', 'desaturation', 'bradypnoea', 'oversedation', 'missed_check'] as const;
export type RealEventKind = (typeof REAL_EVENT_KINDS)[number];

const MINUTE = 60_000;

/** 0 before `start`, up to 1 over `ramp` minutes, 1 for `hold`, back to 0 over `fall`. */
function plateau(minutes: number, start: number, ramp: number, hold: number, fall: number): number {
  if (minutes <= start) return 0;
  if (minutes < start + ramp) return (minutes - start) / ramp;
  if (minutes <= start + ramp + hold) return 1;
  if (minutes < start + ramp + hold + fall) return 1 - (minutes - start - ramp - hold) / fall;
  return 0;
}

function limitValue(session: CorpusSession, id: string): number {
  const limit = session.protocol.alarmLimits.find((candidate) => candidate.id === id);
  if (!limit) throw new Error(`protocol ${session.protocol.id} has no limit ${id}`);
  return limit.value;
}

/** The first minute (5 s steps) from `from` at which `crossed` holds for the true course. */
function onsetMinute(signal: Signal, from: number, to: number, crossed: (vitals: Record<VitalKey, number>) => boolean): number {
  for (let minute = from; minute <= to; minute += 1 / 12) if (crossed(signal.at(minute))) return minute;
  throw new Error('the event never crosses its limit');
}

/**
 * Changes the true course so that one real event happens, and says when it starts (the first
 * moment the true value is past the protocol's line) and which alarms answer it.
 */
export function injectEvent(
  kind: RealEventKind,
  session: CorpusSession,
  base: Signal,
  random: Random,
): { signal: Signal; event: TruthEvent; skipCheckMinute: number | null } {
  const { dosedAt, protocol } = session;
  const start = random.between(20, Math.min(80, protocol.minimumObservationMinutes - 40));
  const at = (minute: number) => dosedAt + Math.round(minute * MINUTE);
  const bp = ['systolicMmHg', 'diastolicMmHg'] as const;
  const withChange = (change: (minutes: number, vitals: Record<VitalKey, number>) => void): Signal => ({
    ...base,
    at(minutes) {
      const vitals = { ...base.at(minutes) };
      change(minutes, vitals);
      return vitals;
    },
  });
  const event = (onset: number, end: number, parameters: TruthEvent['parameters'], kinds: TruthEvent['kinds'] = []) => ({
    kind,
    onsetAt: at(onset),
    endAt: at(end),
    parameters,
    kinds,
  });
  // One vital drawn down towards `low` over `ramp` minutes, held, and back over `ramp` minutes;
  // the event starts when it first reaches the protocol's limit and ends when it is back.
  const fallTo = (vital: 'spo2Percent' | 'respiratoryRatePerMin', low: number, hold: number, ramp: number, limitId: string) => {
    const signal = withChange((minutes, vitals) => {
      vitals[vital] -= plateau(minutes, start, ramp, hold, ramp) * (vitals[vital] - low);
    });
    const onset = onsetMinute(signal, start, start + ramp, (v) => v[vital] <= limitValue(session, limitId));
    return { signal, event: event(onset, start + hold + 2 * ramp, [vital, 'news2']), skipCheckMinute: null };
  };

  switch (kind) {
    case 'hypertension': {
      // CLINICAL.md "Ketamine by route": transient hypertension past 180/110, sustained.
      const systolic = random.between(190, 205);
      const diastolic = random.between(113, 120);
      const signal = withChange((minutes, vitals) => {
        const f = plateau(minutes, start, 10, 25, 15);
        vitals.systolicMmHg += f * (systolic - vitals.systolicMmHg);
        vitals.diastolicMmHg += f * (diastolic - vitals.diastolicMmHg);
      });
      const line = { s: limitValue(session, 'systolic-high'), d: limitValue(session, 'diastolic-high') };
      const onset = onsetMinute(signal, start, start + 10, (v) => v.systolicMmHg >= line.s || v.diastolicMmHg >= line.d);
      return { signal, event: event(onset, start + 50, [...bp]), skipCheckMinute: null };
    }
    case 'rise': {
      // CLINICAL.md "Esketamine": a real rise of >= 40 systolic and/or >= 25 diastolic, under the absolute limits.
      base.baseline.systolicMmHg = Math.min(base.baseline.systolicMmHg, 124);
      base.baseline.diastolicMmHg = Math.min(base.baseline.diastolicMmHg, 78);
      const systolicRise = random.between(47, 53);
      const diastolicRise = random.between(27, 30);
      const signal = withChange((minutes, vitals) => {
        const f = plateau(minutes, start, 15, 25, 20);
        vitals.systolicMmHg = Math.max(vitals.systolicMmHg, base.baseline.systolicMmHg + f * systolicRise);
        vitals.diastolicMmHg = Math.max(vitals.diastolicMmHg, base.baseline.diastolicMmHg + f * diastolicRise);
      });
      const rise = protocol.baselineRise;
      const onset = onsetMinute(
        signal,
        start,
        start + 15,
        (v) =>
          v.systolicMmHg - base.baseline.systolicMmHg >= rise.systolicMmHg ||
          v.diastolicMmHg - base.baseline.diastolicMmHg >= rise.diastolicMmHg,
      );
      return { signal, event: event(onset, start + 60, [...bp]), skipCheckMinute: null };
    }
    case 'desaturation': {
      const low = random.between(85, 89);
      return fallTo('spo2Percent', low, random.between(2, 4), 1, 'spo2-medium');
    }
    case 'bradypnoea': {
      const low = random.between(5.5, 7);
      return fallTo('respiratoryRatePerMin', low, random.between(5, 8), 2, 'resp-rate-low');
    }
    case 'oversedation': {
      // MOAA/S 2 (responds only to prodding), then 1, recorded by the therapist (corpus.ts).
      return { signal: base, event: event(start, start + 30, ['moaas', 'news2']), skipCheckMinute: null };
    }
    case 'missed_check': {
      const schedule = protocol.checkScheduleMinutes;
      const candidates = schedule.filter((minute, index) => minute > 0 && index < schedule.length - 1);
      const minute = random.pick(candidates);
      const next = schedule[schedule.indexOf(minute) + 1]!;
      const grace = protocol.checkGraceMinutes;
      return { signal: base, event: event(minute + grace, next + grace, [], ['overdue_check']), skipCheckMinute: minute };
    }
  }
}

const deviceInputs = (session: CorpusSession, after: number) =>
  session.inputs.filter((input): input is Extract<CorpusInput, { kind: 'device' }> => input.kind === 'device' && input.at > after);

/**
 * Monitor artifacts that must not sound (CLINICAL.md "Alarm-fatigue controls"): cuff motion,
 * a probe coming off, single-sample heart-rate spikes, runs of sentinel values, the monitor
 * going silent for a few minutes (less than the protocol's device-silence time) and back.
 */
export function injectArtifacts(session: CorpusSession, random: Random): void {
  const samples = deviceInputs(session, session.dosedAt);
  const pick = () => random.pick(samples.slice(0, -12));
  const note = (what: string, at: number) => session.artifacts.push(`${what} at ${Math.round((at - session.dosedAt) / MINUTE)} min`);
  if (session.setup === 'monitor') {
    // Two single cuff readings thrown by motion, each among good ones (two in a row would be
    // a pressure no rule could tell from a real one).
    const cuffs = samples.filter((input) => input.values.systolicMmHg !== undefined).slice(0, -1);
    const half = Math.floor(cuffs.length / 2);
    for (const part of [cuffs.slice(0, half - 1), cuffs.slice(half + 1)]) {
      const cuff = random.pick(part);
      cuff.values.systolicMmHg = String(Number(cuff.values.systolicMmHg) + Math.round(random.between(35, 55)));
      cuff.values.diastolicMmHg = String(Number(cuff.values.diastolicMmHg) + Math.round(random.between(18, 30)));
      note('cuff motion', cuff.at);
    }
  }
  for (let n = 0; n < 2; n += 1) {
    const start = pick();
    const seconds = random.between(10, 45);
    const lowValues = random.chance(0.5);
    for (const input of samples) {
      if (input.at < start.at || input.at > start.at + seconds * 1000) continue;
      input.values.spo2Percent = lowValues ? String(Math.round(random.between(60, 80))) : '-1';
      input.values.heartRateBpm = lowValues ? String(Math.round(random.between(45, 150))) : '-1';
    }
    note(`probe off ${Math.round(seconds)} s${lowValues ? ' (wild values)' : ' (no value)'}`, start.at);
  }
  for (let n = 0; n < 3; n += 1) {
    const spike = pick();
    spike.values.heartRateBpm = String(Math.round(random.between(135, 165)));
    note(`heart-rate spike ${spike.values.heartRateBpm}`, spike.at);
  }
  const burst = pick();
  for (const input of samples.filter((i) => i.at >= burst.at && i.at < burst.at + 40_000)) {
    input.values.spo2Percent = '-999';
    input.values.heartRateBpm = '-100';
  }
  note('sentinel values 40 s', burst.at);
  const silent = pick();
  const silence = random.between(2, Math.max(2.5, session.protocol.deviceSilenceMinutes - 3)) * MINUTE;
  session.inputs = session.inputs.filter((input) => input.kind !== 'device' || input.at < silent.at || input.at >= silent.at + silence);
  note(`monitor silent ${Math.round(silence / MINUTE)} min`, silent.at);
}
