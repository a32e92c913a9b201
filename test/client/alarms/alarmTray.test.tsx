import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AlarmTray, type AlarmTrayProps } from '../../../client/src/session/alarms/AlarmTray';
import { clockTime } from '../../../client/src/format/time';
import type { SessionState } from '../../../shared/session/state';
import { prescriber } from '../../support/alarms';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { alarmSession, NORMAL_VITALS } from '../../support/alarms';
import { alarmingSession, MINUTE } from './alarmFixture';
import { connectionStore } from '../../../client/src/realtime/connectionStore';

function tray(state: SessionState, now: number, overrides: Partial<AlarmTrayProps> = {}) {
  const onAcknowledge = vi.fn();
  const onPause = vi.fn();
  const onEnable = vi.fn();
  const props: AlarmTrayProps = {
    state,
    now,
    canAcknowledge: () => true,
    sendingIds: new Set(),
    onAcknowledge,
    sound: { status: 'on', sounding: 'high', pause: null, audioPauseMinutes: 2, canPause: true, onEnable, onPause },
    ...overrides,
  };
  const view = render(<AlarmTray {...props} />);
  return { ...view, onAcknowledge, onPause, onEnable, props };
}

const rows = () => screen.getAllByTestId('alarm-row');

describe('the alarm tray', () => {
  it('an open alarm raised on an older value says where the patient is now: raised at MOAA/S 1, now 0', () => {
    const protocol = spravato56Protocol();
    const session = alarmSession('s-deeper');
    session.vitals(0, NORMAL_VITALS);
    session.run(protocol, 0);
    session.dose(5);
    session.moaas(20, 1);
    session.run(protocol, 20);
    tray(session.state(), session.minutes(21));
    const sedation = rows().find((row) => row.textContent!.includes('MOAA/S 1'))!;
    expect(within(sedation).queryByTestId('alarm-now')).toBeNull();
    cleanup();

    session.moaas(22, 0);
    session.run(protocol, 22);
    tray(session.state(), session.minutes(23));
    const deeper = rows().find((row) => row.textContent!.includes('MOAA/S 1'))!;
    expect(within(deeper).getByTestId('alarm-now').textContent).toBe('now MOAA/S 0');
    expect(deeper.getAttribute('aria-label')).toMatch(/; now MOAA\/S 0$/);
  });

  it('lists each open alarm most urgent first with its marker, priority word, message, since when, state and owner', () => {
    const { session, now } = alarmingSession();
    tray(session.state(), now);
    expect(screen.getByTestId('alarm-headline').textContent).toBe('3 open alarms, 2 not acknowledged');
    expect(rows().map((row) => row.getAttribute('data-alarm-id'))).toEqual(['limit:spo2-high', 'rise:systolic', 'limit:spo2-medium']);

    const [high, medium, recheck] = rows();
    // High, latched (condition gone, nobody owns it): markers and words, never colour alone.
    expect(high!.textContent).toContain('***');
    expect(high!.textContent).toContain('HIGH');
    expect(high!.textContent).toContain('SpO2 88% — at or below 90');
    expect(high!.textContent).toContain(`since ${clockTime(session.minutes(10))} (5 min ago)`);
    expect(high!.textContent).toContain('condition cleared — acknowledge');
    expect(high!.className).toContain('alarm-asking');
    expect(high!.className).toContain('alarm-row-high');

    // Medium, acknowledged with a note and still present: steady, says who and when.
    expect(medium!.textContent).toMatch(/^\*\*MEDIUM/);
    expect(medium!.textContent).toContain('acknowledged, condition still present');
    expect(medium!.textContent).toContain(
      `Acknowledged by ${prescriber.displayName} at ${clockTime(session.minutes(13))} — “BP cuff rechecked”`,
    );
    expect(medium!.className).toContain('alarm-owned');
    expect(within(medium!).queryByRole('button', { name: /^Acknowledge/ })).toBeNull();

    // Recheck: shown, silent, in words.
    expect(recheck!.textContent).toContain('checking — not sounded until it persists or is repeated');
    expect(recheck!.getAttribute('data-status')).toBe('recheck');
    expect(recheck!.className).not.toContain('alarm-asking');

    // A screen reader gets the whole row in one label.
    expect(high!.getAttribute('aria-label')).toMatch(
      /^High priority alarm: SpO2 88% — at or below 90; since .*; condition cleared — acknowledge; now SpO2 92%$/,
    );
  });

  it('acknowledges in one click, or with a note typed in place; no dialog', () => {
    const { session, now } = alarmingSession();
    const { onAcknowledge } = tray(session.state(), now);
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge: SpO2 88% — at or below 90' }));
    expect(onAcknowledge).toHaveBeenLastCalledWith('limit:spo2-high', undefined);

    fireEvent.click(screen.getByRole('button', { name: 'With note… — acknowledge: SpO2 92% — at or below 93' }));
    const note = screen.getByLabelText('Note for SpO2 92% — at or below 93');
    expect(document.activeElement).toBe(note);
    fireEvent.change(note, { target: { value: '  probe repositioned ' } });
    fireEvent.submit(note.closest('form')!);
    expect(onAcknowledge).toHaveBeenLastCalledWith('limit:spo2-medium', 'probe repositioned');
    // An empty note acknowledges without one; Escape leaves the form without acknowledging.
    fireEvent.click(screen.getByRole('button', { name: 'With note… — acknowledge: SpO2 92% — at or below 93' }));
    fireEvent.keyDown(screen.getByLabelText('Note for SpO2 92% — at or below 93'), { key: 'Escape' });
    expect(screen.queryByLabelText('Note for SpO2 92% — at or below 93')).toBeNull();
    expect(onAcknowledge).toHaveBeenCalledTimes(2);
    expect(document.querySelector('dialog, [role="dialog"]')).toBeNull();
  });

  it('says an acknowledgement is on its way, and offers no button to roles that cannot acknowledge', () => {
    const { session, now } = alarmingSession();
    const { rerender, props } = tray(session.state(), now, { sendingIds: new Set(['limit:spo2-high']) });
    expect(within(rows()[0]!).getByText('⏳ Acknowledging…')).toBeTruthy();
    expect(within(rows()[0]!).queryByRole('button')).toBeNull();
    rerender(<AlarmTray {...props} sendingIds={new Set()} canAcknowledge={() => false} />);
    expect(screen.queryAllByRole('button', { name: /Acknowledge/ })).toHaveLength(0);
    // Everyone still sees every alarm.
    expect(rows()).toHaveLength(3);
  });

  it('an acknowledgement arriving from another screen stops the flashing and shows the owner', () => {
    const { session, now } = alarmingSession();
    const { rerender, props } = tray(session.state(), now);
    expect(rows()[0]!.className).toContain('alarm-asking');
    // The latched high alarm closes when owned: it leaves the tray.
    session.acknowledge(15, 'limit:spo2-high', undefined);
    rerender(<AlarmTray {...props} state={session.state()} now={session.minutes(15)} />);
    expect(rows().map((row) => row.getAttribute('data-alarm-id'))).toEqual(['rise:systolic', 'limit:spo2-medium']);
    expect(screen.getByTestId('alarm-headline').textContent).toBe('2 open alarms, 1 not acknowledged');
  });

  it('with nothing open it says so in words', () => {
    connectionStore.setState({ status: 'connected', deliveryPausedSince: null });
    const { session } = alarmingSession();
    const calm = { ...session.state(), alarms: [] };
    tray(calm, session.minutes(15), {
      sound: { status: 'on', sounding: null, pause: null, audioPauseMinutes: 2, canPause: true, onEnable: vi.fn(), onPause: vi.fn() },
    });
    expect(screen.getByTestId('alarm-headline').textContent).toBe('✓ No open alarms');
    expect(screen.queryAllByTestId('alarm-row')).toHaveLength(0);
    expect(screen.getByTestId('alarm-sound').textContent).toBe('♪ Sound on');
    expect(screen.queryByRole('button', { name: /Pause audio/ })).toBeNull();
  });

  it.each([
    ['reconnecting', { status: 'reconnecting' as const, deliveryPausedSince: null }],
    ['connected to a server that cannot hear the others', { status: 'connected' as const, deliveryPausedSince: Date.now() }],
  ])('with nothing open while %s, never gives an all-clear', (_name, connection) => {
    connectionStore.setState(connection);
    const { session } = alarmingSession();
    tray({ ...session.state(), alarms: [] }, session.minutes(15));
    expect(screen.getByTestId('alarm-headline').textContent).toBe('? None heard — not live: an alarm raised now may not reach this screen');
    expect(screen.getByTestId('alarm-tray').className).not.toContain('alarm-tray-calm');
    connectionStore.setState({ status: 'connected', deliveryPausedSince: null });
  });
});

