import { useState, type FormEvent } from 'react';
import { loginRequestSchema } from '../../../shared/http/api';
import { parseInput } from '../../../shared/validation';
import { navigate, paths } from '../app/router';
import { signIn } from '../auth/authStore';

export function LoginPage({ next, notice }: { next: string | null; notice: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseInput(loginRequestSchema, { username, password });
    if (!parsed.ok) return setError(parsed.error.message);
    setBusy(true);
    const failure = await signIn(parsed.value);
    setBusy(false);
    if (failure) {
      setError(failure.error.message);
      setPassword('');
      return;
    }
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : paths.clinic(), { replace: true });
  }

  return (
    <main className="login">
      <h1>Vigil</h1>
      <p className="muted">Session monitoring for ketamine and esketamine dosing</p>
      {notice && <p className="notice">{notice}</p>}
      <form onSubmit={onSubmit} noValidate className="login-form">
        <label htmlFor="login-username">Username</label>
        <input
          id="login-username"
          name="username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
