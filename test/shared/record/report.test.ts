import { describe, expect, it } from 'vitest';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { formatClinicDateTime, isKnownTimeZone } from '../../../shared/record/clinicTime';
import { buildSessionReport } from '../../../shared/record/report';
import { deriveRemsTimes } from '../../../shared/record/remsTimes';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { eventLog } from '../../support/events';
import { recordedSpravatoSession } from '../../support/recordedSession';

const context = { roomName: 'Room 1', timeZone: 'America/New_York' };

describe('the session report', () => {
  it('dates every time in the clinic zone', () => {
    const at = Date.UTC(2026, 10, 22, 14, 5, 0);
    expect(formatClinicDateTime(at, 'America/New_York')).toBe('2026-11-22 09:05 EST');
    expect(formatClinicDateTime(at, 'UTC')).toBe('2026-11-22 14:05 UTC');
    expect(formatClinicDateTime(at, 'Asia/Tokyo', { seconds: true })).toBe('2026-11-22 23:05:00 GMT+9');
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });

  it('says how the patient left: home, transferred to emergency care or against advice, with the reason', () => {
    const { events, minutes } = recordedSpravatoSession();
    const leaving = (payload: object) =>
      buildSessionReport(
        events.map((event) => (event.type === 'session.discharged' ? ({ ...event, payload } as typeof event) : event)),
        spravato56Protocol(),
        context,
        minutes(200),
      ).discharge.outcome;
    expect(leaving({ override: null, failingItemIds: [], disposition: 'home' })).toBe('Discharged home 2026-11-22 06:05 EST by Nurse Demo');
    expect(
      leaving({
        override: null,
        failingItemIds: ['regulatory_floor'],
        disposition: 'emergency_transfer',
        dispositionReason: 'Chest pain; ambulance to ED',
      }),
    ).toBe('Transferred to emergency care 2026-11-22 06:05 EST by Nurse Demo: Chest pain; ambulance to ED');
    expect(
      leaving({ override: null, failingItemIds: ['regulatory_floor'], disposition: 'against_advice', dispositionReason: 'Would not stay' }),
    ).toBe('Left against medical advice 2026-11-22 06:05 EST by Nurse Demo: Would not stay');
    // The header's status says it too: a transfer is not "Discharged".
    const transferred = events.map((event) =>
      event.type === 'session.discharged'
        ? ({
            ...event,
            payload: { override: null, failingItemIds: [], disposition: 'emergency_transfer', dispositionReason: 'ED' },
          } as typeof event)
        : event,
    );
    expect(buildSessionReport(transferred, spravato56Protocol(), context, minutes(200)).statusLabel).toBe('Transferred to emergency care');
    expect(buildSessionReport(events, spravato56Protocol(), context, minutes(200)).statusLabel).toBe('Discharged home');
  });

  it('holds the dose with its corrected lot, the REMS times, the observations and the discharge', () => {
    const { events, minutes } = recordedSpravatoSession();
    const report = buildSessionReport(events, spravato56Protocol(), context, minutes(200));
    expect(report.patientAlias).toBe('Blue Heron');
    expect(report.protocolVersion).toBe(1);
    expect(report.status).toBe('discharged');
    expect(report.doses).toEqual([
      expect.objectContaining({ doseMg: 56, lotNumber: 'LOT-B7', when: '2026-11-22 04:00 EST', detail: '2 devices' }),
    ]);
    expect(report.amendments).toEqual([
      expect.objectContaining({ original: 'lot LOT-A1', corrected: 'lot LOT-B7', text: 'Lot misread from the box' }),
    ]);
    expect(report.rems.totalMonitoringMinutes).toBe(125);
    expect(report.rems.totalMinutes).toBe('125 min');
    expect(report.rems.readyToLeave).toBe('2026-11-22 05:20 EST');
    expect(report.observationSummary.deepestMoaas).toBe('3 at 2026-11-22 04:30 EST');
    expect(report.observationSummary.peakDissociation).toMatch(/^CADSS-6 total 6 of 24/);
    expect(report.discharge.outcome).toBe('Discharged home 2026-11-22 06:05 EST by Nurse Demo');
    expect(report.discharge.items.find((item) => item.label.startsWith('Minimum observation time'))).toMatchObject({ passes: true });
    expect(report.discharge.items.find((item) => item.label.startsWith('Integration session booked'))?.reason).toMatch(
      /at 2026-11-22 05:59 EST \(date 2026-11-25\)/,
    );
    expect(report.vitals.mode).toBe('readings');
    expect(report.vitals.rows).toHaveLength(7);
    expect(report.predose[0]?.text).toMatch(/^Concomitant medicines asked.*: none$/);
  });

  it('prints the questionnaires (total, band, item 9, who answered) and ties a correction note to the entry it is about', () => {
    const { add, minutes, events } = eventLog('s-q');
    add(
      'session.opened',
      { roomId: 'room-1', patientAlias: 'Wren', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg intranasal' },
      minutes(-20),
    );
    const phq9 = add(
      'questionnaire.recorded',
      { questionnaireId: 'q-1', instrument: 'phq9', answers: [2, 2, 2, 2, 2, 2, 2, 2, 1], completedBy: 'patient', handedOver: true },
      minutes(-15),
    );
    add(
      'questionnaire.recorded',
      { questionnaireId: 'q-2', instrument: 'gad7', answers: [1, 1, 1, 1, 1, 1, 2], completedBy: 'staff' },
      minutes(-14),
    );
    const moaas = add('observation.recorded', { observationId: 'o-1', observation: { kind: 'moaas', score: 4 } }, minutes(-12));
    add(
      'amendment.recorded',
      { targetSeq: moaas.seq, reason: 'Scored the wrong patient', change: { kind: 'note', text: 'Was 3' } },
      minutes(-11),
    );
    add(
      'amendment.recorded',
      { targetSeq: phq9.seq, reason: 'Patient added', change: { kind: 'note', text: 'Has a safety plan' } },
      minutes(-10),
    );
    const report = buildSessionReport(events, spravato56Protocol(), context, minutes(0));
    expect(report.questionnaires.map((q) => [q.text, q.by])).toEqual([
      [
        'PHQ-9 total 17 of 27, moderately severe; item 9 (thoughts of self-harm): “Several days” (see Corrections: a note was added)',
        'answered by the patient on the tablet handed over by Nurse Demo',
      ],
      ['GAD-7 total 8 of 21, mild', 'asked by Nurse Demo'],
    ]);
    expect(report.observations[0]?.text).toMatch(/^MOAA\/S 4 — .* \(see Corrections: a note was added\)$/);
    expect(report.amendments.map((a) => a.original)).toEqual([
      'MOAA/S 4 — Lethargic response to name spoken in normal tone at 2026-11-22 03:48 EST (Nurse Demo) (unchanged; note added)',
      expect.stringMatching(/^PHQ-9 total 17 of 27, moderately severe; item 9 .* at 2026-11-22 .* \(unchanged; note added\)$/),
    ]);
  });

  it("marks a device given before the label's rest after the one before it", () => {
    const { add, minutes, events } = eventLog('s-rest');
    add(
      'session.opened',
      { roomId: 'room-1', patientAlias: 'Wren', protocolId: 'spravato-56', protocolName: 'Spravato 56 mg intranasal' },
      minutes(-20),
    );
    const device = { drug: 'esketamine', doseMg: 28, route: 'intranasal', lotNumber: 'L-1', deviceCount: 1 };
    add('dose.recorded', { doseId: 'd-1', ...device }, minutes(0));
    add('dose.recorded', { doseId: 'd-2', ...device, deviceOfDoseId: 'd-1' }, minutes(3));
    const report = buildSessionReport(events, spravato56Protocol(), context, minutes(30));
    expect(report.doses.map((dose) => dose.detail)).toEqual([
      '1 device',
      '1 device, given 3 min after the device before it — the label asks for a 5-min rest',
    ]);
  });

  it('prints a 4-hour 1-per-second session as 5-minute rows with the extremes', () => {
    const { events, minutes } = recordedSpravatoSession({ deviceSeconds: 4 * 3600 });
    const report = buildSessionReport(events, spravato56Protocol(), context, minutes(300));
    expect(report.vitals.mode).toBe('summary');
    // 48 five-minute buckets of device data from the dose, plus the baseline's bucket before it.
    expect(report.vitals.rows).toHaveLength(49);
    const at40 = report.vitals.rows.find((row) => row.at === minutes(40));
    expect(at40).toMatchObject({ systolicMmHg: 152, diastolicMmHg: 94, spo2Percent: 95, heartRateBpm: 89, readingCount: 301 });
    // Where the row's readings came from: the monitor by name, id and address, and the nurse's manual set.
    expect(at40?.source).toBe('Nurse Demo ×1; Bed monitor 1 (device dev-1) from 10.20.0.15 ×300');
    // Each device is also listed with where it sent from and when its readings arrived.
    expect(report.vitals.devices).toEqual([
      'Bed monitor 1 (device dev-1) from 10.20.0.15: 14400 readings received 2026-11-22 04:00:01 EST to 2026-11-22 08:00:00 EST',
    ]);
  });

  it("lists each device reading with the device, where it sent from and when it was received; a nurse's by her name", () => {
    const { events, minutes } = recordedSpravatoSession({ deviceSeconds: 2 });
    const report = buildSessionReport(events, spravato56Protocol(), context, minutes(200));
    expect(report.vitals.mode).toBe('readings');
    const sources = report.vitals.rows.map((row) => row.source);
    expect(sources).toContain('Bed monitor 1 (device dev-1) from 10.20.0.15, received 2026-11-22 04:00:01 EST');
    expect(sources).toContain('Nurse Demo');
    expect(report.vitals.devices).toEqual([
      'Bed monitor 1 (device dev-1) from 10.20.0.15: 2 readings received 2026-11-22 04:00:01 EST to 2026-11-22 04:00:02 EST',
    ]);
  });

  it('derives the REMS times from the first device to the end of monitoring; nothing before a dose', () => {
    const { events, minutes } = recordedSpravatoSession();
    const state = foldSessionEvents(events);
    if (!state) throw new Error('no state');
    expect(deriveRemsTimes(state)).toEqual({
      firstDeviceAt: minutes(0),
      monitoringEndedAt: minutes(125),
      totalMonitoringMinutes: 125,
      readyToLeaveAt: minutes(80),
    });
    const opened = foldSessionEvents(events.slice(0, 3));
    if (!opened) throw new Error('no state');
    expect(deriveRemsTimes(opened)).toEqual({
      firstDeviceAt: null,
      monitoringEndedAt: null,
      totalMonitoringMinutes: null,
      readyToLeaveAt: null,
    });
  });
});
