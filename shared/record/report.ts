import { describeValue } from '../alerts/format';
import type { Protocol } from '../protocols/schema';
import { describeActor, type Actor } from '../session/actor';
import { DISPOSITION_LABELS, PHASE_LABELS, type Reading, type SessionState } from '../session/state';
import type { SessionEvent } from '../session/events';
import { foldSessionEvents } from '../session/reducer';
import { evaluateDischarge } from '../lifecycle/discharge';
import { shortDeviceRests, shortRestText } from '../lifecycle/doses';
import { lifecycleRulesFrom } from '../lifecycle/phases';
import { cadss6Total } from '../lifecycle/scales';
import { describeObservation } from '../observations/describe';
import { ANSWER_LABELS, INSTRUMENT_DEFINITIONS, PHQ9_SELF_HARM_ITEM_INDEX, severityBand } from '../questionnaires/instruments';
import type { ObservationBody } from '../observations/schema';
import { formatClinicDate, formatClinicDateTime } from './clinicTime';
import { deriveRemsTimes, type RemsTimes } from './remsTimes';
import { sessionStatus, type SessionStatus } from './status';
import { vitalsTable, type VitalsTable } from './vitalsSummary';

/** The facts a report needs besides the record: the room's name and the clinic's time zone. */
export interface ReportContext {
  roomName: string;
  timeZone: string;
}

export interface ReportLine {
  at: number;
  /** `at` with its date and zone, as printed. */
  when: string;
  text: string;
  by: string;
}

/**
 * The session report: everything printed or shown for a session, already worded, so the
 * report page, the server's PDF and the exports say the same thing. Pure: a function of the
 * record, the protocol version it ran under and the context.
 */
export interface SessionReport {
  sessionId: string;
  patientAlias: string;
  roomName: string;
  protocolName: string;
  protocolVersion: number;
  status: SessionStatus;
  statusLabel: string;
  timeZone: string;
  /** The session's calendar date in the clinic's zone (printed on every page). */
  sessionDate: string;
  openedAt: string;
  doses: { at: number; when: string; drug: string; doseMg: number; route: string; lotNumber: string; by: string; detail: string }[];
  rems: RemsTimes & { firstDevice: string; monitoringEnded: string; readyToLeave: string; totalMinutes: string };
  vitals: Omit<VitalsTable, 'rows'> & {
    rows: (VitalsTable['rows'][number] & { when: string })[];
    /** Each device that sent readings, where from, how many and when they were received (the summary rows name no source). */
    devices: string[];
  };
  alarms: { raisedAt: string; priority: string; message: string; acknowledgements: string[]; cleared: string }[];
  observations: ReportLine[];
  /** PHQ-9 and GAD-7: total, band, item 9 when above 0, and who answered (staff, or the patient on a handed-over tablet). */
  questionnaires: ReportLine[];
  observationSummary: { deepestMoaas: string; peakDissociation: string; peak: string; returnedToBaseline: string };
  predose: ReportLine[];
  discharge: { items: { label: string; passes: boolean; reason: string }[]; outcome: string; override: string | null };
  amendments: (ReportLine & { original: string; corrected: string })[];
}

const by = (actor: Actor) => describeActor(actor);

/**
 * What each amendment changed, from what to what: the value before it is the one the dose was
 * recorded with, or the previous amendment of the same field.
 */
function amendmentLines(events: readonly SessionEvent[], state: SessionState, when: (t: number) => string): SessionReport['amendments'] {
  const current = new Map<string, string>();
  for (const event of events) {
    if (event.type !== 'dose.recorded') continue;
    current.set(`time:${event.seq}`, `dose time ${when(event.observedAt)}`);
    current.set(`lot:${event.seq}`, `lot ${event.payload.lotNumber || '(blank)'}`);
  }
  return state.amendments.map((a) => {
    const key = a.change.kind === 'dose_time' ? `time:${a.targetSeq}` : a.change.kind === 'dose_lot' ? `lot:${a.targetSeq}` : null;
    const corrected =
      a.change.kind === 'dose_time'
        ? `dose time ${when(a.change.administeredAt)}`
        : a.change.kind === 'dose_lot'
          ? `lot ${a.change.lotNumber || '(blank)'}`
          : a.change.text;
    const original =
      key === null ? `${entryText(state, a.targetSeq, when)} (unchanged; note added)` : (current.get(key) ?? `entry ${a.targetSeq}`);
    if (key !== null) current.set(key, corrected);
    return { at: a.amendedAt, when: when(a.amendedAt), text: a.reason, by: by(a.amendedBy), original, corrected };
  });
}

