import { useState } from 'react';
import { advisoryAcknowledgedBy, doseBlockers, formatPressure, predoseAdvisoryStatus } from '../../../../shared/lifecycle/predose';
import type { Protocol } from '../../../../shared/protocols/schema';
import { may } from '../../../../shared/policy';
import type { Role } from '../../../../shared/roles';
import type { SessionState } from '../../../../shared/session/state';
import { clockTime } from '../../format/time';
import type { OutboxEntry } from '../../outbox/storage';
import { ChecklistItems, waitingItemIds } from './ChecklistItems';
import { describeEntry } from './describeEntry';
import { PendingEntries } from './PendingEntries';
import type { SubmitCommand } from '../../realtime/submit';

export interface PreDosePanelProps {
  state: SessionState;
  protocol: Protocol;
  role: Role;
  /** This person's queued or refused pre-dose entries (ticks, acknowledgement). */
  pending: OutboxEntry[];
  submit: SubmitCommand;
  onDiscard: (commandId: string) => void;
}

/**
 * Before the dose: the protocol's checklist (each item by a named person), the baseline, the
 * advisory for a high baseline (a prescriber acknowledges), and what still blocks the dose.
 */
export function PreDosePanel({ state, protocol, role, pending, submit, onDiscard }: PreDosePanelProps) {
  const checklist = protocol.preDoseChecklist;
  const blockers = doseBlockers(state, checklist, protocol.preDoseAdvisory);
  const label = (itemId: string) => checklist.find((item) => item.id === itemId)?.label ?? itemId;
  return (
    <section className="lifecycle-panel" aria-labelledby="predose-title">
      <h2 id="predose-title">Pre-dose</h2>
      <ChecklistItems
        checklist="pre_dose"
        items={checklist}
        ticks={state.checklists.pre_dose}
        role={role}
        waitingItemIds={waitingItemIds(pending)}
        editable={state.phase === 'pre_dose'}
        submit={submit}
      />
      <Advisory
        state={state}
        protocol={protocol}
        role={role}
        submit={submit}
        waiting={pending.some((entry) => entry.event === 'predose.acknowledgeAdvisory' && entry.status === 'waiting')}
      />
      <PendingEntries entries={pending} describe={(entry) => describeEntry(entry, label)} onDiscard={onDiscard} />
      <div className="dose-blockers" data-testid="dose-blockers">
        {blockers.length === 0 ? (
          <p className="status-ok">✓ Nothing blocks the dose: checklist complete and baseline in order.</p>
        ) : (
          <>
            <h3>Before the dose</h3>
            <ul>
              {blockers.map((blocker) => (
                <li key={blocker.id} className="status-blocked">
                  ✕ {blocker.message}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

function Advisory({
  state,
  protocol,
  role,
  submit,
  waiting,
}: {
  state: SessionState;
  protocol: Protocol;
  role: Role;
  submit: SubmitCommand;
  waiting: boolean;
}) {
  const [reason, setReason] = useState('');
  const limits = protocol.preDoseAdvisory;
  const limit = `${limits.systolicMmHg}/${limits.diastolicMmHg}`;
  const advisory = predoseAdvisoryStatus(state, limits);
  let body;
  switch (advisory.status) {
    case 'no_baseline':
      body = <p className="status-blocked">✕ No baseline yet: record a vital set with blood pressure before the dose.</p>;
      break;
    case 'within_limits':
      body = (
        <p className="status-ok">
          ✓ Baseline {formatPressure(advisory.baseline)} mmHg (measured {clockTime(advisory.baseline.observedAt)}) is within the advisory
          limit of {limit}.
        </p>
      );
      break;
    case 'acknowledged': {
      const ack = state.predoseAdvisoryAcknowledgement;
      body = (
        <p className="status-ok">
          ✓ Baseline {formatPressure(advisory.baseline)} mmHg is above {limit}; acknowledged by {advisoryAcknowledgedBy(state)}
          {ack && ` at ${clockTime(ack.acknowledgedAt)}`}
          {ack?.reason && ` — “${ack.reason}”`}.
        </p>
      );
      break;
    }
    case 'needs_acknowledgement':
      body = (
        <>
          <p className="status-blocked">
            ⚠ Baseline {formatPressure(advisory.baseline)} mmHg is above the advisory limit of {limit}. A prescriber must weigh the
            transient rise against the benefit before the dose.
          </p>
          {may(role, 'predose.acknowledgeAdvisory') ? (
            <form
              className="inline-form"
              onSubmit={(event) => {
                event.preventDefault();
                const trimmed = reason.trim();
                void submit('predose.acknowledgeAdvisory', trimmed === '' ? {} : { reason: trimmed });
                setReason('');
              }}
            >
              <label htmlFor="advisory-reason">
                Reason <span className="muted">(optional)</span>
              </label>
              <input
                id="advisory-reason"
                value={reason}
                maxLength={500}
                onChange={(event) => setReason(event.target.value)}
                autoComplete="off"
              />
              <button type="submit" className="button-primary" disabled={waiting}>
                Acknowledge baseline {formatPressure(advisory.baseline)} and allow the dose
              </button>
            </form>
          ) : (
            <p className="waiting" role="status">
              ⏳ Waiting for the prescriber to acknowledge the baseline.
            </p>
          )}
        </>
      );
      break;
  }
  return (
    <div className="advisory" data-testid="advisory">
      <h3>Baseline blood pressure</h3>
      {body}
    </div>
  );
}