describe("the tray's sound line", () => {
  it('says plainly when the browser holds sound back, and enables it from the button', () => {
    const { session, now } = alarmingSession();
    const onEnable = vi.fn();
    tray(session.state(), now, {
      sound: { status: 'blocked', sounding: 'high', pause: null, audioPauseMinutes: 2, canPause: true, onEnable, onPause: vi.fn() },
    });
    const line = screen.getByTestId('alarm-sound');
    expect(line.textContent).toContain('✕ Sound is off — click or press any key to enable');
    expect(line.getAttribute('data-sound-status')).toBe('blocked');
    fireEvent.click(screen.getByRole('button', { name: 'Enable sound' }));
    expect(onEnable).toHaveBeenCalledTimes(1);
  });

  it('offers the pause while an alarm needs sound, then counts down on server time without acknowledging', () => {
    const { session, now } = alarmingSession();
    const onPause = vi.fn();
    const sound = {
      status: 'on' as const,
      sounding: 'high' as const,
      pause: null,
      audioPauseMinutes: 2,
      canPause: true,
      onEnable: vi.fn(),
      onPause,
    };
    const { rerender, props } = tray(session.state(), now, { sound });
    expect(screen.getByTestId('alarm-sound').textContent).toContain('♪ Sounding: *** High');
    fireEvent.click(screen.getByRole('button', { name: 'Pause audio 2 min' }));
    expect(onPause).toHaveBeenCalledTimes(1);

    // The pause recorded for the room (by the prescriber) silences this screen too.
    session.add('alarm.audioPaused', { untilMs: now + 2 * MINUTE }, now, prescriber);
    const paused = { ...sound, sounding: null, pause: { pausedAt: now, untilMs: now + 2 * MINUTE } };
    const state = session.state();
    rerender(<AlarmTray {...props} state={state} sound={paused} now={now + 15_000} />);
    const line = screen.getByTestId('audio-paused');
    expect(line.textContent).toContain(
      `‖ Audio paused by ${prescriber.displayName} — 1:45 left (until ${clockTime(now + 2 * MINUTE)}); nothing is acknowledged`,
    );
    expect(screen.queryByRole('button', { name: /Pause audio/ })).toBeNull();
    rerender(<AlarmTray {...props} state={state} sound={paused} now={now + 2 * MINUTE - 1} />);
    expect(screen.getByTestId('audio-paused').textContent).toContain('0:01 left');
    // Nothing was acknowledged.
    expect(screen.getByTestId('alarm-headline').textContent).toBe('3 open alarms, 2 not acknowledged');
    // It lapses by itself.
    rerender(<AlarmTray {...props} state={state} sound={{ ...paused, sounding: 'high' }} now={now + 2 * MINUTE} />);
    expect(screen.queryByTestId('audio-paused')).toBeNull();
    expect(screen.getByRole('button', { name: 'Pause audio 2 min' })).toBeTruthy();
  });

  it('hides the pause from a role that may not pause', () => {
    const { session, now } = alarmingSession();
    tray(session.state(), now, {
      sound: { status: 'on', sounding: 'high', pause: null, audioPauseMinutes: 2, canPause: false, onEnable: vi.fn(), onPause: vi.fn() },
    });
    expect(screen.queryByRole('button', { name: /Pause audio/ })).toBeNull();
  });
});
