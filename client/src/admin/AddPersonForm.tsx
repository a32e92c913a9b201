import { useState, type FormEvent } from 'react';
import { PASSWORD_POLICY_TEXT } from '../../../shared/admin/passwordPolicy';
import { PERSON_ROLES, personRoleSchema, ROLE_LABELS, type PersonRole } from '../../../shared/roles';
import type { Failure } from '../../../shared/result';
import { LabelledInput } from '../components/LabelledInput';
import { adminApi } from './adminApi';
import { fieldMessage, fieldMessages } from '../components/fieldMessages';
import { Options } from '../components/Options';

/** Adds a person with a first password the admin hands over; they choose their own when they first sign in. */
export function AddPersonForm({ onAdded }: { onAdded: () => Promise<void> }) {
  const [displayName, setDisplayName] = useState('');
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<PersonRole>('nurse');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await adminApi.createUser({ displayName, username, role, password });
    if (!result.ok) {
      setAdded(null);
      return setFailure(result);
    }
    setFailure(null);
    setAdded(result.user.displayName);
    setDisplayName('');
    setUsername('');
    setPassword('');
    await onAdded();
  }

  const errors = fieldMessages(failure, ['displayName', 'username', 'password']);
  const roleError = fieldMessage(failure, 'role');
  return (
    <form className="admin-form" onSubmit={onSubmit} aria-labelledby="add-person-title" noValidate>
      <h2 id="add-person-title">Add a person</h2>
      <div className="admin-form-fields">
        <div>
          <LabelledInput
            id="new-person-displayName"
            label="Name"
            value={displayName}
            maxLength={120}
            onChange={(e) => setDisplayName(e.target.value)}
            error={errors.displayName}
            describeError
          />
        </div>
        <div>
          <LabelledInput
            id="new-person-username"
            label="Username"
            value={username}
            maxLength={64}
            autoComplete="off"
            onChange={(e) => setUsername(e.target.value)}
            error={errors.username}
            describeError
          />
        </div>
        <div>
          <label htmlFor="new-person-role">Role</label>
          <select id="new-person-role" value={role} onChange={(e) => setRole(personRoleSchema.parse(e.target.value))}>
            <Options choices={PERSON_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
          </select>
          {roleError && (
            <span id="new-person-role-error" className="field-error">
              ⚠ {roleError}
            </span>
          )}
        </div>
        <div>
          <LabelledInput
            id="new-person-password"
            label="First password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
            describeError
          />
        </div>
      </div>
      <p className="muted">{PASSWORD_POLICY_TEXT} They choose their own at first sign-in.</p>
      {errors.other && <p className="field-error">⚠ {errors.other}</p>}
      {added && <p role="status">✓ Added {added}.</p>}
      <button type="submit" className="button-primary">
        Add person
      </button>
    </form>
  );
}
