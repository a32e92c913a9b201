import { may } from '../../shared/policy';
import type { ClinicalClock, ClockNotice } from '../clock';
import { rooms, type VigilServer, type VigilSocket } from './types';

/** How often screens get the remaining difference while a step is absorbed (real ms). */
const NOTICE_REFRESH_MS = 60_000;

function minutes(ms: number): string {
  const value = Math.abs(ms) / 60_000;
  return value >= 1 ? `${Math.round(value)} minute${Math.round(value) === 1 ? '' : 's'}` : `${Math.round(Math.abs(ms) / 1000)} seconds`;
}

/** The log line for a step, in words IT can act on. */
export function describeStep(stepMs: number): string {
  return (
    `Server clock changed by ${minutes(stepMs)} (${stepMs < 0 ? 'backward' : 'forward'}). ` +
    "Clinical time did not jump: it converges on the new time slowly. Check the machine's time source (NTP)."
  );
}

/**
 * The technical alarm "server clock changed by N minutes": logged, and shown on the screens of
 * the people the policy names ('server.technicalAlarms'), on this process (each process has its
 * own clock). A screen that connects while a step is being absorbed gets it at once; screens
 * hear again every minute, and null when the clocks agree once more.
 */
export function startTechnicalAlarms(io: VigilServer, clock: ClinicalClock, log: (message: string) => void): () => void {
  let shown: ClockNotice | null = null;
  const send = () => {
    const notice = clock.notice();
    if (notice === null && shown === null) return;
    shown = notice;
    io.local.to(rooms.technical).emit('server.clock', notice);
  };
  const stopSteps = clock.onStep((step) => {
    log(describeStep(step.stepMs));
    // After the step is folded into the clock's state (onStep runs inside now()).
    queueMicrotask(send);
  });
  const onConnection = (socket: VigilSocket) => {
    if (!may(socket.data.user.role, 'server.technicalAlarms') || socket.data.handover) return;
    void socket.join(rooms.technical);
    const notice = clock.notice();
    if (notice) socket.emit('server.clock', notice);
  };
  io.on('connection', onConnection);
  const timer = setInterval(send, NOTICE_REFRESH_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    stopSteps();
    io.off('connection', onConnection);
  };
}
