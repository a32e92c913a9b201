import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Response } from 'express';

/**
 * Writes a long answer (a 4-hour session's CSV or FHIR Bundle) piece by piece: each piece is made
 * only when the last is written, the socket's buffer is let drain, and other work (readings,
 * acknowledgements, alarms) runs between pieces. Stops when the client has gone.
 */
export async function writePieces(res: Response, pieces: Iterable<string>): Promise<void> {
  for (const piece of pieces) {
    if (res.destroyed) return;
    if (!res.write(piece)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    await nextTurn();
  }
  if (!res.destroyed) res.end();
}
