import { useState, type FormEvent } from 'react';
import { loginRequestSchema, type LoginRequest } from '../../../shared/http/api';
import type { Failure } from '../../../shared/result';
import { parseInput } from '../../../shared/validation';
import { ErrorAlert } from './ErrorAlert';

/**
 * A username and password form: checked against the sign-in schema, then `send` (the server
 * checks them). The password is cleared after the server's answer; a refusal is shown.
 */
export function useCredentials(send: (request: LoginRequest) => Promise<Failure | null>, onAccepted: () => void) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseInput(loginRequestSchema, { username, password });
    if (!parsed.ok) return setError(parsed.error.message);
    setBusy(true);
    const failure = await send(parsed.value);
    setBusy(false);
    setPassword('');
    if (failure) return setError(failure.error.message);
    onAccepted();
  }

  return { busy, onSubmit, fields: { username, setUsername, password, setPassword, error } };
}

export type CredentialState = ReturnType<typeof useCredentials>['fields'];

/**
 * The labelled username and password inputs and the refusal under them. `autoComplete="off"`
 * where the device is not the person's own (a tablet handed to a patient must not offer saved
 * staff passwords); otherwise the browser may fill in a saved sign-in.
 */
export function CredentialFields({
  idPrefix,
  usernameLabel,
  autoComplete,
  fields,
}: {
  idPrefix: string;
  usernameLabel: string;
  autoComplete: 'sign-in' | 'off';
  fields: CredentialState;
}) {
  const signIn = autoComplete === 'sign-in';
  return (
    <>
      <label htmlFor={`${idPrefix}-username`}>{usernameLabel}</label>
      <input
        id={`${idPrefix}-username`}
        name={signIn ? 'username' : undefined}
        autoComplete={signIn ? 'username' : 'off'}
        autoFocus
        value={fields.username}
        onChange={(e) => fields.setUsername(e.target.value)}
      />
      <label htmlFor={`${idPrefix}-password`}>Password</label>
      <input
        id={`${idPrefix}-password`}
        name={signIn ? 'password' : undefined}
        type="password"
        autoComplete={signIn ? 'current-password' : 'off'}
        value={fields.password}
        onChange={(e) => fields.setPassword(e.target.value)}
      />
      <ErrorAlert message={fields.error} />
    </>
  );
}
