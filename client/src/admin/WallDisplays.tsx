import { useState, type FormEvent } from 'react';
import type { WallDisplayCreated, WallDisplaySummary } from '../../../shared/admin/api';
import type { Failure } from '../../../shared/result';
import { adminApi } from './adminApi';
import { useAdminList } from './useAdminList';
import { fieldMessage } from '../components/fieldMessages';
import { ErrorAlert } from '../components/ErrorAlert';
import { clinicDate } from '../format/time';

/** The link a wall screen opens: the key rides in the fragment, which browsers never send to a server. */
export function wallLink(origin: string, key: string): string {
  return `${origin}/wall#key=${key}`;
}

/** The clinic's calendar day of an instant, as every date in Vigil (not this screen's zone). */
function dateOf(epochMs: number): string {
  return clinicDate(epochMs);
}

/**
 * Wall displays: read-only screens for the board on a wall, each opened with a key an admin
 * creates here (shown once) and revokes here (its screen closes at once).
 */
export function WallDisplays() {
  const { rows: displays, loadError, refresh } = useAdminList(adminApi.wallDisplays, 'wallDisplays');
  const [displayName, setDisplayName] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [created, setCreated] = useState<WallDisplayCreated | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    const result = await adminApi.createWallDisplay({ displayName });
    if (!result.ok) return setFailure(result);
    setFailure(null);
    setNotice(null);
    setCreated(result);
    setDisplayName('');
    await refresh();
  }

  async function revoke(display: WallDisplaySummary) {
    setConfirming(null);
    const result = await adminApi.revokeWallDisplay(display.userId);
    setNotice(result.ok ? `✓ ${display.displayName} revoked: its screen has been disconnected.` : `⚠ ${result.error.message}`);
    if (created?.wallDisplay.userId === display.userId) setCreated(null);
    await refresh();
  }

  const nameError = fieldMessage(failure, 'displayName');
  return (
    <section className="admin-form wall-displays" aria-labelledby="wall-displays-title">
      <h2 id="wall-displays-title">Wall displays</h2>
      <p className="muted">
        A wall display shows the board on a wall screen without a person signed in. It sees the rooms and acknowledges nothing. Its key
        works for a year or until you revoke it.
      </p>
      <ErrorAlert message={loadError} warningSign />
      {displays !== null && displays.length > 0 && (
        <ul className="person-list" aria-label="Wall displays">
          {displays.map((display) => (
            <li key={display.userId} className="person-row" data-testid="wall-display">
              <strong>{display.displayName}</strong>{' '}
              {display.revoked ? (
                <span className="badge badge-refused">Revoked</span>
              ) : (
                <span className="muted">
                  {display.keyExpiresAt !== null ? `key works until ${dateOf(display.keyExpiresAt)}` : 'key expired'}
                </span>
              )}
              {!display.revoked &&
                (confirming === display.userId ? (
                  <span className="wall-display-confirm">
                    Revoke {display.displayName}? Its screen goes dark now.{' '}
                    <button type="button" className="button-primary" onClick={() => void revoke(display)}>
                      Yes, revoke
                    </button>{' '}
                    <button type="button" className="button-quiet" onClick={() => setConfirming(null)}>
                      Keep it
                    </button>
                  </span>
                ) : (
                  <button type="button" className="button-quiet" onClick={() => setConfirming(display.userId)}>
                    Revoke {display.displayName}
                  </button>
                ))}
            </li>
          ))}
        </ul>
      )}
      {notice && <p role="status">{notice}</p>}
      {created && (
        <div className="wall-display-key" role="status" data-testid="wall-display-key">
          <p>
            <strong>Open this link on the wall screen for {created.wallDisplay.displayName}.</strong> It is shown only now: copy it before
            you leave this page.
          </p>
          <label htmlFor="wall-display-link">Wall display link</label>
          <input id="wall-display-link" readOnly value={wallLink(window.location.origin, created.key)} onFocus={(e) => e.target.select()} />
        </div>
      )}
      <form onSubmit={onCreate} noValidate>
        <div className="admin-form-fields">
          <div>
            <label htmlFor="new-wall-display-name">Where it hangs</label>
            <input
              id="new-wall-display-name"
              value={displayName}
              maxLength={120}
              onChange={(e) => setDisplayName(e.target.value)}
              {...(nameError ? { 'aria-invalid': true, 'aria-describedby': 'new-wall-display-error' } : {})}
            />
            {nameError && (
              <span id="new-wall-display-error" className="field-error">
                ⚠ {nameError}
              </span>
            )}
          </div>
        </div>
        {failure && !nameError && <p className="field-error">⚠ {failure.error.message}</p>}
        <button type="submit" className="button-primary">
          Create wall display
        </button>
      </form>
    </section>
  );
}
