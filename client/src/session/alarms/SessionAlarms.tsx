import { useEffect, useMemo, useState } from 'react';
import type { CurrentUser } from '../../../../shared/http/api';
import type { SessionState } from '../../../../shared/session/state';
import { useStore } from '../../app/useStore';
import { entriesForSession, outboxStore } from '../../outbox/outbox';
import type { OutboxEntry } from '../../outbox/storage';
import { usePortal } from '../../realtime/PortalProvider';
import { protocolStore } from '../store/protocolStore';
import { may } from '../../../../shared/policy';
import { useSessionSubmit } from '../../realtime/submit';
import { AlarmTray } from './AlarmTray';
import { alarmsToSound, createAlarmSound, currentPause, unlockOnFirstGesture, type AlarmSound, type AudioPause } from '../../alarms/alarmSound';

/** The clinic default when the session's protocol has not loaded yet (CLINICAL.md / protocol defaults: 2 min). */
const FALLBACK_PAUSE_MINUTES = 2;
const ALARM_COMMANDS = new Set(['alarm.acknowledge', 'alarm.pauseAudio']);

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
  const audioPauseMinutes = useStore(protocolStore, (s) => s.bySession[sessionId]?.audioPauseMinutes ?? FALLBACK_PAUSE_MINUTES);
  const entries = useStore(outboxStore, (s) => s.entries);
  // This screen silences itself at once; the recorded pause (same length, server time) silences the others.
  const [localPause, setLocalPause] = useState<AudioPause | null>(null);
  const pause = currentPause(state, localPause, now);

  useEffect(() => () => sound.dispose(), [sound]);
  useEffect(() => unlockOnFirstGesture(sound), [sound]);
  useEffect(() => {
    sound.update(alarmsToSound(state, now, pause), now);
  }, [sound, state, now, pause]);

  const mine = entriesForSession(entries, sessionId).filter((entry) => entry.userId === user.userId && ALARM_COMMANDS.has(entry.event));
  const sendingIds = new Set(
    mine.filter((entry) => entry.event === 'alarm.acknowledge' && entry.status === 'waiting').map((entry) => String(entry.request.alarmId)),
  );
  const refused = mine.filter((entry) => entry.status === 'refused');
  const submit = useSessionSubmit(sessionId);

  function acknowledge(alarmId: string, note: string | undefined) {
    void submit('alarm.acknowledge', { alarmId, ...(note ? { note } : {}) });
  }

  function pauseAudio() {
    setLocalPause({ pausedAt: now, untilMs: now + audioPauseMinutes * 60_000 });
    void submit('alarm.pauseAudio', {});
  }

  return (
    <>
      <AlarmTray
        state={state}
        now={now}
        canAcknowledge={may(user.role, 'alarm.acknowledge')}
        sendingIds={sendingIds}
        onAcknowledge={acknowledge}
        sound={{
          status,
          sounding,
          pause,
          audioPauseMinutes,
          onEnable: () => void sound.enable(),
          canPause: may(user.role, 'alarm.pauseAudio'),
          onPause: pauseAudio,
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
  const what = entry.event === 'alarm.pauseAudio' ? 'Audio pause' : 'Acknowledgement';
  return (
    <p className="alarm-refused" role="alert">
      ✕ {what} not stored: {entry.refusal?.message ?? 'refused'}{' '}
      <button type="button" className="button-quiet" onClick={() => void portal.discard(entry.commandId)}>
        Dismiss
      </button>
    </p>
  );
}
