import { describeActor, describeProvenance } from '../session/actor';
import { DISPOSITION_LABELS, type DischargeRecord, type Observation, type Reading, type SessionState } from '../session/state';
import { cadss6Total, CADSS6_ITEM_NUMBERS } from '../lifecycle/scales';
import { describeObservation } from '../observations/describe';
import {
  BLOOD_PRESSURE_PANEL,
  DISCHARGE_DISPOSITION_SYSTEM,
  DISPOSITION_CODES,
  LOINC,
  OBSERVATION_CATEGORY,
  UCUM,
  VIGIL_CODES,
  VITAL_CODES,
} from './fhirCodes';
import { deriveRemsTimes } from './remsTimes';
import { uuidFromText } from './uuid';

/** A FHIR resource as plain JSON (the export is validated against the R4 JSON schema in tests). */
export type FhirResource = { resourceType: string; id: string } & Record<string, unknown>;
export interface FhirBundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: FhirResource }[];
}

const iso = (t: number) => new Date(t).toISOString();
/** The Bundle's own references: its Patient's and Encounter's fullUrls (urn:uuid), so each resolves inside the Bundle. */
interface Refs {
  patient: string;
  encounter: string;
}
const category = (code: string, display: string) => [{ coding: [{ system: OBSERVATION_CATEGORY, code, display }] }];
const quantity = (value: number, unit: string, ucum: string) => ({ value, unit, system: UCUM, code: ucum });
const vigilCode = (code: string, display: string) => ({ coding: [{ system: VIGIL_CODES, code, display }], text: display });

function source(actor: Reading['recordedBy']): Record<string, unknown> {
  // A device reading names the device and where it sent from; `issued` is when it was received.
  return actor.kind === 'device' ? { device: { display: describeProvenance(actor) } } : { performer: [{ display: describeActor(actor) }] };
}

function observationBase(id: string, reading: Reading, refs: Refs): FhirResource {
  return {
    resourceType: 'Observation',
    id,
    // An artifact stays in the record but must not chart as the patient's state in the receiving system.
    status: reading.artifact ? 'entered-in-error' : 'final',
    category: category('vital-signs', 'Vital Signs'),
    subject: { reference: refs.patient },
    encounter: { reference: refs.encounter },
    effectiveDateTime: iso(reading.observedAt),
    issued: iso(reading.recordedAt),
    ...source(reading.recordedBy),
    ...(reading.artifact
      ? { note: [{ text: `Marked as artifact by ${describeActor(reading.artifact.markedBy)}: ${reading.artifact.reason}` }] }
      : {}),
  } as FhirResource;
}

function vitalObservations(reading: Reading, refs: Refs): FhirResource[] {
  const v = reading.vitals;
  const out: FhirResource[] = [];
  if (v.systolicMmHg !== undefined && v.diastolicMmHg !== undefined) {
    const component = (['systolicMmHg', 'diastolicMmHg'] as const).map((key) => ({
      code: { coding: [{ system: LOINC, code: VITAL_CODES[key].code, display: VITAL_CODES[key].display }] },
      valueQuantity: quantity(v[key] as number, VITAL_CODES[key].unit, VITAL_CODES[key].ucum),
    }));
    out.push({
      ...observationBase(`bp-${reading.seq}`, reading, refs),
      code: { coding: [{ system: LOINC, ...BLOOD_PRESSURE_PANEL }], text: 'Blood pressure' },
      component,
    });
  }
  for (const key of ['heartRateBpm', 'spo2Percent', 'respiratoryRatePerMin', 'temperatureC'] as const) {
    const value = v[key];
    if (value === undefined) continue;
    const code = VITAL_CODES[key];
    out.push({
      ...observationBase(`${key.replace(/[A-Z].*/, '')}-${reading.seq}`, reading, refs),
      code: {
        coding: [
          ...(code.profileCoding ? [{ system: LOINC, ...code.profileCoding }] : []),
          { system: LOINC, code: code.code, display: code.display },
        ],
        text: code.display,
      },
      valueQuantity: quantity(value, code.unit, code.ucum),
    });
  }
  return out;
}

