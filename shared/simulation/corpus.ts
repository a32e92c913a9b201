import type { AlarmKind, AlarmParameter } from '../alerts/types';
import { defaultProtocols } from '../protocols/defaults';
import type { Protocol } from '../protocols/schema';
import type { VitalKey } from '../vitals/plausibility';
import { riseFraction, risenVitals } from './course';
import { createRandom, type Random } from './random';
import { injectArtifacts, injectEvent, REAL_EVENT_KINDS, type RealEventKind, type Signal } from './corpusEvents';

/**
 * A seeded corpus of simulated sessions with ground truth, for measuring the alarm burden
 * (`npm run alarm-burden`) and for unit tests. Each session is a list of inputs as the server
 * would receive them — a monitor's raw values (sentinels included), a nurse's typed sets, a
 * therapist's MOAA/S, the dose — and what really happened: the real events a clinician must be
 * alarmed about, with their onset, and the artifacts that must not sound.
 */

export const DEVICE_INTERVAL_MS = 5_000;
export const CUFF_INTERVAL_MS = 5 * 60_000;
const MINUTE = 60_000;

export type CourseKind = 'normal' | 'artifact' | 'event';
/** `monitor`: cuff, oximeter and respiratory rate from the monitor. `oximeter`: the nurse takes BP and RR at each check. */
export type MonitoringSetup = 'monitor' | 'oximeter';

export type CorpusInput =
  | { at: number; kind: 'device'; values: Partial<Record<VitalKey, string>> }
  | { at: number; kind: 'typed'; vitals: Partial<Record<VitalKey, number>> }
  | { at: number; kind: 'moaas'; score: number }
  | { at: number; kind: 'dose' };

/** A real event: from `onsetAt` an alarm on one of `parameters` (or of one of `kinds`) is owed. */
export interface TruthEvent {
  kind: RealEventKind;
  onsetAt: number;
  endAt: number;
  parameters: (AlarmParameter | 'news2')[];
  kinds: AlarmKind[];
}

export interface CorpusSession {
  sessionId: string;
  protocol: Protocol;
  course: CourseKind;
  setup: MonitoringSetup;
  openedAt: number;
  dosedAt: number;
  endAt: number;
  inputs: CorpusInput[];
  events: TruthEvent[];
  /** What was done to the monitor's data, for the report ("cuff motion at 42 min"). */
  artifacts: string[];
}

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

/** The minutes to the peak of the drug's effect on blood pressure, by route (CLINICAL.md "Ketamine by route"). */
const PEAK_MINUTES = { intranasal: 40, im: 8, iv: 40, sublingual: 30 } as const;

function baseSignal(protocol: Protocol, random: Random): Signal {
  const baseline = {
    systolicMmHg: random.between(108, 138),
    diastolicMmHg: random.between(66, 86),
    heartRateBpm: random.between(60, 84),
    spo2Percent: random.between(96.5, 99),
    respiratoryRatePerMin: random.between(12, 17),
    temperatureC: random.between(36.4, 37),
  };
  // A normal course: below the trials' +40/+25 (the Yale review's mean was +16/+11).
  const rise = { systolicMmHg: random.between(4, 22), diastolicMmHg: random.between(2, 12), heartRateBpm: random.between(2, 10) };
  const peak = PEAK_MINUTES[protocol.route];
  return {
    baseline,
    at: (minutes: number) => risenVitals(baseline, rise, riseFraction(minutes, peak)),
    moaas(minutes: number) {
      // CLINICAL.md "Esketamine": sedation from ~15 min, peak 30-45, back to 5 by 1-1.5 h; mild (4) in a normal course.
      if (minutes < 10 || minutes > 75) return 5;
      return random.chance(minutes <= 50 ? 0.6 : 0.25) ? 4 : 5;
    },
  };
}

/** One measurement of the true value with measurement noise, as a device or a nurse reads it. */
export function measure(key: VitalKey, value: number, random: Random): number {
  const noise = { systolicMmHg: 3, diastolicMmHg: 2.5, heartRateBpm: 2.5, spo2Percent: 0.7, respiratoryRatePerMin: 1.1, temperatureC: 0.1 }[
    key
  ];
  const measured = value + random.normal() * noise;
  if (key === 'spo2Percent') return Math.min(100, Math.round(measured));
  return key === 'temperatureC' ? Math.round(measured * 10) / 10 : Math.round(measured);
}

