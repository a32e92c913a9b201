import { randomUUID } from 'node:crypto';
import type { Vigil } from '../server/app';
import { connectClient, goodVitals, openTestSession, request, signIn, startTestServer, type TestSocket } from '../test/support/server';

/**
 * Vigil's own path: a nurse records a vital set (validate, authorize, commit to SQLite with
 * the WAL synced to disk, then broadcast); we time until each watching screen has the event.
 */
export async function withVigil<T>(run: (vigil: Vigil, sessionId: string) => Promise<T>): Promise<T> {
  const vigil = await startTestServer({ maxSocketsPerUser: 1000, commandsPerSecond: 10_000 });
  try {
    return await run(vigil, await openTestSession(vigil));
  } finally {
    await vigil.close();
  }
}

export async function openWatchers(vigil: Vigil, sessionId: string, count: number): Promise<TestSocket[]> {
  const cookie = await signIn(vigil, 'prescriber');
  const watchers = await Promise.all(Array.from({ length: count }, () => connectClient(vigil.url, cookie)));
  await Promise.all(watchers.map((w) => request(w, 'session.watch', { sessionId, afterSeq: 0 })));
  return watchers;
}

export async function measureVigilFanout(watcherCount: number, messages: number): Promise<number[]> {
  return withVigil(async (vigil, sessionId) => {
    const nurse = await connectClient(vigil.url, await signIn(vigil, 'nurse'));
    const watchers = await openWatchers(vigil, sessionId, watcherCount);
    const samples: number[] = [];
    for (let i = 0; i < messages; i += 1) {
      const sentAt = performance.now();
      const arrivals = watchers.map(
        (w) => new Promise<void>((resolve) => w.once('session.event', () => (samples.push(performance.now() - sentAt), resolve()))),
      );
      void request(nurse, 'vitals.record', {
        commandId: randomUUID(),
        sessionId,
        observedAt: vigil.clock.now(),
        vitals: { ...goodVitals, heartRateBpm: 60 + (i % 40) },
      });
      await Promise.all(arrivals);
    }
    for (const s of [nurse, ...watchers]) s.disconnect();
    return samples;
  });
}
