import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandAck } from '../../../shared/realtime/contract';
import type { Result } from '../../../shared/result';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { serversPerTest } from '../../support/perTest';
import { goodVitals, openTestSession, request, type TestSocket } from '../../support/server';

const ROUNDS = 40;

/**
 * Two processes on one PostgreSQL database, each grouping its screens' commands into shared
 * transactions. One batch writing room 1 then room 2 and another writing room 2 then room 1
 * used to take the two sessions' rows and the audit chain's head in opposite orders, and
 * PostgreSQL broke the deadlock by refusing one batch ("The audit trail could not be written").
 * Every command is answered stored, once.
 */
describe('two processes writing the same sessions at once on PostgreSQL', () => {
  const databases: string[] = [];
  const servers = serversPerTest();
  afterAll(() => dropPostgres(databases));

  it('batches in opposite orders never deadlock: every reading is acknowledged and stored once', { timeout: 120_000 }, async () => {
    const shared = { databaseUrl: await freshPostgres(databases, 'crossbatch') };
    const a = await servers.start(shared);
    const b = await servers.start(shared);
    const first = await openTestSession(a, 'room-1');
    const second = await openTestSession(a, 'room-2');
    const onA = await servers.nurseOf(a);
    const onB = await servers.nurseOf(b);

    const send = (socket: TestSocket, sessionId: string) =>
      request(socket, 'vitals.record', {
        commandId: randomUUID(),
        sessionId,
        observedAt: Date.now(),
        vitals: goodVitals,
      });
    const answers: Result<CommandAck>[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Sent in the same tick, each process's pair lands in one batch: A writes 1 then 2, B 2 then 1.
      answers.push(...(await Promise.all([send(onA, first), send(onA, second), send(onB, second), send(onB, first)])));
    }
    expect(answers.filter((answer) => !answer.ok)).toEqual([]);
    for (const sessionId of [first, second]) {
      const readings = (await a.sessions.eventsAfter(sessionId, 0)).filter((event) => event.type === 'vitals.recorded');
      expect(readings).toHaveLength(2 * ROUNDS);
    }
  });
});
