import { overdueConditions } from '../../../../shared/alerts/rules/overdue';
import { doseCourses, scheduledChecks } from '../../../../shared/lifecycle/doses';
import { observationTimer } from '../../../../shared/lifecycle/timer';
import type { Protocol } from '../../../../shared/protocols/schema';
import type { SessionState } from '../../../../shared/session/state';
import { useStore } from '../../app/useStore';
import { clockTime, duration, timeLeft } from '../../format/time';
import { serverClockStore } from '../../realtime/serverClock';

const MINUTE_MS = 60_000;

/** "12 min" until due, "due now", or how long overdue. */
function dueText(dueInMs: number): string {
  if (dueInMs < MINUTE_MS) return 'due now';
  return `in ${duration(dueInMs)}`;
}

/**
 * The observation clock from the first dose, on server time (`now` comes from serverNow()):
 * elapsed, remaining to the protocol's minimum, the next scheduled check and any overdue one.
 */
export function ObservationTimer({ state, protocol, now }: { state: SessionState; protocol: Protocol; now: number }) {
  const timer = observationTimer(state, protocol, now);
  const minimum = timer?.countingFrom.minimumObservationMinutes ?? protocol.minimumObservationMinutes;
  if (timer === null) {
    return (
      <div className="observation-timer" data-testid="observation-timer" aria-label="Observation timer">
        <span className="timer-fact">
          <span className="timer-label">Observation</span> <strong>Starts at the dose</strong>{' '}
          <span className="muted">(minimum {protocol.minimumObservationMinutes} min)</span>
        </span>
      </div>
    );
  }
  // Overdue checks with their due time, from the same schedule the alarm rule uses.
  const checks = scheduledChecks(doseCourses(state, protocol));
  const overdue = overdueConditions(state, protocol, now).flatMap((condition) => {
    const [, minutes, , dose] = condition.alarmId.split(':');
    const doseNumber = dose === undefined ? 1 : Number(dose.replace('dose', ''));
    const check = checks.find((c) => c.doseNumber === doseNumber && c.minutesAfterDose === Number(minutes));
    return check === undefined ? [] : [check];
  });
  const many = timer.doseCount > 1;
  const doseWords = (doseNumber: number) => (many ? ` after dose ${doseNumber}` : '');
  return (
    <div
      className={`observation-timer${timer.minimumReached ? ' timer-reached' : ''}`}
      data-testid="observation-timer"
      aria-label="Observation timer"
    >
      <span className="timer-fact">
        <span className="timer-label">Elapsed</span> <strong data-testid="timer-elapsed">{duration(timer.elapsedMs)}</strong>
        <span className="muted" data-testid="timer-counting-from">
          {many
            ? ` since dose ${timer.countingFrom.doseNumber} of ${timer.doseCount} (${timer.countingFrom.route}) at ${clockTime(timer.countingFrom.at)}; first dose at ${clockTime(timer.dosedAt)}`
            : ` since dose at ${clockTime(timer.dosedAt)}`}
        </span>
      </span>
      <span className="timer-fact">
        <span className="timer-label">Remaining</span>{' '}
        <strong data-testid="timer-remaining">
          {timer.minimumReached
            ? `✓ ${minimum} min minimum reached${doseWords(timer.countingFrom.doseNumber)}`
            : timer.stopped
              ? `Closed ${timeLeft(timer.remainingMs)} before the ${minimum} min minimum${doseWords(timer.countingFrom.doseNumber)}`
              : `${timeLeft(timer.remainingMs)} of ${minimum} min${doseWords(timer.countingFrom.doseNumber)}`}
        </strong>
      </span>
      {timer.stopped ? (
        <span className="timer-fact">
          <strong>Clock stopped</strong> <span className="muted">(session closed)</span>
        </span>
      ) : (
        <span className="timer-fact" data-testid="timer-next-check">
          <span className="timer-label">Next check</span>{' '}
          {timer.nextCheck === null ? (
            <strong>No more scheduled checks</strong>
          ) : (
            <strong>
              {timer.nextCheck.minutesAfterDose}-min check{doseWords(timer.nextCheck.doseNumber)} at {clockTime(timer.nextCheck.dueAt)},{' '}
              {dueText(timer.nextCheck.dueInMs)}
            </strong>
          )}
        </span>
      )}
      {!timer.stopped &&
        overdue.map((check) => (
          <span key={`${check.doseNumber}:${check.minutesAfterDose}`} className="timer-fact timer-overdue" data-testid="timer-overdue">
            ⚠ OVERDUE: {check.minutesAfterDose}-min check{doseWords(check.doseNumber)} (due {clockTime(check.dueAt)},{' '}
            {duration(now - check.dueAt)} ago) — no blood pressure recorded for it
          </span>
        ))}
    </div>
  );
}

/**
 * The timer as the session header shows it: until this screen has learned the server's time
 * (just after a load), it says so rather than counting on the screen's own clock.
 */
export function LiveObservationTimer(props: { state: SessionState; protocol: Protocol; now: number }) {
  const synced = useStore(serverClockStore, (s) => s.synced);
  if (!synced && props.state.dosedAt !== null) {
    return (
      <div className="observation-timer" data-testid="observation-timer" aria-label="Observation timer">
        <span className="timer-fact">
          <span className="timer-label">Observation</span> <strong>⏳ Getting the time from the server…</strong>
        </span>
      </div>
    );
  }
  return <ObservationTimer {...props} />;
}
