import { ALARM_VISUALS } from '../../../shared/alerts/sound';
import type { AlarmPriority } from '../../../shared/alerts/types';
import type { AlarmAudioPause } from '../../../shared/alerts/types';
import { describeActor } from '../../../shared/session/actor';
import { memo } from 'react';
import { clinicClockKey, clockTime } from '../format/time';
import type { AlarmSound, AlarmSoundStatus, AudioPause } from './alarmSound';
import { SoundSettings } from './SoundSettings';
import { countdownText } from './alarmText';

// The sound settings show nothing of a reading or of the clock's tick: memoised, so a monitor's
// reading (every second) does not redraw them (React sets a redrawn input's name and type again).
const MemoSoundSettings = memo(SoundSettings);

export interface AlarmSoundBarProps {
  status: AlarmSoundStatus;
  sounding: AlarmPriority | null;
  /** The pause in force, or null. */
  pause: AudioPause | null;
  /** The session's recorded pause (who paused), if that is the one in force. */
  recordedPause: AlarmAudioPause | null;
  /** Unacknowledged alarms that would sound but for a pause: the Pause button is offered. */
  pausable: boolean;
  audioPauseMinutes: number;
  /** Nurses, prescribers and therapists may pause (policy alarm.pauseAudio). */
  canPause: boolean;
  now: number;
  onEnable(): void;
  onPause(): void;
  /** The player: with it, this screen's sound settings (muted state and how to fix it, test tone, volume) follow the line. */
  player?: AlarmSound;
}

/** The tray's sound line: on, sounding, blocked by the browser (said plainly), or paused with a countdown. */
export function AlarmSoundBar(props: AlarmSoundBarProps) {
  const { status, sounding, pause, recordedPause, now } = props;
  const paused = pause !== null && now < pause.untilMs;
  const pausedBy = paused && recordedPause && recordedPause.untilMs === pause.untilMs ? ` by ${describeActor(recordedPause.pausedBy)}` : '';
  // The settings below say "unavailable" and "muted" at length, with the large button.
  const settings = props.player !== undefined;
  return (
    <>
      <div className="alarm-sound" data-testid="alarm-sound" data-sound-status={status} data-sounding={sounding ?? 'none'}>
        {status === 'unavailable' && !settings && <span>✕ Sound is not available in this browser — watch the screen</span>}
        {status === 'checking' && !settings && <span role="status">… Checking sound — not confirmed yet</span>}
        {status === 'blocked' && !settings && (
          <span className="alarm-sound-blocked" role="status">
            ✕ Sound is off — click or press any key to enable{' '}
            <button type="button" className="button-quiet" onClick={props.onEnable}>
              Enable sound
            </button>
          </span>
        )}
        {status === 'on' && !paused && (
          <span>{sounding ? `♪ Sounding: ${ALARM_VISUALS[sounding].marker} ${ALARM_VISUALS[sounding].label}` : '♪ Sound on'}</span>
        )}
        {paused && (
          <span className="alarm-paused" data-testid="audio-paused">
            ‖ Audio paused{pausedBy} — {countdownText(pause.untilMs - now)} left (until {clockTime(pause.untilMs)}); nothing is acknowledged
            {sounding ? ` — a new alarm is sounding: ${ALARM_VISUALS[sounding].marker} ${ALARM_VISUALS[sounding].label}` : ''}
          </span>
        )}
        {props.canPause && props.pausable && (!paused || sounding !== null) && (
          <button type="button" className="button-quiet alarm-pause" onClick={props.onPause}>
            Pause audio {props.audioPauseMinutes} min
          </button>
        )}
      </div>
      {props.player && <MemoSoundSettings player={props.player} clinicClock={clinicClockKey(now)} />}
    </>
  );
}
