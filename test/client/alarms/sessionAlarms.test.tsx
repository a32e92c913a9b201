import { act, fireEvent, render as renderWithin, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { SessionAlarms } from '../../../client/src/session/alarms/SessionAlarms';
import type { Portal } from '../../../client/src/realtime/portal';
import { PortalProvider } from '../../../client/src/realtime/PortalProvider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CurrentUser } from '../../../shared/http/api';
import type { Role } from '../../../shared/roles';
import { ALARM_SOUNDS } from '../../../shared/alerts/sound';
import type { OutboxEntry } from '../../../client/src/outbox/storage';
import { outboxStore } from '../../../client/src/outbox/outbox';
import { createAlarmSound } from '../../../client/src/alarms/alarmSound';
import { prescriber } from '../../support/alarms';
import { alarmingSession, MINUTE } from './alarmFixture';

// The screen gets a recording portal from its provider: this tests what the screen hands the socket module.
const portal = { submit: vi.fn(async () => ({}) as unknown), discard: vi.fn(async () => undefined) };
const recorder = portal as unknown as Portal;
const render = (ui: ReactElement) =>
  renderWithin(ui, { wrapper: ({ children }) => <PortalProvider portal={recorder}>{children}</PortalProvider> });

function user(role: Role): CurrentUser {
  return { userId: `u-${role}`, username: role, displayName: `Test ${role}`, role } as CurrentUser;
}

/** A running fake AudioContext counting pulses. */
function runningAudio() {
  let pulses = 0;
  const param = { setValueAtTime: () => param, linearRampToValueAtTime: () => param, value: 0 };
  const context = {
    state: 'running' as AudioContextState,
    currentTime: 0,
    destination: {} as AudioDestinationNode,
    resume: async () => undefined,
    close: async () => undefined,
    createGain: () => ({ gain: param, connect: (node: unknown) => node }) as unknown as GainNode,
    createOscillator: () =>
      ({
        type: 'sine',
        frequency: { value: 0 },
        connect: (node: unknown) => node,
        start: () => (pulses += 1),
        stop: () => undefined,
      }) as unknown as OscillatorNode,
  };
  return { sound: createAlarmSound(() => context as unknown as AudioContext), pulses: () => pulses };
}

function entry(partial: Partial<OutboxEntry> & Pick<OutboxEntry, 'event' | 'request'>): OutboxEntry {
  return {
    commandId: partial.request.commandId,
    sessionId: 's-alarms',
    userId: 'u-nurse',
    createdAt: 0,
    status: 'waiting',
    refusal: null,
    attempts: 0,
    ...partial,
  };
}

afterEach(() => {
  outboxStore.setState({ entries: [] });
  portal.submit.mockClear();
  portal.discard.mockClear();
});

describe('the session screen alarms (tray, sound, pause, acknowledgement through the outbox)', () => {
  it('sounds the unacknowledged alarm; Pause silences this screen at once and records the pause for the room', () => {
    const { session, now } = alarmingSession();
    const audio = runningAudio();
    const { rerender } = render(
      <SessionAlarms sessionId="s-alarms" state={session.state()} user={user('therapist')} now={now} sound={audio.sound} />,
    );
    expect(screen.getByTestId('alarm-sound').getAttribute('data-sounding')).toBe('high');
    expect(audio.pulses()).toBe(ALARM_SOUNDS.high.pulses.length);

    fireEvent.click(screen.getByRole('button', { name: 'Pause audio 2 min' }));
    expect(portal.submit).toHaveBeenCalledWith('alarm.pauseAudio', { commandId: expect.any(String), sessionId: 's-alarms' });
    expect(screen.getByTestId('audio-paused').textContent).toContain('2:00 left');
    expect(screen.getByTestId('alarm-sound').getAttribute('data-sounding')).toBe('none');
    // Past the repeat interval, still paused: nothing more is heard.
    rerender(
      <SessionAlarms
        sessionId="s-alarms"
        state={session.state()}
        user={user('therapist')}
        now={now + ALARM_SOUNDS.high.repeatIntervalMs + 1}
        sound={audio.sound}
      />,
    );
    expect(audio.pulses()).toBe(ALARM_SOUNDS.high.pulses.length);
    // The pause lapses by itself after 2 minutes: the sound comes back at once.
    rerender(
      <SessionAlarms sessionId="s-alarms" state={session.state()} user={user('therapist')} now={now + 2 * MINUTE} sound={audio.sound} />,
    );
    expect(screen.getByTestId('alarm-sound').getAttribute('data-sounding')).toBe('high');
    expect(audio.pulses()).toBe(2 * ALARM_SOUNDS.high.pulses.length);
  });

  it('a pause recorded from another screen silences this one too', () => {
    const { session, now } = alarmingSession();
    const audio = runningAudio();
    session.add('alarm.audioPaused', { untilMs: now + 2 * MINUTE }, now, prescriber);
    render(<SessionAlarms sessionId="s-alarms" state={session.state()} user={user('nurse')} now={now + 30_000} sound={audio.sound} />);
    expect(screen.getByTestId('audio-paused').textContent).toContain(`Audio paused by ${prescriber.displayName} — 1:30 left`);
    expect(audio.pulses()).toBe(0);
  });

  it('acknowledges through the outbox, shows it on its way, and shows a refusal with its reason', async () => {
    const { session, now } = alarmingSession();
    const audio = runningAudio();
    render(<SessionAlarms sessionId="s-alarms" state={session.state()} user={user('nurse')} now={now} sound={audio.sound} />);
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge: SpO2 88% — at or below 90' }));
    expect(portal.submit).toHaveBeenCalledWith('alarm.acknowledge', {
      commandId: expect.any(String),
      sessionId: 's-alarms',
      alarmId: 'limit:spo2-high',
    });

    act(() =>
      outboxStore.setState({
        entries: [
          entry({ event: 'alarm.acknowledge', request: { commandId: 'c-1', sessionId: 's-alarms', alarmId: 'limit:spo2-high' } }),
          entry({
            event: 'alarm.acknowledge',
            request: { commandId: 'c-2', sessionId: 's-alarms', alarmId: 'limit:spo2-medium' },
            status: 'refused',
            refusal: {
              code: 'conflict',
              message: 'This alarm already cleared at 09:14:30 UTC: there is nothing to acknowledge',
              issues: [],
            },
          }),
        ],
      }),
    );
    expect(screen.getByText('⏳ Acknowledging…')).toBeTruthy();
    const refusal = screen.getByText(/Acknowledgement not stored: This alarm already cleared/);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(portal.discard).toHaveBeenCalledWith('c-2');
    expect(refusal).toBeTruthy();
  });

  it('therapists see and may pause but not acknowledge; admins only see', () => {
    const { session, now } = alarmingSession();
    const { unmount } = render(
      <SessionAlarms sessionId="s-alarms" state={session.state()} user={user('therapist')} now={now} sound={runningAudio().sound} />,
    );
    expect(screen.getAllByTestId('alarm-row')).toHaveLength(3);
    expect(screen.queryAllByRole('button', { name: /^Acknowledge/ })).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Pause audio 2 min' })).toBeTruthy();
    unmount();
    render(<SessionAlarms sessionId="s-alarms" state={session.state()} user={user('admin')} now={now} sound={runningAudio().sound} />);
    expect(screen.getAllByTestId('alarm-row')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: /Pause audio|^Acknowledge/ })).toBeNull();
  });
});
