import type { Vigil } from '../../server/app';
import { appendSessionEvents } from '../../server/store/events';
import type { Actor } from '../../shared/session/actor';
import type { NewSessionEvent } from '../../shared/session/events';
import type { Config } from '../../server/config';
import { openTestSession, startTestServer, tempDataDir } from './server';

export const BEDSIDE_MONITOR: Actor = { kind: 'device', deviceId: 'EUI-LONG-1', displayName: 'Bedside monitor 1' };
const PRESCRIBER: Actor = { kind: 'user', userId: 'u-long-prescriber', displayName: 'Dr Long', role: 'prescriber' };

/** The test session's dose (its protocol is Spravato 56 mg: two devices). */
function doseDraft(sessionId: string, observedAt: number): NewSessionEvent {
  return {
    sessionId,
    type: 'dose.recorded',
    payload: { doseId: 'dose-long-1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'LOT-LONG', deviceCount: 2 },
    observedAt,
    actor: PRESCRIBER,
    commandId: 'dose-long-1',
  } as NewSessionEvent;
}

/** A monitor's reading number `i`: values wander within normal limits, whole numbers as a monitor reports them. */
export function monitorVitals(i: number) {
  const wave = Math.sin(i / 300);
  return {
    systolicMmHg: Math.round(124 + 8 * wave + (i % 7)),
    diastolicMmHg: Math.round(80 + 4 * wave + (i % 3)),
    heartRateBpm: Math.round(74 + 6 * wave + (i % 5)),
    spo2Percent: 96 + (i % 4),
  };
}

/**
 * A server holding a dosed session that a bedside monitor has filled with `count` readings, one
 * every `everyMs`, ending now (the dose after the first tenth of them). The readings are written to the store as the device path writes them
 * (vitals.recorded events), then the server restarts on the same data so the session is loaded
 * from its stored log as after any restart: seeding 14,400 readings takes seconds rather than
 * minutes of one fsync each. New readings in a test then take the live path.
 */
export async function startWithMonitoredSession(
  count: number,
  overrides: Partial<Config> = {},
  everyMs = 1_000,
): Promise<{ vigil: Vigil; sessionId: string }> {
  const dataDir = overrides.dataDir ?? tempDataDir();
  const first = await startTestServer({ ...overrides, dataDir });
  const sessionId = await openTestSession(first, 'room-1');
  const end = first.clock.now() - 1_000;
  const BATCH = 1_000;
  // The dose after the first tenth of the readings (the baseline before it), as in a real session.
  const doseIndex = Math.floor(count / 10);
  for (let start = 0; start < count; start += BATCH) {
    const drafts: NewSessionEvent[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i += 1) {
      if (i === doseIndex) drafts.push(doseDraft(sessionId, end - (count - 1 - i) * everyMs - 500));
      drafts.push({
        sessionId,
        type: 'vitals.recorded',
        payload: { readingId: `monitor-${i}`, vitals: monitorVitals(i) },
        observedAt: end - (count - 1 - i) * everyMs,
        actor: BEDSIDE_MONITOR,
        commandId: `monitor-${i}`,
      } as NewSessionEvent);
    }
    await appendSessionEvents(first.store.db, sessionId, drafts, first.clock.now());
  }
  await first.close();
  return { vigil: await startTestServer({ ...overrides, dataDir }), sessionId };
}
