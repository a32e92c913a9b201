import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fail } from '../../shared/result';
import { createOutbox, outboxStore } from '../../client/src/outbox/outbox';
import { openIndexedDbStorage } from '../../client/src/outbox/storage';
import type { CommandOutcome } from '../../client/src/realtime/commands';

type Sent = { event: string; request: { commandId: string } };

function vitalsRequest(commandId: string) {
  return { commandId, sessionId: 's-1', observedAt: 1, vitals: { systolicMmHg: 120, diastolicMmHg: 80 } };
}

describe('the bedside outbox', () => {
  let factory: IDBFactory;
  beforeEach(() => {
    factory = new IDBFactory();
    outboxStore.setState({ entries: [], durable: true, loaded: false });
  });

  it('keeps entries in IndexedDB across a reload and sends them in order, each once', async () => {
    const offline = createOutbox(openIndexedDbStorage(factory), async () => undefined);
    await offline.enqueue({ event: 'vitals.record', request: vitalsRequest('c-1'), userId: 'u-1' });
    await offline.enqueue({ event: 'vitals.record', request: vitalsRequest('c-2'), userId: 'u-1' });
    await offline.drain('u-1'); // no connection: nothing sent, nothing lost
    expect(outboxStore.getState().entries.map((e) => e.status)).toEqual(['waiting', 'waiting']);

    // "Reload": a fresh store and outbox over the same IndexedDB.
    outboxStore.setState({ entries: [], durable: true, loaded: false });
    const sent: Sent[] = [];
    const online = createOutbox(openIndexedDbStorage(factory), async (event, request) => {
      sent.push({ event, request: request as { commandId: string } });
      return { ok: true, event: {} as never, duplicate: false } satisfies CommandOutcome;
    });
    await online.drain('u-1');
    expect(sent.map((s) => s.request.commandId)).toEqual(['c-1', 'c-2']);
    expect(outboxStore.getState().entries).toEqual([]);
    // Nothing left to send after another reload.
    outboxStore.setState({ entries: [], durable: true, loaded: false });
    const again: Sent[] = [];
    await createOutbox(openIndexedDbStorage(factory), async (event, request) => {
      again.push({ event, request: request as { commandId: string } });
      return undefined;
    }).drain('u-1');
    expect(again).toEqual([]);
  });

  it('shows a refused entry to its author with the reason until it is discarded', async () => {
    const outbox = createOutbox(openIndexedDbStorage(factory), async () => fail('conflict', 'This session is closed'));
    await outbox.enqueue({ event: 'vitals.record', request: vitalsRequest('c-9'), userId: 'u-1' });
    await outbox.drain('u-1');
    const [entry] = outboxStore.getState().entries;
    expect(entry?.status).toBe('refused');
    expect(entry?.refusal?.message).toBe('This session is closed');
    await outbox.discard('c-9');
    expect(outboxStore.getState().entries).toEqual([]);
  });

  it('keeps an entry waiting when the server says "not now", and sends only the signed-in person\'s entries', async () => {
    const sent: string[] = [];
    let storeDown = true;
    const outbox = createOutbox(openIndexedDbStorage(factory), async (_event, request) => {
      const { commandId } = request as { commandId: string };
      if (storeDown) return fail('store_unavailable', 'The disk is full');
      sent.push(commandId);
      return { ok: true, event: {} as never, duplicate: false };
    });
    await outbox.enqueue({ event: 'vitals.record', request: vitalsRequest('mine'), userId: 'u-1' });
    await outbox.enqueue({ event: 'vitals.record', request: vitalsRequest('theirs'), userId: 'u-2' });
    await outbox.drain('u-1');
    expect(outboxStore.getState().entries.find((e) => e.commandId === 'mine')?.status).toBe('waiting');
    storeDown = false;
    await outbox.drain('u-1');
    expect(sent).toEqual(['mine']);
    expect(outboxStore.getState().entries.map((e) => e.commandId)).toEqual(['theirs']);
  });

  it('a tab offline for hours with hundreds of entries keeps them all and sends them in the order they were made', async () => {
    const outbox = createOutbox(openIndexedDbStorage(factory), async () => undefined);
    for (let i = 0; i < 400; i += 1) await outbox.enqueue({ event: 'vitals.record', request: vitalsRequest(`bulk-${i}`), userId: 'u-1' });
    expect(outboxStore.getState().entries).toHaveLength(400);

    outboxStore.setState({ entries: [], durable: true, loaded: false });
    const sent: string[] = [];
    const online = createOutbox(openIndexedDbStorage(factory), async (_event, request) => {
      sent.push((request as { commandId: string }).commandId);
      return { ok: true, event: {} as never, duplicate: false };
    });
    await online.drain('u-1');
    expect(sent).toEqual(Array.from({ length: 400 }, (_, i) => `bulk-${i}`));
    expect(outboxStore.getState().entries).toEqual([]);
  });
});
