import { useRef, useState, type KeyboardEvent } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import { may } from '../../../shared/policy';
import { ROLE_LABELS } from '../../../shared/roles';
import { navigate, paths, routeStore } from '../app/router';
import { useStore } from '../app/useStore';
import { signOut } from '../auth/authStore';
import { ClinicAlarmCount } from '../alarms/ClinicAlarmCount';
import { ConnectionBadge } from './ConnectionBadge';
import { Link } from './Link';
import { ThemeChoice } from './ThemeChoice';
import { useOneRowBar } from './oneRowBar';
import { useStickyHeight } from './stickyHeight';

/**
 * Always one row. Where the pages fit, they are links in the bar and the menu holds the account
 * (password, colours, sign out); where they do not (a tablet, a zoomed page, a laptop with many
 * pages), the brand, the clinic's alarms and the connection stay in view and the pages and the
 * account open under "Menu".
 */
export function TopBar({ user }: { user: CurrentUser }) {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const header = useStickyHeight<HTMLElement>('--topbar-height');
  const path = useStore(routeStore, (s) => s.path);
  // The pages go under "Menu" when they do not fit on the bar's one row (who is signed in sets how many there are).
  useOneRowBar(header, 'topbar-narrow', `${user.role} ${user.displayName}`);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    toggle.current?.focus();
  }

  const link = (to: string, text: string) => (
    <Link to={to} aria-current={path === to ? 'page' : undefined}>
      {text}
    </Link>
  );
  return (
    <header className="topbar" ref={header} onKeyDown={onKeyDown}>
      <Link to={paths.clinic()} className="brand">
        Vigil
      </Link>
      <button
        ref={toggle}
        type="button"
        className="button-quiet menu-toggle"
        aria-expanded={open}
        aria-controls="topbar-menu"
        onClick={() => setOpen(!open)}
      >
        <span className="menu-toggle-narrow">☰ Menu</span>
        <span className="menu-toggle-wide">
          {user.displayName} <span className="muted">({ROLE_LABELS[user.role]})</span> {open ? '▴' : '▾'}
        </span>
      </button>
      <div
        id="topbar-menu"
        className={`topbar-menu${open ? ' is-open' : ''}`}
        // Going to a page closes the menu.
        onClick={(event) => {
          if (event.target instanceof Element && event.target.closest('a')) setOpen(false);
        }}
      >
        <nav aria-label="Main">
          {link(paths.clinic(), 'Clinic')}
          {link(paths.board(), 'Board')}
          {may(user.role, 'session.view') && link(paths.sessions(), 'Sessions')}
          {may(user.role, 'patient.view') && link(paths.patients(), 'Patients')}
          {may(user.role, 'device.manage') && link(paths.devices(), 'Devices')}
          {may(user.role, 'protocol.manage') && link(paths.protocols(), 'Protocols')}
          {may(user.role, 'user.manage') && link(paths.users(), 'People')}
          {may(user.role, 'room.manage') && link(paths.rooms(), 'Rooms')}
          {may(user.role, 'audit.view') && link(paths.audit(), 'Audit')}
        </nav>
        <div className="topbar-user">
          <span className="topbar-user-name">
            {user.displayName} <span className="muted">({ROLE_LABELS[user.role]})</span>
          </span>
          {link(paths.account(), 'Password')}
          <ThemeChoice />
          <button
            type="button"
            className="button-quiet"
            onClick={async () => {
              await signOut();
              navigate(paths.login(), { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      </div>
      <ClinicAlarmCount />
      <ConnectionBadge />
    </header>
  );
}
