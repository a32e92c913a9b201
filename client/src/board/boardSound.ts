import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { worstPriority } from '../../../shared/alerts/selectors';
import type { AlarmPriority } from '../../../shared/alerts/types';
import { createAlarmSound, type AlarmSound, type AlarmSoundStatus, type AudioContextLike } from '../alarms/alarmSound';

/**
 * One sound for the whole board: the pattern (shared/alerts/sound.ts) of the most urgent
 * unacknowledged alarm in any room, repeated at its interval, through Web Audio. Browsers
 * start audio only after a user gesture: until then the status is `blocked` and the board
 * shows an "Enable sound" button (never a surprise dialog). A board-level audio pause lasts
 * the protocol's `audioPauseMinutes`; an alarm that was not sounding when the pause began
 * ends it at once (a new problem is never silenced by an old pause).
 */
export type BoardSoundStatus = AlarmSoundStatus;

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
  const priorities = rooms.flatMap((room) =>
    room.session?.unacknowledgedPriority ? [{ priority: room.session.unacknowledgedPriority }] : [],
  );
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

export interface BoardSound {
  store: StoreApi<BoardSoundState>;
  /** The one alarm sound player underneath: its state, test tone and volume (SoundSettings). */
  player: AlarmSound;
  /** Call every second or so with the rooms and server time. */
  update(rooms: readonly RoomSummary[], now: number): void;
  /** From a click: start audio the browser held back. */
  enable(): Promise<void>;
  pause(rooms: readonly RoomSummary[], now: number): void;
  endPause(): void;
  dispose(): void;
}

/** The board's pause rules on top of the one alarm sound player (client/src/alarms/alarmSound.ts). */
export function createBoardSound(makeContext?: (() => AudioContextLike) | null): BoardSound {
  const player = makeContext === undefined ? createAlarmSound() : createAlarmSound(makeContext);
  const store = createStore<BoardSoundState>(() => ({ status: player.store.getState().status, pause: null, sounding: null }));
  const unsubscribe = player.store.subscribe((state) => {
    if (store.getState().status !== state.status) store.setState({ status: state.status });
  });

  return {
    store,
    player,
    update(rooms, now) {
      let { pause } = store.getState();
      if (pause !== null && now >= pause.untilMs) pause = null;
      const priority = boardSoundPriority(rooms, pause, now);
      // A new alarm ended the pause: forget it.
      if (pause !== null && priority !== null) pause = null;
      player.update(priority === null ? [] : [{ priority }], now);
      const current = store.getState();
      if (current.pause !== pause || current.sounding !== priority) store.setState({ pause, sounding: priority });
    },
    enable: () => player.enable(),
    pause(rooms, now) {
      store.setState({ pause: boardPauseFrom(rooms, now), sounding: null });
      player.update([], now);
    },
    endPause() {
      store.setState({ pause: null });
    },
    dispose() {
      unsubscribe();
      player.dispose();
    },
  };
}