function scaleObservation(o: Observation, refs: Refs): FhirResource | null {
  const base = {
    resourceType: 'Observation',
    id: `obs-${o.seq}`,
    status: 'final',
    category: category('survey', 'Survey'),
    subject: { reference: refs.patient },
    encounter: { reference: refs.encounter },
    effectiveDateTime: iso(o.observedAt),
    issued: iso(o.recordedAt),
    performer: [{ display: describeActor(o.recordedBy) }],
  };
  const b = o.body;
  switch (b.kind) {
    case 'moaas':
      return { ...base, code: vigilCode('moaas', 'MOAA/S sedation score (0-5)'), valueInteger: b.score };
    case 'cadss6':
      return {
        ...base,
        code: vigilCode('cadss6', 'CADSS-6 dissociation score (0-24)'),
        valueInteger: cadss6Total(b.itemScores),
        component: b.itemScores.map((score, i) => ({
          code: vigilCode(`cadss-item-${CADSS6_ITEM_NUMBERS[i]}`, `CADSS item ${CADSS6_ITEM_NUMBERS[i]}`),
          valueInteger: score,
        })),
      };
    case 'dissociation':
      return { ...base, code: vigilCode('dissociation-rating', 'Dissociation rating (0-10)'), valueInteger: b.rating };
    case 'peak':
      return { ...base, code: vigilCode('peak', 'Peak of the experience'), valueBoolean: true };
    case 'returned_to_baseline':
      return { ...base, code: vigilCode('returned-to-baseline', 'Returned to baseline'), valueBoolean: true };
    case 'nausea':
      return { ...base, code: vigilCode('nausea', 'Nausea'), valueString: b.vomiting ? 'Nausea with vomiting' : 'Nausea' };
    case 'note':
      return { ...base, code: vigilCode('note', 'Clinical note'), valueString: b.text };
    case 'score_item':
      return {
        ...base,
        code: vigilCode(`discharge-score-${b.scoreId}-${b.itemId}`.replace(/_/g, '-'), describeObservation(b)),
        valueInteger: b.points,
      };
  }
}

function medicationAdministrations(state: SessionState, refs: Refs): FhirResource[] {
  return state.doses.map((d) => ({
    resourceType: 'MedicationAdministration',
    id: `dose-${d.seq}`,
    contained: [
      { resourceType: 'Medication', id: 'med', code: { text: d.drug }, ...(d.lotNumber ? { batch: { lotNumber: d.lotNumber } } : {}) },
    ],
    status: 'completed',
    medicationReference: { reference: '#med', display: d.drug },
    subject: { reference: refs.patient },
    context: { reference: refs.encounter },
    effectiveDateTime: iso(d.administeredAt),
    performer: [{ actor: { display: describeActor(d.recordedBy) } }],
    dosage: {
      route: { text: d.route },
      dose: quantity(d.doseMg, 'mg', 'mg'),
      ...(d.deviceCount ? { text: `${d.deviceCount} device${d.deviceCount === 1 ? '' : 's'}` } : {}),
    },
  }));
}

function encounter(state: SessionState, roomName: string, refs: Refs): FhirResource {
  const { monitoringEndedAt } = deriveRemsTimes(state);
  const d = state.discharge;
  const disposition = d
    ? {
        coding: [
          { system: DISCHARGE_DISPOSITION_SYSTEM, code: DISPOSITION_CODES[d.disposition], display: DISPOSITION_LABELS[d.disposition] },
        ],
        text: `${DISPOSITION_LABELS[d.disposition]} by ${describeActor(d.dischargedBy)}${d.dispositionReason ? `: ${d.dispositionReason}` : ''}${d.override ? ` (override: ${d.override.reason})` : ''}`,
      }
    : state.endedEarly
      ? { text: `Ended early by ${describeActor(state.endedEarly.endedBy)}: ${state.endedEarly.reason}` }
      : null;
  return {
    resourceType: 'Encounter',
    id: 'encounter',
    identifier: [{ system: 'urn:vigil:session', value: state.sessionId }],
    status: monitoringEndedAt === null ? 'in-progress' : 'finished',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [{ text: state.protocolName }],
    subject: { reference: refs.patient },
    period: { start: iso(state.openedAt), ...(monitoringEndedAt === null ? {} : { end: iso(monitoringEndedAt) }) },
    location: [{ location: { display: roomName } }],
    ...(disposition ? { hospitalization: { dischargeDisposition: disposition } } : {}),
  };
}

/** How the patient left and what was not met, in words: never "all held" when items failed. */
function dischargeOutcome(d: DischargeRecord): string {
  const notMet = d.failingItemIds.length > 0 ? `; not met: ${d.failingItemIds.map((id) => id.replace(/_/g, ' ')).join(', ')}` : '';
  if (d.disposition !== 'home') return `${DISPOSITION_LABELS[d.disposition]}: ${d.dispositionReason ?? ''}${notMet}`;
  if (d.override) return `Discharged home with override: ${d.override.reason}${notMet}`;
  return 'Discharged home: all discharge items held';
}

