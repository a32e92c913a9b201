import { vi } from 'vitest';
import { spravato56Protocol, ketamineIvProtocol } from '../../../../shared/protocols/defaults';
import type { Protocol } from '../../../../shared/protocols/schema';
import type { Actor } from '../../../../shared/session/actor';
import { foldSessionEvents } from '../../../../shared/session/reducer';
import type { SessionState } from '../../../../shared/session/state';
import type { SubmitCommand } from '../../../../client/src/realtime/submit';
import { eventLog, nurse } from '../../../support/events';

export const prescriber: Actor = { kind: 'user', userId: 'u-prescriber', displayName: 'Dr Demo', role: 'prescriber' };
export const therapist: Actor = { kind: 'user', userId: 'u-therapist', displayName: 'Therapist Demo', role: 'therapist' };
export { nurse };

export const MINUTE_MS = 60_000;
export const spravato: Protocol = spravato56Protocol();
export const ivKetamine: Protocol = ketamineIvProtocol();

/** A session's event log with helpers for the usual steps; `state()` folds it like every screen does. */
export function sessionLog(protocol: Protocol = spravato) {
  const log = eventLog('s-1');
  log.add(
    'session.opened',
    { roomId: 'room-1', patientAlias: 'T.P.', protocolId: protocol.id, protocolName: protocol.name },
    log.minutes(0),
  );
  return {
    ...log,
    state(): SessionState {
      const state = foldSessionEvents(log.events);
      if (!state) throw new Error('no state');
      return state;
    },
    tick(itemId: string, atMinutes: number, actor: Actor = nurse, checklist: 'pre_dose' | 'discharge' = 'pre_dose', date?: number) {
      log.add(
        'checklist.itemTicked',
        date === undefined ? { checklist, itemId } : { checklist, itemId, date },
        log.minutes(atMinutes),
        actor,
      );
    },
    tickAllPreDose(atMinutes: number) {
      for (const item of protocol.preDoseChecklist)
        log.add(
          'checklist.itemTicked',
          { checklist: 'pre_dose', itemId: item.id },
          log.minutes(atMinutes),
          item.rolesAllowed.includes('nurse') ? nurse : therapist,
        );
    },
    vitals(atMinutes: number, systolicMmHg: number, diastolicMmHg: number, heartRateBpm = 74) {
      log.add(
        'vitals.recorded',
        {
          readingId: `r-${log.events.length + 1}`,
          vitals: { systolicMmHg, diastolicMmHg, heartRateBpm, spo2Percent: 98, respiratoryRatePerMin: 14 },
        },
        log.minutes(atMinutes),
      );
    },
    dose(atMinutes: number) {
      log.add(
        'dose.recorded',
        { doseId: `d-${log.events.length + 1}`, drug: 'esketamine', doseMg: 56, route: 'intranasal', lotNumber: 'L-1', deviceCount: 2 },
        log.minutes(atMinutes),
      );
    },
    observe(
      atMinutes: number,
      observation: Parameters<typeof log.add<'observation.recorded'>>[1]['observation'],
      actor: Actor = therapist,
    ) {
      log.add('observation.recorded', { observationId: `o-${log.events.length + 1}`, observation }, log.minutes(atMinutes), actor);
    },
  };
}

/** A Spravato session with the pre-dose checklist ticked at 2 min, a baseline of 128/82 at 5 min and the dose at 10 min. */
export function dosedAt10() {
  const log = sessionLog();
  log.tickAllPreDose(2);
  log.vitals(5, 128, 82);
  log.dose(10);
  return log;
}

/** A submit spy: every command a panel sends, as [event, fields]. */
export function submitSpy() {
  return vi.fn<SubmitCommand>(async () => undefined);
}
