import { useEffect, useMemo, useState } from 'react';
import type { Handover } from '../../../shared/questionnaires/handover';
import { INSTRUMENT_DEFINITIONS } from '../../../shared/questionnaires/instruments';
import { navigate, paths } from '../app/router';
import { useStore } from '../app/useStore';
import { takeTabletBack } from '../auth/authStore';
import { outboxStore } from '../outbox/outbox';
import { usePortal } from '../realtime/PortalProvider';
import { sessionSubmitter } from '../realtime/submit';
import { serverNow } from '../realtime/serverClock';
import { QuestionnaireForm } from '../session/lifecycle/QuestionnairePanel';
import { CredentialFields, useCredentials } from '../components/CredentialFields';
import { FormActions } from '../components/FormActions';

/** The outbox's owner on a handed-over tablet: the patient's answers are queued apart from the clinician's own entries. */
export const handoverOutboxUser = (userId: string) => `handover:${userId}`;

/**
 * The tablet in the patient's hands: full screen, large type, the one questionnaire it was handed
 * over for and nothing else of the record (no top bar, menu, links or alarms; whatever the address
 * or history says, App renders only this while the sign-in is handed over). After the answers,
 * thanks, and a wait. Only a staff member's own username and password take it back; the server
 * checks them (a wrong one is refused and audited like a failed sign-in).
 */
export function HandoverScreen({ handover, userId }: { handover: Handover; userId: string }) {
  const portal = usePortal();
  const owner = handoverOutboxUser(userId);
  const entries = useStore(outboxStore, (s) => s.entries);
  const mine = useMemo(
    () =>
      entries.filter((entry) => entry.userId === owner && entry.event === 'questionnaire.record' && entry.sessionId === handover.sessionId),
    [entries, owner, handover.sessionId],
  );
  const [answeredHere, setAnsweredHere] = useState(false);
  const answered = handover.completedAt !== null || answeredHere || mine.some((entry) => entry.status === 'waiting');
  const refused = mine.find((entry) => entry.status === 'refused');
  const name = INSTRUMENT_DEFINITIONS[handover.instrument].name;

  useEffect(() => {
    const title = document.title;
    document.title = `${name} — Vigil`;
    return () => {
      document.title = title;
    };
  }, [name]);

  function complete(answers: number[]) {
    const submit = sessionSubmitter({ submit: (event, request) => portal.submit(event, request) }, handover.sessionId);
    void submit('questionnaire.record', {
      observedAt: Math.round(serverNow()),
      questionnaire: { instrument: handover.instrument, answers },
      completedBy: 'patient',
    });
    setAnsweredHere(true);
  }

  return (
    <main className="handover-screen" data-testid="handover-screen">
      {answered ? (
        <section className="handover-thanks" aria-live="polite">
          <h1>Thank you</h1>
          {refused ? (
            <p role="alert">Your answers could not be saved ({refused.refusal?.message}). Please give the tablet back to the staff.</p>
          ) : (
            <p>
              {mine.some((entry) => entry.status === 'waiting') ? 'Saving your answers…' : 'Your answers are saved.'} Please give the tablet
              back to the staff.
            </p>
          )}
        </section>
      ) : (
        <QuestionnaireForm instrument={handover.instrument} large onComplete={complete} />
      )}
      <StaffTakeBack sessionId={handover.sessionId} />
    </main>
  );
}

/** "Staff: take the tablet back": a staff member's own sign-in ends the patient's screen and opens the session again. */
function StaffTakeBack({ sessionId }: { sessionId: string }) {
  const [open, setOpen] = useState(false);
  const { busy, onSubmit, fields } = useCredentials(takeTabletBack, () => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    navigate(paths.session(sessionId), { replace: true });
  });

  if (!open) {
    return (
      <p className="handover-staff">
        <button type="button" className="button-quiet" onClick={() => setOpen(true)}>
          Staff: take the tablet back
        </button>
      </p>
    );
  }
  return (
    <form className="handover-staff login-form" onSubmit={onSubmit} noValidate aria-label="Staff sign-in to take the tablet back">
      <CredentialFields idPrefix="handover" usernameLabel="Staff username" autoComplete="off" fields={fields} />
      <FormActions disabled={busy} onCancel={() => setOpen(false)}>
        {busy ? 'Checking…' : 'Sign in and take back'}
      </FormActions>
    </form>
  );
}
