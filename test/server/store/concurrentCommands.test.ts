import { randomUUID } from 'node:crypto';
import { dropPostgres, freshPostgres } from '../../support/postgres';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { readAudit } from '../../../server/store/audit';
import { insertRoom } from '../../../server/store/rooms';
import type { CommandAck } from '../../../shared/realtime/contract';
import type { Result } from '../../../shared/result';
import {
  connectClient,
  goodVitals,
  openTestSession,
  request,
  signIn,
  startTestServer,
  tempDataDir,
  type TestSocket,
} from '../../support/server';

const ROOMS = 6;
const CLIENTS = 12;
const PER_CLIENT = 12;

/**
 * Many screens sending at once: their commands are grouped into shared transactions, yet each is
 * answered once, after its own commit; a repeat is stored once, an id reused for another session
 * is refused without taking the commands around it along, and everything answered is still there
 * after the server is stopped and started again on the same store.
 */
describe('concurrent commands from many screens', () => {
  let vigil: Vigil | null = null;
  const sockets: TestSocket[] = [];
  const databases: string[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await vigil?.close();
    vigil = null;
  });
  afterAll(() => dropPostgres(databases));

  for (const dialect of ['sqlite', 'postgres'] as const) {
    it(`${dialect}: every command is acknowledged exactly once and stored exactly once, across a restart`, async () => {
      const settings = {
        dataDir: tempDataDir(),
        databaseUrl: dialect === 'postgres' ? await freshPostgres(databases, 'concurrent') : null,
      };
      vigil = await startTestServer(settings, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
      const server = vigil;
      for (let room = 3; room <= ROOMS; room += 1)
        await insertRoom(server.store.db, { roomId: `room-${room}`, name: `Room ${room}`, sortOrder: room });
      const sessionIds: string[] = [];
      for (let room = 1; room <= ROOMS; room += 1) sessionIds.push(await openTestSession(server, `room-${room}`));
      const cookie = await signIn(server, 'nurse');
      for (let client = 0; client < CLIENTS; client += 1) sockets.push(await connectClient(server.url, cookie));

      const vitals = (commandId: string, sessionId: string) => ({
        commandId,
        sessionId,
        observedAt: server.clock.now(),
        vitals: goodVitals,
      });
      const plain = sockets.flatMap((_, client) =>
        Array.from({ length: PER_CLIENT }, (_, index) => vitals(randomUUID(), sessionIds[(client + index) % ROOMS]!)),
      );
      // The same command from two screens at once (an outbox resend racing its first send).
      const repeated = Array.from({ length: CLIENTS }, (_, client) => vitals(randomUUID(), sessionIds[client % ROOMS]!));
      // One id sent to two sessions at once: only one may keep it.
      const reused = Array.from({ length: CLIENTS / 2 }, (_, index) => {
        const commandId = randomUUID();
        return [vitals(commandId, sessionIds[index % ROOMS]!), vitals(commandId, sessionIds[(index + 1) % ROOMS]!)] as const;
      });

      const sent: Promise<{ commandId: string; kind: string; answer: Result<CommandAck> }>[] = [];
      const send = (client: number, kind: string, command: { commandId: string }) =>
        sent.push(
          request(sockets[client % CLIENTS]!, 'vitals.record', command).then((answer) => ({ commandId: command.commandId, kind, answer })),
        );
      plain.forEach((command, index) => send(index, 'plain', command));
      repeated.forEach((command, client) => {
        send(client, 'repeated', command);
        send(client + 1, 'repeated', command);
      });
      reused.forEach(([first, second], index) => {
        send(index, 'reused', first);
        send(index + 3, 'reused', second);
      });
      const answers = await Promise.all(sent);

      const of = (kind: string) => answers.filter((answer) => answer.kind === kind);
      expect(of('plain').every(({ answer }) => answer.ok && !answer.duplicate)).toBe(true);
      for (const command of repeated) {
        const pair = of('repeated').filter((answer) => answer.commandId === command.commandId);
        expect(pair.map(({ answer }) => (answer.ok ? answer.duplicate : 'refused')).sort()).toEqual([false, true]);
        const seqs = pair.map(({ answer }) => (answer.ok ? answer.event.seq : -1));
        expect(seqs[0]).toBe(seqs[1]);
      }
      for (const [command] of reused) {
        const pair = of('reused').filter((answer) => answer.commandId === command.commandId);
        expect(pair.filter(({ answer }) => answer.ok)).toHaveLength(1);
        expect(pair.filter(({ answer }) => !answer.ok).map(({ answer }) => (answer.ok ? null : answer.error.code))).toEqual(['conflict']);
      }
      const acknowledged = new Set(answers.filter(({ answer }) => answer.ok).map(({ commandId }) => commandId));
      expect(acknowledged.size).toBe(plain.length + repeated.length + reused.length);

      for (const socket of sockets.splice(0)) socket.disconnect();
      await server.close();
      vigil = await startTestServer(settings, undefined, { alarmTickMs: null, readinessIntervalMs: 0 });
      const reopened = vigil;
      const stored: string[] = [];
      for (const sessionId of sessionIds) {
        const events = await reopened.sessions.eventsAfter(sessionId, 0);
        // Every session's log has no gap and no repeat.
        expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
        stored.push(...events.filter((event) => event.type === 'vitals.recorded').map((event) => event.commandId));
      }
      expect(stored.length).toBe(new Set(stored).size);
      expect(new Set(stored)).toEqual(acknowledged);
      const auditRows = (await readAudit(reopened.store.db)).filter((row) => row.action === 'vitals.record');
      expect(auditRows).toHaveLength(stored.length);
    });
  }
});
