import { fail, type Result } from '../../shared/result';
import type { Reading, SessionState } from '../../shared/session/state';

const OPEN_PHASES = new Set(['pre_dose', 'monitoring', 'ready_for_discharge']);

/** The reading a nurse acts on (artifact, confirm): the session must still be open and hold it. */
export function readingOfOpenSession(state: SessionState, readingId: string): Result<{ reading: Reading }> {
  if (!OPEN_PHASES.has(state.phase)) return fail('conflict', 'This session is closed: correct the record with an amendment instead');
  const reading = state.readings.find((candidate) => candidate.readingId === readingId);
  if (!reading) return fail('not_found', 'There is no such reading in this session');
  return { ok: true, reading };
}
