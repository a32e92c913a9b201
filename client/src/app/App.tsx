import { Suspense, useEffect, type ReactNode } from 'react';
import { may } from '../../../shared/policy';
import { isWallDisplay } from '../../../shared/roles';
import { authStore, checkSignedIn, signInWithWallKey } from '../auth/authStore';
import { DemoBanner } from '../components/DemoBanner';
import { lazyPart } from '../components/lazyPart';
import { PartBoundary } from '../components/PartBoundary';
import { TopBar } from '../components/TopBar';
import { ClinicZoneNotice } from '../components/ClinicZoneNotice';
import { EscalationBanner } from '../alarms/EscalationBanner';
import { ServerClockBanner } from '../alarms/ServerClockBanner';
import { SessionPage } from '../session/SessionPage';
import { usePortal } from '../realtime/PortalProvider';
import { wallKeyInLocation } from '../wall/wallKey';
import { navigate, paths, routeStore } from './router';
import { useStore } from './useStore';

// Pages a bedside nurse does not open on a first load arrive on demand, so the session page starts small;
// one that cannot load, or fails while drawing, is said so in its place by PageSlot's boundary.
const ClinicPage = lazyPart(() => import('../pages/ClinicPage').then((module) => module.ClinicPage));
const LoginPage = lazyPart(() => import('../pages/LoginPage').then((module) => module.LoginPage));
const BoardPage = lazyPart(() => import('../board/BoardPage').then((module) => module.BoardPage));
const DevicesPage = lazyPart(() => import('../devices/DevicesPage').then((module) => module.DevicesPage));
const ProtocolsPage = lazyPart(() => import('../protocols/ProtocolsPage').then((module) => module.ProtocolsPage));
const UsersPage = lazyPart(() => import('../admin/UsersPage').then((module) => module.UsersPage));
const RoomsPage = lazyPart(() => import('../admin/RoomsPage').then((module) => module.RoomsPage));
const AuditPage = lazyPart(() => import('../admin/AuditPage').then((module) => module.AuditPage));
const ChangePasswordPage = lazyPart(() => import('../account/ChangePasswordPage').then((module) => module.ChangePasswordPage));
const SessionsPage = lazyPart(() => import('../record/SessionsPage').then((module) => module.SessionsPage));
const ReportPage = lazyPart(() => import('../record/ReportPage').then((module) => module.ReportPage));
const WallScreen = lazyPart(() => import('../wall/WallScreen').then((module) => module.WallScreen));
const PatientsPage = lazyPart(() => import('../patients/PatientsPage').then((module) => module.PatientsPage));
const PatientPage = lazyPart(() => import('../patients/PatientPage').then((module) => module.PatientPage));
const HandoverScreen = lazyPart(() => import('../handover/HandoverScreen').then((module) => module.HandoverScreen));
const RemsFormPage = lazyPart(() => import('../record/RemsFormPage').then((module) => module.RemsFormPage));

/**
 * A page's place: "Loading…" while its code arrives, and if it cannot load or fails while drawing,
 * a message with "Try again" in its place (what is outside, the top bar, keeps working). A move
 * to another page (`path`) clears the failure.
 */
function PageSlot({ path, stillWorks = '', children }: { path: string; stillWorks?: string; children: ReactNode }) {
  return (
    <PartBoundary part="This page" stillWorks={stillWorks} resetKey={path}>
      <Suspense fallback={<p className="page muted">Loading…</p>}>{children}</Suspense>
    </PartBoundary>
  );
}

