import { memo, useMemo } from 'react';
import { clinicClockKey } from '../../format/time';
import { isClosedPhase } from '../../../../shared/session/phases';
import type { CurrentUser } from '../../../../shared/http/api';
import { evaluateDischarge } from '../../../../shared/lifecycle/discharge';
import { lifecycleRulesFrom, phaseAllows } from '../../../../shared/lifecycle/phases';
import { remsTimes } from '../../../../shared/lifecycle/rems';
import type { Protocol } from '../../../../shared/protocols/schema';
import type { SessionState } from '../../../../shared/session/state';
import type { OutboxEntry } from '../../outbox/storage';
import { ClosedRecord } from './ClosedRecord';
import { DischargePanel } from './DischargePanel';
import { DosePanel } from './DosePanel';
import { EndEarly } from './EndEarly';
import { PreDosePanel } from './PreDosePanel';
import { may } from '../../../../shared/policy';
import type { SubmitCommand } from '../../realtime/submit';
import { TherapistPanel } from './TherapistPanel';
import { QuestionnairePanel } from './QuestionnairePanel';
import { LastSessionPanel } from './LastSessionPanel';
import type { Instrument } from '../../../../shared/questionnaires/instruments';

export interface LifecyclePanelsProps {
  state: SessionState;
  protocol: Protocol | null;
  user: CurrentUser;
  /** Server time now. */
  now: number;
  serverNow: () => number;
  /** This person's queued or refused entries for this session. */
  entries: OutboxEntry[];
  submit: SubmitCommand;
  onDiscard: (commandId: string) => void;
  /** Hands the tablet to the patient for a questionnaire (handOver.ts); answers a refusal's words, or null. */
  onHandOver?: (instrument: Instrument) => Promise<string | null>;
}

const ofChecklist = (entry: OutboxEntry, checklist: 'pre_dose' | 'discharge') =>
  entry.event.startsWith('checklist.') && entry.request.checklist === checklist;

// The panels that show no reading are memoised on what they show: a monitor's reading (every
// second) does not redraw them. Their props keep their identity while they say the same (the
// session page passes the same functions; the queued entries below are split once per change).
// The two that show times are also given the clinic's zone and day, so they are redrawn when those
// change, as they were at every tick of the clock before.
const MemoTherapistPanel = memo(TherapistPanel);
const MemoQuestionnairePanel = memo(QuestionnairePanel);
const MemoLastSessionPanel = memo(LastSessionPanel);
const MemoEndEarly = memo(EndEarly);

/** This person's queued or refused entries, by the panel that shows them. */
function pendingByPanel(entries: OutboxEntry[]) {
  return {
    amendments: entries.filter((entry) => entry.event === 'amendment.record'),
    preDose: entries.filter((entry) => ofChecklist(entry, 'pre_dose') || entry.event === 'predose.acknowledgeAdvisory'),
    dose: entries.filter((entry) => entry.event === 'dose.record' || entry.event === 'amendment.record'),
    therapist: entries.filter((entry) => entry.event === 'observation.record'),
    questionnaires: entries.filter((entry) => entry.event === 'questionnaire.record'),
    discharge: entries.filter((entry) => ofChecklist(entry, 'discharge') || entry.event === 'session.discharge'),
    endEarly: entries.filter((entry) => entry.event === 'session.endEarly'),
  };
}

/** The lifecycle panels this phase and this role need, in the order the job goes. */
export function LifecyclePanels({ state, protocol, user, now, serverNow, entries, submit, onDiscard, onHandOver }: LifecyclePanelsProps) {
  const pending = useMemo(() => pendingByPanel(entries), [entries]);
  const clinicClock = clinicClockKey(now);
  if (protocol === null) return <p className="muted">Loading the session's protocol…</p>;
  const role = user.role;
  const { phase } = state;
  if (isClosedPhase(phase)) {
    // Item labels come from the same evaluation the server used (clinical and practical alike).
    const rules = lifecycleRulesFrom(protocol);
    const items = evaluateDischarge(state, rules, now, 0).items;
    const itemLabel = (itemId: string) => items.find((item) => item.id === itemId)?.label ?? itemId;
    return (
      <ClosedRecord
        state={state}
        itemLabel={itemLabel}
        canCorrect={may(role, 'dose.record')}
        serverNow={serverNow}
        submit={submit}
        pending={pending.amendments}
        onDiscard={onDiscard}
        rems={remsTimes(state, rules.regulatoryFloor)}
        floor={rules.regulatoryFloor}
        rules={rules}
      />
    );
  }
  const common = { submit, onDiscard };
  const preDose = <PreDosePanel key="predose" state={state} protocol={protocol} role={role} pending={pending.preDose} {...common} />;
  // Each command's panel shows in the phases its row of the command table allows (a further
  // dose once ready too: it is recorded, and restarts its minimum).
  const dose = may(role, 'dose.record') && phaseAllows('dose.record', phase).ok && (
    <DosePanel key="dose" state={state} protocol={protocol} serverNow={serverNow} pending={pending.dose} {...common} />
  );
  const therapist = may(role, 'observation.record') && (
    <MemoTherapistPanel
      key="therapist"
      clinicClock={clinicClock}
      dissociationScale={protocol.dissociationScale}
      observations={state.observations}
      serverNow={serverNow}
      pending={pending.therapist}
      {...common}
    />
  );
  const questionnaires = phaseAllows('questionnaire.record', phase).ok && may(role, 'questionnaire.record') && (
    <MemoQuestionnairePanel
      key="questionnaires"
      clinicClock={clinicClock}
      questionnaires={state.questionnaires}
      serverNow={serverNow}
      pending={pending.questionnaires}
      onHandOver={onHandOver}
      {...common}
    />
  );
  const lastSession = phase === 'pre_dose' && state.patientId !== null && may(role, 'patient.view') && (
    <MemoLastSessionPanel key="last" patientId={state.patientId} sessionId={state.sessionId} />
  );
  const discharge = (
    <DischargePanel key="discharge" state={state} protocol={protocol} role={role} now={now} pending={pending.discharge} {...common} />
  );
  const endEarly = may(role, 'session.endEarly') && (
    <MemoEndEarly key="end" submit={submit} pending={pending.endEarly} onDiscard={onDiscard} />
  );
  // A person who observes but does not dose (the therapist's job) sees their own panel first.
  const observesOnly = may(role, 'observation.record') && !may(role, 'dose.record');
  const panels =
    phase === 'pre_dose'
      ? observesOnly
        ? [questionnaires, therapist, lastSession, preDose]
        : [lastSession, preDose, questionnaires, dose, therapist, endEarly]
      : phase === 'ready_for_discharge' || !observesOnly
        ? [discharge, therapist, dose]
        : [therapist, discharge];
  return <div className="lifecycle-panels">{panels}</div>;
}
