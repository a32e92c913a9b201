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
  synced: boolean;
}

export const serverClockStore = domainStore<ServerClockState>(() => ({
  clockRate: 1,
  syncedAtClient: Date.now(),
  serverAtSync: Date.now(),
  synced: false,
}));

export function applyClockSamples(samples: ClockSample[], clockRate: number): void {
  const estimate = estimateOffset(samples);
  if (!estimate) return;
  serverClockStore.setState({
    clockRate,
    syncedAtClient: estimate.syncedAtClient,
    serverAtSync: estimate.serverAtSync,
    synced: true,
  });
}

export function serverNow(clientNow: number = Date.now()): number {
  const { clockRate, syncedAtClient, serverAtSync } = serverClockStore.getState();
  return serverNowFrom({ clientNow, clockRate, syncedAtClient, serverAtSync });
}
