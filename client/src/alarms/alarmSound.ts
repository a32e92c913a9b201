import { createStore, type StoreApi } from 'zustand/vanilla';
import { alarmsNeedingSound, worstPriority } from '../../../shared/alerts/selectors';
import { ALARM_SOUNDS, type AlarmSoundPattern } from '../../../shared/alerts/sound';
import type { AlarmPriority, AlarmRecord } from '../../../shared/alerts/types';
import type { SessionState } from '../../../shared/session/state';
import { gainOf, soundSettingsStore } from './soundSettings';

/**
 * A session screen's alarm sound through Web Audio: the shared pattern (shared/alerts/sound.ts:
 * high two bursts of 5 pulses, medium 3, low 1) of the most urgent alarm that needs sound,
 * repeated at its interval until someone acknowledges it or an audio pause silences it.
 * Browsers start audio only after a user gesture: until then the status is `blocked`, the tray
 * says so in words, and the first click or key press anywhere turns it on (never a dialog).
 * Creating the audio context is one long task (100-300 ms in Chromium), so it waits until the
 * page is idle after it has drawn; until then the status is `checking` (never `on`), and an
 * alarm that needs sound before that creates it at once.
 */
export type AlarmSoundStatus = 'checking' | 'unavailable' | 'blocked' | 'on';

/** Runs `task` later, when the page has time; returns a cancel. */
export type Later = (task: () => void) => () => void;

/** When the browser is idle (within 3 s at the latest), else after a second. */
export const whenIdle: Later = (task) => {
  if (typeof window !== 'undefined' && typeof window.requestIdleCallback === 'function') {
    const handle = window.requestIdleCallback(task, { timeout: 3_000 });
    return () => window.cancelIdleCallback(handle);
  }
  const timer = setTimeout(task, 1_000);
  return () => clearTimeout(timer);
};

/** An audio pause: the session's (from the record) or this screen's own, asked for a moment ago. */
export interface AudioPause {
  /** Server time the pause began. */
  pausedAt: number;
  /** Server time it ends by itself. */
  untilMs: number;
}

/**
 * The alarms that should sound at `now` (server time). During a pause, only alarms that began
 * to sound after the pause began (a new problem, or a re-alarm) break through it: an old
 * pause never silences a new alarm. Pure.
 */
export function alarmsToSound(state: SessionState, now: number, pause: AudioPause | null): AlarmRecord[] {
  const needing = alarmsNeedingSound(state, now, null);
  if (pause === null || now >= pause.untilMs) return needing;
  return needing.filter((record) => record.lastSoundedAt !== null && record.lastSoundedAt > pause.pausedAt);
}

/** The pause in force: the later-ending of the session's recorded one and this screen's own. */
export function currentPause(state: SessionState, local: AudioPause | null, now: number): AudioPause | null {
  const recorded = state.alarmAudioPause ? { pausedAt: state.alarmAudioPause.pausedAt, untilMs: state.alarmAudioPause.untilMs } : null;
  const live = [recorded, local].filter((pause): pause is AudioPause => pause !== null && now < pause.untilMs);
  if (live.length === 0) return null;
  return live.reduce((a, b) => (b.untilMs > a.untilMs ? b : a));
}

/**
 * Whether a pattern starts now: when the sounding priority changes, or when the pattern's
 * repeat interval has passed since the last one began. Pure.
 */
export function patternDue(
  previous: { priority: AlarmPriority; startedAt: number } | null,
  priority: AlarmPriority | null,
  now: number,
): boolean {
  if (priority === null) return false;
  if (previous === null || previous.priority !== priority) return true;
  return now - previous.startedAt >= ALARM_SOUNDS[priority].repeatIntervalMs;
}

export type AudioContextLike = Pick<
  AudioContext,
  'state' | 'resume' | 'close' | 'currentTime' | 'createOscillator' | 'createGain' | 'destination'
> &
  // Real contexts say when the browser or the tablet suspends them (another app took the audio, the screen locked).
  Partial<Pick<AudioContext, 'addEventListener'>>;

export interface AlarmSoundState {
  status: AlarmSoundStatus;
  /** What sounds now (repeating), or null. */
  sounding: AlarmPriority | null;
  /** The Web Audio context's own state ('suspended' = the browser or tablet holds sound back), or 'none' before one exists. */
  audioState: AudioContextState | 'none';
  /** Test tones actually scheduled on a running context (a tone asked for while sound is blocked does not count). */
  testTones: number;
  /** The last test tone: server time and whether it could play. */
  lastTestTone: { at: number; played: boolean; volumePercent: number } | null;
}

export interface AlarmSound {
  store: StoreApi<AlarmSoundState>;
  /** Call every second or so with the alarms to sound (most urgent first) and server time. */
  update(alarms: readonly { priority: AlarmPriority }[], now: number): void;
  /** From a user gesture: start audio the browser held back. */
  enable(): Promise<void>;
  /** From a user gesture: enable, then play the test tone at this screen's volume; answers whether it played. */
  testTone(now: number): Promise<boolean>;
  dispose(): void;
}

