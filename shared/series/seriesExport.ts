import type { PatientSessionRow } from '../http/patientApi';
import type { Patient } from '../patients/patient';
import { ANSWER_LABELS, INSTRUMENT_DEFINITIONS, type Instrument } from '../questionnaires/instruments';
import { LOINC, UCUM, VIGIL_CODES } from '../record/fhirCodes';
import type { FhirBundle, FhirResource } from '../record/fhir';
import { uuidFromText } from '../record/uuid';
import type { QuestionnaireRecord } from '../session/state';

/** The CSV's columns, units in their names; one row per session, oldest first. */
export const SERIES_CSV_COLUMNS = [
  'session_number',
  'session_id',
  'opened_at_utc',
  'patient_alias_then',
  'protocol',
  'status',
  'doses',
  'phq9_total',
  'phq9_severity',
  'phq9_item9',
  'phq9_change_from_first_percent',
  'response',
  'remission',
  'gad7_total',
  'gad7_severity',
  'peak_systolic_rise_mmhg',
  'peak_diastolic_rise_mmhg',
  'deepest_moaas',
  'peak_cadss6',
  'minutes_to_ready_for_discharge',
  'alarms_high',
  'alarms_medium',
  'alarms_low',
  'adverse_events',
  'integration_booked_for_utc',
  'integration_attended_at_utc',
] as const;

type CsvRow = Record<(typeof SERIES_CSV_COLUMNS)[number], string | number>;
const blank = (value: number | null | undefined) => (value === null || value === undefined ? '' : value);

/** One CSV row per session (an empty cell where the record has nothing). Pure. */
export function seriesCsvRows(sessions: readonly PatientSessionRow[]): CsvRow[] {
  return sessions.map((session, index) => {
    const { summary, progress } = session;
    return {
      session_number: index + 1,
      session_id: session.sessionId,
      opened_at_utc: new Date(session.openedAt).toISOString(),
      patient_alias_then: session.patientAlias,
      protocol: session.protocolName,
      status: session.status,
      doses: session.doses.join('; '),
      phq9_total: blank(summary.phq9?.total),
      phq9_severity: summary.phq9?.severity ?? '',
      phq9_item9: blank(summary.phq9?.selfHarmItem),
      phq9_change_from_first_percent: blank(progress.phq9ChangePercent),
      response: progress.response ? 'yes' : 'no',
      remission: progress.remission ? 'yes' : 'no',
      gad7_total: blank(summary.gad7?.total),
      gad7_severity: summary.gad7?.severity ?? '',
      peak_systolic_rise_mmhg: blank(summary.peakSystolicRiseMmHg),
      peak_diastolic_rise_mmhg: blank(summary.peakDiastolicRiseMmHg),
      deepest_moaas: blank(summary.deepestMoaas),
      peak_cadss6: blank(summary.peakCadss6),
      minutes_to_ready_for_discharge: blank(summary.minutesToReadyForDischarge),
      alarms_high: summary.alarmsByPriority.high,
      alarms_medium: summary.alarmsByPriority.medium,
      alarms_low: summary.alarmsByPriority.low,
      adverse_events: summary.adverseEvents.join('; '),
      integration_booked_for_utc: summary.integrationBookedFor === null ? '' : new Date(summary.integrationBookedFor).toISOString(),
      integration_attended_at_utc: session.integrationAttendedAt === null ? '' : new Date(session.integrationAttendedAt).toISOString(),
    };
  });
}

/** LOINC panels of the two instruments (the QuestionnaireResponse's questionnaire) and their totals. */
const PANELS: Record<Instrument, { panel: string; panelDisplay: string }> = {
  phq9: { panel: '44249-1', panelDisplay: 'PHQ-9 quick depression assessment panel' },
  gad7: { panel: '69737-5', panelDisplay: 'Generalized anxiety disorder 7 item (GAD-7)' },
};

const iso = (t: number) => new Date(t).toISOString();
const fhirId = (text: string) => text.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);

