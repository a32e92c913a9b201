import { describe, expect, it } from 'vitest';
import { alarmsToSound, createAlarmSound, currentPause, patternDue, unlockOnFirstGesture } from '../../../client/src/alarms/alarmSound';
import { ALARM_SOUNDS } from '../../../shared/alerts/sound';
import { prescriber } from '../../support/alarms';
import { fakeAudio, idleMoments } from '../../support/fakeAudio';
import { NORMAL_VITALS } from '../../support/alarms';
import { alarmingSession, MINUTE } from './alarmFixture';

const T = Date.UTC(2026, 10, 23, 9, 0, 0);
const high = [{ priority: 'high' as const }];
const medium = [{ priority: 'medium' as const }];
const low = [{ priority: 'low' as const }];

describe('alarm sound scheduling (pure)', () => {
  it('a pattern is due when the priority changes or its repeat interval has passed, never for nothing', () => {
    expect(patternDue(null, null, T)).toBe(false);
    expect(patternDue(null, 'low', T)).toBe(true);
    const last = { priority: 'high' as const, startedAt: T };
    expect(patternDue(last, 'high', T + ALARM_SOUNDS.high.repeatIntervalMs - 1)).toBe(false);
    expect(patternDue(last, 'high', T + ALARM_SOUNDS.high.repeatIntervalMs)).toBe(true);
    expect(patternDue(last, 'medium', T + 1)).toBe(true);
  });

  it('sounds unacknowledged active and latched alarms, not rechecks nor owned ones', () => {
    const { session, now } = alarmingSession();
    expect(alarmsToSound(session.state(), now, null).map((a) => a.alarmId)).toEqual(['limit:spo2-high']);
  });

  it('a pause silences until it lapses at untilMs; an alarm that begins to sound during it breaks through', () => {
    const { session, protocol, now } = alarmingSession();
    session.add('alarm.audioPaused', { untilMs: now + 2 * MINUTE }, now, prescriber);
    const pause = currentPause(session.state(), null, now);
    expect(pause).toEqual({ pausedAt: now, untilMs: now + 2 * MINUTE });
    expect(alarmsToSound(session.state(), now + 2 * MINUTE - 1, pause)).toEqual([]);
    expect(alarmsToSound(session.state(), now + 2 * MINUTE, pause).map((a) => a.alarmId)).toEqual(['limit:spo2-high']);
    expect(currentPause(session.state(), null, now + 2 * MINUTE)).toBeNull();
    // A new problem during the pause: a heart rate of 135 at minute 16.
    session.vitals(16, { ...NORMAL_VITALS, heartRateBpm: 135 });
    session.run(protocol, 16);
    expect(alarmsToSound(session.state(), session.minutes(16), pause).map((a) => a.alarmId)).toEqual(['limit:heart-rate-high']);
  });

  it("this screen's own pause holds at once, and the later-ending of the two pauses wins", () => {
    const { session, now } = alarmingSession();
    const local = { pausedAt: now, untilMs: now + 2 * MINUTE };
    expect(currentPause(session.state(), local, now)).toEqual(local);
    session.add('alarm.audioPaused', { untilMs: now + 2 * MINUTE + 900 }, now + 900, prescriber);
    expect(currentPause(session.state(), local, now + 1_000)).toEqual({ pausedAt: now + 900, untilMs: now + 2 * MINUTE + 900 });
    expect(currentPause(session.state(), local, now + 2 * MINUTE + 900)).toBeNull();
  });
});

