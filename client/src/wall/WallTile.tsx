import type { RoomSessionSummary, RoomSummary } from '../../../shared/clinic/rooms';
import { ALARM_VISUALS } from '../../../shared/alerts/sound';
import { PHASE_LABELS } from '../../../shared/session/state';
import { duration, timeLeft } from '../format/time';
import { roomNeed } from '../board/order';
import { isStale, nextCheckText, observationClock, tileAlarmHeadline, tileSummaryText } from '../board/tileView';

/**
 * One room on the wall, read from across the room: the room, the alarm in words (priority,
 * parameter and value, acknowledged or not), and the key numbers large. Nothing on it can be
 * pressed: a wall display acknowledges nothing.
 */
export function WallTile({ room, now, offline }: { room: RoomSummary; now: number; offline: boolean }) {
  const session = room.session;
  const need = roomNeed(room);
  const label = tileSummaryText(room, now);
  if (session === null || need === 'finished') {
    return (
      <li className="wall-tile wall-tile-idle" data-testid="wall-tile" data-room-id={room.roomId} data-need={need} aria-label={label}>
        <h2 className="wall-room">{room.roomName}</h2>
        <p className="wall-idle">{session === null ? '○ Empty' : `${session.patientAlias} — ${PHASE_LABELS[session.phase]}`}</p>
      </li>
    );
  }
  const priority = session.unacknowledgedPriority;
  const classes = ['wall-tile'];
  if (priority) classes.push(`wall-tile-alarm-${priority}`);
  if (offline) classes.push('wall-tile-offline');
  return (
    <li className={classes.join(' ')} data-testid="wall-tile" data-room-id={room.roomId} data-need={need} aria-label={label}>
      <header className="wall-tile-head">
        <h2 className="wall-room">{room.roomName}</h2>
        <span className="wall-patient">{session.patientAlias}</span>
        <span className="wall-phase">{PHASE_LABELS[session.phase]}</span>
      </header>
      <WallAlarm session={session} />
      <div className="wall-numbers">
        <KeyNumber
          label="BP"
          testId="wall-bp"
          value={session.bloodPressure ? `${session.bloodPressure.systolicMmHg}/${session.bloodPressure.diastolicMmHg}` : '—'}
          stale={session.bloodPressure !== null && isStale(session.bloodPressure.observedAt, session, now)}
        />
        <div className="wall-numbers-pair">
          <KeyNumber
            label="HR"
            testId="wall-hr"
            value={session.heartRate ? String(session.heartRate.value) : '—'}
            stale={session.heartRate !== null && isStale(session.heartRate.observedAt, session, now)}
          />
          <KeyNumber
            label="SpO2"
            testId="wall-spo2"
            value={session.spo2 ? `${session.spo2.value}%` : '—'}
            stale={session.spo2 !== null && isStale(session.spo2.observedAt, session, now)}
          />
        </div>
      </div>
      <WallFacts session={session} now={now} bedsideLost={room.bedside?.screens === 0} />
    </li>
  );
}

function WallAlarm({ session }: { session: RoomSessionSummary }) {
  const alarm = session.worstAlarm;
  if (!alarm) return <p className="wall-alarm wall-alarm-none">✓ No alarm</p>;
  const visual = ALARM_VISUALS[alarm.priority];
  const state =
    alarm.status === 'recheck'
      ? 'checking'
      : alarm.acknowledged
        ? 'acknowledged'
        : alarm.status === 'latched'
          ? 'cleared, not acknowledged'
          : 'not acknowledged';
  return (
    <p className={`wall-alarm wall-alarm-${alarm.priority}${alarm.acknowledged ? ' wall-alarm-owned' : ''}`} data-testid="wall-alarm">
      <span aria-hidden="true">{visual.marker} </span>
      <strong data-testid="wall-alarm-what">{tileAlarmHeadline(alarm)}</strong>{' '}
      <span className="wall-alarm-state">
        — {visual.label} priority, {state}
        {alarm.escalated ? ', escalated' : ''}
      </span>
    </p>
  );
}

function KeyNumber({ label, value, stale, testId }: { label: string; value: string; stale: boolean; testId: string }) {
  return (
    <div className={stale ? 'wall-number wall-number-stale' : 'wall-number'}>
      <span className="wall-label">
        {label}
        {stale ? ' ⚠ old' : ''}
      </span>
      <span className="wall-key-number" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

function WallFacts({ session, now, bedsideLost }: { session: RoomSessionSummary; now: number; bedsideLost: boolean }) {
  const clock = observationClock(session, now);
  const check = nextCheckText(session, now);
  const parts = [
    clock ? `${duration(clock.sinceDoseMs)} since dose` : 'Not dosed',
    ...(clock ? [clock.remainingMs > 0 ? `${timeLeft(clock.remainingMs)} left` : '✓ minimum time reached'] : []),
    ...(check ? [session.overdueCheckMinutes.length > 0 ? `⏰ ${check}` : check] : []),
  ];
  return (
    <p className="wall-facts">
      {bedsideLost && <span className="wall-bedside-lost">⚠ Room screen disconnected · </span>}
      {parts.join(' · ')}
    </p>
  );
}