export function App() {
  const portal = usePortal();
  const auth = useStore(authStore, (s) => s);
  const { route, path } = useStore(routeStore, (s) => s);

  useEffect(() => {
    // A wall screen opened with its key: the key becomes this browser's sign-in, and leaves the address.
    const wallKey = wallKeyInLocation(window.location);
    if (wallKey === null) return void checkSignedIn();
    window.history.replaceState(null, '', paths.wall());
    void signInWithWallKey(wallKey);
  }, []);

  // The tablet is with the patient: nothing of the record, whatever the address says (HandoverScreen).
  const handover = auth.status === 'signed_in' ? (auth.handover ?? null) : null;
  // No live connection until a person holding an admin-set password has chosen their own (the server refuses it).
  const userId = auth.status === 'signed_in' && !auth.user.mustChangePassword ? auth.user.userId : null;
  // Handed over, the outbox sends only the patient's answers (the clinician's own entries wait for their screen).
  const outboxUser = userId && handover ? `handover:${userId}` : userId;
  useEffect(() => {
    if (!outboxUser) return;
    portal.start(outboxUser);
    return () => portal.stop();
  }, [portal, outboxUser]);
  // Every page shows the clinic's alarm count (and escalations to prescribers): keep the clinic stream watched.
  useEffect(() => (userId && !handover ? portal.watchClinic() : undefined), [portal, userId, handover]);

  const wallDisplay = auth.status === 'signed_in' && isWallDisplay(auth.user.role);
  useEffect(() => {
    if (handover) return;
    // The wall page says itself why it is dark: a wall has nobody to type a password.
    if (auth.status === 'signed_out' && route.page !== 'login' && route.page !== 'wall') navigate(paths.login(path), { replace: true });
    if (wallDisplay && route.page !== 'wall') navigate(paths.wall(), { replace: true });
    if (auth.status === 'signed_in' && route.page === 'login') navigate(route.next ?? paths.clinic(), { replace: true });
  }, [auth.status, wallDisplay, route, path, handover]);

  if (auth.status === 'signed_in' && handover) {
    return (
      <PageSlot path={path}>
        <HandoverScreen handover={handover} userId={auth.user.userId} />
      </PageSlot>
    );
  }
  if (route.page === 'wall' || wallDisplay) {
    return (
      <PageSlot path={path}>
        <WallScreen auth={auth} />
      </PageSlot>
    );
  }
  if (auth.status === 'checking') return <p className="page muted">Loading Vigil…</p>;
  if (auth.status === 'signed_out' || route.page === 'login') {
    return (
      <>
        <DemoBanner />
        <PageSlot path={path}>
          <LoginPage next={route.page === 'login' ? route.next : path} notice={auth.status === 'signed_out' ? auth.notice : null} />
        </PageSlot>
      </>
    );
  }
  // An admin set this password: nothing else until the person has chosen their own.
  if (auth.user.mustChangePassword) {
    return (
      <PageSlot path={path}>
        <ChangePasswordPage user={auth.user} />
      </PageSlot>
    );
  }
  return (
    <>
      <DemoBanner />
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <TopBar user={auth.user} />
      <ServerClockBanner role={auth.user.role} />
      <ClinicZoneNotice />
      {may(auth.user.role, 'alarm.receiveEscalations') && (
        <EscalationBanner currentSessionId={route.page === 'session' ? route.sessionId : null} />
      )}
      <div id="main">
        <PageSlot path={path} stillWorks="The top bar above still works: open another page from it.">
          {route.page === 'clinic' && <ClinicPage />}
          {route.page === 'board' && <BoardPage />}
          {route.page === 'devices' && <DevicesPage user={auth.user} />}
          {route.page === 'users' && <UsersPage user={auth.user} />}
          {route.page === 'rooms' && <RoomsPage />}
          {route.page === 'audit' && <AuditPage />}
          {route.page === 'account' && <ChangePasswordPage user={auth.user} />}
          {route.page === 'protocols' && <ProtocolsPage user={auth.user} protocolId={route.protocolId} />}
          {route.page === 'session' && <SessionPage key={route.sessionId} sessionId={route.sessionId} user={auth.user} />}
          {route.page === 'sessions' && <SessionsPage search={route.search} />}
          {route.page === 'report' && <ReportPage key={route.sessionId} sessionId={route.sessionId} user={auth.user} />}
          {route.page === 'rems' && <RemsFormPage key={route.sessionId} sessionId={route.sessionId} user={auth.user} />}
          {route.page === 'patients' && <PatientsPage user={auth.user} />}
          {route.page === 'patient' && <PatientPage key={route.patientId} patientId={route.patientId} user={auth.user} />}
          {route.page === 'not_found' && (
            <main className="page">
              <h1>Page not found</h1>
              <p>Nothing lives at {route.path}.</p>
            </main>
          )}
        </PageSlot>
      </div>
    </>
  );
}
