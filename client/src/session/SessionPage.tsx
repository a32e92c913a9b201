import { memo, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { CurrentUser } from '../../../shared/http/api';
import { isOpenPhase } from '../../../shared/session/phases';
import type { ManualVitalSet } from '../../../shared/vitals/schema';
import type { Reading } from '../../../shared/session/state';
import { paths } from '../app/router';
import { useServerNow, useStore } from '../app/useStore';
import { clinicStore } from '../clinic/clinicStore';
import { Link } from '../components/Link';
import { lazyPart } from '../components/lazyPart';
import { PartBoundary } from '../components/PartBoundary';
import { entriesForSession, outboxStore } from '../outbox/outbox';
import type { OutboxEntry } from '../outbox/storage';
import { connectionStore } from '../realtime/connectionStore';
import { usePortal } from '../realtime/PortalProvider';
import { serverNow } from '../realtime/serverClock';
import { ReadingsTable } from './ReadingsTable';
import { SessionHeader } from './SessionHeader';
import { VitalsChart } from './VitalsChart';
import { focusVitalsEntry, VitalsEntryPanel, VITALS_SHORTCUT } from './VitalsEntryPanel';
import { LatestVitals } from './LatestVitals';
import { sessionStore } from './store/sessionStore';
import { loadSessionProtocol, protocolStore } from './store/protocolStore';
import { SessionTimeline } from './lifecycle/SessionTimeline';
import { pendingOf, useSessionSubmit } from '../realtime/submit';
import { handOverTablet } from './lifecycle/handOver';
import type { Instrument } from '../../../shared/questionnaires/instruments';
import { ArtifactAction } from './alarms/ArtifactAction';
import { ConfirmReadingAction } from './ConfirmReadingAction';
import { may } from '../../../shared/policy';
import { SessionAlarms } from './alarms/SessionAlarms';

// The lifecycle panels (pre-dose, dose, observation, discharge, the closed record) arrive just after the first paint,
// like the chart's drawing: the readings, the latest vitals, the alarms and the entry form come first.
// If they cannot load, the boundary says so in their place and the rest of the page keeps working.
const LifecyclePanels = lazyPart(() => import('./lifecycle/LifecyclePanels').then((module) => module.LifecyclePanels));

/** Said by a part of the page that failed: the session itself goes on. */
const SESSION_STILL_WORKS = 'The session goes on: vitals entry, the alarms, the readings and the connection still work.';

const LIFECYCLE_EVENTS = [
  'checklist.tick',
  'checklist.untick',
  'predose.acknowledgeAdvisory',
  'dose.record',
  'observation.record',
  'session.discharge',
  'session.endEarly',
  'amendment.record',
] as const;

/**
 * Whether a reading with this id is in the session: looked for from the newest, where a queued
 * reading's stored copy is, and only for the few queued entries (never a set of every reading's
 * id at each render of a long session's page).
 */
function isStored(readings: readonly Reading[], readingId: string): boolean {
  for (let i = readings.length - 1; i >= 0; i -= 1) if (readings[i]!.readingId === readingId) return true;
  return false;
}

// The phases that take readings (shared rule): also when a reading may be marked or confirmed.

/** Server time now, as one function for the page's life (the memoised panels below keep seeing the same one). */
const currentServerTime = () => serverNow();

// The entry form shows no reading: memoised, a monitor's reading (every second) does not redraw it.
const MemoVitalsEntryPanel = memo(VitalsEntryPanel);

/** How often a session page without its protocol asks for it again while connected. */
const PROTOCOL_RETRY_MS = 3_000;

export function SessionPage({ sessionId, user }: { sessionId: string; user: CurrentUser }) {
  const portal = usePortal();
  const watched = useStore(sessionStore, (s) => s.sessions[sessionId]);
  const roomName = useStore(clinicStore, (s) => s.rooms?.find((room) => room.roomId === watched?.state?.roomId)?.roomName);
  const entries = useStore(outboxStore, (s) => s.entries);
  const now = useServerNow();
  const [reentry, setReentry] = useState<{ key: string; values: Record<string, string> } | null>(null);

  const protocol = useStore(protocolStore, (s) => s.bySession[sessionId] ?? null);
  useEffect(() => portal.watchSession(sessionId), [portal, sessionId]);
  // Loaded once the server can be reached (again): a page reloaded offline gets its protocol when
  // the network returns. A load that failed while connected (the server busy, the tablet's sign-in
  // changing hands) is asked again until it comes: without it the panels would wait for good.
  const connected = useStore(connectionStore, (s) => s.status === 'connected');
  const hasProtocol = protocol !== null;
  useEffect(() => {
    if (!connected || hasProtocol) return;
    void loadSessionProtocol(sessionId);
    const retry = setInterval(() => void loadSessionProtocol(sessionId), PROTOCOL_RETRY_MS);
    return () => clearInterval(retry);
  }, [sessionId, connected, hasProtocol]);
  useEffect(() => portal.watchClinic(), [portal]);
  const submit = useSessionSubmit(sessionId);
  // The readings list's rows are memoised on these: the same functions while the role and phase
  // allow the same, so a new reading or a clock tick does not redraw every row.
  const openPhase = watched?.state ? isOpenPhase(watched.state.phase) : false;
  const mayMark = openPhase && may(user.role, 'reading.markArtifact');
  const mayConfirm = openPhase && may(user.role, 'reading.confirm');
  const artifactAction = useCallback(
    (reading: Reading) => <ArtifactAction sessionId={sessionId} reading={reading} userId={user.userId} />,
    [sessionId, user.userId],
  );
  const confirmAction = useCallback(
    (reading: Reading) => <ConfirmReadingAction sessionId={sessionId} reading={reading} userId={user.userId} />,
    [sessionId, user.userId],
  );
  const loadInterval = useCallback((from: number, to: number) => portal.readingsInInterval(sessionId, from, to), [portal, sessionId]);
  const discard = useCallback((commandId: string) => void portal.discard(commandId), [portal]);
  const handOver = useCallback((instrument: Instrument) => handOverTablet(portal, sessionId, instrument), [portal, sessionId]);
  const record = useCallback(
    async ({ vitals, observedAt }: { vitals: ManualVitalSet; observedAt: number }): Promise<string | null> => {
      await submit('vitals.record', { observedAt, vitals });
      return null;
    },
    [submit],
  );
  // The lifecycle panels' own queued entries: the same array until the outbox changes.
  const lifecycleEntries = useMemo(() => pendingOf(entries, sessionId, user.userId, LIFECYCLE_EVENTS), [entries, sessionId, user.userId]);

  if (!watched?.state) {
    return (
      <main className="page">
        {watched?.error ? (
          <>
            <h1>Session unavailable</h1>
            <p role="alert">{watched.error}</p>
          </>
        ) : (
          <p className="muted">Loading session…</p>
        )}
        <Link to={paths.clinic()}>Back to the clinic</Link>
      </main>
    );
  }
  const state = watched.state;
  // A reading's id is its command id: once the server's event is here, the queued copy is not shown twice.
  const pending = entriesForSession(entries, sessionId).filter(
    (entry) => entry.event === 'vitals.record' && entry.userId === user.userId && !isStored(state.readings, entry.commandId),
  );
  const canRecord = may(user.role, 'vitals.record') && isOpenPhase(state.phase);

  function reenter(entry: OutboxEntry) {
    const request = entry.request as unknown as { vitals: ManualVitalSet };
    const values: Record<string, string> = {};
    for (const [key, number] of Object.entries(request.vitals)) values[key] = String(number);
    setReentry({ key: entry.commandId, values });
    void portal.discard(entry.commandId);
  }

  return (
    <main className="page session-page">
      <SessionAlarms sessionId={sessionId} state={state} user={user} now={now} />
      <SessionHeader state={state} roomName={roomName ?? 'Room'} now={now} updatedAt={watched.updatedAt} protocol={protocol} />
      <div className="session-layout">
        <div className="session-main">
          <LatestVitals
            state={state}
            now={now}
            shortcut={
              canRecord && (
                <button
                  type="button"
                  className="button-quiet vitals-shortcut"
                  aria-keyshortcuts={VITALS_SHORTCUT.keys}
                  onClick={focusVitalsEntry}
                >
                  Enter vitals ({VITALS_SHORTCUT.keys})
                </button>
              )
            }
          />
          <VitalsChart state={state} now={now} thinning={watched.thinning} />
          <SessionTimeline state={state} />
          <ReadingsTable
            readings={state.readings}
            thinning={watched.thinning}
            loadInterval={loadInterval}
            pending={pending}
            onDiscard={discard}
            onReenter={reenter}
            artifactAction={mayMark ? artifactAction : undefined}
            confirmAction={mayConfirm ? confirmAction : undefined}
          />
        </div>
        <aside className="session-side">
          {canRecord && (
            <MemoVitalsEntryPanel
              key={reentry?.key ?? 'entry'}
              initial={reentry?.values}
              serverNow={currentServerTime}
              notBefore={state.openedAt}
              onSubmit={record}
              waitingCount={pending.filter((entry) => entry.status === 'waiting').length}
            />
          )}
          <PartBoundary part="The session's steps (pre-dose, dose, observation, discharge)" stillWorks={SESSION_STILL_WORKS}>
            <Suspense fallback={<p className="muted lifecycle-loading">Loading the session's steps…</p>}>
              <LifecyclePanels
                state={state}
                protocol={protocol}
                user={user}
                now={now}
                serverNow={currentServerTime}
                entries={lifecycleEntries}
                submit={submit}
                onDiscard={discard}
                onHandOver={handOver}
              />
            </Suspense>
          </PartBoundary>
        </aside>
      </div>
    </main>
  );
}
