import { useEffect, useState } from 'react';
import type { AuthState } from '../auth/authStore';
import { isWallDisplay } from '../../../shared/roles';
import { paths } from '../app/router';
import { WallPage } from './WallPage';
import './wall.css';

/**
 * `/wall`: the wall board for whoever is signed in (a wall display's key, or a person), and
 * otherwise a plain page saying why nothing shows — never the sign-in form on a wall.
 */
export function WallScreen({ auth }: { auth: AuthState }) {
  // Once signed in as a wall display, a later sign-out means the key stopped working.
  const [wasWallDisplay, setWasWallDisplay] = useState(false);
  useEffect(() => {
    if (auth.status === 'signed_in' && isWallDisplay(auth.user.role)) setWasWallDisplay(true);
  }, [auth]);

  if (auth.status === 'checking') return <p className="wall-message">Opening the wall board…</p>;
  if (auth.status === 'signed_in') return <WallPage name={isWallDisplay(auth.user.role) ? auth.user.displayName : ''} />;
  return (
    <main className="wall-message" aria-labelledby="wall-off-title">
      <h1 id="wall-off-title">✕ Wall board not connected</h1>
      <p role="alert" data-testid="wall-signed-out">
        {wasWallDisplay
          ? 'This wall display was disconnected: its key was revoked or has expired. Ask an admin for a new wall display link.'
          : (auth.notice ?? 'This screen is not signed in.')}
      </p>
      <p>
        A wall display opens with the link an admin creates on the People page (Wall displays). A person can also{' '}
        <a href={paths.login(paths.wall())}>sign in</a> to show the board here.
      </p>
    </main>
  );
}
