import type { Instrument } from './instruments';

/**
 * The tablet handed to the patient for one questionnaire. The lock belongs to the browser's
 * sign-in (stored on the server with it), so a reload, another address or another tab of that
 * browser comes back to the questionnaire; only a staff member's sign-in ends it.
 */
export interface Handover {
  sessionId: string;
  instrument: Instrument;
  handedOverAt: number;
  /** The clinician whose sign-in the tablet carries, who handed it over. */
  handedOverBy: { userId: string; displayName: string };
  /** When the patient's answers were stored; null while the questionnaire is still to be answered. */
  completedAt: number | null;
}

/** The refusal of anything else while the tablet is with the patient (HTTP and socket alike). */
export const HANDED_OVER_MESSAGE = 'This screen is handed to the patient for a questionnaire: a staff member signs in to take it back';

/** What a handed-over sign-in may still send: the server's time, leaving a session's room, and the patient's answers. */
export const REQUESTS_WHILE_HANDED_OVER: ReadonlySet<string> = new Set(['time.sync', 'session.unwatch', 'questionnaire.record']);

/**
 * May a handed-over sign-in send this request? Null when it may: the questionnaire it was handed
 * over for, of that session, answered by the patient, once; the server's time; leaving a room.
 * Otherwise the refusal's message. Pure.
 */
export function handoverRefusal(handover: Handover, requestName: string, request: unknown): string | null {
  if (!REQUESTS_WHILE_HANDED_OVER.has(requestName)) return HANDED_OVER_MESSAGE;
  if (requestName !== 'questionnaire.record') return null;
  const answers = request as { sessionId?: unknown; completedBy?: unknown; questionnaire?: { instrument?: unknown } };
  if (answers.sessionId !== handover.sessionId || answers.questionnaire?.instrument !== handover.instrument) {
    return 'The tablet was handed over for another questionnaire';
  }
  if (answers.completedBy !== 'patient') return 'On the handed-over tablet the patient answers';
  if (handover.completedAt !== null) return 'The questionnaire has been answered: hand the tablet back to staff';
  return null;
}
