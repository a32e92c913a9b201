import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { alarmChartMarkers } from '../../../client/src/session/alarms/chartMarkers';
import { clinicAlarmTotals, clinicEscalations } from '../../../client/src/alarms/clinicAlarms';
import { ClinicAlarmCount } from '../../../client/src/alarms/ClinicAlarmCount';
import { EscalationBanner } from '../../../client/src/alarms/EscalationBanner';
import { clinicStore } from '../../../client/src/clinic/clinicStore';
import { connectionStore } from '../../../client/src/realtime/connectionStore';
import { highAlarm, mediumAlarm, room } from '../board/roomFactory';
import { alarmingSession } from './alarmFixture';

const escalatedHigh = () => {
  const alarm = highAlarm();
  return {
    ...alarm,
    worstAlarm: { ...alarm.worstAlarm!, escalated: true },
    escalatedHighAlarmIds: ['limit:systolic-high'],
    openAlarmCount: 1,
  };
};

afterEach(() => clinicStore.setState({ rooms: null, updatedAt: null, error: null }));

describe("the clinic's alarm count (top bar)", () => {
  it('counts open alarms in every room and points at the most urgent unacknowledged one', () => {
    const rooms = [
      room(1, { ...mediumAlarm(), openAlarmCount: 2 }),
      room(2),
      room(3, { ...highAlarm(), openAlarmCount: 1 }),
      room(4, null),
    ];
    expect(clinicAlarmTotals(rooms)).toEqual({ open: 3, unacknowledged: 2, worst: 'high', urgentSessionId: 's-3' });
    // Owned alarms are still open; nothing asks for anyone.
    expect(clinicAlarmTotals([room(1, { ...highAlarm(true), openAlarmCount: 1 })])).toEqual({
      open: 1,
      unacknowledged: 0,
      worst: null,
      urgentSessionId: null,
    });
    // An older summary without openAlarmCount counts its unacknowledged alarms.
    expect(clinicAlarmTotals([room(1, highAlarm())]).open).toBe(1);
    expect(clinicAlarmTotals([room(1), room(2, null)])).toEqual({ open: 0, unacknowledged: 0, worst: null, urgentSessionId: null });
  });

  it('says the count in words with the worst marker, and links to that room', () => {
    connectionStore.setState({ status: 'connected', deliveryPausedSince: null });
    clinicStore.setState({ rooms: [room(1, { ...mediumAlarm(), openAlarmCount: 2 }), room(3, { ...highAlarm(), openAlarmCount: 1 })] });
    const { rerender } = render(<ClinicAlarmCount />);
    const count = screen.getByTestId('alarm-count');
    expect(count.textContent).toBe('*** 3 open alarms, 2 not acknowledged');
    expect(count.getAttribute('href')).toBe('/sessions/s-3');
    expect(count.className).toContain('alarm-count-high');
    clinicStore.setState({ rooms: [room(1)] });
    rerender(<ClinicAlarmCount />);
    expect(screen.getByTestId('alarm-count').textContent).toBe('✓ No open alarms');
    // Not live: no all-clear, whatever this screen last heard.
    connectionStore.setState({ status: 'reconnecting' });
    rerender(<ClinicAlarmCount />);
    expect(screen.getByTestId('alarm-count').textContent).toBe('? Alarms not live');
    connectionStore.setState({ status: 'connected', deliveryPausedSince: Date.now() });
    rerender(<ClinicAlarmCount />);
    expect(screen.getByTestId('alarm-count').textContent).toBe('? Alarms not live');
    connectionStore.setState({ deliveryPausedSince: null });
  });
});

describe('escalation to the prescriber', () => {
  it('lists rooms with an escalated unacknowledged high alarm, falling back on the worst alarm', () => {
    const old = highAlarm();
    const withoutField = room(5, { ...old, worstAlarm: { ...old.worstAlarm!, escalated: true } });
    expect(
      clinicEscalations([room(1), room(2, escalatedHigh()), room(3, highAlarm()), withoutField]).map((e) => [
        e.roomId,
        e.alarmIds,
        e.message,
      ]),
    ).toEqual([
      ['room-2', ['limit:systolic-high'], 'Systolic 192 mmHg — at or above 180'],
      ['room-5', ['limit:systolic-high'], 'Systolic 192 mmHg — at or above 180'],
    ]);
    // Once acknowledged the server no longer lists it.
    expect(clinicEscalations([room(2, { ...highAlarm(true), escalatedHighAlarmIds: [] })])).toEqual([]);
  });

  it("shows a banner linking to the room, except on that room's own page", () => {
    clinicStore.setState({ rooms: [room(2, escalatedHigh())] });
    const { rerender } = render(<EscalationBanner currentSessionId={null} />);
    const banner = screen.getByTestId('escalation-banner');
    expect(banner.textContent).toContain('***');
    expect(banner.textContent).toContain('ESCALATED — Room 2 (P2): Systolic 192 mmHg — at or above 180 — not acknowledged since');
    expect(screen.getByRole('link', { name: 'Go to Room 2 →' }).getAttribute('href')).toBe('/sessions/s-2');
    expect(screen.getByRole('alert')).toBeTruthy();
    rerender(<EscalationBanner currentSessionId="s-2" />);
    expect(screen.queryByTestId('escalation-banner')).toBeNull();
  });
});

describe('alarms on the chart', () => {
  it('marks each alarm at the reading that raised it, on its series, with the priority marker in words', () => {
    const { session } = alarmingSession();
    const markers = alarmChartMarkers(session.state());
    expect(markers.map((m) => [m.alarmId, m.at, m.point, m.label, m.open])).toEqual([
      ['limit:spo2-high', session.minutes(10), { axis: 'right', value: 88 }, '*** SpO2 88%', true],
      ['rise:systolic', session.minutes(12), { axis: 'left', value: 170 }, '** Systolic 170 mmHg', true],
      ['limit:spo2-medium', session.minutes(14), { axis: 'right', value: 92 }, '** SpO2 92%', true],
    ]);
  });

  it('keeps cleared alarms as history, clamps values into the axis, and drops alarms of artifact readings', () => {
    const { session, protocol } = alarmingSession();
    // The latched SpO2 alarm is owned at minute 15: it closes, and stays on the chart hollow.
    session.acknowledge(15, 'limit:spo2-high');
    // SpO2 72 four minutes after the first drop cleared: the same episode comes back (one alarm, two crossings).
    const r = session.vitals(16, { systolicMmHg: 125, diastolicMmHg: 80, heartRateBpm: 72, spo2Percent: 72, respiratoryRatePerMin: 14 });
    session.run(protocol, 16);
    const spo2 = alarmChartMarkers(session.state()).filter((m) => m.alarmId === 'limit:spo2-high');
    expect(spo2.map((m) => [m.at, m.point, m.open])).toEqual([
      [session.minutes(10), { axis: 'right', value: 88 }, false],
      // SpO2 72 is below the axis (80-100): drawn at its floor rather than dropped.
      [session.minutes(16), { axis: 'right', value: 80 }, true],
    ]);
    session.artifact(17, r, 'probe off');
    session.run(protocol, 17);
    expect(alarmChartMarkers(session.state()).some((m) => m.at === session.minutes(16))).toBe(false);
    expect(alarmChartMarkers(session.state()).some((m) => m.alarmId === 'limit:spo2-high' && m.at === session.minutes(10))).toBe(true);
  });
});