/** An entry a correction note is about, in words: what it said, when, by whom (the report prints no entry numbers). */
function entryText(state: SessionState, seq: number, when: (t: number) => string): string {
  const observation = state.observations.find((o) => o.seq === seq);
  if (observation) return `${describeObservation(observation.body)} at ${when(observation.observedAt)} (${by(observation.recordedBy)})`;
  const questionnaire = state.questionnaires.find((q) => q.seq === seq);
  if (questionnaire) return `${questionnaireText(questionnaire)} at ${when(questionnaire.observedAt)}`;
  const reading = state.readings.find((r) => r.seq === seq);
  if (reading) return `the reading at ${when(reading.observedAt)} (${by(reading.recordedBy)})`;
  const dose = state.doses.find((d) => d.seq === seq);
  if (dose) return `the dose at ${when(dose.administeredAt)}`;
  return `entry ${seq} of the record`;
}

/** "PHQ-9 total 17 of 27, moderately severe; item 9 (thoughts of self-harm): “Several days”". */
function questionnaireText(q: SessionState['questionnaires'][number]): string {
  const definition = INSTRUMENT_DEFINITIONS[q.instrument];
  const band = severityBand(q.instrument, q.total).label.toLowerCase();
  const item9 = q.instrument === 'phq9' ? (q.answers[PHQ9_SELF_HARM_ITEM_INDEX] ?? 0) : 0;
  const selfHarm = item9 > 0 ? `; item 9 (thoughts of self-harm): “${ANSWER_LABELS[item9]}”` : '';
  return `${definition.name} total ${q.total} of ${definition.maxTotal}, ${band}${selfHarm}`;
}

/** A device reading's device as printed: its name, its id in the record, and where it sent from. */
function deviceLabel(actor: Extract<Actor, { kind: 'device' }>): string {
  return `${actor.displayName} (device ${actor.deviceId})${actor.source ? ` from ${actor.source}` : ''}`;
}

/** A reading's provenance as printed: the person, or the device with its id and where it sent from (and, listed, when it was received); and who confirmed it. */
function readingSource(reading: Reading, receivedAt?: (t: number) => string): string {
  const actor = reading.recordedBy;
  const source =
    actor.kind === 'device' ? `${deviceLabel(actor)}${receivedAt ? `, received ${receivedAt(reading.recordedAt)}` : ''}` : by(actor);
  return reading.confirmedBy ? `${source}, confirmed by ${reading.confirmedBy.displayName}` : source;
}

/** The table with its times worded; a listed device reading also says when it was received. */
function withWhen(table: VitalsTable, state: SessionState, when: (t: number) => string): SessionReport['vitals'] {
  // Listed rows are the readings in order; a 5-minute row groups them by source (no single time).
  const source = (row: VitalsTable['rows'][number], index: number) => {
    const reading = table.mode === 'readings' ? state.readings[index] : undefined;
    return reading ? readingSource(reading, when) : row.source;
  };
  return {
    ...table,
    rows: table.rows.map((row, index) => ({ ...row, when: when(row.at), source: source(row, index) })),
    devices: deviceSources(state, when),
  };
}

/** "Bed monitor 1 (device dev-1) from 10.20.0.15: 240 readings received 2026-11-22 04:00:00 EST to 2026-11-22 04:04:00 EST", one line per device and source. */
function deviceSources(state: SessionState, when: (t: number) => string): string[] {
  const sources = new Map<string, { count: number; first: number; last: number }>();
  for (const reading of state.readings) {
    if (reading.recordedBy.kind !== 'device') continue;
    const key = deviceLabel(reading.recordedBy);
    const seen = sources.get(key);
    if (seen) {
      seen.count += 1;
      seen.first = Math.min(seen.first, reading.recordedAt);
      seen.last = Math.max(seen.last, reading.recordedAt);
    } else sources.set(key, { count: 1, first: reading.recordedAt, last: reading.recordedAt });
  }
  return [...sources].map(([source, { count, first, last }]) =>
    count === 1 ? `${source}: 1 reading received ${when(first)}` : `${source}: ${count} readings received ${when(first)} to ${when(last)}`,
  );
}

