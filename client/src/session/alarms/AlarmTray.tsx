import type { ReactNode } from 'react';
import { activeAlarms, alarmsNeedingSound, currentValueOf } from '../../../../shared/alerts/selectors';
import type { AlarmRecord } from '../../../../shared/alerts/types';
import type { SessionState } from '../../../../shared/session/state';
import { AlarmRow } from './AlarmRow';
import { AlarmSoundBar, type AlarmSoundBarProps } from '../../alarms/AlarmSoundBar';
import { alarmSummaryText } from '../../alarms/alarmText';
import { useStickyHeight } from '../../components/stickyHeight';
import { useStore } from '../../app/useStore';
import { connectionStore, isLive } from '../../realtime/connectionStore';

export interface AlarmTrayProps {
  state: SessionState;
  /** Server time. */
  now: number;
  /** Nurses and prescribers own alarms; everyone sees them. */
  /** Whether this screen's person may acknowledge this alarm (by its kind: a therapist only PHQ-9 item 9's). */
  canAcknowledge: (record: AlarmRecord) => boolean;
  /** Alarm ids this screen has sent an acknowledgement for that the record does not show yet. */
  sendingIds: ReadonlySet<string>;
  onAcknowledge(alarmId: string, note: string | undefined): void;
  sound: Omit<AlarmSoundBarProps, 'now' | 'pausable' | 'recordedPause'>;
  /** Monitor samples held back as suspected artifacts (SuspectedArtifacts), under the alarms. */
  suspects?: ReactNode;
  /** One-tap "Artifact" / "Real" for a checking alarm, when the screen offers it. */
  judgeFor?(record: AlarmRecord): ReactNode;
}

/**
 * The alarm tray at the top of every session screen: each open alarm, most urgent first, with
 * its marker and words (never colour alone), and the session's sound line.
 */
export function AlarmTray({ state, now, canAcknowledge, sendingIds, onAcknowledge, sound, suspects, judgeFor }: AlarmTrayProps) {
  const tray = useStickyHeight<HTMLElement>('--tray-height');
  const live = useStore(connectionStore, isLive);
  const open = activeAlarms(state);
  const needing = alarmsNeedingSound(state, now, null);
  const unacknowledged = open.filter((record) => record.acknowledgedAt === null).length;
  const headline =
    open.length === 0
      ? live
        ? '✓ No open alarms'
        : '? None heard — not live: an alarm raised now may not reach this screen'
      : `${open.length} open ${open.length === 1 ? 'alarm' : 'alarms'}${unacknowledged > 0 ? `, ${unacknowledged} not acknowledged` : ''}`;
  const first = needing[0];
  return (
    <section
      ref={tray}
      className={`alarm-tray${open.length === 0 && live ? ' alarm-tray-calm' : ''}`}
      aria-labelledby="alarm-tray-title"
      data-testid="alarm-tray"
    >
      <div className="alarm-tray-head">
        <h2 id="alarm-tray-title">
          Alarms: <span data-testid="alarm-headline">{headline}</span>
        </h2>
        <AlarmSoundBar {...sound} now={now} pausable={needing.length > 0} recordedPause={state.alarmAudioPause} />
      </div>
      {/* Said once when the most urgent sounding alarm changes, for screen readers. */}
      <p className="visually-hidden" role="alert">
        {first ? alarmSummaryText(first, now).split('; since')[0] : ''}
      </p>
      {open.length > 0 && (
        <ul className="alarm-list" aria-label="Open alarms, most urgent first">
          {open.map((record) => (
            <AlarmRow
              key={`${record.alarmId}#${record.occurrence}`}
              record={record}
              now={now}
              canAcknowledge={canAcknowledge(record)}
              sending={sendingIds.has(record.alarmId) && record.acknowledgedAt === null}
              onAcknowledge={onAcknowledge}
              judge={judgeFor?.(record)}
              current={currentValueOf(state, record.parameter)}
            />
          ))}
        </ul>
      )}
      {suspects}
    </section>
  );
}
