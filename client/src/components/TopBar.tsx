import type { CurrentUser } from '../../../shared/http/api';
import { may } from '../../../shared/policy';
import { ROLE_LABELS } from '../../../shared/roles';
import { navigate, paths } from '../app/router';
import { signOut } from '../auth/authStore';
import { ClinicAlarmCount } from '../alarms/ClinicAlarmCount';
import { ConnectionBadge } from './ConnectionBadge';
import { Link } from './Link';

export function TopBar({ user }: { user: CurrentUser }) {
  return (
    <header className="topbar">
      <Link to={paths.clinic()} className="brand">
        Vigil
      </Link>
      <nav aria-label="Main">
        <Link to={paths.clinic()}>Clinic</Link>
        <Link to={paths.board()}>Board</Link>
        <Link to={paths.sessions()}>Sessions</Link>
        {may(user.role, 'device.manage') && <Link to={paths.devices()}>Devices</Link>}
        {may(user.role, 'protocol.manage') && <Link to={paths.protocols()}>Protocols</Link>}
        {may(user.role, 'user.manage') && <Link to={paths.users()}>People</Link>}
        {may(user.role, 'room.manage') && <Link to={paths.rooms()}>Rooms</Link>}
        {may(user.role, 'audit.view') && <Link to={paths.audit()}>Audit</Link>}
      </nav>
      <ClinicAlarmCount />
      <ConnectionBadge />
      <div className="topbar-user">
        <span>
          {user.displayName} <span className="muted">({ROLE_LABELS[user.role]})</span>
        </span>
        <Link to={paths.account()}>Password</Link>
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
    </header>
  );
}
