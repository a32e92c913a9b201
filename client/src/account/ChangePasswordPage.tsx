import { useState, type FormEvent } from 'react';
import { PASSWORD_POLICY_TEXT } from '../../../shared/admin/passwordPolicy';
import type { CurrentUser } from '../../../shared/http/api';
import type { Failure } from '../../../shared/result';
import { adminApi } from '../admin/adminApi';
import { fieldMessages } from '../components/fieldMessages';
import { passwordChanged } from '../auth/authStore';
import { LabelledInput } from '../components/LabelledInput';

const NO_PASSWORDS = { currentPassword: '', newPassword: '', repeat: '' };

const PASSWORD_FIELDS = [
  { key: 'currentPassword', id: 'current-password', label: 'Current password', autoComplete: 'current-password' },
  { key: 'newPassword', id: 'new-password', label: 'New password', autoComplete: 'new-password' },
  { key: 'repeat', id: 'repeat-password', label: 'New password again', autoComplete: 'new-password' },
] as const;

/**
 * A person changes their own password: on their own from the top bar, or before anything else
 * when an admin has set it. Other sign-ins of theirs end; this one stays.
 */
export function ChangePasswordPage({ user }: { user: CurrentUser }) {
  const [passwords, setPasswords] = useState(NO_PASSWORDS);
  const { currentPassword, newPassword, repeat } = passwords;
  const [failure, setFailure] = useState<Failure | null>(null);
  const [repeatError, setRepeatError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (repeat !== newPassword) return setRepeatError('The two new passwords differ');
    setRepeatError(null);
    const result = await adminApi.changeOwnPassword({ currentPassword, newPassword });
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setDone(true);
    setPasswords(NO_PASSWORDS);
    passwordChanged(result.user);
  }

  const errors = { ...fieldMessages(failure, ['currentPassword', 'newPassword']), repeat: repeatError };
  return (
    <main className="login">
      <h1>Choose your password</h1>
      {user.mustChangePassword && <p className="notice">An admin set your password. Choose your own before going on.</p>}
      <p className="muted">{PASSWORD_POLICY_TEXT}</p>
      <form className="login-form" onSubmit={onSubmit} noValidate>
        {PASSWORD_FIELDS.map(({ key, ...field }) => (
          <LabelledInput
            key={key}
            {...field}
            type="password"
            value={passwords[key]}
            onChange={(e) => setPasswords({ ...passwords, [key]: e.target.value })}
            error={errors[key]}
          />
        ))}
        {errors.other && <p className="field-error">⚠ {errors.other}</p>}
        {done && <p role="status">✓ Your password is changed. Other sign-ins of yours have ended.</p>}
        <button type="submit" className="button-primary">
          Change password
        </button>
      </form>
    </main>
  );
}
