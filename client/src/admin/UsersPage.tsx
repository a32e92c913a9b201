import { useCallback, useEffect, useState } from 'react';
import type { UserSummary } from '../../../shared/admin/api';
import type { CurrentUser } from '../../../shared/http/api';
import { AddPersonForm } from './AddPersonForm';
import { adminApi } from './adminApi';
import { PersonRow } from './PersonRow';
import { WallDisplays } from './WallDisplays';
import { ErrorAlert } from '../components/ErrorAlert';

/** People: who may sign in, in which role, and where they are signed in now (admins). */
export function UsersPage({ user }: { user: CurrentUser }) {
  const [people, setPeople] = useState<UserSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await adminApi.users();
    if (!result.ok) return setLoadError(result.error.message);
    setLoadError(null);
    setPeople(result.users);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

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
