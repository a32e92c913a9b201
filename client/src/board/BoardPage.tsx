import { useEffect, useMemo, useState } from 'react';
import type { RoomSummary } from '../../../shared/clinic/rooms';
import { navigate, paths } from '../app/router';
import { useServerNow, useStore } from '../app/useStore';
import { clinicStore } from '../clinic/clinicStore';
import { clockTime } from '../format/time';
import { serverNow } from '../realtime/serverClock';
import { connectionStore, isLive } from '../realtime/connectionStore';
import { usePortal } from '../realtime/PortalProvider';
import { sessionSubmitter } from '../realtime/submit';
import { boardSettingsStore, rememberFocus, setOrderMode } from './boardSettings';
import { createBoardSound } from './boardSound';
import { BoardView } from './BoardView';
import { SoundControls } from './SoundControls';
import { ErrorAlert } from '../components/ErrorAlert';

function useWindowWidth(): number {
  const [width, setWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}

/**
 * The prescriber's board: every room at a glance from the clinic-wide stream of room
 * summaries (never the full sessions), most urgent first, with one sound for the board.
 */
export function BoardPage() {
  const portal = usePortal();
  const { rooms, error, updatedAt } = useStore(clinicStore, (s) => s);
  const status = useStore(connectionStore, (s) => s.status);
  const deliveryPausedSince = useStore(connectionStore, (s) => s.deliveryPausedSince);
  const { orderMode, focusedRoomId } = useStore(boardSettingsStore, (s) => s);
  const now = useServerNow(1_000);
  const widthPx = useWindowWidth();
  const sound = useMemo(() => createBoardSound(), []);
  const [notice, setNotice] = useState<string | null>(null);
  // Coming back from a room: focus returns to the tile that was opened.
  const [restoreFocus] = useState(() => boardSettingsStore.getState().focusedRoomId !== null);

  useEffect(() => portal.watchClinic(), [portal]);
  useEffect(() => () => sound.dispose(), [sound]);
  useEffect(() => {
    if (rooms) sound.update(rooms, now);
  }, [sound, rooms, now]);

  async function acknowledge(room: RoomSummary) {
    const session = room.session;
    if (!session) return;
    const alarmIds = session.unacknowledgedAlarmIds;
    const submit = sessionSubmitter(portal, session.sessionId);
    for (const alarmId of alarmIds) await submit('alarm.acknowledge', { alarmId });
    setNotice(`${room.roomName}: ${alarmIds.length === 1 ? 'alarm' : `${alarmIds.length} alarms`} acknowledged at ${clockTime(now)}`);
  }

  function open(room: RoomSummary) {
    if (!room.session) return;
    rememberFocus(room.roomId);
    navigate(paths.session(room.session.sessionId));
  }

  const offline = !isLive({ status, deliveryPausedSince });
  return (
    <main className="board-page" aria-labelledby="board-title">
      <div className="board-toolbar">
        <h1 id="board-title">Board</h1>
        {offline && (
          <p className="board-offline" role="alert">
            {status === 'connected' && deliveryPausedSince !== null
              ? `⚠ Not fully live since ${clockTime(deliveryPausedSince)}: rooms whose screens use another Vigil server may not update here`
              : `⚠ Not live — rooms as of ${updatedAt ? clockTime(serverNow(updatedAt)) : 'never'}`}
          </p>
        )}
        <SoundControls sound={sound} rooms={rooms ?? []} now={now} />
        <label className="board-setting">
          <input
            type="checkbox"
            checked={orderMode === 'fixed'}
            onChange={(event) => setOrderMode(event.target.checked ? 'fixed' : 'by_need')}
          />{' '}
          Fixed room order
        </label>
        <p className="visually-hidden" role="status" aria-live="polite">
          {notice}
        </p>
      </div>
      <ErrorAlert message={error} />
      {rooms === null ? (
        <p className="muted">Loading rooms…</p>
      ) : (
        <BoardView
          rooms={rooms}
          now={now}
          orderMode={orderMode}
          offline={offline}
          widthPx={widthPx}
          focusedRoomId={focusedRoomId}
          restoreFocus={restoreFocus}
          onFocusRoom={rememberFocus}
          onAcknowledge={(room) => void acknowledge(room)}
          onOpen={open}
        />
      )}
    </main>
  );
}
