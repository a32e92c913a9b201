import { ClinicZoneFact } from '../components/ClinicZoneNotice';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RoomAdminRow } from '../../../shared/admin/api';
import type { Failure, Result } from '../../../shared/result';
import { adminApi } from './adminApi';
import { fieldMessage } from '../components/fieldMessages';

function RoomRow({ room, onChanged }: { room: RoomAdminRow; onChanged: () => Promise<void> }) {
  const [name, setName] = useState(room.name);
  const [failure, setFailure] = useState<Failure | null>(null);
  async function act(result: Promise<Result>) {
    const answer = await result;
    if (!answer.ok) return setFailure(answer);
    setFailure(null);
    await onChanged();
  }
  const retired = room.retiredAt !== null;
  return (
    <li className="person-row" aria-label={room.name}>
      <div className="person-head">
        <strong>{room.name}</strong> <span className="muted">{room.roomId}</span>{' '}
        {retired ? (
          <span className="badge badge-refused">Retired</span>
        ) : room.running ? (
          <span className="badge">Session running</span>
        ) : (
          <span className="badge">Empty</span>
        )}
      </div>
      <form
        className="person-actions"
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void act(adminApi.updateRoom(room.roomId, { name }));
        }}
      >
        <label htmlFor={`room-name-${room.roomId}`}>Name</label>
        <input id={`room-name-${room.roomId}`} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="button-quiet" disabled={name.trim() === room.name}>
          Rename
        </button>
        <button type="button" className="button-quiet" onClick={() => void act(adminApi.updateRoom(room.roomId, { retired: !retired }))}>
          {retired ? `Bring ${room.name} back` : `Retire ${room.name}`}
        </button>
      </form>
      {failure && <p className="field-error">⚠ {fieldMessage(failure, 'name') ?? failure.error.message}</p>}
    </li>
  );
}

/** Rooms (admins): add, rename, retire (history kept; off the board, no new sessions) and bring back. */
export function RoomsPage() {
  const [rooms, setRooms] = useState<RoomAdminRow[] | null>(null);
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const refresh = useCallback(async () => {
    const result = await adminApi.rooms();
    if (!result.ok) return setFailure(result);
    setRooms(result.rooms);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    const result = await adminApi.createRoom({ name });
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setName('');
    await refresh();
  }

  return (
    <main className="page admin-page">
      <h1>Rooms</h1>
      <ClinicZoneFact />
      <p className="muted">A retired room keeps every session’s record; it leaves the clinic and the board and takes no new session.</p>
      {rooms && (
        <ul className="person-list" aria-label="Rooms">
          {rooms.map((room) => (
            <RoomRow key={`${room.roomId}:${room.name}:${room.retiredAt}`} room={room} onChanged={refresh} />
          ))}
        </ul>
      )}
      <form className="admin-form" onSubmit={onAdd} noValidate aria-labelledby="add-room-title">
        <h2 id="add-room-title">Add a room</h2>
        <label htmlFor="new-room-name">Name</label>
        <input id="new-room-name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        {failure && <p className="field-error">⚠ {fieldMessage(failure, 'name') ?? failure.error.message}</p>}
        <button type="submit" className="button-primary">
          Add room
        </button>
      </form>
    </main>
  );
}