function dischargeObservation(state: SessionState, refs: Refs): FhirResource | null {
  const d = state.discharge;
  if (!d) return null;
  return {
    resourceType: 'Observation',
    id: 'discharge',
    status: 'final',
    code: vigilCode('discharge', 'Discharge after dosing session'),
    subject: { reference: refs.patient },
    encounter: { reference: refs.encounter },
    effectiveDateTime: iso(d.dischargedAt),
    performer: [{ display: describeActor(d.dischargedBy) }],
    valueString: dischargeOutcome(d),
    component: Object.values(state.checklists.discharge).map((tick) => ({
      code: vigilCode(`checklist-${tick.itemId.replace(/_/g, '-')}`, tick.itemId),
      valueString: `Ticked by ${describeActor(tick.tickedBy)} at ${iso(tick.tickedAt)}`,
    })),
  };
}

type FhirEntry = FhirBundle['entry'][number];

/** The Bundle without its entries: id, type and timestamp. */
function bundleShell(state: SessionState, now: number): Omit<FhirBundle, 'entry'> {
  return {
    resourceType: 'Bundle',
    id: `session-${state.sessionId}`.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64),
    type: 'collection',
    timestamp: iso(now),
  };
}

/**
 * The Bundle's entries one at a time, in order: a Patient known only by the alias, the
 * Encounter, each dose as a MedicationAdministration, every reading as vital-sign Observations
 * (LOINC, UCUM; blood pressure as the 85354-9 panel), the therapist's scales and the discharge.
 * A generator, so a 4-hour session's tens of thousands of resources can be written out a slice
 * at a time.
 */
export function* fhirBundleEntries(state: SessionState, context: { roomName: string }): Generator<FhirEntry> {
  // Each fullUrl is a UUID made from the session and the resource: the same on every export,
  // different in every session, and what the Bundle's references name.
  const fullUrl = (resourceType: string, id: string) => `urn:uuid:${uuidFromText(`vigil:${state.sessionId}/${resourceType}/${id}`)}`;
  const refs: Refs = { patient: fullUrl('Patient', 'patient'), encounter: fullUrl('Encounter', 'encounter') };
  const entry = (resource: FhirResource): FhirEntry => ({ fullUrl: fullUrl(resource.resourceType, resource.id), resource });
  // The alias only: Vigil holds no name, birth date or identifier of the patient.
  yield entry({
    resourceType: 'Patient',
    id: 'patient',
    identifier: [{ system: 'urn:vigil:patient-alias', value: state.patientAlias }],
    name: [{ text: state.patientAlias }],
  });
  yield entry(encounter(state, context.roomName, refs));
  for (const resource of medicationAdministrations(state, refs)) yield entry(resource);
  for (const reading of state.readings) for (const resource of vitalObservations(reading, refs)) yield entry(resource);
  for (const observation of state.observations) {
    const resource = scaleObservation(observation, refs);
    if (resource) yield entry(resource);
  }
  const discharge = dischargeObservation(state, refs);
  if (discharge) yield entry(discharge);
}

/** The whole session as a FHIR R4 Bundle (type collection) of `fhirBundleEntries`. */
export function buildFhirBundle(state: SessionState, context: { roomName: string; now: number }): FhirBundle {
  return { ...bundleShell(state, context.now), entry: [...fhirBundleEntries(state, context)] };
}

/**
 * The Bundle's JSON text in pieces, the same text as `JSON.stringify(buildFhirBundle(...))`: the
 * shell, then `slice` entries a piece, so a writer can let other work run between pieces.
 */
export function* fhirBundleJson(state: SessionState, context: { roomName: string; now: number }, slice = 500): Generator<string> {
  const shell = JSON.stringify(bundleShell(state, context.now));
  let pending: string[] = [];
  let first = true;
  yield `${shell.slice(0, -1)},"entry":[`;
  for (const entry of fhirBundleEntries(state, context)) {
    pending.push(JSON.stringify(entry));
    if (pending.length === slice) {
      yield `${first ? '' : ','}${pending.join(',')}`;
      first = false;
      pending = [];
    }
  }
  yield `${first || pending.length === 0 ? '' : ','}${pending.join(',')}]}`;
}
