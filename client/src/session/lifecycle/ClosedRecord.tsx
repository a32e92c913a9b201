import { describeActor } from '../../../../shared/session/actor';
import type { RemsTimes as Times } from '../../../../shared/lifecycle/rems';
import type { CourseRules } from '../../../../shared/lifecycle/doses';
import type { RegulatoryFloor } from '../../../../shared/lifecycle/scoreConfig';
import { DISPOSITION_LABELS, type SessionState } from '../../../../shared/session/state';
import { paths } from '../../app/router';
import { Link } from '../../components/Link';
import { clockTime, duration } from '../../format/time';
import type { OutboxEntry } from '../../outbox/storage';
import { describeEntry } from './describeEntry';
import { DoseList } from './DoseCorrection';
import { PendingEntries } from './PendingEntries';
import { RemsTimes } from './RemsTimes';
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
  /** The REMS times from the record, and the protocol's floor (null without one). */
  rems: Times;
  floor: RegulatoryFloor | null;
  /** The protocol's courses and devices (a device given before the label's rest is marked). */
  rules: CourseRules;
}

export function ClosedRecord({
  state,
  itemLabel,
  canCorrect,
  serverNow,
  submit,
  pending,
  onDiscard,
  rems,
  floor,
  rules,
}: ClosedRecordProps) {
  const { discharge, endedEarly } = state;
  const leftOtherwise = discharge !== null && discharge.disposition !== 'home';
  return (
    <section className="lifecycle-panel closed-record" aria-labelledby="closed-title" data-testid="closed-record">
      <h2 id="closed-title">{discharge ? DISPOSITION_LABELS[discharge.disposition] : 'Ended early'}</h2>
      <p className="muted">This session is closed and read-only. Corrections are recorded as amendments with a reason.</p>
      <p>
        <Link to={paths.report(state.sessionId)}>Session report (print, PDF, exports)</Link>
      </p>
      <dl className="record-facts">
        {discharge && (
          <>
            <div>
              <dt>{leftOtherwise ? 'Recorded' : 'Discharged'}</dt>
              <dd>
                {clockTime(discharge.dischargedAt)} by {describeActor(discharge.dischargedBy)}
              </dd>
            </div>
            {discharge.dispositionReason !== null && (
              <div>
                <dt>{DISPOSITION_LABELS[discharge.disposition]}: reason</dt>
                <dd data-testid="disposition-reason">“{discharge.dispositionReason}”</dd>
              </div>
            )}
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
          <dt>Every discharge item first held</dt>
          <dd>{state.readyForDischargeAt === null ? 'Never' : clockTime(state.readyForDischargeAt)}</dd>
        </div>
        {state.dosedAt !== null && (
          <div>
            <dt>Observed after the dose</dt>
            <dd>{duration((discharge?.dischargedAt ?? endedEarly?.endedAt ?? state.dosedAt) - state.dosedAt)}</dd>
          </div>
        )}
      </dl>
      <RemsTimes times={rems} floor={floor} now={serverNow()} />
      <h3>Doses</h3>
      {state.doses.length === 0 ? (
        <p className="muted">No dose was given.</p>
      ) : (
        <DoseList state={state} rules={rules} canCorrect={canCorrect} serverNow={serverNow} submit={submit} />
      )}
      <PendingEntries entries={pending} describe={(entry) => describeEntry(entry)} onDiscard={onDiscard} />
    </section>
  );
}
