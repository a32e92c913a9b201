import { isMonitoredPhase } from '../../../../shared/session/phases';
import { useState, type FormEvent } from 'react';
import { activeAlarms } from '../../../../shared/alerts/selectors';
import { CLINICAL_DISCHARGE_ITEM_IDS, evaluateDischarge, type DischargeItem } from '../../../../shared/lifecycle/discharge';
import { remsTimes } from '../../../../shared/lifecycle/rems';
import { lifecycleRulesFrom } from '../../../../shared/lifecycle/phases';
import type { Protocol } from '../../../../shared/protocols/schema';
import type { Role } from '../../../../shared/roles';
import type { SessionState } from '../../../../shared/session/state';
import { clockTime } from '../../format/time';
import { LabelledTextarea } from '../../components/LabelledInput';
import type { OutboxEntry } from '../../outbox/storage';
import { ChecklistItems, waitingItemIds } from './ChecklistItems';
import { describeEntry } from './describeEntry';
import { DischargeScores } from './DischargeScores';
import { LeaveBeforeCriteria } from './LeaveBeforeCriteria';
import { RemsTimes } from './RemsTimes';
import { PendingEntries } from './PendingEntries';
import { may } from '../../../../shared/policy';
import type { SubmitCommand } from '../../realtime/submit';

export interface DischargePanelProps {
  state: SessionState;
  protocol: Protocol;
  role: Role;
  /** Server time now. */
  now: number;
  pending: OutboxEntry[];
  submit: SubmitCommand;
  onDiscard: (commandId: string) => void;
}

function ItemLine({ item }: { item: DischargeItem }) {
  return (
    <li className={`discharge-item ${item.passes ? 'item-pass' : 'item-fail'}`} data-testid={`discharge-item-${item.id}`}>
      <span className="item-mark" aria-hidden="true">
        {item.passes ? '✓' : '✕'}
      </span>
      <span>
        <strong>{item.label}</strong> <span className="visually-hidden">{item.passes ? 'holds' : 'not met'}</span>
        <span className="item-reason"> — {item.reason}</span>
      </span>
    </li>
  );
}

/**
 * Discharge: every item evaluated live from the record (the same rule the server uses), the
 * practical items ticked by named people, then discharge — or, with items failing, what is
 * missing for a nurse and a required reason for a prescriber's override. Inline, no dialogs.
 */
export function DischargePanel({ state, protocol, role, now, pending, submit, onDiscard }: DischargePanelProps) {
  const [overrideReason, setOverrideReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const rules = lifecycleRulesFrom(protocol);
  const evaluation = evaluateDischarge(state, rules, now, activeAlarms(state).length);
  const belowFloor = evaluation.items.find((item) => item.id === CLINICAL_DISCHARGE_ITEM_IDS.regulatoryFloor && !item.passes);
  const editable = isMonitoredPhase(state.phase);
  const clinical = evaluation.items.filter((item) => item.kind === 'clinical');
  const practical = evaluation.items.filter((item) => item.kind === 'practical');
  const failing = evaluation.items.filter((item) => !item.passes);
  const items = protocol.discharge.practicalItems;
  const label = (itemId: string) => items.find((item) => item.id === itemId)?.label ?? itemId;
  const dischargeWaiting = pending.some((entry) => entry.event === 'session.discharge' && entry.status === 'waiting');
  const canDischarge = may(role, 'session.discharge');

  function discharge(event: FormEvent) {
    event.preventDefault();
    if (evaluation.allPass) {
      void submit('session.discharge', {});
      return;
    }
    const reason = overrideReason.trim();
    if (reason === '') {
      setReasonError('A reason is required to discharge with items failing');
      return;
    }
    setReasonError(null);
    void submit('session.discharge', { overrideReason: reason });
    setOverrideReason('');
  }

  return (
    <section className="lifecycle-panel" aria-labelledby="discharge-title">
      <h2 id="discharge-title">Discharge</h2>
      <p className={evaluation.allPass ? 'status-ok' : 'status-blocked'} data-testid="discharge-summary">
        {evaluation.allPass
          ? '✓ Every discharge item holds: ready for discharge.'
          : `✕ ${failing.length} of ${evaluation.items.length} items not yet met.`}
        {state.readyForDischargeAt !== null && ` First judged ready to leave at ${clockTime(state.readyForDischargeAt)}.`}
      </p>
      <DischargeScores
        scores={evaluation.scores}
        definitions={rules.scores}
        role={role}
        now={now}
        editable={editable && may(role, 'observation.record')}
        submit={submit}
      />
      <h3>Clinical (from the record)</h3>
      <ul className="discharge-items">
        {clinical.map((item) => (
          <ItemLine key={item.id} item={item} />
        ))}
      </ul>
      <h3>Practical (ticked by staff)</h3>
      <ChecklistItems
        checklist="discharge"
        items={items}
        ticks={state.checklists.discharge}
        role={role}
        waitingItemIds={waitingItemIds(pending)}
        editable={editable}
        submit={submit}
      />
      <RemsTimes times={remsTimes(state, rules.regulatoryFloor)} floor={rules.regulatoryFloor} now={now} />
      {practical.some((item) => item.tick && !item.passes) && (
        <ul className="discharge-items" aria-label="Practical items not yet met">
          {practical
            .filter((item) => item.tick && !item.passes)
            .map((item) => (
              <ItemLine key={item.id} item={item} />
            ))}
        </ul>
      )}
      {canDischarge && (
        <form className="discharge-form" onSubmit={discharge} noValidate>
          {evaluation.allPass ? (
            <button type="submit" className="button-primary button-large" disabled={dischargeWaiting}>
              Discharge the patient
            </button>
          ) : may(role, 'session.dischargeOverride') && !belowFloor ? (
            <>
              <p>
                Still missing: {failing.map((item) => `${item.label} (${item.reason})`).join('; ')}. As the prescriber you may discharge
                anyway with a reason, which is kept in the record.
              </p>
              <LabelledTextarea
                id="override-reason"
                label="Reason for discharging with items failing (required)"
                rows={2}
                value={overrideReason}
                maxLength={500}
                error={reasonError}
                describeError
                onChange={(event) => setOverrideReason(event.target.value)}
              />
              <button type="submit" className="button-primary button-large" disabled={dischargeWaiting}>
                Discharge with items failing
              </button>
            </>
          ) : (
            <div className="discharge-blocked" data-testid="discharge-blocked">
              <p className="status-blocked">
                Discharge is not possible yet — still missing: {failing.map((item) => item.label).join('; ')}.
              </p>
              <p className="muted" data-testid="discharge-floor">
                {belowFloor
                  ? `${belowFloor.label}: ${belowFloor.reason}. No override can pass this floor; a patient who must leave now is recorded below as transferred or leaving against advice.`
                  : 'Only a prescriber can discharge with items failing, and must give a reason.'}
              </p>
            </div>
          )}
        </form>
      )}
      {canDischarge && <LeaveBeforeCriteria submit={submit} waiting={dischargeWaiting} />}
      <PendingEntries
        entries={pending}
        describe={(entry) => describeEntry(entry, label)}
        onDiscard={onDiscard}
        canReenter={(entry) => typeof entry.request.overrideReason === 'string'}
        onReenter={(entry) => {
          setOverrideReason(String(entry.request.overrideReason));
          onDiscard(entry.commandId);
        }}
      />
    </section>
  );
}
