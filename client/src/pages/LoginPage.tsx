import { navigate, paths } from '../app/router';
import { signIn } from '../auth/authStore';
import { CredentialFields, useCredentials } from '../components/CredentialFields';

export function LoginPage({ next, notice }: { next: string | null; notice: string | null }) {
  const { busy, onSubmit, fields } = useCredentials(signIn, () =>
    navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : paths.clinic(), { replace: true }),
  );

  return (
    <main className="login">
      <h1>Vigil</h1>
      <p className="muted">Session monitoring for ketamine and esketamine dosing</p>
      {notice && <p className="notice">{notice}</p>}
      <form onSubmit={onSubmit} noValidate className="login-form">
        <CredentialFields idPrefix="login" usernameLabel="Username" autoComplete="sign-in" fields={fields} />
        <button type="submit" className="button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
