import { fail, type Result } from '../../shared/result';
import type { Reading, SessionState } from '../../shared/session/state';

/** The reading a nurse acts on (artifact, confirm); the command table's phases have already refused a closed session. */
export function readingOfSession(state: SessionState, readingId: string): Result<{ reading: Reading }> {
  const reading = state.readings.find((candidate) => candidate.readingId === readingId);
  if (!reading) return fail('not_found', 'There is no such reading in this session');
  return { ok: true, reading };
}
