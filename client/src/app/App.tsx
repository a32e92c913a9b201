import { lazy, Suspense, useEffect } from 'react';
import { may } from '../../../shared/policy';
import { isWallDisplay } from '../../../shared/roles';
import { authStore, checkSignedIn, signInWithWallKey } from '../auth/authStore';
import { DemoBanner } from '../components/DemoBanner';
import { TopBar } from '../components/TopBar';
import { ClinicZoneNotice } from '../components/ClinicZoneNotice';
import { EscalationBanner } from '../alarms/EscalationBanner';
import { ServerClockBanner } from '../alarms/ServerClockBanner';
import { SessionPage } from '../session/SessionPage';
import { usePortal } from '../realtime/PortalProvider';
import { wallKeyInLocation } from '../wall/wallKey';
import { navigate, paths, routeStore } from './router';
import { useStore } from './useStore';

// Pages a bedside nurse does not open on a first load arrive on demand, so the session page starts small.
const ClinicPage = lazy(() => import('../pages/ClinicPage').then((module) => ({ default: module.ClinicPage })));
const LoginPage = lazy(() => import('../pages/LoginPage').then((module) => ({ default: module.LoginPage })));
const BoardPage = lazy(() => import('../board/BoardPage').then((module) => ({ default: module.BoardPage })));
const DevicesPage = lazy(() => import('../devices/DevicesPage').then((module) => ({ default: module.DevicesPage })));
const ProtocolsPage = lazy(() => import('../protocols/ProtocolsPage').then((module) => ({ default: module.ProtocolsPage })));
const UsersPage = lazy(() => import('../admin/UsersPage').then((module) => ({ default: module.UsersPage })));
const RoomsPage = lazy(() => import('../admin/RoomsPage').then((module) => ({ default: module.RoomsPage })));
const AuditPage = lazy(() => import('../admin/AuditPage').then((module) => ({ default: module.AuditPage })));
const ChangePasswordPage = lazy(() => import('../account/ChangePasswordPage').then((module) => ({ default: module.ChangePasswordPage })));
const SessionsPage = lazy(() => import('../record/SessionsPage').then((module) => ({ default: module.SessionsPage })));
const ReportPage = lazy(() => import('../record/ReportPage').then((module) => ({ default: module.ReportPage })));
const WallScreen = lazy(() => import('../wall/WallScreen').then((module) => ({ default: module.WallScreen })));
const PatientsPage = lazy(() => import('../patients/PatientsPage').then((module) => ({ default: module.PatientsPage })));
const PatientPage = lazy(() => import('../patients/PatientPage').then((module) => ({ default: module.PatientPage })));
const HandoverScreen = lazy(() => import('../handover/HandoverScreen').then((module) => ({ default: module.HandoverScreen })));
const RemsFormPage = lazy(() => import('../record/RemsFormPage').then((module) => ({ default: module.RemsFormPage })));

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
      <Suspense fallback={<p className="page muted">Loading…</p>}>
        <HandoverScreen handover={handover} userId={auth.user.userId} />
      </Suspense>
    );
  }
  if (route.page === 'wall' || wallDisplay) {
    return (
      <Suspense fallback={<p className="page muted">Loading…</p>}>
        <WallScreen auth={auth} />
      </Suspense>
    );
  }
  if (auth.status === 'checking') return <p className="page muted">Loading Vigil…</p>;
  if (auth.status === 'signed_out' || route.page === 'login') {
    return (
      <>
        <DemoBanner />
        <Suspense fallback={<p className="page muted">Loading…</p>}>
          <LoginPage next={route.page === 'login' ? route.next : path} notice={auth.status === 'signed_out' ? auth.notice : null} />
        </Suspense>
      </>
    );
  }
  // An admin set this password: nothing else until the person has chosen their own.
  if (auth.user.mustChangePassword) {
    return (
      <Suspense fallback={<p className="page muted">Loading…</p>}>
        <ChangePasswordPage user={auth.user} />
      </Suspense>
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
        <Suspense fallback={<p className="page muted">Loading…</p>}>
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
        </Suspense>
      </div>
    </>
  );
}
