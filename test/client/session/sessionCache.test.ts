import { afterEach, describe, expect, it } from 'vitest';
import { clearCache, loadSession, saveSession } from '../../../client/src/session/store/sessionCache';
import type { Reading } from '../../../shared/session/state';
import { monitorActor, reading } from '../devices/fixtures';
import { sessionLog } from './lifecycle/fixtures';

afterEach(async () => {
  await clearCache();
});

describe('the offline copy of a long session', () => {
  it('keeps every reading of a 2,500-reading session through saves as readings arrive, and reads it back whole', async () => {
    const state = sessionLog().state();
    const readings: Reading[] = Array.from({ length: 2_500 }, (_, i) =>
      reading(`d-${i}`, state.openedAt + i * 1_000, monitorActor, { seq: i + 2 }),
    );
    await saveSession({ sessionId: 's-1', state: { ...state, readings }, savedAt: 1 });
    const more = [...readings, reading('d-new', state.openedAt + 2_500_000, monitorActor, { seq: 2_600 })];
    await saveSession({ sessionId: 's-1', state: { ...state, readings: more, lastSeq: 2_600 }, savedAt: 2 });

    const loaded = await loadSession('s-1');
    expect(loaded?.savedAt).toBe(2);
    expect(loaded?.state.lastSeq).toBe(2_600);
    expect(loaded?.state.readings).toEqual(more);
    expect(loaded?.state.phase).toBe(state.phase);
  });

  it('a session with no readings, and one never saved', async () => {
    const state = sessionLog().state();
    await saveSession({ sessionId: 's-1', state, savedAt: 5 });
    expect((await loadSession('s-1'))?.state).toEqual(state);
    expect(await loadSession('s-unknown')).toBeNull();
  });

  it('sign-out clears the readings with the sessions', async () => {
    const state = sessionLog().state();
    await saveSession({ sessionId: 's-1', state: { ...state, readings: [reading('d-1', state.openedAt, monitorActor)] }, savedAt: 5 });
    await clearCache();
    expect(await loadSession('s-1')).toBeNull();
  });
});
