import { isOpenPhase } from '../../shared/session/phases';
import { fail, type Result } from '../../shared/result';
import type { Reading, SessionState } from '../../shared/session/state';

/** The reading a nurse acts on (artifact, confirm): the session must still be open and hold it. */
export function readingOfOpenSession(state: SessionState, readingId: string): Result<{ reading: Reading }> {
  if (!isOpenPhase(state.phase)) return fail('conflict', 'This session is closed: correct the record with an amendment instead');
  const reading = state.readings.find((candidate) => candidate.readingId === readingId);
  if (!reading) return fail('not_found', 'There is no such reading in this session');
  return { ok: true, reading };
}
