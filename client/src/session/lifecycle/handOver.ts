import type { Instrument } from '../../../../shared/questionnaires/instruments';
import { recheckSignIn } from '../../auth/authStore';
import { newCommandId } from '../../realtime/commands';
import type { Portal } from '../../realtime/portal';

/**
 * Hands this tablet to the patient for one questionnaire: sent at once, not queued (the server
 * locks this browser's sign-in to the questionnaire as it stores the handover), then the screen
 * asks who it is and finds itself handed over. Answers the refusal's words, or null.
 */
export async function handOverTablet(portal: Pick<Portal, 'sendNow'>, sessionId: string, instrument: Instrument): Promise<string | null> {
  // Full screen needs the click itself (a kiosk browser is full screen anyway).
  void document.documentElement.requestFullscreen?.().catch(() => undefined);
  const answer = await portal.sendNow('questionnaire.handOver', { commandId: newCommandId(), sessionId, instrument });
  if (answer === undefined) return 'Not connected: the tablet can be handed over only while Vigil is live';
  if (!answer.ok) return answer.error.message;
  await recheckSignIn();
  return null;
}
