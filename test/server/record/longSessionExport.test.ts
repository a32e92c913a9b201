import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { startWithMonitoredSession } from '../../support/longSession';
import { signIn } from '../../support/server';

const READINGS = 4 * 60 * 60; // a 4-hour session, one monitor reading a second
/**
 * An export must not hold the server while it reads and builds 14,400 readings (before the
 * record was read and built in slices, one export held every other room's readings,
 * acknowledgements and alarms for 4 to 15 seconds). The server runs in this process, so the
 * test counts the turns of the event loop between asking and the answer's first byte: a record
 * built in slices of 500 events lets the loop turn between slices (about 30 times for these
 * events); one built in one piece lets it turn only for the connection's own steps.
 */
const MIN_TURNS_WHILE_BUILT = 20;

describe('the record of a 4-hour, 1-per-second session over HTTP', () => {
  let vigil: Vigil;
  let sessionId: string;
  let cookie: string;

  beforeAll(async () => {
    ({ vigil, sessionId } = await startWithMonitoredSession(READINGS));
    cookie = await signIn(vigil, 'prescriber');
  }, 120_000);
  afterAll(async () => {
    await vigil?.close();
  });

  /** Downloads `path`; `turns`: how often the event loop turned before the answer began. */
  async function download(path: string): Promise<{ status: number; body: Buffer; turns: number }> {
    let turns = 0;
    let answered = false;
    const turn = () => {
      if (answered) return;
      turns += 1;
      setImmediate(turn);
    };
    setImmediate(turn);
    const response = await fetch(`${vigil.url}/api/sessions/${sessionId}/${path}`, { headers: { cookie } });
    answered = true;
    const body = Buffer.from(await response.arrayBuffer());
    return { status: response.status, body, turns };
  }

  it('serves 5-minute rows in the report and every reading in the CSV and the FHIR Bundle, without holding the server', async () => {
    // The connection's own steps, for scale: a small answer turns the loop a few times at most.
    const small = await download('../../sessions');
    expect(small.status).toBe(200);
    expect(small.turns).toBeLessThan(MIN_TURNS_WHILE_BUILT / 2);

    const report = await download('report');
    expect(report.status).toBe(200);
    const { report: body } = JSON.parse(report.body.toString('utf8')) as { report: { vitals: { mode: string; rows: unknown[] } } };
    expect(body.vitals.mode).toBe('summary');
    expect(body.vitals.rows.length).toBeGreaterThanOrEqual(48);
    expect(body.vitals.rows.length).toBeLessThanOrEqual(49);
    expect(report.turns).toBeGreaterThanOrEqual(MIN_TURNS_WHILE_BUILT);

    const pdf = await download('report.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.turns).toBeGreaterThanOrEqual(MIN_TURNS_WHILE_BUILT);

    const csv = await download('readings.csv');
    expect(csv.status).toBe(200);
    expect(csv.body.toString('utf8').trim().split('\n')).toHaveLength(1 + READINGS);
    expect(csv.turns).toBeGreaterThanOrEqual(MIN_TURNS_WHILE_BUILT);

    const fhir = await download('fhir');
    expect(fhir.status).toBe(200);
    const bundle = JSON.parse(fhir.body.toString('utf8')) as { entry: { resource: { resourceType: string } }[] };
    // Blood pressure panel, heart rate and SpO2 for each reading, the Patient and the Encounter.
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'Observation')).toHaveLength(3 * READINGS);
    expect(fhir.turns).toBeGreaterThanOrEqual(MIN_TURNS_WHILE_BUILT);
  }, 180_000);
});
