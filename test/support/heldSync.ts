import type { SyncFile } from '../../server/store/walSync';

/**
 * The SQLite WAL's fsync under a test's control (`openStore`'s or `startVigil`'s `syncFile`):
 * until `armed`, it passes at once (migrations, set-up); armed, each call is counted and held
 * until released, or fails with EIO when `fail` is set.
 */
export function heldSync() {
  const state = { armed: false, fail: false, calls: 0, held: [] as (() => void)[] };
  const syncFile: SyncFile = async () => {
    if (!state.armed) return;
    state.calls += 1;
    if (state.fail) throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    await new Promise<void>((resolve) => state.held.push(resolve));
  };
  return { state, syncFile, releaseAll: () => state.held.splice(0).forEach((release) => release()) };
}

/** Lets every callback already due run (the promise under watch could settle now if it were able to). */
export async function settle() {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}
