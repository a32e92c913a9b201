import { isUrgentRoomChange } from '../../shared/clinic/boardUpdates';
import type { RoomSummary } from '../../shared/clinic/rooms';
import { toRoomUpdate, type RoomUpdate } from '../../shared/clinic/roomUpdate';
import { monotonicNow } from '../clock';
import type { BoardSnapshot, CurrentRoom } from '../clinic/clinicService';

/**
 * Shortest time between two messages to the boards, to gather the rooms due into one message.
 * Every message costs a socket write per board (about 12 µs each on the bench machine, most of
 * the feed's cost). 30 ms cut the scale run's server CPU from 85% to 79% in one pair of runs,
 * but moved the board bench's median from 19.5 to 99 ms: there, the measured readings go round
 * 12 rooms that also get a background reading, and with a wider window each measured reading
 * more often found its room's last update (the background one, held for its slot) sent less
 * than `roomIntervalMs` before, so it waited for the room's next slot. By design, but a worse
 * trade than the CPU saved (`npm run bench -- --only latency`, 2026-12-01).
 */
const BATCH_WINDOW_MS = 20;

export interface BoardFeed {
  /** The room's newest summary, in commit order per room. */
  offer(summary: RoomSummary): void;
  /**
   * A clinic snapshot consistent with what this feed has sent: for each room of `current` (the
   * rooms as they are now, in order), the room's last update sent with its version, or the room
   * summarized now where none was sent yet or its session has changed since (the room's next
   * update is then whole). Changes sent after it build on exactly what it holds. Synchronous:
   * the caller sends it before any later update can leave.
   */
  view(current: readonly CurrentRoom[]): BoardSnapshot;
  /** Sends what is waiting and stops the timer. */
  close(): void;
}

/**
 * What this process sends its clinic screens (the boards, the clinic page, the alarm count).
 * A room's summary goes out at most once per `roomIntervalMs`: the first after a quiet spell
 * at once, later ones coalesced, the newest sent at the end of the interval (latest wins, so
 * the boards always end on the room's newest state). A summary that changes anything but the
 * reading values (an alarm raised, acknowledged or cleared, the phase, an overdue check: see
 * `isUrgentRoomChange`) is sent at once, never held. The rooms due together leave as one
 * message, so 500 rooms at a reading a second cost each board a few dozen messages a second,
 * not 500. A room's update carries only what changed in its session since the room's last
 * update (`toRoomUpdate`): a reading changes a value and its time, not the names, the protocol's
 * times, the baseline or the trend. A screen that starts watching joins first and then gets
 * this feed's `view`, so every change it receives builds on what it holds.
 */
function sessionOf(summary: RoomSummary): string | null {
  return summary.session?.sessionId ?? null;
}

export function createBoardFeed(send: (rooms: RoomUpdate[]) => void, options: { roomIntervalMs: number; now?: () => number }): BoardFeed {
  // Not the clinical clock: only paces messages (tests pass a fake one).
  const now = options.now ?? monotonicNow;
  const batchWindowMs = Math.min(BATCH_WINDOW_MS, options.roomIntervalMs);
  const lastSent = new Map<string, { summary: RoomSummary; at: number; version: number }>();
  const pending = new Map<string, RoomSummary>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let timerAt = Number.POSITIVE_INFINITY;
  let lastBatchAt = Number.NEGATIVE_INFINITY;

  function record(summaries: RoomSummary[], at: number) {
    const updates = summaries.map((summary) => {
      const previous = lastSent.get(summary.roomId) ?? null;
      const version = (previous?.version ?? 0) + 1;
      lastSent.set(summary.roomId, { summary, at, version });
      return toRoomUpdate(previous, summary, version);
    });
    send(updates);
  }

  function dueAt(roomId: string): number {
    return (lastSent.get(roomId)?.at ?? Number.NEGATIVE_INFINITY) + options.roomIntervalMs;
  }

  /** Wakes up by `dueMs` (a room's due time), or sooner if already set sooner; never twice in one batch window. */
  function wakeBy(dueMs: number) {
    const at = Math.max(dueMs, lastBatchAt + batchWindowMs);
    if (timer !== null && timerAt <= at) return;
    if (timer !== null) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(flush, Math.max(0, at - now()));
  }

  function flush() {
    timer = null;
    timerAt = Number.POSITIVE_INFINITY;
    const at = now();
    const due: RoomSummary[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [roomId, summary] of pending) {
      // A timer may fire a little early; a millisecond's slack keeps it from waiting a whole round.
      if (dueAt(roomId) <= at + 1) due.push(summary);
      else next = Math.min(next, dueAt(roomId));
    }
    for (const summary of due) pending.delete(summary.roomId);
    if (due.length > 0) {
      lastBatchAt = at;
      record(due, at);
    }
    if (pending.size > 0) wakeBy(next);
  }

  return {
    offer(summary) {
      const previous = lastSent.get(summary.roomId)?.summary ?? null;
      if (isUrgentRoomChange(previous, summary)) {
        pending.delete(summary.roomId);
        record([summary], now());
        return;
      }
      pending.set(summary.roomId, summary);
      wakeBy(dueAt(summary.roomId));
    },
    view(current) {
      const versions: Record<string, number> = {};
      const rooms = current.map((room) => {
        const sent = lastSent.get(room.roomId);
        if (!sent) return room.summarize();
        if (sessionOf(sent.summary) !== room.sessionId) {
          // The room's session ended or another began with no summary through this feed (a
          // discharge's own summary comes through it, empty: `summaryFor`; this is a session marked
          // closed by itself, as after a crash): the room as it is now, and the feed forgets the
          // older session, so its next update of the room goes whole and nothing of it follows.
          lastSent.delete(room.roomId);
          const waiting = pending.get(room.roomId);
          if (waiting && sessionOf(waiting) !== room.sessionId) pending.delete(room.roomId);
          return room.summarize();
        }
        versions[room.roomId] = sent.version;
        return sent.summary;
      });
      return { rooms, versions };
    },
    close() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      timerAt = Number.POSITIVE_INFINITY;
      if (pending.size > 0) record([...pending.values()], now());
      pending.clear();
    },
  };
}
