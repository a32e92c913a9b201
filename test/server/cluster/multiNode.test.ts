import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { RoomUpdate } from '../../../shared/clinic/roomUpdate';
import type { SessionEvent } from '../../../shared/session/events';
import { connectClient, goodVitals, openTestSession, request, signIn, type TestSocket } from '../../support/server';
import { twoProcesses } from '../../support/twoProcesses';
import { heldRooms } from '../../support/clinicScreen';
import { call } from '../admin/support';

/**
 * Two Vigil processes behind one address: one PostgreSQL database and Redis (the machine's and
 * CI's local services; DATABASE_URL and REDIS_URL when set). A reading recorded through either
 * reaches screens connected to both, and each process's copy of the session stays current.
 */

function nextEvent(socket: TestSocket, match: (event: SessionEvent) => boolean, timeoutMs = 5_000): Promise<SessionEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching event arrived')), timeoutMs);
    const listener = (event: SessionEvent) => {
      if (!match(event)) return;
      clearTimeout(timer);
      socket.off('session.event', listener);
      resolve(event);
    };
    socket.on('session.event', listener);
  });
}

describe('several server processes share one store and Redis', () => {
  const cluster = twoProcesses('cluster');

  async function screen(vigil: Vigil, username: string): Promise<{ socket: TestSocket; cookie: string }> {
    const cookie = await signIn(vigil, username);
    const socket = await connectClient(vigil.url, cookie);
    cluster.keep(socket);
    return { socket, cookie };
  }

  it('a reading recorded on one process reaches screens on the other, and the other process can write next without a gap', async () => {
    const { a, b } = cluster;
    const sessionId = await openTestSession(a, 'room-1');
    const nurseOnA = (await screen(a, 'nurse')).socket;
    const prescriberOnB = (await screen(b, 'prescriber')).socket;
    const clinicOnB = (await screen(b, 'therapist')).socket;
    expect(await request(nurseOnA, 'session.watch', { sessionId, afterSeq: 0 })).toMatchObject({ ok: true });
    expect(await request(prescriberOnB, 'session.watch', { sessionId, afterSeq: 0 })).toMatchObject({ ok: true });
    expect(await request(clinicOnB, 'clinic.watch', {})).toMatchObject({ ok: true });

    const seenOnB = nextEvent(prescriberOnB, (event) => event.type === 'vitals.recorded');
    const summaryOnB = new Promise<RoomUpdate>((resolve) => clinicOnB.once('clinic.rooms', (rooms) => resolve(rooms[0]!)));
    const recorded = await request(nurseOnA, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: a.clock.now() - 1_000,
      vitals: goodVitals,
    });
    if (!recorded.ok) throw new Error(recorded.error.message);
    expect((await seenOnB).seq).toBe(recorded.event.seq);
    expect((await summaryOnB).roomId).toBe('room-1');

    // Process B's copy caught up through Redis: its next write follows without a gap, and A's screens see it.
    await expect.poll(async () => (await b.sessions.getState(sessionId))?.lastSeq).toBe(recorded.event.seq);
    const seenOnA = nextEvent(nurseOnA, (event) => event.type === 'vitals.recorded' && event.seq > recorded.event.seq);
    const second = await request(prescriberOnB, 'vitals.record', {
      commandId: randomUUID(),
      sessionId,
      observedAt: b.clock.now() - 500,
      vitals: { ...goodVitals, systolicMmHg: 131 },
    });
    if (!second.ok) throw new Error(second.error.message);
    expect(second.event.seq).toBe(recorded.event.seq + 1);
    expect((await seenOnA).seq).toBe(second.event.seq);
    const stored = await a.store.db.selectFrom('session_events').select('seq').where('session_id', '=', sessionId).orderBy('seq').execute();
    expect(stored.map((row) => row.seq)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
  });

  it("a room an admin adds or renames through one process reaches the other process's boards, building on what they hold", async () => {
    const { a, b } = cluster;
    await openTestSession(a, 'room-1');
    const board = (await screen(b, 'prescriber')).socket;
    const held = heldRooms();
    board.on('clinic.rooms', (rooms) => rooms.forEach((room) => held.receive(room)));
    const watched = await request(board, 'clinic.watch', {});
    if (!watched.ok) throw new Error(watched.error.message);
    held.snapshot(watched.rooms, watched.versions);
    const admin = await signIn(a, 'admin');
    const roomId = `annex-${randomUUID().slice(0, 8)}`;
    expect((await call(a, 'POST', '/api/rooms', admin, { name: 'Annex', roomId })).status).toBe(201);
    await expect.poll(() => held.get(roomId)?.roomName).toBe('Annex');
    expect((await call(a, 'PATCH', '/api/rooms/room-1', admin, { name: 'Room 1 (east)' })).status).toBe(200);
    await expect.poll(() => held.get('room-1')?.roomName).toBe('Room 1 (east)');
    expect(held.get('room-1')?.session).not.toBeNull();
    expect(held.missing).toEqual([]);
  });

  it("signing out through one process ends that browser's sockets on every process", async () => {
    const { a, b } = cluster;
    const { cookie } = await screen(a, 'nurse');
    const onB = await connectClient(b.url, cookie);
    cluster.keep(onB);
    const disconnected = new Promise<void>((resolve) => onB.once('disconnect', () => resolve()));
    const response = await fetch(`${a.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    await disconnected;
    expect(onB.connected).toBe(false);
  });
});