describe('alarm sound through Web Audio (fake AudioContext)', () => {
  it('is blocked until a gesture enables it, then plays the shared high pattern (two bursts of 5) at its repeat interval', async () => {
    const audio = fakeAudio('suspended');
    const sound = createAlarmSound(audio.make);
    sound.update(high, T);
    expect(sound.store.getState()).toMatchObject({ status: 'blocked', sounding: 'high', audioState: 'suspended' });
    expect(audio.started).toHaveLength(0);
    await sound.enable();
    expect(sound.store.getState().status).toBe('on');
    sound.update(high, T + 500);
    expect(audio.started).toHaveLength(10);
    expect(audio.started.every((pulse) => pulse.frequencyHz === ALARM_SOUNDS.high.pulses[0]!.frequencyHz)).toBe(true);
    // Pulses are scheduled on the audio clock exactly as the shared pattern says.
    const offsets = audio.started.map((pulse) => Math.round((pulse.at - audio.started[0]!.at) * 1000));
    expect(offsets).toEqual(ALARM_SOUNDS.high.pulses.map((pulse) => pulse.startMs));
    sound.update(high, T + 500 + ALARM_SOUNDS.high.repeatIntervalMs - 1);
    expect(audio.started).toHaveLength(10);
    sound.update(high, T + 500 + ALARM_SOUNDS.high.repeatIntervalMs);
    expect(audio.started).toHaveLength(20);
  });

  it('medium plays 3 pulses, low 1, a change of priority starts the new pattern at once, and nothing to sound stops the repeat', () => {
    const audio = fakeAudio('running');
    const sound = createAlarmSound(audio.make);
    sound.update(medium, T);
    expect(audio.started).toHaveLength(3);
    sound.update(low, T + 1_000);
    expect(audio.started).toHaveLength(4);
    expect(audio.started.at(-1)!.frequencyHz).toBe(ALARM_SOUNDS.low.pulses[0]!.frequencyHz);
    sound.update(high, T + 2_000);
    expect(audio.started).toHaveLength(14);
    // Acknowledged on another screen: nothing needs sound; the repeat stops.
    sound.update([], T + 3_000);
    expect(sound.store.getState().sounding).toBeNull();
    sound.update([], T + 60_000);
    expect(audio.started).toHaveLength(14);
    // A new alarm later sounds at once.
    sound.update(high, T + 61_000);
    expect(audio.started).toHaveLength(24);
  });

  it('an alarm raised while sound is blocked plays as soon as sound is enabled', async () => {
    const audio = fakeAudio('suspended');
    const sound = createAlarmSound(audio.make);
    sound.update(medium, T);
    await sound.enable();
    sound.update(medium, T + 1_000);
    expect(audio.started).toHaveLength(3);
  });

  it('says unavailable without Web Audio, and stays blocked when the browser refuses to resume', async () => {
    expect(createAlarmSound(null).store.getState().status).toBe('unavailable');
    const refusing = fakeAudio('suspended', { resumes: false });
    const sound = createAlarmSound(refusing.make);
    sound.update(high, T);
    await sound.enable();
    expect(sound.store.getState().status).toBe('blocked');
    const throwing = createAlarmSound(() => {
      throw new Error('no audio device');
    });
    throwing.update(high, T);
    expect(throwing.store.getState().status).toBe('unavailable');
  });

  it('the first click or key press anywhere unlocks audio, then stops listening', async () => {
    const audio = fakeAudio('suspended');
    const sound = createAlarmSound(audio.make);
    sound.update(high, T);
    const stop = unlockOnFirstGesture(sound, window);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    await expect.poll(() => sound.store.getState().status).toBe('on');
    // Were it still listening, a later gesture would try to resume a suspended context again.
    audio.context.state = 'suspended';
    let resumed = 0;
    audio.context.resume = async () => {
      resumed += 1;
    };
    window.dispatchEvent(new Event('pointerdown'));
    await Promise.resolve();
    expect(resumed).toBe(0);
    stop();
  });

  it('makes its audio context when the page is idle, saying "checking" (never "on") until then', () => {
    const audio = fakeAudio('running');
    let made = 0;
    const idle = idleMoments();
    const sound = createAlarmSound(() => {
      made += 1;
      return audio.make();
    }, idle.later);
    expect(sound.store.getState()).toMatchObject({ status: 'checking', audioState: 'none' });
    // Nothing to sound: no context yet, one idle task asked for however many updates come.
    sound.update([], T);
    sound.update([], T + 1_000);
    expect(made).toBe(0);
    expect(idle.tasks).toHaveLength(1);
    expect(sound.store.getState().status).toBe('checking');
    idle.tasks[0]!();
    expect(made).toBe(1);
    expect(sound.store.getState()).toMatchObject({ status: 'on', audioState: 'running' });
    sound.update([], T + 2_000);
    expect(idle.tasks).toHaveLength(1);
    // Closed: no context, so checking again until the next one exists.
    sound.dispose();
    expect(sound.store.getState()).toMatchObject({ status: 'checking', audioState: 'none' });
    expect(idle.cancelled).toBe(0);
  });

  it('an alarm before the idle moment makes the context at once and sounds; the idle task is cancelled', () => {
    const audio = fakeAudio('running');
    const idle = idleMoments();
    const sound = createAlarmSound(audio.make, idle.later);
    sound.update([], T);
    expect(audio.started).toHaveLength(0);
    sound.update(high, T + 1_000);
    expect(audio.started).toHaveLength(10);
    expect(sound.store.getState()).toMatchObject({ status: 'on', sounding: 'high' });
    expect(idle.cancelled).toBe(1);
  });

  it('a blocked context found at the idle moment says blocked, and a gesture before it makes and enables one', async () => {
    const blocking = fakeAudio('suspended');
    const idle = idleMoments();
    const waiting = createAlarmSound(blocking.make, idle.later);
    waiting.update([], T);
    idle.tasks[0]!();
    expect(waiting.store.getState()).toMatchObject({ status: 'blocked', audioState: 'suspended' });

    const early = fakeAudio('suspended');
    const sound = createAlarmSound(early.make, () => () => undefined);
    sound.update([], T);
    expect(sound.store.getState().status).toBe('checking');
    await sound.enable();
    expect(sound.store.getState()).toMatchObject({ status: 'on', audioState: 'running' });
  });
});
