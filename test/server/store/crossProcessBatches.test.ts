import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { CommandAck } from '../../../shared/realtime/contract';
import type { Result } from '../../../shared/result';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { connectClient, goodVitals, openTestSession, request, signIn, startTestServer, type TestSocket } from '../../support/server';

const ROUNDS = 40;

/**
 * Two processes on one PostgreSQL database, each grouping its screens' commands into shared
 * transactions. One batch writing room 1 then room 2 and another writing room 2 then room 1
 * used to take the two sessions' rows and the audit chain's head in opposite orders, and
 * PostgreSQL broke the deadlock by refusing one batch ("The audit trail could not be written").
 * Every command is answered stored, once.
 */
describe('two processes writing the same sessions at once on PostgreSQL', () => {
  const servers: Vigil[] = [];
  const sockets: TestSocket[] = [];
  const databases: string[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const server of servers.splice(0)) await server.close();
  });
  afterAll(() => dropPostgres(databases));

  it('batches in opposite orders never deadlock: every reading is acknowledged and stored once', { timeout: 120_000 }, async () => {
    const shared = { databaseUrl: await freshPostgres(databases, 'crossbatch') };
    const a = await startTestServer(shared, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
    servers.push(a);
    const b = await startTestServer(shared, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
    servers.push(b);
    const first = await openTestSession(a, 'room-1');
    const second = await openTestSession(a, 'room-2');
    const nurseOn = async (server: Vigil) => {
      const socket = await connectClient(server.url, await signIn(server, 'nurse'));
      sockets.push(socket);
      return socket;
    };
    const onA = await nurseOn(a);
    const onB = await nurseOn(b);

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
