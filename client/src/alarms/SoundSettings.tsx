import { useStore } from '../app/useStore';
import './sound.css';
import { clockTime } from '../format/time';
import { serverNow } from '../realtime/serverClock';
import type { AlarmSound } from './alarmSound';
import { setVolumePercent, soundSettingsStore, VOLUME } from './soundSettings';

/**
 * This screen's sound: whether the browser or the tablet lets it play (said plainly, with the
 * fix and a large "Enable sound" button when it does not), a test tone, and the volume (kept on
 * this screen). Web Audio cannot see a tablet's own mute switch or volume, so the test tone is
 * the way to be sure; the screen says so. `clinicClock` (the clinic's zone and day, which the test
 * tone's time is written in) is there only so that a memoised copy is redrawn when they change.
 */
export function SoundSettings({ player }: { player: AlarmSound; clinicClock?: string }) {
  const { status, audioState, testTones, lastTestTone } = useStore(player.store, (s) => s);
  const volumePercent = useStore(soundSettingsStore, (s) => s.volumePercent);
  return (
    <div
      className="sound-settings"
      data-testid="sound-settings"
      data-sound-status={status}
      data-audio-state={audioState}
      data-test-tones={testTones}
    >
      {status === 'unavailable' && (
        <p className="sound-muted">✕ Sound not available in this browser — alarms will not be heard: watch the screen</p>
      )}
      {status === 'blocked' && (
        <div className="sound-muted" role="status" data-testid="sound-muted">
          <p>
            <strong>✕ Sound is muted on this screen.</strong> The browser or the tablet is blocking sound
            {audioState === 'suspended' || audioState === 'interrupted' ? ` (audio ${audioState})` : ''}: alarms will not be heard here.
          </p>
          <p>
            Press <em>Enable sound</em>. If it stays muted, allow sound for this site in the browser, switch off the tablet’s silent mode
            and turn its volume up.
          </p>
          <button type="button" className="button-primary sound-enable" onClick={() => void player.enable()}>
            ♪ Enable sound
          </button>
        </div>
      )}
      {status !== 'unavailable' && (
        <div className="sound-controls">
          <button type="button" className="button-quiet" onClick={() => void player.testTone(serverNow())}>
            Play test tone
          </button>
          {/* In the row, not above it: the board's one-line toolbar keeps its height while the check runs. */}
          {status === 'checking' && (
            <span role="status" data-testid="sound-checking">
              … Checking whether this screen can sound — not confirmed yet
            </span>
          )}
          <label className="sound-volume">
            Volume{' '}
            <input
              type="range"
              min={VOLUME.minPercent}
              max={VOLUME.maxPercent}
              step={VOLUME.stepPercent}
              value={volumePercent}
              aria-valuetext={`${volumePercent}%`}
              onChange={(event) => setVolumePercent(Number(event.target.value))}
            />{' '}
            <output data-testid="sound-volume">{volumePercent}%</output>
          </label>
          {lastTestTone && (
            <span role="status" data-testid="test-tone-result">
              {lastTestTone.played
                ? `♪ Test tone played at ${clockTime(lastTestTone.at)} (volume ${lastTestTone.volumePercent}%) — if you heard nothing, check the tablet’s volume and silent mode`
                : `✕ Test tone at ${clockTime(lastTestTone.at)} could not play: sound is blocked`}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
