import { domainStore } from '../app/domainStore';
import type { BoardOrderMode } from './order';

/**
 * The board's own settings and place: the order mode is kept in localStorage (a wall screen
 * keeps its fixed order across reloads); the focused tile lives for the tab, so opening a
 * room and coming back lands on the same tile.
 */
const ORDER_KEY = 'vigil.board.order';

function readOrderMode(): BoardOrderMode {
  try {
    return globalThis.localStorage?.getItem(ORDER_KEY) === 'fixed' ? 'fixed' : 'by_need';
  } catch {
    return 'by_need';
  }
}

export interface BoardSettings {
  orderMode: BoardOrderMode;
  /** The room whose tile had focus last. */
  focusedRoomId: string | null;
}

export const boardSettingsStore = domainStore<BoardSettings>(() => ({ orderMode: readOrderMode(), focusedRoomId: null }));

export function setOrderMode(orderMode: BoardOrderMode): void {
  try {
    globalThis.localStorage?.setItem(ORDER_KEY, orderMode);
  } catch {
    // Private mode or a full store: the setting holds for this tab only.
  }
  boardSettingsStore.setState({ orderMode });
}

export function rememberFocus(roomId: string): void {
  if (boardSettingsStore.getState().focusedRoomId !== roomId) boardSettingsStore.setState({ focusedRoomId: roomId });
}

/** For tests: back to what a fresh tab would read. */
export function resetBoardSettings(): void {
  boardSettingsStore.setState({ orderMode: readOrderMode(), focusedRoomId: null });
}
