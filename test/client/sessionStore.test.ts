import { beforeEach, describe, expect, it } from 'vitest';
import { foldSessionEvents } from '../../shared/session/reducer';
import { receiveEvents, receiveSnapshot, sessionStore } from '../../client/src/session/store/sessionStore';
import { eventLog } from '../support/events';

function buildLog() {
  const log = eventLog('s-order');
  log.add(
    'session.opened',
    { roomId: 'room-1', patientAlias: 'A.B.', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg' },
    log.minutes(0),
  );
  for (let i = 1; i <= 5; i += 1) {
    log.add('vitals.recorded', { readingId: `r-${i}`, vitals: { systolicMmHg: 120 + i, diastolicMmHg: 80 } }, log.minutes(i));
  }
  return log;
}

describe("a screen applies a session's events in sequence order", () => {
  beforeEach(() => sessionStore.setState({ sessions: {} }));

  it('holds an early event until the gap fills, ignores duplicates, and ends equal to the server fold', () => {
    const { events } = buildLog();
    const first = foldSessionEvents(events.slice(0, 2));
    if (!first) throw new Error('no state');
    receiveSnapshot(first);
    // seq 4, 6 and 5 arrive before 3: they wait, and the screen reports a gap.
    expect(receiveEvents('s-order', [events[3]!, events[5]!, events[4]!])).toBe(true);
    expect(sessionStore.getState().sessions['s-order']?.state?.lastSeq).toBe(2);
    // 3 arrives (and 2 again): everything applies in order, nothing twice.
    expect(receiveEvents('s-order', [events[1]!, events[2]!])).toBe(false);
    const state = sessionStore.getState().sessions['s-order']?.state;
    expect(state).toEqual(foldSessionEvents(events));
    expect(state?.readings.map((r) => r.readingId)).toEqual(['r-1', 'r-2', 'r-3', 'r-4', 'r-5']);
  });

  it('ignores a snapshot older than the state it already holds', () => {
    const { events } = buildLog();
    receiveSnapshot(foldSessionEvents(events)!);
    receiveSnapshot(foldSessionEvents(events.slice(0, 3))!);
    expect(sessionStore.getState().sessions['s-order']?.state?.lastSeq).toBe(6);
  });
});
