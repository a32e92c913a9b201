import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../../server/auth/passwords';
import { openStore } from '../../../server/store/store';
import { readSessionEvents } from '../../../server/store/events';
import { insertRoom } from '../../../server/store/rooms';
import { insertUser } from '../../../server/store/users';
import { createSession } from '../../../server/store/sessions';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import { killHard, spawnServer, type ServerProcess } from '../../support/process';
import { connectClient, goodVitals, request, tempDataDir, TEST_PASSWORD } from '../../support/server';

async function prepareDataDir(): Promise<{ dataDir: string; sessionId: string }> {
  const dataDir = tempDataDir();
  const store = await openStore({ dataDir, databaseUrl: null });
  await insertUser(
    store.db,
    { userId: 'u-nurse', username: 'nurse', displayName: 'Nurse', role: 'nurse', passwordHash: await hashPassword(TEST_PASSWORD) },
    Date.now(),
  );
  await insertRoom(store.db, { roomId: 'room-1', name: 'Room 1', sortOrder: 1 });
  const sessionId = 'crash-session';
  await createSession(
    store.db,
    {
      sessionId,
      type: 'session.opened',
      payload: { roomId: 'room-1', patientAlias: 'C.T.', protocolId: 'p', protocolName: 'Protocol' },
      observedAt: Date.now(),
      actor: { kind: 'system', displayName: 'test' },
      commandId: randomUUID(),
    },
    'room-1',
    JSON.stringify(spravato56Protocol()),
    Date.now(),
  );
  await store.close();
  return { dataDir, sessionId };
}

async function signInTo(url: string) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'nurse', password: TEST_PASSWORD }),
  });
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

describe('crash safety', () => {
  let server: ServerProcess | null = null;
  afterEach(async () => {
    if (server) await killHard(server);
  });

  // Two servers start as child processes (each compiles its TypeScript): slow on a busy machine.
  it('every acknowledged reading survives SIGKILL in the middle of a burst, exactly once', { timeout: 120_000 }, async () => {
    const { dataDir, sessionId } = await prepareDataDir();
    server = await spawnServer({ DATA_DIR: dataDir });
    const socket = await connectClient(server.url, await signInTo(server.url));
    const acknowledged: string[] = [];
    const sent: Promise<unknown>[] = [];
    // Fire a burst without waiting; kill the server once some, but not all, are acknowledged.
    for (let i = 0; i < 400; i += 1) {
      const commandId = randomUUID();
      sent.push(
        request(socket, 'vitals.record', {
          commandId,
          sessionId,
          observedAt: Date.now(),
          vitals: { ...goodVitals, heartRateBpm: 60 + (i % 60) },
        }).then((ack) => {
          if (ack.ok) acknowledged.push(commandId);
        }),
      );
    }
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 2));
    await killHard(server);
    socket.disconnect();
    const ackedAtKill = [...acknowledged];
    expect(ackedAtKill.length).toBeGreaterThanOrEqual(40);
    expect(ackedAtKill.length).toBeLessThan(400);

    server = await spawnServer({ DATA_DIR: dataDir });
    const store = await openStore({ dataDir, databaseUrl: null });
    try {
      const events = await readSessionEvents(store.db, sessionId);
      const stored = events.map((e) => e.commandId);
      for (const commandId of ackedAtKill) expect(stored.filter((id) => id === commandId)).toHaveLength(1);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(await store.integrityCheck()).toBe('ok');
    } finally {
      await store.close();
    }
    // And the restarted server serves them to a new screen.
    const screen = await connectClient(server.url, await signInTo(server.url));
    const watched = await request(screen, 'session.watch', { sessionId, afterSeq: 0 });
    screen.disconnect();
    expect(watched.ok && watched.snapshot!.readings.length).toBeGreaterThanOrEqual(ackedAtKill.length);
  });
});
