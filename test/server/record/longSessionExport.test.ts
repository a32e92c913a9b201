import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { startWithMonitoredSession } from '../../support/longSession';
import { signIn } from '../../support/server';

const READINGS = 4 * 60 * 60; // a 4-hour session, one monitor reading a second
/**
 * The longest the server's event loop may be held by one export. Readings, acknowledgements and
 * alarms of every other room wait while it is held; before the record was read and written in
 * slices one export held it for 4 to 15 seconds.
 */
const MAX_BLOCK_MS = 1_000;

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

  /** Downloads `path` and answers its body and the longest the event loop was held meanwhile. */
  async function download(path: string): Promise<{ status: number; body: Buffer; heldMs: number }> {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const response = await fetch(`${vigil.url}/api/sessions/${sessionId}/${path}`, { headers: { cookie } });
    const body = Buffer.from(await response.arrayBuffer());
    delay.disable();
    return { status: response.status, body, heldMs: delay.max / 1e6 };
  }

  it('serves 5-minute rows in the report and every reading in the CSV and the FHIR Bundle, without holding the server', async () => {
    const report = await download('report');
    expect(report.status).toBe(200);
    const { report: body } = JSON.parse(report.body.toString('utf8')) as { report: { vitals: { mode: string; rows: unknown[] } } };
    expect(body.vitals.mode).toBe('summary');
    expect(body.vitals.rows.length).toBeGreaterThanOrEqual(48);
    expect(body.vitals.rows.length).toBeLessThanOrEqual(49);
    expect(report.heldMs).toBeLessThan(MAX_BLOCK_MS);

    const pdf = await download('report.pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.heldMs).toBeLessThan(MAX_BLOCK_MS);

    const csv = await download('readings.csv');
    expect(csv.status).toBe(200);
    expect(csv.body.toString('utf8').trim().split('\n')).toHaveLength(1 + READINGS);
    expect(csv.heldMs).toBeLessThan(MAX_BLOCK_MS);

    const fhir = await download('fhir');
    expect(fhir.status).toBe(200);
    const bundle = JSON.parse(fhir.body.toString('utf8')) as { entry: { resource: { resourceType: string } }[] };
    // Blood pressure panel, heart rate and SpO2 for each reading, the Patient and the Encounter.
    expect(bundle.entry.filter((e) => e.resource.resourceType === 'Observation')).toHaveLength(3 * READINGS);
    expect(fhir.heldMs).toBeLessThan(MAX_BLOCK_MS);
  }, 180_000);
});
