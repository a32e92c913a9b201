import type { RoomUpdate } from '../shared/clinic/roomUpdate';
import { connectClient, request, type TestSocket } from '../test/support/server';
import { benchSignIn, latencies } from './scaleClients';
import { watchLoopDelay } from './loopDelay';
import { epochNow, readingSchedule, type ReadingSchedule, type ScreensCommand, type ScreensReport } from './scaleTypes';

/**
 * The scale bench's screens (`scale.ts` forks it): the boards (`clinic.watch`) and the nurses'
 * tablets (`session.watch`), in a process of their own. Every board parses every summary it
 * receives, which at 200 boards costs a core; in the monitors' process that work would delay
 * their sends and ACK times and so inflate the very latencies measured. A reading's time on a
 * board counts from the moment its monitor was due to send it (the schedule the driver sends,
 * on the wall clock both processes share), as in one process.
 */
const sockets: TestSocket[] = [];
const boardLatency = latencies();
/**
 * A board's wait behind the other boards of this process: the boards read each message one after
 * another on this one event loop, so each counts from the first board's arrival of the same
 * message. A real board reads its own socket and has no such wait; here it is part of its latency.
 */
const behindOtherBoards = latencies();
/** Per message while it is being read (server, room and version of its first update): the first arrival and how many boards got it. */
const arriving = new Map<string, { firstAt: number; boards: number }>();
/** Per board, per room: how many of the room's readings the board holds. */
const perBoard: number[][] = [];
let schedule: ReadingSchedule | null = null;
/** While the monitors send: the first board's messages are counted. */
let measuring = false;
let firstBoardMessages = 0;
/** Changes that did not build on what a board held (a board would re-watch): none is expected. */
let staleUpdates = 0;
const summaryBytes: number[] = [];
let delay: ReturnType<typeof watchLoopDelay> | null = null;

const tell = (report: ScreensReport) => process.send?.(report);

function noteArrival(message: string, at: number, boards: number) {
  const arrival = arriving.get(message);
  if (!arrival) {
    if (boards > 1) arriving.set(message, { firstAt: at, boards: 1 });
    behindOtherBoards.record(0);
    return;
  }
  behindOtherBoards.record(at - arrival.firstAt);
  arrival.boards += 1;
  if (arrival.boards === boards) arriving.delete(message);
}

async function watch(command: Extract<ScreensCommand, { type: 'watch' }>) {
  const roomIndex = new Map(command.rooms.map((room, index) => [room.roomId, index]));
  const servers = command.servers;
  const boardCookies = await Promise.all(servers.map((url) => benchSignIn(url, 'prescriber')));
  for (let index = 0; index < command.boards; index += 1) {
    const server = index % servers.length;
    const boardsOfServer = Math.ceil((command.boards - server) / servers.length);
    const socket = await connectClient(servers[server]!, boardCookies[server]!);
    sockets.push(socket);
    const seen = command.rooms.map(() => 0);
    perBoard.push(seen);
    const counting = index === 0;
    // Per room, the version this board holds and the newest heart rate's time in it. A dashboard
    // merges each update into the room it holds (\`fromRoomUpdate\`); 200 boards doing that in one
    // process would take a core of the machine the server runs on, so these boards keep only what
    // the measure needs, and check the same thing the merge checks: each update builds on the
    // version held (or is whole).
    const held = new Map<string, { version: number | null; newestAt: number | undefined }>();
    // Updates before the snapshot are not applied (the dashboard does the same): the snapshot holds them.
    let snapshotIn = false;
    socket.on('clinic.rooms', (summaries: RoomUpdate[]) => {
      const now = epochNow();
      if (!snapshotIn) return;
      if (measuring && summaries[0]) noteArrival(`${server} ${summaries[0].roomId} ${summaries[0].version}`, now, boardsOfServer);
      if (counting && measuring) {
        firstBoardMessages += 1;
        for (const summary of summaries) summaryBytes.push(JSON.stringify(summary).length);
      }
      for (const update of summaries) {
        const room = held.get(update.roomId);
        if (update.base !== undefined && room?.version !== update.base) {
          staleUpdates += 1;
          continue;
        }
        const newestAt =
          update.base === undefined || 'heartRate' in update.session ? update.session?.heartRate?.observedAt : room?.newestAt;
        held.set(update.roomId, { version: update.version ?? null, newestAt });
        if (!schedule) continue;
        const at = roomIndex.get(update.roomId);
        // The latest values, not the trend: it holds a reading a 2-minute bucket (and is sent only when it changes).
        const newest = newestAt;
        if (at === undefined || newest === undefined) continue;
        // Readings of this room up to the newest the summary holds, each from its monitor's due time.
        const upTo = Math.min(schedule.perMonitor, readingSchedule.seqOf(schedule, newest) + 1);
        while (seen[at]! < upTo) {
          boardLatency.record(now - readingSchedule.dueAt(schedule, at, seen[at]!));
          seen[at]! += 1;
        }
      }
    });
    const watched = await request(socket, 'clinic.watch', {});
    if (!watched.ok) throw new Error(watched.error.message);
    for (const room of watched.rooms) {
      held.set(room.roomId, { version: watched.versions[room.roomId] ?? null, newestAt: room.session?.heartRate?.observedAt });
    }
    snapshotIn = true;
  }
  const tabletCookies = await Promise.all(servers.map((url) => benchSignIn(url, 'nurse')));
  for (let index = 0; index < command.tablets; index += 1) {
    const server = index % servers.length;
    const socket = await connectClient(servers[server]!, tabletCookies[server]!);
    sockets.push(socket);
    await request(socket, 'session.watch', { sessionId: command.rooms[index % command.rooms.length]!.sessionId, afterSeq: 0 });
  }
  tell({ type: 'watching' });
}

/** Once the monitors are done: waits (15 s at most) for every board to hold every reading sent, then reports. */
async function finish(sentPerRoom: number[]) {
  delay?.stop();
  measuring = false;
  const behind = () => perBoard.filter((seen) => seen.some((count, index) => count < sentPerRoom[index]!)).length;
  const deadline = performance.now() + 15_000;
  while (behind() > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  tell({
    type: 'report',
    board: boardLatency.summary(),
    behindOtherBoards: behindOtherBoards.summary(),
    boardsBehind: behind(),
    staleUpdates,
    firstBoardMessages,
    summaryBytes: Math.round(summaryBytes.reduce((total, bytes) => total + bytes, 0) / Math.max(1, summaryBytes.length)),
    eventLoopDelayP99Ms: delay?.summary().p99Ms ?? 0,
  });
}

process.on('message', (command: ScreensCommand) => {
  if (command.type === 'watch') {
    watch(command).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  } else if (command.type === 'measure') {
    schedule = command.schedule;
    measuring = true;
    delay = watchLoopDelay();
  } else if (command.type === 'finish') {
    void finish(command.sentPerRoom);
  } else if (command.type === 'stop') {
    for (const socket of sockets.splice(0)) socket.disconnect();
    process.exit(0);
  }
});
// The driver went away (it failed or was stopped): nobody will ask these screens to stop.
process.on('disconnect', () => process.exit(1));
