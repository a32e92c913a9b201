import { useState, type FormEvent } from 'react';
import type { UserSummary } from '../../../shared/admin/api';
import { PERSON_ROLES, personRoleSchema, ROLE_LABELS, type PersonRole } from '../../../shared/roles';
import type { Failure, Result } from '../../../shared/result';
import { clockTime } from '../format/time';
import { adminApi } from './adminApi';
import { fieldMessage } from '../components/fieldMessages';
import { Options } from '../components/Options';

/**
 * One person on the Users page: role, status and sign-ins, with the admin's controls. Each
 * change acts at once on the person's open screens (the server closes them); the result or the
 * refusal shows on this row.
 */
export function PersonRow({ person, isSelf, onChanged }: { person: UserSummary; isSelf: boolean; onChanged: () => Promise<void> }) {
  const [role, setRole] = useState<PersonRole>(person.role);
  const [password, setPassword] = useState('');
  const [settingPassword, setSettingPassword] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const label = `${person.displayName} (${person.username})`;

  async function act(result: Promise<Result>, message: string) {
    const answer = await result;
    if (!answer.ok) {
      setDone(null);
      return setFailure(answer);
    }
    setFailure(null);
    setDone(message);
    await onChanged();
  }
  async function onPassword(event: FormEvent) {
    event.preventDefault();
    await act(
      adminApi.resetPassword(person.userId, password),
      `New password set for ${person.displayName}; they choose their own at next sign-in.`,
    );
    setPassword('');
    setSettingPassword(false);
  }

  const passwordError = fieldMessage(failure, 'password');
  return (
    <li className="person-row" aria-label={label}>
      <div className="person-head">
        <strong>{person.displayName}</strong> <span className="muted">{person.username}</span>{' '}
        <span className="badge">{ROLE_LABELS[person.role]}</span> {person.disabled && <span className="badge badge-refused">Disabled</span>}
        {person.mustChangePassword && !person.disabled && <span className="badge badge-pending">Must choose a password</span>}
        {isSelf && <span className="muted"> (you)</span>}
      </div>
      <div className="person-actions">
        <label htmlFor={`role-${person.userId}`}>Role</label>
        <select
          id={`role-${person.userId}`}
          value={role}
          disabled={isSelf}
          onChange={(e) => setRole(personRoleSchema.parse(e.target.value))}
        >
          <Options choices={PERSON_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </select>
        <button
          type="button"
          className="button-quiet"
          disabled={isSelf || role === person.role}
          onClick={() => void act(adminApi.updateUser(person.userId, { role }), `${person.displayName} is now ${ROLE_LABELS[role]}.`)}
        >
          Change role
        </button>
        {person.disabled ? (
          <button
            type="button"
            className="button-quiet"
            onClick={() => void act(adminApi.updateUser(person.userId, { disabled: false }), `${person.displayName} can sign in again.`)}
          >
            Enable {person.displayName}
          </button>
        ) : (
          <button
            type="button"
            className="button-quiet"
            disabled={isSelf}
            onClick={() =>
              void act(
                adminApi.updateUser(person.userId, { disabled: true }),
                `${person.displayName} is disabled and signed out everywhere.`,
              )
            }
          >
            Disable {person.displayName}
          </button>
        )}
        <button type="button" className="button-quiet" aria-expanded={settingPassword} onClick={() => setSettingPassword(!settingPassword)}>
          Set password…
        </button>
      </div>
      {settingPassword && (
        <form className="person-password" onSubmit={onPassword} noValidate>
          <label htmlFor={`password-${person.userId}`}>New password for {person.displayName}</label>
          <input
            id={`password-${person.userId}`}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={passwordError ? true : undefined}
          />
          <button type="submit" className="button-primary">
            Set password
          </button>
        </form>
      )}
      {person.signIns.length > 0 && (
        <ul className="person-sign-ins" aria-label={`Sign-ins of ${person.displayName}`}>
          {person.signIns.map((signIn) => (
            <li key={signIn.signInId}>
              Signed in {clockTime(signIn.createdAt)} from {signIn.remoteAddress ?? 'an unknown address'}, until{' '}
              {clockTime(signIn.expiresAt)}{' '}
              <button
                type="button"
                className="button-quiet"
                onClick={() => void act(adminApi.revokeSignIn(person.userId, signIn.signInId), 'Sign-in ended; that screen is signed out.')}
              >
                End this sign-in
              </button>
            </li>
          ))}
        </ul>
      )}
      {failure && <p className="field-error">⚠ {passwordError ?? failure.error.message}</p>}
      {done && <p role="status">✓ {done}</p>}
    </li>
  );
}