/**
 * Build the report of a session from its event log at `now` (the discharge items of a running
 * session are evaluated at `now`; a closed one is evaluated at its end). A caller that has
 * already folded the log (the server folds a long one in slices) passes that state.
 */
export function buildSessionReport(
  events: readonly SessionEvent[],
  protocol: Protocol,
  context: ReportContext,
  now: number,
  state: SessionState | null = foldSessionEvents(events),
): SessionReport {
  // A session always has its opening event; an empty log is a caller's mistake, not bad input.
  if (state === null) throw new Error('A session report needs the session log, starting with session.opened');
  const zone = context.timeZone;
  const when = (t: number) => formatClinicDateTime(t, zone);
  const whenSeconds = (t: number) => formatClinicDateTime(t, zone, { seconds: true });
  const times = deriveRemsTimes(state);
  const status = sessionStatus(state);
  const endedAt = times.monitoringEndedAt ?? now;
  const openAlarms = state.alarms.filter((a) => a.status !== 'cleared' && a.status !== 'recheck').length;
  const rules = lifecycleRulesFrom(protocol);
  const evaluation = evaluateDischarge(state, rules, endedAt, state.discharge || state.endedEarly ? 0 : openAlarms);
  // An entry a correction note is about says so where it is printed.
  const noted = new Set(state.amendments.filter((a) => a.change.kind === 'note').map((a) => a.targetSeq));
  const withNote = (seq: number) => (noted.has(seq) ? ' (see Corrections: a note was added)' : '');
  const observations = state.observations.map((o) => ({
    at: o.observedAt,
    when: when(o.observedAt),
    text: `${describeObservation(o.body)}${withNote(o.seq)}`,
    by: by(o.recordedBy),
  }));
  const questionnaires = state.questionnaires.map((q) => ({
    at: q.observedAt,
    when: when(q.observedAt),
    text: `${questionnaireText(q)}${withNote(q.seq)}`,
    by:
      q.completedBy === 'patient'
        ? `answered by the patient${q.handedOverBy ? ` on the tablet handed over by ${by(q.handedOverBy)}` : ''}`
        : `asked by ${by(q.recordedBy)}`,
  }));
  const moaas = state.observations.filter((o) => o.body.kind === 'moaas');
  const deepest = moaas.reduce<(typeof moaas)[number] | null>(
    (low, o) => (o.body.kind === 'moaas' && (low === null || (low.body.kind === 'moaas' && o.body.score < low.body.score)) ? o : low),
    null,
  );
  const dissociation = state.observations
    .map((o) => ({
      o,
      score: o.body.kind === 'cadss6' ? cadss6Total(o.body.itemScores) : o.body.kind === 'dissociation' ? o.body.rating : null,
    }))
    .filter((x): x is { o: (typeof state.observations)[number]; score: number } => x.score !== null);
  const peakDissociation = dissociation.reduce<(typeof dissociation)[number] | null>(
    (hi, x) => (hi === null || x.score > hi.score ? x : hi),
    null,
  );
  const firstOf = (kind: ObservationBody['kind']) => state.observations.find((o) => o.body.kind === kind);
  const peak = firstOf('peak');
  const returned = firstOf('returned_to_baseline');
  const shortRests = new Map(shortDeviceRests(state, rules).map((rest) => [rest.doseId, shortRestText(rest)]));
  const predose = Object.values(state.checklists.pre_dose).map((t) => ({
    at: t.tickedAt,
    when: when(t.tickedAt),
    text: `${t.itemId}${t.note ? `: ${t.note}` : ''}`,
    by: by(t.tickedBy),
  }));
  if (state.predoseAdvisoryAcknowledgement) {
    const a = state.predoseAdvisoryAcknowledgement;
    predose.push({
      at: a.acknowledgedAt,
      when: when(a.acknowledgedAt),
      text: `High pre-dose blood pressure ${a.baselineSystolicMmHg ?? '?'}/${a.baselineDiastolicMmHg ?? '?'} mmHg accepted${a.reason ? `: ${a.reason}` : ''}`,
      by: by(a.acknowledgedBy),
    });
  }
  const labels = new Map<string, string>(protocol.preDoseChecklist.map((i) => [i.id, i.label]));
  for (const line of predose) line.text = line.text.replace(/^[a-z_]+/, (id) => labels.get(id) ?? id);
  // How the patient left, in the words of the discharge (home, emergency care, against advice) and with its reason.
  const left = state.discharge;
  const outcome = left
    ? `${DISPOSITION_LABELS[left.disposition]} ${when(left.dischargedAt)} by ${by(left.dischargedBy)}${left.dispositionReason === null ? '' : `: ${left.dispositionReason}`}`
    : state.endedEarly
      ? `Ended early ${when(state.endedEarly.endedAt)} by ${by(state.endedEarly.endedBy)}: ${state.endedEarly.reason}`
      : `Not yet discharged (${PHASE_LABELS[state.phase]})`;
  return {
    sessionId: state.sessionId,
    patientAlias: state.patientAlias,
    roomName: context.roomName,
    protocolName: protocol.name,
    protocolVersion: protocol.version,
    status,
    // How the patient left, not only that the session closed: a transfer is not a discharge home.
    statusLabel: state.discharge ? DISPOSITION_LABELS[state.discharge.disposition] : PHASE_LABELS[state.phase],
    timeZone: zone,
    sessionDate: formatClinicDate(times.firstDeviceAt ?? state.openedAt, zone),
    openedAt: when(state.openedAt),
    doses: state.doses.map((d) => ({
      at: d.administeredAt,
      when: when(d.administeredAt),
      drug: d.drug,
      doseMg: d.doseMg,
      route: d.route,
      lotNumber: d.lotNumber,
      by: by(d.recordedBy),
      detail: [
        d.deviceCount ? `${d.deviceCount} device${d.deviceCount === 1 ? '' : 's'}` : '',
        d.mgPerKg ? `${d.mgPerKg} mg/kg × ${d.weightKg ?? '?'} kg` : '',
        shortRests.get(d.doseId) ?? '',
      ]
        .filter(Boolean)
        .join(', '),
    })),
    rems: {
      ...times,
      firstDevice: times.firstDeviceAt === null ? 'not dosed' : when(times.firstDeviceAt),
      monitoringEnded: times.monitoringEndedAt === null ? 'still monitoring' : when(times.monitoringEndedAt),
      readyToLeave: times.readyToLeaveAt === null ? 'not recorded' : when(times.readyToLeaveAt),
      totalMinutes: times.totalMonitoringMinutes === null ? 'not yet known' : `${times.totalMonitoringMinutes} min`,
    },
    vitals: withWhen(
      vitalsTable(state, (reading) => readingSource(reading)),
      state,
      whenSeconds,
    ),
    alarms: state.alarms.map((a) => ({
      raisedAt: when(a.raisedAt),
      priority: a.priority,
      message:
        a.parameter && a.parameter !== 'news2' && a.value !== null ? `${a.message} (${describeValue(a.parameter, a.value)})` : a.message,
      acknowledgements: a.acknowledgements.map((ack) => `${by(ack.by)} at ${when(ack.at)}${ack.note ? ` — ${ack.note}` : ''}`),
      cleared: a.clearedAt === null ? 'open' : when(a.clearedAt),
    })),
    observations,
    questionnaires,
    observationSummary: {
      deepestMoaas: deepest && deepest.body.kind === 'moaas' ? `${deepest.body.score} at ${when(deepest.observedAt)}` : 'none recorded',
      peakDissociation: peakDissociation
        ? `${describeObservation(peakDissociation.o.body)} at ${when(peakDissociation.o.observedAt)}`
        : 'none recorded',
      peak: peak ? when(peak.observedAt) : 'not recorded',
      returnedToBaseline: returned ? when(returned.observedAt) : 'not recorded',
    },
    predose,
    discharge: {
      items: evaluation.items.map((item) => ({
        label: item.label,
        passes: item.passes,
        reason: item.tick
          ? `${item.reason} at ${when(item.tick.tickedAt)}${item.tick.date !== undefined ? ` (date ${formatClinicDate(item.tick.date, zone)})` : ''}`
          : item.reason,
      })),
      outcome,
      override: state.discharge?.override
        ? `Override by ${by(state.discharge.dischargedBy)}: ${state.discharge.override.reason} (failing: ${state.discharge.failingItemIds.join(', ')})`
        : null,
    },
    amendments: amendmentLines(events, state, when),
  };
}
