import type { RoomSummary } from '../../../shared/clinic/rooms';
import { ALARM_VISUALS } from '../../../shared/alerts/sound';
import { useStore } from '../app/useStore';
import { SoundSettings } from '../alarms/SoundSettings';
import { clockTime } from '../format/time';
import type { BoardSound } from './boardSound';

/** The board's one place for sound: this screen's settings (enable, test tone, volume), pause, resume. */
export function SoundControls({ sound, rooms, now }: { sound: BoardSound; rooms: readonly RoomSummary[]; now: number }) {
  const { status, pause, sounding } = useStore(sound.store, (s) => s);
  return (
    <div className="board-sound" data-testid="board-sound">
      <SoundSettings player={sound.player} />
      {status === 'on' && !pause && (
        <span>{sounding ? `♪ Sounding: ${ALARM_VISUALS[sounding].label} ${ALARM_VISUALS[sounding].marker}` : '♪ Sound on'}</span>
      )}
      {pause && now < pause.untilMs ? (
        <>
          <span>✕ Audio paused until {clockTime(pause.untilMs)}</span>
          <button type="button" className="button-quiet" onClick={() => sound.endPause()}>
            Resume sound
          </button>
        </>
      ) : (
        sounding && (
          <button type="button" className="button-quiet" onClick={() => sound.pause(rooms, now)}>
            Pause audio
          </button>
        )
      )}
    </div>
  );
}
