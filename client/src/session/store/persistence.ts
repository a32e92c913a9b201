import { onSignedOut } from '../../auth/authStore';
import { clinicStore } from '../../clinic/clinicStore';
import { clearCache, loadRooms, loadSession, saveRooms, saveSession } from './sessionCache';
import { protocolStore } from './protocolStore';
import { receiveSnapshot, sessionStore } from './sessionStore';

const SAVE_DELAY_MS = 1_000;

/**
 * Keeps the offline copy in step with what the screen shows: writes are batched (at most one
 * per second per session) and asynchronous, so a busy room never blocks the page.
 */
export function startPersistence(): void {
  const savedSeq = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    timer = null;
    for (const [sessionId, watched] of Object.entries(sessionStore.getState().sessions)) {
      const state = watched.state;
      const protocol = protocolStore.getState().bySession[sessionId];
      // Saved again once its protocol has arrived, so the copy holds both.
      const version = `${state?.lastSeq}:${protocol ? 'p' : ''}`;
      if (!state || savedSeq.get(sessionId) === version) continue;
      savedSeq.set(sessionId, version);
      void saveSession({
        sessionId,
        state,
        savedAt: watched.updatedAt ?? Date.now(),
        thinning: watched.thinning,
        ...(protocol ? { protocol } : {}),
      }).catch(() => undefined);
    }
    const clinic = clinicStore.getState();
    if (clinic.rooms && clinic.updatedAt) void saveRooms(clinic.rooms, clinic.updatedAt).catch(() => undefined);
  };
  const schedule = () => {
    timer ??= setTimeout(flush, SAVE_DELAY_MS);
  };
  sessionStore.subscribe(schedule);
  protocolStore.subscribe(schedule);
  clinicStore.subscribe(schedule);
  onSignedOut(() => {
    savedSeq.clear();
    void clearCache().catch(() => undefined);
  });
}

/** Show the last known state at once while the live one is fetched (or while offline). */
export async function restoreSession(sessionId: string): Promise<void> {
  const cached = await loadSession(sessionId).catch(() => null);
  if (cached && !sessionStore.getState().sessions[sessionId]?.state) receiveSnapshot(cached.state, cached.savedAt, cached.thinning ?? null);
  const protocol = cached?.protocol;
  if (protocol && !protocolStore.getState().bySession[sessionId]) {
    protocolStore.setState((current) => ({ bySession: { ...current.bySession, [sessionId]: protocol } }));
  }
}

export async function restoreRooms(): Promise<void> {
  const cached = await loadRooms().catch(() => null);
  if (cached && clinicStore.getState().rooms === null)
    clinicStore.setState({ rooms: cached.rooms, versions: {}, updatedAt: cached.savedAt });
}
