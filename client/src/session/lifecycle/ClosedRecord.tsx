import { describeActor } from '../../../../shared/session/actor';
import type { SessionState } from '../../../../shared/session/state';
import { clockTime, duration } from '../../format/time';
import type { OutboxEntry } from '../../outbox/storage';
import { describeEntry } from './describeEntry';
import { DoseList } from './DoseCorrection';
import { PendingEntries } from './PendingEntries';
import type { SubmitCommand } from '../../realtime/submit';

/** After discharge or ending early: the session is read-only; this is how it closed. */
export interface ClosedRecordProps {
  state: SessionState;
  itemLabel: (itemId: string) => string;
  /** Nurses and prescribers may still correct a dose's time or lot, by an amendment with a reason. */
  canCorrect: boolean;
  serverNow: () => number;
  submit: SubmitCommand;
  /** This person's queued or refused corrections. */
  pending: OutboxEntry[];
  onDiscard: (commandId: string) => void;
}

export function ClosedRecord({ state, itemLabel, canCorrect, serverNow, submit, pending, onDiscard }: ClosedRecordProps) {
  const { discharge, endedEarly } = state;
  return (
    <section className="lifecycle-panel closed-record" aria-labelledby="closed-title" data-testid="closed-record">
      <h2 id="closed-title">{discharge ? 'Discharged' : 'Ended early'}</h2>
      <p className="muted">This session is closed and read-only. Corrections are recorded as amendments with a reason.</p>
      <dl className="record-facts">
        {discharge && (
          <>
            <div>
              <dt>Discharged</dt>
              <dd>
                {clockTime(discharge.dischargedAt)} by {describeActor(discharge.dischargedBy)}
              </dd>
            </div>
            {discharge.override && (
              <div>
                <dt>Override reason</dt>
                <dd data-testid="override-reason">“{discharge.override.reason}”</dd>
              </div>
            )}
            {discharge.failingItemIds.length > 0 && (
              <div>
                <dt>Items not met at discharge</dt>
                <dd>{discharge.failingItemIds.map(itemLabel).join('; ')}</dd>
              </div>
            )}
          </>
        )}
        {endedEarly && (
          <>
            <div>
              <dt>Ended early</dt>
              <dd>
                {clockTime(endedEarly.endedAt)} by {describeActor(endedEarly.endedBy)}
              </dd>
            </div>
            <div>
              <dt>Reason</dt>
              <dd>“{endedEarly.reason}”</dd>
            </div>
          </>
        )}
        <div>
          <dt>First judged ready to leave</dt>
          <dd>{state.readyForDischargeAt === null ? 'Never' : clockTime(state.readyForDischargeAt)}</dd>
        </div>
        {state.dosedAt !== null && (
          <div>
            <dt>Observed after the dose</dt>
            <dd>{duration((discharge?.dischargedAt ?? endedEarly?.endedAt ?? state.dosedAt) - state.dosedAt)}</dd>
          </div>
        )}
      </dl>
      <h3>Doses</h3>
      {state.doses.length === 0 ? <p className="muted">No dose was given.</p> : <DoseList state={state} canCorrect={canCorrect} serverNow={serverNow} submit={submit} />}
      <PendingEntries entries={pending} describe={(entry) => describeEntry(entry)} onDiscard={onDiscard} />
    </section>
  );
}
