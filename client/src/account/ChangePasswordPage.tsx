import { useState, type FormEvent } from 'react';
import { PASSWORD_POLICY_TEXT } from '../../../shared/admin/passwordPolicy';
import type { CurrentUser } from '../../../shared/http/api';
import type { Failure } from '../../../shared/result';
import { adminApi } from '../admin/adminApi';
import { fieldMessage } from '../components/fieldMessages';
import { passwordChanged } from '../auth/authStore';
import { LabelledInput } from '../components/LabelledInput';

/**
 * A person changes their own password: on their own from the top bar, or before anything else
 * when an admin has set it. Other sign-ins of theirs end; this one stays.
 */
export function ChangePasswordPage({ user }: { user: CurrentUser }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
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
    setCurrent('');
    setNew('');
    setRepeat('');
    passwordChanged(result.user);
  }

  const currentError = fieldMessage(failure, 'currentPassword');
  const newError = fieldMessage(failure, 'newPassword');
  return (
    <main className="login">
      <h1>Choose your password</h1>
      {user.mustChangePassword && <p className="notice">An admin set your password. Choose your own before going on.</p>}
      <p className="muted">{PASSWORD_POLICY_TEXT}</p>
      <form className="login-form" onSubmit={onSubmit} noValidate>
        <LabelledInput
          id="current-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          error={currentError}
        />
        <LabelledInput
          id="new-password"
          label="New password"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          error={newError}
        />
        <LabelledInput
          id="repeat-password"
          label="New password again"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          error={repeatError}
        />
        {failure && !currentError && !newError && <p className="field-error">⚠ {failure.error.message}</p>}
        {done && <p role="status">✓ Your password is changed. Other sign-ins of yours have ended.</p>}
        <button type="submit" className="button-primary">
          Change password
        </button>
      </form>
    </main>
  );
}
