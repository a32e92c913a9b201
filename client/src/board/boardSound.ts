import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { worstPriority } from '../../../shared/alerts/selectors';
import { ALARM_SOUNDS } from '../../../shared/alerts/sound';
import type { AlarmPriority } from '../../../shared/alerts/types';

/**
 * One sound for the whole board: the pattern (shared/alerts/sound.ts) of the most urgent
 * unacknowledged alarm in any room, repeated at its interval, through Web Audio. Browsers
 * start audio only after a user gesture: until then the status is `blocked` and the board
 * shows an "Enable sound" button (never a surprise dialog). A board-level audio pause lasts
 * the protocol's `audioPauseMinutes`; an alarm that was not sounding when the pause began
 * ends it at once (a new problem is never silenced by an old pause).
 */
export type BoardSoundStatus = 'unavailable' | 'blocked' | 'on';

export interface BoardPause {
  /** Server time the pause ends. */
  untilMs: number;
  /** The unacknowledged alarms (room:alarm) the pause silenced. */
  silenced: string[];
}

export interface BoardSoundState {
  status: BoardSoundStatus;
  pause: BoardPause | null;
  /** What is sounding now, or null. */
  sounding: AlarmPriority | null;
}

const MINUTE_MS = 60_000;

function unacknowledgedKeys(rooms: readonly RoomSummary[]): string[] {
  return rooms.flatMap((room) => room.session?.unacknowledgedAlarmIds.map((id) => `${room.roomId}:${id}`) ?? []);
}

/** The priority the board should sound at `now` (server time), or null. Pure. */
export function boardSoundPriority(rooms: readonly RoomSummary[], pause: BoardPause | null, now: number): AlarmPriority | null {
  const priorities = rooms.flatMap((room) => (room.session?.unacknowledgedPriority ? [{ priority: room.session.unacknowledgedPriority }] : []));
  if (priorities.length === 0) return null;
  if (pause !== null && now < pause.untilMs) {
    const silenced = new Set(pause.silenced);
    if (unacknowledgedKeys(rooms).every((key) => silenced.has(key))) return null;
  }
  return worstPriority(priorities);
}

/** A pause asked for at `now`: the longest `audioPauseMinutes` of the rooms now alarming (of any room if none is). */
export function boardPauseFrom(rooms: readonly RoomSummary[], now: number): BoardPause {
  const minutes = rooms
    .filter((room) => (room.session?.unacknowledgedAlarmIds.length ?? 0) > 0)
    .map((room) => room.session!.audioPauseMinutes);
  const all = rooms.flatMap((room) => (room.session ? [room.session.audioPauseMinutes] : []));
  const pauseMinutes = Math.max(0, ...(minutes.length > 0 ? minutes : all));
  return { untilMs: now + pauseMinutes * MINUTE_MS, silenced: unacknowledgedKeys(rooms) };
}

type AudioContextLike = Pick<AudioContext, 'state' | 'resume' | 'close' | 'currentTime' | 'createOscillator' | 'createGain' | 'destination'>;

export interface BoardSound {
  store: StoreApi<BoardSoundState>;
  /** Call every second or so with the rooms and server time. */
  update(rooms: readonly RoomSummary[], now: number): void;
  /** From a click: start audio the browser held back. */
  enable(): Promise<void>;
  pause(rooms: readonly RoomSummary[], now: number): void;
  endPause(): void;
  dispose(): void;
}

export function createBoardSound(makeContext: (() => AudioContextLike) | null = defaultContext()): BoardSound {
  const store = createStore<BoardSoundState>(() => ({ status: makeContext ? 'blocked' : 'unavailable', pause: null, sounding: null }));
  let context: AudioContextLike | null = null;
  let lastPatternAt: number | null = null;

  function ensureContext(): AudioContextLike | null {
    if (!makeContext) return null;
    if (!context) {
      try {
        context = makeContext();
      } catch {
        store.setState({ status: 'unavailable' });
        return null;
      }
    }
    store.setState({ status: context.state === 'running' ? 'on' : 'blocked' });
    return context;
  }

  function play(priority: AlarmPriority) {
    const audio = ensureContext();
    if (!audio || audio.state !== 'running') return;
    const start = audio.currentTime + 0.05;
    for (const pulse of ALARM_SOUNDS[priority].pulses) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = pulse.frequencyHz;
      const from = start + pulse.startMs / 1000;
      const to = from + pulse.durationMs / 1000;
      gain.gain.setValueAtTime(0, from);
      gain.gain.linearRampToValueAtTime(0.4, from + 0.01);
      gain.gain.setValueAtTime(0.4, to - 0.01);
      gain.gain.linearRampToValueAtTime(0, to);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(from);
      oscillator.stop(to + 0.02);
    }
  }

  return {
    store,
    update(rooms, now) {
      let { pause } = store.getState();
      if (pause !== null && now >= pause.untilMs) pause = null;
      const priority = boardSoundPriority(rooms, pause, now);
      // A new alarm ended the pause: forget it.
      if (pause !== null && priority !== null) pause = null;
      const previous = store.getState().sounding;
      const due = lastPatternAt === null || previous !== priority || now - lastPatternAt >= ALARM_SOUNDS[priority ?? 'low'].repeatIntervalMs;
      if (priority !== null && due) {
        play(priority);
        lastPatternAt = now;
      }
      if (priority === null) lastPatternAt = null;
      if (store.getState().pause !== pause || previous !== priority) store.setState({ pause, sounding: priority });
      ensureContext();
    },
    async enable() {
      const audio = ensureContext();
      if (!audio) return;
      await audio.resume();
      store.setState({ status: audio.state === 'running' ? 'on' : 'blocked' });
      // Start the current pattern at once rather than at the next repeat.
      lastPatternAt = null;
    },
    pause(rooms, now) {
      store.setState({ pause: boardPauseFrom(rooms, now), sounding: null });
    },
    endPause() {
      store.setState({ pause: null });
      lastPatternAt = null;
    },
    dispose() {
      void context?.close().catch(() => undefined);
      context = null;
    },
  };
}

function defaultContext(): (() => AudioContextLike) | null {
  const Constructor = typeof window === 'undefined' ? undefined : window.AudioContext;
  return Constructor ? () => new Constructor() : null;
}

