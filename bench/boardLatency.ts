import { randomUUID } from 'node:crypto';
import type { Vigil } from '../server/app';
import { insertRoom } from '../server/store/rooms';
import { fromRoomUpdate, type HeldRoom, type RoomUpdate } from '../shared/clinic/roomUpdate';
import { connectClient, request, signIn, startTestServer, type TestSocket } from '../test/support/server';
import { dosedSession, MINUTE_MS } from '../test/server/lifecycle/lifecycleClients';
import { settableClock, type SettableClock } from '../test/support/settableClock';

/**
 * The prescriber's board under load: 12 rooms with readings arriving all the time (one vital
 * set every `backgroundEveryMs` in turn, as devices would send) and `boardCount` boards open.
 * A sample is the time from a nurse sending a reading to every board holding the room's new
 * summary (commit, summary by the pure rules, 'clinic.rooms' to each board).
 */
export interface BoardBenchOptions {
  rooms: number;
  boardCount: number;
  messages: number;
  backgroundEveryMs: number;
}

async function busyClinic(
  vigil: Vigil,
  serverClock: SettableClock,
  rooms: number,
): Promise<{ sessions: string[]; nurse: TestSocket; close: () => void }> {
  for (let index = 3; index <= rooms; index += 1) {
    await insertRoom(vigil.store.db, { roomId: `room-${index}`, name: `Room ${index}`, sortOrder: index });
  }
  const staff = {
    nurse: await connectClient(vigil.url, await signIn(vigil, 'nurse')),
    prescriber: await connectClient(vigil.url, await signIn(vigil, 'prescriber')),
    therapist: await connectClient(vigil.url, await signIn(vigil, 'therapist')),
  };
  const sessions: string[] = [];
  for (let index = 1; index <= rooms; index += 1) {
    sessions.push((await dosedSession(staff, vigil.clock.now() - 20 * MINUTE_MS, `room-${index}`, 'spravato-56', serverClock)).sessionId);
  }
  return { sessions, nurse: staff.nurse, close: () => Object.values(staff).forEach((s) => s.disconnect()) };
}

export async function measureBoardLatency(options: BoardBenchOptions): Promise<number[]> {
  const serverClock = settableClock();
  const vigil = await startTestServer({ maxSocketsPerUser: 1000, commandsPerSecond: 10_000 }, serverClock);
  try {
    const clinic = await busyClinic(vigil, serverClock, options.rooms);
    const cookie = await signIn(vigil, 'prescriber');
    const boards = await Promise.all(Array.from({ length: options.boardCount }, () => connectClient(vigil.url, cookie)));
    // What each board holds, merged as the dashboard merges updates (changes over the version they build on).
    const held = boards.map(() => new Map<string, HeldRoom>());
    await Promise.all(
      boards.map(async (board, index) => {
        board.on('clinic.rooms', (updates: RoomUpdate[]) => {
          for (const update of updates) {
            const merged = fromRoomUpdate(held[index]!.get(update.roomId), update);
            if (!merged.stale) held[index]!.set(update.roomId, merged.room);
          }
        });
        const watched = await request(board, 'clinic.watch', {});
        if (!watched.ok) throw new Error(watched.error.message);
        held[index]!.clear();
        for (const room of watched.rooms) held[index]!.set(room.roomId, { summary: room, version: watched.versions[room.roomId] ?? null });
      }),
    );

    // Background: every room busy, readings near baseline (systolic 120-129).
    let turn = 0;
    const device = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
    const background = setInterval(() => {
      const sessionId = clinic.sessions[turn % clinic.sessions.length]!;
      turn += 1;
      const vitals = {
        systolicMmHg: 120 + (turn % 10),
        diastolicMmHg: 80,
        heartRateBpm: 70 + (turn % 10),
        spo2Percent: 97,
        respiratoryRatePerMin: 14,
      };
      void request(device, 'vitals.record', { commandId: randomUUID(), sessionId, observedAt: vigil.clock.now(), vitals });
    }, options.backgroundEveryMs);

    const samples: number[] = [];
    try {
      for (let i = 0; i < options.messages; i += 1) {
        const roomIndex = i % clinic.sessions.length;
        const roomId = `room-${roomIndex + 1}`;
        const sessionId = clinic.sessions[roomIndex]!;
        // The measured reading is told apart from the background by its systolic (131) and heart rate.
        const heartRateBpm = 50 + (i % 40);
        const observedAt = vigil.clock.now();
        // The room's latest values hold this reading, or a background one measured after it (the
        // trend would not do: it keeps a reading per 2 minutes and is sent only when it changes).
        const shows = (board: number) => {
          const room = held[board]!.get(roomId)?.summary;
          const latest = room?.session?.bloodPressure;
          if (!latest) return false;
          return (
            latest.observedAt > observedAt ||
            (latest.observedAt === observedAt && latest.systolicMmHg === 131 && room.session?.heartRate?.value === heartRateBpm)
          );
        };
        const sentAt = performance.now();
        const arrivals = boards.map(
          (board, index) =>
            new Promise<void>((resolve) => {
              // Registered after the merging listener: it sees what the board holds after the message.
              const listener = () => {
                if (!shows(index)) return;
                samples.push(performance.now() - sentAt);
                board.off('clinic.rooms', listener);
                resolve();
              };
              board.on('clinic.rooms', listener);
            }),
        );
        void request(clinic.nurse, 'vitals.record', {
          commandId: randomUUID(),
          sessionId,
          observedAt,
          vitals: { systolicMmHg: 131, diastolicMmHg: 84, heartRateBpm, spo2Percent: 98, respiratoryRatePerMin: 14 },
        });
        await Promise.all(arrivals);
      }
    } finally {
      clearInterval(background);
      for (const socket of [device, ...boards]) socket.disconnect();
      clinic.close();
    }
    return samples;
  } finally {
    await vigil.close();
  }
}
