import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAlarmSound, TEST_TONE } from '../../../client/src/alarms/alarmSound';
import { SoundSettings } from '../../../client/src/alarms/SoundSettings';
import { clampVolume, gainOf, setVolumePercent, soundSettingsStore, VOLUME } from '../../../client/src/alarms/soundSettings';
import { resetDomainStores } from '../../../client/src/app/domainStore';
import { fakeAudio, idleMoments } from '../../support/fakeAudio';

const NOW = Date.UTC(2026, 10, 30, 9, 30);

describe("this screen's sound settings", () => {
  beforeEach(() => {
    localStorage.clear();
    resetDomainStores();
  });

  it("the volume is kept in this browser, on its steps, never below 20% nor above 100%, and sets the pulses' gain", () => {
    expect(soundSettingsStore.getState().volumePercent).toBe(VOLUME.defaultPercent);
    setVolumePercent(40);
    expect(localStorage.getItem('vigil.sound.volumePercent')).toBe('40');
    resetDomainStores(); // a reload
    expect(soundSettingsStore.getState().volumePercent).toBe(40);
    expect([
      clampVolume(0),
      clampVolume(19),
      clampVolume(20),
      clampVolume(21),
      clampVolume(100),
      clampVolume(101),
      clampVolume(Number.NaN),
    ]).toEqual([20, 20, 20, 20, 100, 100, VOLUME.defaultPercent]);
    localStorage.setItem('vigil.sound.volumePercent', 'loud');
    resetDomainStores();
    expect(soundSettingsStore.getState().volumePercent).toBe(VOLUME.defaultPercent);
    expect(gainOf(100)).toBeGreaterThan(gainOf(50));
    expect(gainOf(50)).toBeCloseTo(gainOf(100) / 2);
  });

  it('the test tone enables sound and plays at the volume; while blocked it says it could not play', async () => {
    const audio = fakeAudio('suspended');
    const sound = createAlarmSound(audio.make);
    setVolumePercent(50);
    expect(await sound.testTone(NOW)).toBe(true);
    expect(audio.started.map((pulse) => pulse.frequencyHz)).toEqual(TEST_TONE.pulses.map((pulse) => pulse.frequencyHz));
    expect(audio.started[0]!.peakGain).toBeCloseTo(gainOf(50));
    expect(sound.store.getState()).toMatchObject({
      status: 'on',
      audioState: 'running',
      testTones: 1,
      lastTestTone: { at: NOW, played: true, volumePercent: 50 },
    });

    const refusing = fakeAudio('suspended', { resumes: false });
    const blocked = createAlarmSound(refusing.make);
    expect(await blocked.testTone(NOW)).toBe(false);
    expect(refusing.started).toEqual([]);
    expect(blocked.store.getState()).toMatchObject({ status: 'blocked', testTones: 0, lastTestTone: { played: false } });
  });

  it('shows "muted" with the fix and a large Enable button while the context is suspended, and again when the tablet suspends it later', async () => {
    const audio = fakeAudio('suspended');
    const idle = idleMoments();
    const sound = createAlarmSound(audio.make, idle.later);
    sound.update([], NOW);
    render(<SoundSettings player={sound} />);
    // Before the audio context exists (it waits for an idle moment) the screen claims nothing.
    expect(screen.getByTestId('sound-checking').textContent).toMatch(/Checking whether this screen can sound — not confirmed yet/);
    expect(screen.queryByTestId('sound-muted')).toBeNull();
    act(() => idle.tasks[0]!());
    expect(screen.queryByTestId('sound-checking')).toBeNull();
    expect(screen.getByTestId('sound-muted').textContent).toMatch(/Sound is muted on this screen.*blocking sound \(audio suspended\)/);
    expect(screen.getByTestId('sound-settings').getAttribute('data-audio-state')).toBe('suspended');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '♪ Enable sound' }));
    });
    expect(screen.queryByTestId('sound-muted')).toBeNull();
    act(() => audio.context.become('suspended'));
    expect(screen.getByTestId('sound-muted')).toBeTruthy();

    // The volume control and the test tone's result, in words.
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '♪ Enable sound' }));
    });
    fireEvent.change(screen.getByRole('slider', { name: /Volume/ }), { target: { value: '60' } });
    expect(screen.getByTestId('sound-volume').textContent).toBe('60%');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Play test tone' }));
    });
    expect(screen.getByTestId('test-tone-result').textContent).toMatch(/Test tone played at \d\d:\d\d \(volume 60%\)/);
    expect(screen.getByTestId('sound-settings').getAttribute('data-test-tones')).toBe('1');
  });

  it('says sound is not available without Web Audio, and offers no test tone', () => {
    render(<SoundSettings player={createAlarmSound(null)} />);
    expect(screen.getByTestId('sound-settings').textContent).toContain('Sound not available');
    expect(screen.queryByRole('button', { name: 'Play test tone' })).toBeNull();
  });
});
