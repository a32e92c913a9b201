import type { Vigil } from '../../server/app';
import type { Actor } from '../../shared/session/actor';
import type { NewSessionEvent } from '../../shared/session/events';
import { eventLog, nurse } from './events';
import { openTestSession } from './server';

export const prescriber: Actor = { kind: 'user', userId: 'u-pres', displayName: 'Dr Rivera', role: 'prescriber' };
export const therapist: Actor = { kind: 'user', userId: 'u-ther', displayName: 'Sam Therapist', role: 'therapist' };
export const monitor: Actor = { kind: 'device', deviceId: 'dev-1', displayName: 'Bed monitor 1', source: '10.20.0.15' };

/**
 * A finished Spravato 56 mg session as it is recorded: baseline, two-device dose with a lot
 * (later corrected), checks at 15-120 min, sedation and dissociation, discharge at 125 min.
 * `deviceSeconds` adds one device reading a second from the dose for that many seconds.
 */
export function recordedSpravatoSession(options: { sessionId?: string; deviceSeconds?: number } = {}) {
  const log = eventLog(options.sessionId ?? 's-rec');
  const { add, minutes } = log;
  add(
    'session.opened',
    { roomId: 'room-1', patientAlias: 'Blue Heron', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg intranasal' },
    minutes(-20),
  );
  add('checklist.itemTicked', { checklist: 'pre_dose', itemId: 'concomitant_medicines', note: 'none' }, minutes(-15));
  add(
    'vitals.recorded',
    { readingId: 'r-base', vitals: { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 72, spo2Percent: 98, respiratoryRatePerMin: 14 } },
    minutes(-10),
  );
  const dose = add(
    'dose.recorded',
    { doseId: 'd-1', drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'LOT-A1', deviceCount: 2 },
    minutes(0),
  );
  const bp: [number, number, number][] = [
    [15, 138, 88],
    [30, 146, 92],
    [40, 152, 94],
    [60, 140, 88],
    [90, 132, 84],
    [120, 130, 82],
  ];
  for (const [m, sys, dia] of bp) {
    add(
      'vitals.recorded',
      {
        readingId: `r-${m}`,
        vitals: { systolicMmHg: sys, diastolicMmHg: dia, heartRateBpm: 80, spo2Percent: 97, respiratoryRatePerMin: 14 },
      },
      minutes(m),
    );
  }
  for (let s = 0; s < (options.deviceSeconds ?? 0); s += 1) {
    add(
      'vitals.recorded',
      { readingId: `dev-${s}`, vitals: { heartRateBpm: 70 + (s % 20), spo2Percent: 95 + (s % 5) } },
      log.t0 + s * 1000 + 500,
      monitor,
    );
  }
  add('observation.recorded', { observationId: 'o-1', observation: { kind: 'moaas', score: 3 } }, minutes(30), therapist);
  add(
    'observation.recorded',
    { observationId: 'o-2', observation: { kind: 'cadss6', itemScores: [2, 1, 0, 1, 2, 0] } },
    minutes(40),
    therapist,
  );
  add('observation.recorded', { observationId: 'o-3', observation: { kind: 'peak' } }, minutes(42), therapist);
  add('observation.recorded', { observationId: 'o-4', observation: { kind: 'moaas', score: 5 } }, minutes(75), therapist);
  add('observation.recorded', { observationId: 'o-5', observation: { kind: 'returned_to_baseline' } }, minutes(80), therapist);
  add('session.clinicallyReady', {}, minutes(80), { kind: 'system', displayName: 'Vigil' });
  add(
    'amendment.recorded',
    { targetSeq: dose.seq, reason: 'Lot misread from the box', change: { kind: 'dose_lot', lotNumber: 'LOT-B7' } },
    minutes(85),
  );
  add('checklist.itemTicked', { checklist: 'discharge', itemId: 'responsible_adult' }, minutes(118));
  add('checklist.itemTicked', { checklist: 'discharge', itemId: 'instructions_given' }, minutes(118));
  add('checklist.itemTicked', { checklist: 'discharge', itemId: 'integration_booked', date: minutes(3 * 24 * 60) }, minutes(119));
  add('session.readyForDischarge', {}, minutes(120), { kind: 'system', displayName: 'Vigil' });
  add('session.discharged', { override: null, failingItemIds: [] }, minutes(125), nurse);
  return log;
}

/** The recorded session stored in a real server as the commands store it (opened there, then its events), closed by the readiness sweep. */
export async function storeRecordedSession(vigil: Vigil, roomId = 'room-1', options: { deviceSeconds?: number } = {}): Promise<string> {
  const id = await openTestSession(vigil, roomId);
  const { events } = recordedSpravatoSession({ sessionId: id, ...options });
  const drafts = events
    .slice(1)
    .map(({ seq: _seq, recordedAt: _recordedAt, ...rest }) => ({ ...rest, commandId: `${id}-${rest.commandId}` }) as NewSessionEvent);
  await vigil.sessions.append(id, drafts);
  await vigil.readiness.sweep();
  return id;
}
