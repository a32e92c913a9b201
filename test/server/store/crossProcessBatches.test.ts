import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandAck } from '../../../shared/realtime/contract';
import type { Result } from '../../../shared/result';
import type { Vigil } from '../../../server/app';
import { verifyAuditChain } from '../../../server/store/auditChain';
import { insertRoom } from '../../../server/store/rooms';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { serversPerTest } from '../../support/perTest';
import { goodVitals, openTestSession, request, type TestSocket } from '../../support/server';

const ROUNDS = 25;
const ROOMS = ['room-1', 'room-2', 'room-3', 'room-4'];

/** The same items in a random order: each round, each process writes the sessions in an order of its own. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/**
 * Two processes on one PostgreSQL database, each grouping its screens' commands and its
 * monitors' readings into shared transactions. One batch writing room 1 then room 2 and another
 * writing room 2 then room 1 used to take the two sessions' rows and the audit chain's head in
 * opposite orders, and PostgreSQL broke the deadlock by refusing one batch ("The audit trail could
 * not be written"). Here each process writes four sessions and their four devices in a random
 * order every round: every command is answered stored, once, each session's seqs run 1..n
 * without a gap, and the audit chain verifies.
 */
describe('two processes writing the same sessions at once on PostgreSQL', () => {
  const databases: string[] = [];
  const servers = serversPerTest();
  afterAll(() => dropPostgres(databases));

  it('batches in random orders never deadlock: every reading is acknowledged and stored once', { timeout: 120_000 }, async () => {
    const shared = { databaseUrl: await freshPostgres(databases, 'crossbatch') };
    const a = await servers.start(shared);
    const b = await servers.start(shared);
    for (const [index, roomId] of ROOMS.entries()) {
      if (index >= 2) await insertRoom(a.store.db, { roomId, name: `Room ${index + 1}`, sortOrder: index + 1 });
    }
    const sessionIds: string[] = [];
    for (const roomId of ROOMS) {
      sessionIds.push(await openTestSession(a, roomId));
      const by = { userId: 'u-admin', remoteAddress: null };
      const created = await a.devices.create(
        { deviceId: `mon-${roomId}`, name: roomId, roomId, kind: 'hl7', addresses: [], certificate: null },
        by,
      );
      expect(created.ok).toBe(true);
    }
    const onA = await servers.nurseOf(a);
    const onB = await servers.nurseOf(b);

    const send = (socket: TestSocket, sessionId: string) =>
      request(socket, 'vitals.record', { commandId: randomUUID(), sessionId, observedAt: Date.now(), vitals: goodVitals });
    const reading = async (vigil: Vigil, roomId: string) => {
      const [stored] = await vigil.devices.ingest({
        deviceId: `mon-${roomId}`,
        remoteAddress: '10.0.0.1',
        source: '10.0.0.1',
        readings: [{ readingId: randomUUID(), observedAt: Date.now(), vitals: goodVitals }],
        dropped: [],
      });
      return stored;
    };
    const answers: Result<CommandAck>[] = [];
    const readings: Awaited<ReturnType<typeof reading>>[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Sent in the same tick, in a random order of its own on each process: each process groups them into a few batches.
      const writes = [a, b].flatMap((vigil) =>
        shuffled([
          ...sessionIds.map((sessionId) => () => send(vigil === a ? onA : onB, sessionId).then((answer) => void answers.push(answer))),
          ...ROOMS.map((roomId) => () => reading(vigil, roomId).then((stored) => void readings.push(stored))),
        ]),
      );
      await Promise.all(writes.map((write) => write()));
    }
    expect(answers.filter((answer) => !answer.ok)).toEqual([]);
    expect(answers).toHaveLength(2 * ROOMS.length * ROUNDS);
    expect(readings.filter((stored) => stored?.stored !== 'session' || stored.duplicate)).toEqual([]);
    expect(readings).toHaveLength(2 * ROOMS.length * ROUNDS);
    for (const sessionId of sessionIds) {
      const events = await a.sessions.eventsAfter(sessionId, 0);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
      const vitals = events.filter((event) => event.type === 'vitals.recorded');
      // Two screens' readings and two monitors' readings a round, each stored once.
      expect(vitals.filter((event) => event.actor.kind === 'user')).toHaveLength(2 * ROUNDS);
      expect(vitals.filter((event) => event.actor.kind === 'device')).toHaveLength(2 * ROUNDS);
      expect(new Set(vitals.map((event) => event.commandId)).size).toBe(vitals.length);
    }
    expect(await verifyAuditChain(a.store.db)).toMatchObject({ intact: true });
  });
});
