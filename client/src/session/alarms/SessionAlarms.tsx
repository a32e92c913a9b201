import { useEffect, useMemo, useState } from 'react';
import type { CurrentUser } from '../../../../shared/http/api';
import type { SessionState } from '../../../../shared/session/state';
import { useStore } from '../../app/useStore';
import { outboxStore } from '../../outbox/outbox';
import type { OutboxEntry } from '../../outbox/storage';
import { usePortal } from '../../realtime/PortalProvider';
import { protocolStore } from '../store/protocolStore';
import { may } from '../../../../shared/policy';
import type { CommandEvent } from '../../realtime/commands';
import { pendingOf, useSessionSubmit } from '../../realtime/submit';
import { suspectedArtifacts } from '../../../../shared/alerts/suspects';
import { mayAcknowledgeAlarm } from '../../../../shared/alerts/acknowledgement';
import { AlarmTray } from './AlarmTray';
import { JudgeButtons, SUSPECTED_ARTIFACT_REASON, SuspectedArtifacts } from './SuspectedArtifacts';
import {
  alarmsToSound,
  createAlarmSound,
  currentPause,
  unlockOnFirstGesture,
  type AlarmSound,
  type AudioPause,
} from '../../alarms/alarmSound';

/** The clinic default when the session's protocol has not loaded yet (CLINICAL.md / protocol defaults: 2 min). */
const FALLBACK_PAUSE_MINUTES = 2;
/** The commands this tray sends (typed by the command table: a misspelt name does not compile), and how a refused one is named. */
const REFUSED_ALARM_COMMAND = {
  'alarm.acknowledge': 'Acknowledgement',
  'alarm.pauseAudio': 'Audio pause',
  'reading.markArtifact': 'Artifact mark',
  'reading.confirm': 'Confirmation',
} as const satisfies Partial<Record<CommandEvent, string>>;
const ALARM_COMMANDS = Object.keys(REFUSED_ALARM_COMMAND) as (keyof typeof REFUSED_ALARM_COMMAND)[];

export interface SessionAlarmsProps {
  sessionId: string;
  state: SessionState;
  user: CurrentUser;
  /** Server time. */
  now: number;
  /** For tests: a sound with a fake AudioContext. */
  sound?: AlarmSound;
}

/**
 * The session screen's alarms: the tray, the sound (repeating while an alarm needs someone and
 * no pause holds), the audio pause (recorded for every screen of the room) and acknowledgement,
 * all sent through the portal's outbox.
 */
export function SessionAlarms({ sessionId, state, user, now, sound: given }: SessionAlarmsProps) {
  const sound = useMemo(() => given ?? createAlarmSound(), [given]);
  const { status, sounding } = useStore(sound.store, (s) => s);
  const protocol = useStore(protocolStore, (s) => s.bySession[sessionId]);
  const audioPauseMinutes = protocol?.audioPauseMinutes ?? FALLBACK_PAUSE_MINUTES;
  const suspects = useMemo(() => {
    if (!protocol) return [];
    // A sample already shown as a "checking" alarm is judged on that row.
    const checking = new Set(state.alarms.filter((record) => record.status === 'recheck').map((record) => record.readingId));
    return suspectedArtifacts(state, protocol).filter((item) => !checking.has(item.readingId));
  }, [state, protocol]);
  const entries = useStore(outboxStore, (s) => s.entries);
  // This screen silences itself at once; the recorded pause (same length, server time) silences the others.
  const [localPause, setLocalPause] = useState<AudioPause | null>(null);
  const pause = currentPause(state, localPause, now);

  useEffect(() => () => sound.dispose(), [sound]);
  useEffect(() => unlockOnFirstGesture(sound), [sound]);
  useEffect(() => {
    sound.update(alarmsToSound(state, now, pause), now);
  }, [sound, state, now, pause]);

  const mine = pendingOf(entries, sessionId, user.userId, ALARM_COMMANDS);
  const sendingIds = new Set(
    mine.filter((entry) => entry.event === 'alarm.acknowledge' && entry.status === 'waiting').map((entry) => String(entry.request.alarmId)),
  );
  const judging = new Set(
    mine
      .filter((entry) => (entry.event === 'reading.markArtifact' || entry.event === 'reading.confirm') && entry.status === 'waiting')
      .map((entry) => String(entry.request.readingId)),
  );
  const refused = mine.filter((entry) => entry.status === 'refused');
  const submit = useSessionSubmit(sessionId);

  function acknowledge(alarmId: string, note: string | undefined) {
    void submit('alarm.acknowledge', { alarmId, ...(note ? { note } : {}) });
  }

  const canJudge = may(user.role, 'reading.markArtifact') && may(user.role, 'reading.confirm');
  const markArtifact = (readingId: string) => void submit('reading.markArtifact', { readingId, reason: SUSPECTED_ARTIFACT_REASON });
  const confirmReal = (readingId: string) => void submit('reading.confirm', { readingId });

  function pauseAudio() {
    setLocalPause({ pausedAt: now, untilMs: now + audioPauseMinutes * 60_000 });
    void submit('alarm.pauseAudio', {});
  }

  return (
    <>
      <AlarmTray
        state={state}
        now={now}
        canAcknowledge={(record) => mayAcknowledgeAlarm(user.role, record.kind)}
        sendingIds={sendingIds}
        onAcknowledge={acknowledge}
        sound={{
          status,
          sounding,
          pause,
          audioPauseMinutes,
          onEnable: () => void sound.enable(),
          player: sound,
          canPause: may(user.role, 'alarm.pauseAudio'),
          onPause: pauseAudio,
        }}
        suspects={
          <SuspectedArtifacts items={suspects} canJudge={canJudge} sendingIds={judging} onArtifact={markArtifact} onReal={confirmReal} />
        }
        judgeFor={(record) => {
          // A "checking" alarm from a monitor sample nobody has judged: the same one tap.
          const reading =
            record.status === 'recheck' && record.readingId ? state.readings.find((r) => r.readingId === record.readingId) : undefined;
          if (!canJudge || !reading || reading.recordedBy.kind !== 'device' || reading.confirmedBy || reading.artifact) return null;
          return (
            <JudgeButtons
              readingId={reading.readingId}
              what={record.message}
              sending={judging.has(reading.readingId)}
              onArtifact={markArtifact}
              onReal={confirmReal}
            />
          );
        }}
      />
      {refused.map((entry) => (
        <RefusedAlarmCommand key={entry.commandId} entry={entry} />
      ))}
    </>
  );
}

function RefusedAlarmCommand({ entry }: { entry: OutboxEntry }) {
  const portal = usePortal();
  const what = REFUSED_ALARM_COMMAND[entry.event as keyof typeof REFUSED_ALARM_COMMAND];
  return (
    <p className="alarm-refused" role="alert">
      ✕ {what} not stored: {entry.refusal?.message ?? 'refused'}{' '}
      <button type="button" className="button-quiet" onClick={() => void portal.discard(entry.commandId)}>
        Dismiss
      </button>
    </p>
  );
}
