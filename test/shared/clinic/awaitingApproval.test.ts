import { describe, expect, it } from 'vitest';
import { summarizeRoom } from '../../../shared/clinic/rooms';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { NORMAL_BASELINE, preparedSession, prescriber } from '../lifecycle/fixtures';

const protocol = spravato56Protocol(); // advisory limit 140/90 (CLINICAL.md)
const summary = (log: ReturnType<typeof preparedSession>) =>
  summarizeRoom({ roomId: 'room-1', roomName: 'Room 1' }, log.state(), protocol).session!;

describe("a room's summary says when a high baseline waits for the prescriber", () => {
  it('from the high baseline until a prescriber acknowledges it, and not once the dose is given', () => {
    const log = preparedSession();
    expect(summary(log).awaitingApproval).toBeUndefined();
    log.vitals(4, { ...NORMAL_BASELINE, systolicMmHg: 168, diastolicMmHg: 99 });
    expect(summary(log).awaitingApproval).toBe(true);
    log.add('predose.advisoryAcknowledged', { reason: 'Anxious on arrival' }, log.minutes(5), prescriber);
    expect(summary(log).awaitingApproval).toBeUndefined();
    // A later, higher baseline needs the prescriber again.
    log.vitals(6, { ...NORMAL_BASELINE, systolicMmHg: 176, diastolicMmHg: 99 });
    expect(summary(log).awaitingApproval).toBe(true);
    log.add('predose.advisoryAcknowledged', {}, log.minutes(7), prescriber);
    log.dose(8);
    expect(summary(log).awaitingApproval).toBeUndefined();
  });
});