/** The scheduled inputs of a course (before artifacts and events change them). */
function courseInputs(session: CorpusSession, signal: Signal, random: Random, skipCheckMinute: number | null): CorpusInput[] {
  const { protocol, dosedAt, endAt, setup } = session;
  const inputs: CorpusInput[] = [];
  const minutesAt = (at: number) => (at - dosedAt) / MINUTE;
  // The pre-dose baseline, typed by the nurse 10 minutes before the dose.
  const baselineAt = dosedAt - 10 * MINUTE;
  const typedSet = (at: number, keys: readonly VitalKey[]) => {
    const truth = signal.at(minutesAt(at));
    const vitals: Partial<Record<VitalKey, number>> = {};
    for (const key of keys) vitals[key] = measure(key, truth[key], random);
    if ((vitals.diastolicMmHg ?? 0) >= (vitals.systolicMmHg ?? Infinity)) vitals.diastolicMmHg = (vitals.systolicMmHg ?? 100) - 20;
    inputs.push({ at, kind: 'typed', vitals });
  };
  typedSet(baselineAt, ['systolicMmHg', 'diastolicMmHg', 'heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin', 'temperatureC']);
  inputs.push({ at: dosedAt, kind: 'dose' });
  const deviceFrom = dosedAt - 15 * MINUTE;
  for (let at = deviceFrom; at < endAt; at += DEVICE_INTERVAL_MS) {
    const truth = signal.at(minutesAt(at));
    const values: Partial<Record<VitalKey, string>> = {
      heartRateBpm: String(measure('heartRateBpm', truth.heartRateBpm, random)),
      spo2Percent: String(measure('spo2Percent', truth.spo2Percent, random)),
    };
    if (setup === 'monitor') values.respiratoryRatePerMin = String(measure('respiratoryRatePerMin', truth.respiratoryRatePerMin, random));
    if (setup === 'monitor' && (at - deviceFrom) % CUFF_INTERVAL_MS === 0) {
      const systolic = measure('systolicMmHg', truth.systolicMmHg, random);
      values.systolicMmHg = String(systolic);
      values.diastolicMmHg = String(Math.min(systolic - 15, measure('diastolicMmHg', truth.diastolicMmHg, random)));
    }
    inputs.push({ at, kind: 'device', values });
  }
  if (setup === 'oximeter') {
    // The nurse takes BP and RR at each scheduled check, 0-3 minutes after it falls due (inside the grace).
    for (const minute of protocol.checkScheduleMinutes) {
      if (minute === 0 || minute === skipCheckMinute) continue;
      const at = dosedAt + minute * MINUTE + Math.round(random.between(0, 3) * MINUTE);
      if (at < endAt) typedSet(at, ['systolicMmHg', 'diastolicMmHg', 'heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin']);
    }
  }
  // The therapist's MOAA/S every 15 minutes for the first hour, then every 30.
  for (let minute = 15; dosedAt + minute * MINUTE < endAt; minute += minute < 60 ? 15 : 30) {
    inputs.push({ at: dosedAt + minute * MINUTE + Math.round(random.between(0, 2) * MINUTE), kind: 'moaas', score: signal.moaas(minute) });
  }
  return inputs;
}

/**
 * `count` sessions from the seed: protocols in turn, a third normal courses, a third courses
 * with monitor artifacts, a third with one real event each (every kind in turn). The same seed
 * always gives the same corpus.
 */
export function buildCorpus(seed: string, count: number): CorpusSession[] {
  const protocols = defaultProtocols();
  const sessions: CorpusSession[] = [];
  for (let index = 0; index < count; index += 1) {
    const random = createRandom(`${seed}:${index}`);
    const protocol = protocols[index % protocols.length]!;
    const course: CourseKind = (['normal', 'artifact', 'event'] as const)[index % 3]!;
    const eventKind = course === 'event' ? REAL_EVENT_KINDS[Math.floor(index / 3) % REAL_EVENT_KINDS.length]! : null;
    const setup: MonitoringSetup =
      eventKind === 'missed_check'
        ? 'oximeter'
        : eventKind === 'hypertension' || eventKind === 'rise' || eventKind === 'bradypnoea'
          ? 'monitor'
          : random.chance(0.65)
            ? 'monitor'
            : 'oximeter';
    const openedAt = T0 + index * 6 * 60 * MINUTE;
    const dosedAt = openedAt + 20 * MINUTE;
    const session: CorpusSession = {
      sessionId: `${seed}-${index}`,
      protocol,
      course,
      setup,
      openedAt,
      dosedAt,
      endAt: dosedAt + (protocol.minimumObservationMinutes + 10) * MINUTE,
      inputs: [],
      events: [],
      artifacts: [],
    };
    let signal = baseSignal(protocol, random);
    let skipCheckMinute: number | null = null;
    if (eventKind !== null) {
      const injected = injectEvent(eventKind, session, signal, random);
      signal = injected.signal;
      skipCheckMinute = injected.skipCheckMinute;
      session.events.push(injected.event);
    }
    session.inputs = courseInputs(session, signal, random, skipCheckMinute);
    if (eventKind !== null) session.inputs = session.inputs.filter((input) => input.kind !== 'moaas' || !injectedMoaas(session, input.at));
    if (eventKind === 'oversedation') session.inputs.push(...oversedationInputs(session));
    if (course === 'artifact') injectArtifacts(session, random);
    else sprinkleSentinels(session, random);
    session.inputs.sort((a, b) => a.at - b.at);
    sessions.push(session);
  }
  return sessions;
}

/** The therapist's MOAA/S during an oversedation event replace the scheduled ones near it. */
function injectedMoaas(session: CorpusSession, at: number): boolean {
  const event = session.events.find((e) => e.kind === 'oversedation');
  return event !== undefined && at >= event.onsetAt - 5 * MINUTE && at <= event.endAt + 5 * MINUTE;
}

function oversedationInputs(session: CorpusSession): CorpusInput[] {
  const event = session.events.find((e) => e.kind === 'oversedation')!;
  return [
    { at: event.onsetAt, kind: 'moaas', score: 2 },
    { at: event.onsetAt + 10 * MINUTE, kind: 'moaas', score: 1 },
    { at: event.endAt, kind: 'moaas', score: 5 },
  ];
}

/** A monitor's occasional "no value" (CLINICAL.md: -999, -100, -1, -99.9): about 1 value in 200. */
function sprinkleSentinels(session: CorpusSession, random: Random): void {
  const sentinels = ['-999', '-100', '-1', '-99.9'] as const;
  for (const input of session.inputs) {
    if (input.kind !== 'device') continue;
    for (const key of Object.keys(input.values) as VitalKey[]) if (random.chance(0.005)) input.values[key] = random.pick(sentinels);
  }
}
