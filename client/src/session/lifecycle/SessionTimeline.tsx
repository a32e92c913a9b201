import { describeActor, type Actor } from '../../../../shared/session/actor';
import { DISPOSITION_LABELS, type DischargeRecord, type SessionState } from '../../../../shared/session/state';
import { clockTime } from '../../format/time';
import { describeObservation } from './observationText';

interface TimelineEntry {
  key: string;
  at: number;
  what: string;
  by: Actor | null;
  kind: 'dose' | 'observation' | 'milestone';
}

function dischargeWords(discharge: DischargeRecord): string {
  if (discharge.disposition !== 'home') return `${DISPOSITION_LABELS[discharge.disposition]}: “${discharge.dispositionReason ?? ''}”`;
  return discharge.override ? `Discharged (override: “${discharge.override.reason}”)` : 'Discharged';
}

/** Doses, the therapist's observations and the session's milestones, in time order. */
export function timelineEntries(state: SessionState): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const dose of state.doses) {
    const what =
      dose.deviceOfDoseId === undefined
        ? `Dose ${dose.drug} ${dose.doseMg} mg ${dose.route}`
        : `Further device of the dose: ${dose.drug} ${dose.doseMg} mg`;
    entries.push({ key: `dose-${dose.doseId}`, at: dose.administeredAt, what, by: dose.recordedBy, kind: 'dose' });
  }
  for (const observation of state.observations) {
    entries.push({
      key: `obs-${observation.observationId}`,
      at: observation.observedAt,
      what: describeObservation(observation.body),
      by: observation.recordedBy,
      kind: 'observation',
    });
  }
  for (const amendment of state.amendments) {
    const change =
      amendment.change.kind === 'dose_time'
        ? `dose time corrected to ${clockTime(amendment.change.administeredAt)}`
        : amendment.change.kind === 'dose_lot'
          ? `dose lot corrected to "${amendment.change.lotNumber}"`
          : `correction note: ${amendment.change.text}`;
    entries.push({
      key: `amend-${amendment.seq}`,
      at: amendment.recordedAt,
      what: `Amendment to entry #${amendment.targetSeq}: ${change} — reason: “${amendment.reason}”`,
      by: amendment.amendedBy,
      kind: 'milestone',
    });
  }
  const ack = state.predoseAdvisoryAcknowledgement;
  if (ack)
    entries.push({
      key: 'advisory',
      at: ack.acknowledgedAt,
      what: `Baseline acknowledged${ack.reason ? `: “${ack.reason}”` : ''}`,
      by: ack.acknowledgedBy,
      kind: 'milestone',
    });
  if (state.clinicallyReadyAt !== null) {
    entries.push({
      key: 'clinically-ready',
      at: state.clinicallyReadyAt,
      what: 'Every clinical item held (REMS: would have been ready to leave)',
      by: null,
      kind: 'milestone',
    });
  }
  if (state.readyForDischargeAt !== null)
    entries.push({ key: 'ready', at: state.readyForDischargeAt, what: 'First judged ready for discharge', by: null, kind: 'milestone' });
  if (state.discharge)
    entries.push({
      key: 'discharged',
      at: state.discharge.dischargedAt,
      what: dischargeWords(state.discharge),
      by: state.discharge.dischargedBy,
      kind: 'milestone',
    });
  if (state.endedEarly)
    entries.push({
      key: 'ended',
      at: state.endedEarly.endedAt,
      what: `Ended early: “${state.endedEarly.reason}”`,
      by: state.endedEarly.endedBy,
      kind: 'milestone',
    });
  return entries.sort((a, b) => b.at - a.at);
}

/** The session timeline, newest first. */
export function SessionTimeline({ state }: { state: SessionState }) {
  const entries = timelineEntries(state);
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {entries.length === 0 ? (
        <p className="muted">No doses or observations yet.</p>
      ) : (
        // A long list scrolls within its height: focusable, so the arrow keys scroll it.
        <ol className="timeline-list" tabIndex={0} aria-labelledby="timeline-title">
          {entries.map((entry) => (
            <li key={entry.key} className={`timeline-entry timeline-${entry.kind}`} data-testid="timeline-entry">
              <time className="timeline-time">{clockTime(entry.at)}</time> <span className="timeline-what">{entry.what}</span>
              {entry.by && <span className="muted"> — {describeActor(entry.by)}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
