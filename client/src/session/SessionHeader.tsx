import type { SessionState } from '../../../shared/session/state';
import { PHASE_LABELS } from '../../../shared/session/state';
import { clockTime, duration } from '../format/time';
import { serverNow } from '../realtime/serverClock';
import type { Protocol } from '../../../shared/protocols/schema';
import { LiveObservationTimer } from './lifecycle/ObservationTimer';

/**
 * Time since the dose while the session runs; once it has ended, the dose's time and how long
 * the session went on after it (a closed record read a week later does not count on).
 */
function sinceDose(state: SessionState, now: number): string {
  if (state.dosedAt === null) return 'Not yet dosed';
  const endedAt = state.discharge?.dischargedAt ?? state.endedEarly?.endedAt ?? null;
  if (endedAt === null) return `${duration(now - state.dosedAt)} (dose at ${clockTime(state.dosedAt)})`;
  return `dose at ${clockTime(state.dosedAt)}, session ended ${duration(endedAt - state.dosedAt)} after it`;
}

export function SessionHeader({
  state,
  roomName,
  now,
  updatedAt,
  protocol = null,
}: {
  state: SessionState;
  roomName: string;
  now: number;
  updatedAt: number | null;
  /** The session's protocol version: with it, the observation timer shows under the facts. */
  protocol?: Protocol | null;
}) {
  return (
    <header className="session-header">
      <h1>
        {roomName} — <span data-testid="patient-alias">{state.patientAlias}</span>
      </h1>
      <dl className="facts">
        <div>
          <dt>Protocol</dt>
          <dd>{state.protocolName}</dd>
        </div>
        <div>
          <dt>Phase</dt>
          <dd data-testid="phase">{PHASE_LABELS[state.phase]}</dd>
        </div>
        <div>
          <dt>Since dose</dt>
          <dd data-testid="since-dose">{sinceDose(state, now)}</dd>
        </div>
        <div>
          <dt>Last update</dt>
          <dd>{updatedAt === null ? '—' : clockTime(serverNow(updatedAt))}</dd>
        </div>
      </dl>
      {protocol && <LiveObservationTimer state={state} protocol={protocol} now={now} />}
    </header>
  );
}
