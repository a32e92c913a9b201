import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ALARM_SOUNDS } from '../../../shared/alerts/sound';
import { boardPauseFrom, boardSoundPriority, createBoardSound } from '../../../client/src/board/boardSound';
import { SoundControls } from '../../../client/src/board/SoundControls';
import { boardSettingsStore, resetBoardSettings, setOrderMode } from '../../../client/src/board/boardSettings';
import { fakeAudio } from '../../support/fakeAudio';
import { highAlarm, mediumAlarm, MINUTE, NOW, room } from './roomFactory';

describe('board sound', () => {
  const calm = [room(1), room(2)];
  const alarming = [room(1, highAlarm()), room(2, mediumAlarm())];

  it('sounds the most urgent unacknowledged priority of any room, nothing when all is owned', () => {
    expect(boardSoundPriority(calm, null, NOW)).toBeNull();
    expect(boardSoundPriority(alarming, null, NOW)).toBe('high');
    expect(boardSoundPriority([room(1, highAlarm(true)), room(2, mediumAlarm())], null, NOW)).toBe('medium');
  });

  it('a pause lasts the protocol audioPauseMinutes, and a new alarm ends it at once', () => {
    const pause = boardPauseFrom(alarming, NOW);
    expect(pause.untilMs).toBe(NOW + 2 * MINUTE);
    expect(boardSoundPriority(alarming, pause, NOW + 2 * MINUTE - 1)).toBeNull();
    expect(boardSoundPriority(alarming, pause, NOW + 2 * MINUTE)).toBe('high');
    const newAlarm = [...alarming, room(3, highAlarm())];
    expect(boardSoundPriority(newAlarm, pause, NOW + MINUTE)).toBe('high');
  });

  it('is blocked until a user gesture enables it, then plays the shared pattern at its repeat interval', async () => {
    const audio = fakeAudio('suspended');
    const sound = createBoardSound(audio.make);
    sound.update(alarming, NOW);
    expect(sound.store.getState().status).toBe('blocked');
    expect(audio.started).toHaveLength(0);
    await sound.enable();
    expect(sound.store.getState().status).toBe('on');
    sound.update(alarming, NOW + 1_000);
    expect(audio.started).toHaveLength(ALARM_SOUNDS.high.pulses.length);
    expect(audio.started.every((pulse) => pulse.frequencyHz === ALARM_SOUNDS.high.pulses[0]!.frequencyHz)).toBe(true);
    sound.update(alarming, NOW + 1_000 + ALARM_SOUNDS.high.repeatIntervalMs - 1);
    expect(audio.started).toHaveLength(ALARM_SOUNDS.high.pulses.length);
    sound.update(alarming, NOW + 1_000 + ALARM_SOUNDS.high.repeatIntervalMs);
    expect(audio.started).toHaveLength(2 * ALARM_SOUNDS.high.pulses.length);
    // Paused: silent.
    sound.pause(alarming, NOW + 20_000);
    sound.update(alarming, NOW + 40_000);
    expect(audio.started).toHaveLength(2 * ALARM_SOUNDS.high.pulses.length);
    expect(sound.store.getState().sounding).toBeNull();
  });

  it('shows an "Enable sound" button when the browser holds audio back, and pause controls when sounding', async () => {
    const audio = fakeAudio('suspended');
    const sound = createBoardSound(audio.make);
    act(() => sound.update(alarming, NOW));
    const view = render(<SoundControls sound={sound} rooms={alarming} now={NOW} />);
    fireEvent.click(screen.getByRole('button', { name: /Enable sound/ }));
    await act(async () => {
      await Promise.resolve();
    });
    act(() => sound.update(alarming, NOW + 1_000));
    expect(screen.queryByRole('button', { name: /Enable sound/ })).toBeNull();
    expect(view.container.textContent).toContain('Sounding: High ***');
    fireEvent.click(screen.getByRole('button', { name: 'Pause audio' }));
    view.rerender(<SoundControls sound={sound} rooms={alarming} now={NOW + 1_000} />);
    expect(view.container.textContent).toContain('Audio paused until');
    fireEvent.click(screen.getByRole('button', { name: 'Resume sound' }));
    expect(sound.store.getState().pause).toBeNull();
  });

  it('says so when the browser has no Web Audio', () => {
    const sound = createBoardSound(null);
    render(<SoundControls sound={sound} rooms={alarming} now={NOW} />);
    expect(screen.getByTestId('board-sound').textContent).toContain('Sound not available');
  });
});

describe('board settings', () => {
  it('keeps the fixed order in localStorage for wall screens', () => {
    localStorage.clear();
    resetBoardSettings();
    expect(boardSettingsStore.getState().orderMode).toBe('by_need');
    setOrderMode('fixed');
    expect(localStorage.getItem('vigil.board.order')).toBe('fixed');
    resetBoardSettings();
    expect(boardSettingsStore.getState().orderMode).toBe('fixed');
    setOrderMode('by_need');
  });
});
