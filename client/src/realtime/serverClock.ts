import { domainStore } from '../app/domainStore';
import { estimateOffset, serverNowFrom, type ClockSample } from '../../../shared/clock/offset';

/**
 * The server's clock as this screen knows it. Timers and "time since dose" use it, so a
 * tablet with a wrong clock shows the same countdown as every other screen.
 */
interface ServerClockState {
  clockRate: number;
  syncedAtClient: number;
  serverAtSync: number;
  /** True once this page has synced with the server (a remembered sync does not count). */
  synced: boolean;
  /** The clinic's IANA time zone, as the server last said; this screen's own until it has. */
  timeZone: string;
}

/** The last sync, kept so a page reloaded offline still shows server time in the clinic's zone. */
const LAST_SYNC_KEY = 'vigil.lastClockSync';

type RememberedSync = Pick<ServerClockState, 'clockRate' | 'syncedAtClient' | 'serverAtSync' | 'timeZone'>;

function rememberedSync(): RememberedSync | null {
  try {
    const parsed = JSON.parse(localStorage.getItem(LAST_SYNC_KEY) ?? 'null') as Partial<RememberedSync> | null;
    if (!parsed || typeof parsed.timeZone !== 'string') return null;
    const { clockRate, syncedAtClient, serverAtSync, timeZone } = parsed;
    if (![clockRate, syncedAtClient, serverAtSync].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
    new Intl.DateTimeFormat('en-GB', { timeZone }); // throws for a zone this browser does not know
    return { clockRate: clockRate!, syncedAtClient: syncedAtClient!, serverAtSync: serverAtSync!, timeZone };
  } catch {
    // Storage refused, bad JSON or an unknown zone: this screen's own clock and zone until the server answers.
    return null;
  }
}

/** The zone this device is set to (which may differ from the clinic's). */
export function screenTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

export const serverClockStore = domainStore<ServerClockState>(() => ({
  clockRate: 1,
  syncedAtClient: Date.now(),
  serverAtSync: Date.now(),
  timeZone: screenTimeZone(),
  ...rememberedSync(),
  synced: false,
}));

export function applyClockSamples(samples: ClockSample[], clockRate: number, timeZone: string): void {
  const estimate = estimateOffset(samples);
  if (!estimate) return;
  const sync: RememberedSync = { clockRate, syncedAtClient: estimate.syncedAtClient, serverAtSync: estimate.serverAtSync, timeZone };
  serverClockStore.setState({ ...sync, synced: true });
  try {
    localStorage.setItem(LAST_SYNC_KEY, JSON.stringify(sync));
  } catch {
    // Private mode: an offline reload shows this screen's clock until the server answers again.
  }
}

/** The clinic's time zone, for every time shown. */
export function clinicTimeZone(): string {
  return serverClockStore.getState().timeZone;
}

export function serverNow(clientNow: number = Date.now()): number {
  const { clockRate, syncedAtClient, serverAtSync } = serverClockStore.getState();
  return serverNowFrom({ clientNow, clockRate, syncedAtClient, serverAtSync });
}
