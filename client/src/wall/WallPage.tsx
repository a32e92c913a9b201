import { useEffect, useMemo, useState } from 'react';
import { useServerNow, useStore } from '../app/useStore';
import { SoundSettings } from '../alarms/SoundSettings';
import { createBoardSound } from '../board/boardSound';
import { orderRooms } from '../board/order';
import { clinicStore } from '../clinic/clinicStore';
import { clockTime, clockTimeWithSeconds } from '../format/time';
import { connectionStore, type ConnectionStatus } from '../realtime/connectionStore';
import { usePortal } from '../realtime/PortalProvider';
import { serverNow } from '../realtime/serverClock';
import { wallGrid } from './wallLayout';
import { WallTile } from './WallTile';
import './wall.css';

const STATUS_WORDS: Record<ConnectionStatus, { icon: string; text: string }> = {
  connecting: { icon: '◌', text: 'Connecting…' },
  connected: { icon: '●', text: 'Live' },
  reconnecting: { icon: '◐', text: 'Not live — reconnecting' },
  offline: { icon: '✕', text: 'Not live — no network' },
  refused: { icon: '✕', text: 'Not connected' },
};

function useViewport(): { widthPx: number; heightPx: number } {
  const [size, setSize] = useState(() => ({ widthPx: window.innerWidth, heightPx: window.innerHeight }));
  useEffect(() => {
    const onResize = () => setSize({ widthPx: window.innerWidth, heightPx: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

/** Room the header takes above the grid, for choosing the grid (CSS sizes the rows exactly). */
const HEADER_ESTIMATE_PX = 80;

/**
 * The wall board: every room of the clinic in a grid that fills the screen, in the clinic's
 * fixed room order (each room keeps its place on the wall; an alarm flashes and says itself in
 * words), with the link's state said plainly. It only looks: nothing here acknowledges or opens.
 * The socket module reconnects by itself; a wall display signed in with its key needs nobody.
 */
export function WallPage({ name }: { name: string }) {
  const portal = usePortal();
  const { rooms, updatedAt } = useStore(clinicStore, (s) => s);
  const connection = useStore(connectionStore, (s) => s);
  const now = useServerNow(1_000);
  const { widthPx, heightPx } = useViewport();
  const sound = useMemo(() => createBoardSound(), []);

  useEffect(() => portal.watchClinic(), [portal]);
  useEffect(() => () => sound.dispose(), [sound]);
  useEffect(() => {
    if (rooms) sound.update(rooms, now);
  }, [sound, rooms, now]);

  const ordered = rooms ? orderRooms(rooms, 'fixed') : [];
  const grid = wallGrid(ordered.length, widthPx, heightPx - HEADER_ESTIMATE_PX);
  const live = connection.status === 'connected';
  const words = STATUS_WORDS[connection.status];
  return (
    <main className="wall-page" aria-labelledby="wall-title" data-connection={connection.status}>
      <header className="wall-header">
        <h1 id="wall-title">
          Vigil board <span className="wall-name">{name}</span>
        </h1>
        <p className={`wall-connection wall-connection-${connection.status}`} role="status" data-testid="wall-connection">
          <span aria-hidden="true">{words.icon} </span>
          {words.text}
          {!live && connection.status !== 'connecting' && ` since ${clockTime(serverNow(connection.since))}`}
          {connection.detail ? ` — ${connection.detail}` : ''}
          {!live && ` — rooms as of ${updatedAt ? clockTimeWithSeconds(serverNow(updatedAt)) : 'never'}`}
        </p>
        <p className="wall-clock" aria-label="Server time">
          {clockTime(now)}
        </p>
        {typeof document.documentElement.requestFullscreen === 'function' && (
          <button type="button" className="button-quiet wall-fullscreen" onClick={() => void document.documentElement.requestFullscreen()}>
            Full screen
          </button>
        )}
      </header>
      <div className="wall-sound">
        <SoundSettings player={sound.player} />
      </div>
      {rooms === null ? (
        <p className="wall-loading">Loading rooms…</p>
      ) : (
        <ul
          className="wall-grid"
          aria-label="Rooms, in the clinic's order"
          data-columns={grid.columns}
          data-rows={grid.rows}
          style={{
            gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))`,
          }}
        >
          {ordered.map((room) => (
            <WallTile key={room.roomId} room={room} now={now} offline={!live} />
          ))}
        </ul>
      )}
    </main>
  );
}
