import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { READING_INTERVAL_MS } from '../../../shared/session/readingIntervals';
import { startWithMonitoredSession } from '../../support/longSession';
import { connectClient, request, signIn, type TestSocket } from '../../support/server';

describe("a long session's display snapshot over real sockets", () => {
  const READINGS = 3_600;
  let vigil: Vigil;
  let sessionId: string;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    ({ vigil, sessionId } = await startWithMonitoredSession(READINGS));
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await vigil?.close();
  });

  async function client(username: string) {
    const socket = await connectClient(vigil.url, await signIn(vigil, username));
    sockets.push(socket);
    return socket;
  }

  it('a screen asking for the display copy gets older monitor samples thinned, and the whole of any interval on request', async () => {
    const nurse = await client('nurse');
    const full = await request(nurse, 'session.watch', { sessionId, afterSeq: 0 });
    const shown = await request(nurse, 'session.watch', { sessionId, afterSeq: 0, readings: 'display' });
    if (!full.ok || !shown.ok) throw new Error('watch refused');
    expect(full.snapshot!.readings).toHaveLength(READINGS);
    expect(full.thinning).toBeNull();

    const thinning = shown.thinning!;
    expect(thinning.totalReadings).toBe(READINGS);
    expect(shown.snapshot!.readings).toHaveLength(thinning.sentReadings);
    expect(thinning.sentReadings).toBeLessThan(READINGS / 2);
    expect(JSON.stringify(shown.snapshot).length).toBeLessThan(JSON.stringify(full.snapshot).length / 2);
    // Everything else of the state is the same.
    expect({ ...shown.snapshot!, readings: [] }).toEqual({ ...full.snapshot!, readings: [] });

    // Opening a thinned interval: every reading it holds, as stored.
    const interval = thinning.intervals[2]!;
    const loaded = await request(nurse, 'session.readingsInInterval', {
      sessionId,
      from: interval.from,
      to: interval.from + READING_INTERVAL_MS,
    });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const stored = full.snapshot!.readings.filter(
      (r) => r.observedAt >= interval.from && r.observedAt < interval.from + READING_INTERVAL_MS,
    );
    expect(loaded.readings).toEqual(stored);
    expect(loaded.readings).toHaveLength(interval.readings);

    // A screen that is only a little behind gets the events it missed, never a snapshot.
    const behind = await request(nurse, 'session.watch', { sessionId, afterSeq: full.snapshot!.lastSeq - 1, readings: 'display' });
    expect(behind).toMatchObject({ ok: true, snapshot: null, thinning: null });
  });

  it('refuses a span that is backwards or longer than an hour, and a role that may not view sessions', async () => {
    const nurse = await client('nurse');
    const from = vigil.clock.now() - 30 * 60_000;
    for (const to of [from, from - 1, from + 60 * 60_000 + 1]) {
      const answer = await request(nurse, 'session.readingsInInterval', { sessionId, from, to });
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    const admin = await client('admin');
    const refused = await request(admin, 'session.readingsInInterval', { sessionId, from, to: from + 60_000 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const unknown = await request(nurse, 'session.readingsInInterval', { sessionId: 'no-such-session', from, to: from + 60_000 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