function questionnaireResources(session: PatientSessionRow, record: QuestionnaireRecord): FhirResource[] {
  const definition = INSTRUMENT_DEFINITIONS[record.instrument];
  const id = fhirId(`${record.instrument}-${record.questionnaireId}`);
  const band = definition.bands.find((b) => b.severity === record.severity)!;
  const encounter = { reference: `Encounter/${fhirId(`encounter-${session.sessionId}`)}` };
  const responseId = `qr-${id}`.slice(0, 64);
  return [
    {
      resourceType: 'QuestionnaireResponse',
      id: responseId,
      questionnaire: `http://loinc.org/q/${PANELS[record.instrument].panel}`,
      status: 'completed',
      subject: { reference: 'Patient/patient' },
      encounter,
      authored: iso(record.observedAt),
      ...(record.completedBy === 'patient' ? { source: { reference: 'Patient/patient' } } : {}),
      item: [
        ...definition.items.map((text, index) => ({
          linkId: String(index + 1),
          text,
          answer: [
            {
              valueCoding: {
                system: VIGIL_CODES,
                code: `answer-${record.answers[index]}`,
                display: ANSWER_LABELS[record.answers[index] ?? 0],
              },
            },
          ],
        })),
        { linkId: 'total', text: `${definition.name} total score`, answer: [{ valueInteger: record.total }] },
      ],
    },
    {
      resourceType: 'Observation',
      id: `obs-${id}`.slice(0, 64),
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }],
      code: {
        coding: [{ system: LOINC, code: definition.totalLoinc, display: `${definition.name} total score` }],
        text: `${definition.name} total`,
      },
      subject: { reference: 'Patient/patient' },
      encounter,
      effectiveDateTime: iso(record.observedAt),
      valueInteger: record.total,
      interpretation: [{ text: band.label }],
      derivedFrom: [{ reference: `QuestionnaireResponse/${responseId}` }],
    },
  ];
}

function summaryObservations(session: PatientSessionRow): FhirResource[] {
  const encounter = { reference: `Encounter/${fhirId(`encounter-${session.sessionId}`)}` };
  const facts: [string, string, number | null, { unit: string; code: string } | null][] = [
    ['peak-systolic-rise', 'Peak systolic rise from baseline', session.summary.peakSystolicRiseMmHg, { unit: 'mmHg', code: 'mm[Hg]' }],
    ['peak-diastolic-rise', 'Peak diastolic rise from baseline', session.summary.peakDiastolicRiseMmHg, { unit: 'mmHg', code: 'mm[Hg]' }],
    ['deepest-moaas', 'Deepest MOAA/S', session.summary.deepestMoaas, null],
    ['peak-cadss6', 'Peak CADSS-6 total', session.summary.peakCadss6, null],
    [
      'minutes-to-ready',
      'Minutes from dose to clinically ready (REMS ready to leave)',
      session.summary.minutesToReadyForDischarge,
      { unit: 'min', code: 'min' },
    ],
  ];
  return facts.flatMap(([code, display, value, unit]) =>
    value === null
      ? []
      : [
          {
            resourceType: 'Observation',
            id: fhirId(`${code}-${session.sessionId}`),
            status: 'final',
            code: { coding: [{ system: VIGIL_CODES, code, display }], text: display },
            subject: { reference: 'Patient/patient' },
            encounter,
            effectiveDateTime: iso(session.openedAt),
            ...(unit ? { valueQuantity: { value, unit: unit.unit, system: UCUM, code: unit.code } } : { valueInteger: value }),
          },
        ],
  );
}

/**
 * The integration appointment booked at this session's discharge, if any: an Appointment
 * (`booked`, or `fulfilled` once marked attended) starting at the booked date, supported by the
 * dosing Encounter, and once attended an Encounter of the integration visit that names it.
 */
