import type { ServerDeliveryNotice } from '../../shared/realtime/contract';
import type { Clock } from '../clock';
import type { VigilServer, VigilSocket } from './types';

/** How often the process looks whether it can hear the others (real ms). */
export const DELIVERY_CHECK_MS = 1_000;

/**
 * Tells every screen of this process, honestly, when it cannot hear the other processes (Redis
 * away: `degraded()` says why): a screen here would otherwise look live while entries made
 * through another process, alarms included, never reach it. A screen that connects meanwhile
 * hears it at once; every screen hears null when delivery works again.
 */
export function startDeliveryNotice(io: VigilServer, degraded: () => string | null, clock: Clock): () => void {
  let notice: ServerDeliveryNotice | null = null;
  const check = () => {
    const paused = degraded() !== null;
    if (paused === (notice !== null)) return;
    notice = paused ? { pausedSince: clock.now() } : null;
    io.local.emit('server.delivery', notice);
  };
  const onConnection = (socket: VigilSocket) => {
    if (notice) socket.emit('server.delivery', notice);
  };
  io.on('connection', onConnection);
  const timer = setInterval(check, DELIVERY_CHECK_MS);
  timer.unref();
  check();
  return () => {
    clearInterval(timer);
    io.off('connection', onConnection);
  };
}
