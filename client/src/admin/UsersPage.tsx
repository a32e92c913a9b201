import type { CurrentUser } from '../../../shared/http/api';
import { AddPersonForm } from './AddPersonForm';
import { adminApi } from './adminApi';
import { useAdminList } from './useAdminList';
import { PersonRow } from './PersonRow';
import { WallDisplays } from './WallDisplays';
import { ErrorAlert } from '../components/ErrorAlert';

/** People: who may sign in, in which role, and where they are signed in now (admins). */
export function UsersPage({ user }: { user: CurrentUser }) {
  const { rows: people, loadError, refresh } = useAdminList(adminApi.users, 'users');

  return (
    <main className="page admin-page">
      <h1>People</h1>
      <p className="muted">
        A change takes effect at once: a disabled person, a changed role or an ended sign-in closes their open screens.
      </p>
      <ErrorAlert message={loadError} warningSign />
      {people === null ? (
        !loadError && <p className="muted">Loading people…</p>
      ) : (
        <ul className="person-list" aria-label="People">
          {people.map((person) => (
            <PersonRow key={`${person.userId}:${person.role}`} person={person} isSelf={person.userId === user.userId} onChanged={refresh} />
          ))}
        </ul>
      )}
      <AddPersonForm onAdded={refresh} />
      <WallDisplays />
    </main>
  );
}