function integrationResources(session: PatientSessionRow): FhirResource[] {
  const bookedFor = session.summary.integrationBookedFor;
  if (bookedFor === null) return [];
  const attendedAt = session.integrationAttendedAt;
  const appointmentId = fhirId(`integration-${session.sessionId}`);
  const description = 'Integration session after the dosing session';
  const appointment: FhirResource = {
    resourceType: 'Appointment',
    id: appointmentId,
    status: attendedAt === null ? 'booked' : 'fulfilled',
    serviceType: [{ coding: [{ system: VIGIL_CODES, code: 'integration-session', display: 'Integration session' }] }],
    description,
    start: iso(bookedFor),
    supportingInformation: [{ reference: `Encounter/${fhirId(`encounter-${session.sessionId}`)}` }],
    participant: [{ actor: { reference: 'Patient/patient' }, status: 'accepted' }],
  };
  if (attendedAt === null) return [appointment];
  return [
    appointment,
    {
      resourceType: 'Encounter',
      id: fhirId(`integration-visit-${session.sessionId}`),
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      type: [{ coding: [{ system: VIGIL_CODES, code: 'integration-session', display: 'Integration session' }], text: description }],
      subject: { reference: 'Patient/patient' },
      appointment: [{ reference: `Appointment/${appointmentId}` }],
      period: { start: iso(attendedAt) },
    },
  ];
}

/**
 * The series as a FHIR R4 Bundle (collection): the Patient by alias (and year of birth), one
 * Encounter per session, each PHQ-9 / GAD-7 as a QuestionnaireResponse with its items and an
 * Observation of its total (LOINC 44261-6, 70274-6) with its band, and each session's summary as
 * Observations, and the integration appointment booked at discharge as an Appointment (booked or
 * fulfilled) with the attended visit's Encounter. Pure; `questionnaires` are each session's records, in the order of `sessions`.
 */
export function buildSeriesFhirBundle(
  patient: Patient,
  sessions: readonly { row: PatientSessionRow; questionnaires: readonly QuestionnaireRecord[] }[],
  now: number,
): FhirBundle {
  const resources: FhirResource[] = [
    {
      resourceType: 'Patient',
      id: 'patient',
      identifier: [{ system: 'urn:vigil:patient-alias', value: patient.alias }],
      name: [{ text: patient.alias }],
      ...(patient.birthYear !== null ? { birthDate: String(patient.birthYear) } : {}),
    },
  ];
  for (const { row, questionnaires } of sessions) {
    resources.push({
      resourceType: 'Encounter',
      id: fhirId(`encounter-${row.sessionId}`),
      status: row.status === 'running' ? 'in-progress' : 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      subject: { reference: 'Patient/patient' },
      period: { start: iso(row.openedAt) },
      type: [{ text: row.protocolName }],
    });
    for (const record of questionnaires) resources.push(...questionnaireResources(row, record));
    resources.push(...summaryObservations(row));
    resources.push(...integrationResources(row));
  }
  // Each entry's address is a urn:uuid made from the patient and the resource, and every
  // reference ("Patient/patient", "Encounter/…") is rewritten to it, so each resolves inside the
  // Bundle (a relative reference cannot, in a collection whose addresses are not a server's).
  const fullUrls = new Map(
    resources.map((resource) => {
      const local = `${resource.resourceType}/${String(resource.id)}`;
      return [local, `urn:uuid:${uuidFromText(`vigil:patient:${patient.patientId}/${local}`)}`] as const;
    }),
  );
  return {
    resourceType: 'Bundle',
    id: fhirId(`series-${patient.patientId}`),
    type: 'collection',
    timestamp: iso(now),
    entry: resources.map((resource) => ({
      fullUrl: fullUrls.get(`${resource.resourceType}/${String(resource.id)}`)!,
      resource: withBundleReferences(resource, fullUrls) as FhirResource,
    })),
  };
}

/** `value` with every `reference` that names a resource of the Bundle replaced by that resource's fullUrl. */
function withBundleReferences(value: unknown, fullUrls: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => withBundleReferences(item, fullUrls));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, field]) => [
      key,
      key === 'reference' && typeof field === 'string' ? (fullUrls.get(field) ?? field) : withBundleReferences(field, fullUrls),
    ]),
  );
}
