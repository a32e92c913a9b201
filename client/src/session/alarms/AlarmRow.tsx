import { useState, type FormEvent, type ReactNode } from 'react';
import { describeValue } from '../../../../shared/alerts/format';
import { ALARM_VISUALS } from '../../../../shared/alerts/sound';
import type { AlarmRecord } from '../../../../shared/alerts/types';
import { acknowledgedText, alarmStatusText, alarmSummaryText, sinceText } from '../../alarms/alarmText';
import { FormButtons } from '../../components/FormActions';

export interface AlarmRowProps {
  record: AlarmRecord;
  now: number;
  canAcknowledge: boolean;
  /** An acknowledgement from this screen is on its way (queued in the outbox). */
  sending: boolean;
  onAcknowledge(alarmId: string, note: string | undefined): void;
  /** For a "checking" alarm raised by a monitor sample: its one-tap "Artifact" / "Real". */
  judge?: ReactNode;
  /** The parameter's newest value (`currentValueOf`): shown when it moved on from the value the alarm was raised on. */
  current?: { value: number; at: number } | null;
}

/** The row's look: priority, and whether it still asks for someone (flashing) or is owned (steady). */
function rowClasses(record: AlarmRecord): string {
  const classes = ['alarm-row', `alarm-row-${record.priority}`, `alarm-status-${record.status}`];
  const asking = (record.status === 'active' || record.status === 'latched') && record.acknowledgedAt === null;
  classes.push(asking ? 'alarm-asking' : 'alarm-owned');
  return classes.join(' ');
}

/**
 * One open alarm: marker and priority word, the message, since when, its state in words, who
 * owns it; Acknowledge in one click, or with a note typed in place (no dialog).
 */
export function AlarmRow({ record, now, canAcknowledge, sending, onAcknowledge, judge, current = null }: AlarmRowProps) {
  const [noting, setNoting] = useState(false);
  const [note, setNote] = useState('');
  const visual = ALARM_VISUALS[record.priority];
  const acknowledged = acknowledgedText(record);
  const needsOwner = record.acknowledgedAt === null && record.status !== 'cleared';
  const noteId = `alarm-note-${record.alarmId}`;
  // The alarm keeps the value it was raised on; a patient who got worse (MOAA/S 1, now 0) or better says so here.
  const lastCrossingAt = record.crossings.at(-1)?.at ?? record.raisedAt;
  const movedOn =
    current !== null &&
    record.parameter !== null &&
    record.parameter !== 'news2' &&
    current.at > lastCrossingAt &&
    current.value !== record.value
      ? describeValue(record.parameter, current.value)
      : null;

  function submitNote(event: FormEvent) {
    event.preventDefault();
    onAcknowledge(record.alarmId, note.trim() === '' ? undefined : note.trim());
    setNoting(false);
    setNote('');
  }

  return (
    <li
      className={rowClasses(record)}
      data-testid="alarm-row"
      data-alarm-id={record.alarmId}
      data-priority={record.priority}
      data-status={record.status}
      aria-label={movedOn ? `${alarmSummaryText(record, now)}; now ${movedOn}` : alarmSummaryText(record, now)}
    >
      <div className="alarm-row-text">
        <span className="alarm-marker" aria-hidden="true">
          {visual.marker}
        </span>
        <strong className="alarm-priority">{visual.label.toUpperCase()}</strong>
        {record.technical && <span className="badge">equipment</span>}
        <span className="alarm-message">{record.message}</span>
        {movedOn && (
          <span className="alarm-now" data-testid="alarm-now">
            now {movedOn}
          </span>
        )}
        <span className="alarm-since">{sinceText(record.raisedAt, now)}</span>
        <span className="alarm-state">
          {record.status === 'recheck' ? '⏳ ' : record.status === 'latched' ? '↺ ' : ''}
          {alarmStatusText(record)}
        </span>
        {acknowledged && <span className="alarm-owner">✓ {acknowledged}</span>}
      </div>
      {judge}
      {canAcknowledge && needsOwner && (
        <div className="alarm-actions">
          {sending ? (
            <span className="badge badge-pending">⏳ Acknowledging…</span>
          ) : noting ? (
            <form className="alarm-note-form" onSubmit={submitNote}>
              <label htmlFor={noteId} className="visually-hidden">
                Note for {record.message}
              </label>
              <input
                id={noteId}
                autoFocus
                maxLength={500}
                placeholder="Note (optional)"
                value={note}
                onChange={(event) => setNote(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') setNoting(false);
                }}
              />
              <FormButtons onCancel={() => setNoting(false)}>Acknowledge</FormButtons>
            </form>
          ) : (
            <>
              <button
                type="button"
                className="button-primary alarm-ack"
                onClick={() => onAcknowledge(record.alarmId, undefined)}
                aria-label={`Acknowledge: ${record.message}`}
              >
                Acknowledge
              </button>
              <button
                type="button"
                className="button-quiet"
                onClick={() => setNoting(true)}
                // The name starts with the words on the button (WCAG 2.5.3), then says which alarm.
                aria-label={`With note… — acknowledge: ${record.message}`}
              >
                With note…
              </button>
            </>
          )}
        </div>
      )}
    </li>
  );
}