/** The test tone: two short rising pulses, unlike any alarm pattern, so nobody takes it for one. */
export const TEST_TONE: Pick<AlarmSoundPattern, 'pulses'> = {
  pulses: [
    { frequencyHz: 523, startMs: 0, durationMs: 200 },
    { frequencyHz: 784, startMs: 260, durationMs: 300 },
  ],
};

/** Schedules one pattern's pulses on the audio clock (each an OscillatorNode with a short ramp, no clicks), at this screen's volume. */
export function playPattern(
  audio: AudioContextLike,
  pattern: Pick<AlarmSoundPattern, 'pulses'>,
  gainLevel = gainOf(soundSettingsStore.getState().volumePercent),
): void {
  const start = audio.currentTime + 0.05;
  for (const pulse of pattern.pulses) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = pulse.frequencyHz;
    const from = start + pulse.startMs / 1000;
    const to = from + pulse.durationMs / 1000;
    gain.gain.setValueAtTime(0, from);
    gain.gain.linearRampToValueAtTime(gainLevel, from + 0.01);
    gain.gain.setValueAtTime(gainLevel, to - 0.01);
    gain.gain.linearRampToValueAtTime(0, to);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(from);
    oscillator.stop(to + 0.02);
  }
}

/**
 * `later` decides when the audio context is made while nothing needs sound (the first update
 * asks for it); an alarm to sound, a gesture or a test tone make it at once.
 */
export function createAlarmSound(makeContext: (() => AudioContextLike) | null = defaultContext(), later: Later = whenIdle): AlarmSound {
  const store = createStore<AlarmSoundState>(() => ({
    status: makeContext ? 'checking' : 'unavailable',
    sounding: null,
    audioState: 'none',
    testTones: 0,
    lastTestTone: null,
  }));
  let context: AudioContextLike | null = null;
  let last: { priority: AlarmPriority; startedAt: number } | null = null;
  let cancelLater: (() => void) | null = null;

  /** The screen says what the context says: on only while it runs. */
  function follow(audio: AudioContextLike): void {
    const status = audio.state === 'running' ? 'on' : 'blocked';
    const current = store.getState();
    if (current.status !== status || current.audioState !== audio.state) store.setState({ status, audioState: audio.state });
  }

  function ensureContext(): AudioContextLike | null {
    if (!makeContext) return null;
    cancelLater?.();
    cancelLater = null;
    if (!context) {
      try {
        const created = makeContext();
        context = created;
        created.addEventListener?.('statechange', () => {
          if (context === created) follow(created);
        });
      } catch {
        store.setState({ status: 'unavailable' });
        return null;
      }
    }
    follow(context);
    return context;
  }

  async function enable(): Promise<void> {
    const audio = ensureContext();
    if (!audio || audio.state === 'running') return;
    try {
      await audio.resume();
    } catch {
      // Still held back: the screen keeps saying so.
    }
    follow(audio);
    last = null;
  }

  return {
    store,
    update(alarms, now) {
      const priority = worstPriority(alarms);
      // Nothing to sound: the context can wait for an idle moment (asked for once).
      if (priority === null && !context && store.getState().status === 'checking' && cancelLater === null) {
        const cancel = later(() => {
          cancelLater = null;
          ensureContext();
        });
        if (!context) cancelLater = cancel;
      }
      const audio = priority === null && !context ? null : ensureContext();
      // Only a pattern actually played counts: when audio is blocked the first one plays as soon as it is enabled.
      if (patternDue(last, priority, now) && priority !== null && audio?.state === 'running') {
        playPattern(audio, ALARM_SOUNDS[priority]);
        last = { priority, startedAt: now };
      }
      if (priority === null) last = null;
      if (store.getState().sounding !== priority) store.setState({ sounding: priority });
    },
    enable,
    async testTone(now) {
      await enable();
      const audio = ensureContext();
      const volumePercent = soundSettingsStore.getState().volumePercent;
      const played = audio?.state === 'running';
      if (played) playPattern(audio, TEST_TONE);
      store.setState((state) => ({ testTones: state.testTones + (played ? 1 : 0), lastTestTone: { at: now, played, volumePercent } }));
      return played;
    },
    dispose() {
      cancelLater?.();
      cancelLater = null;
      void context?.close().catch(() => undefined);
      // No context any more: a later update makes a new one, and until then the screen is checking again.
      if (context) store.setState({ status: 'checking', audioState: 'none' });
      context = null;
      last = null;
    },
  };
}

function defaultContext(): (() => AudioContextLike) | null {
  const Constructor = typeof window === 'undefined' ? undefined : window.AudioContext;
  return Constructor ? () => new Constructor() : null;
}

/**
 * Turns sound on at the first click, tap or key press anywhere on the page (browsers allow
 * audio to start only from a user gesture). Returns the cleanup.
 */
export function unlockOnFirstGesture(
  sound: AlarmSound,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
): () => void {
  const events = ['pointerdown', 'keydown', 'touchstart'] as const;
  const onGesture = () => {
    void sound.enable().then(() => {
      if (sound.store.getState().status !== 'blocked') remove();
    });
  };
  const remove = () => {
    for (const event of events) target.removeEventListener(event, onGesture, true);
  };
  for (const event of events) target.addEventListener(event, onGesture, true);
  return remove;
}
