import type { KeyboardEvent, Ref } from 'react';
import type { MeasuredBy, RoomSessionSummary, RoomSummary } from '../../../shared/clinic/rooms';
import { ALARM_VISUALS } from '../../../shared/alerts/sound';
import { PHASE_LABELS } from '../../../shared/session/state';
import { paths } from '../app/router';
import { Link } from '../components/Link';
import { age, duration, timeLeft } from '../format/time';
import { roomNeed } from './order';
import { dischargeNow, isStale, nextCheckText, observationClock, tileAlarmHeadline, tileAlarmMeta, tileSummaryText } from './tileView';
import { TrendLine } from './TrendLine';

export interface RoomTileProps {
  room: RoomSummary;
  now: number;
  focused: boolean;
  /** The board lost its connection: everything shown may be old. */
  offline: boolean;
  tileRef: Ref<HTMLElement>;
  onFocus(): void;
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  onAcknowledge(room: RoomSummary): void;
  onOpen(room: RoomSummary): void;
}

/** Short phase words for the tile's head (the full label is in the text summary). */
const PHASE_SHORT = {
  pre_dose: 'Pre-dose',
  monitoring: 'Monitoring',
  ready_for_discharge: 'Ready',
  discharged: 'Discharged',
  ended_early: 'Ended early',
} as const;

const NEED_LABELS = {
  high_alarm: null,
  medium_alarm: null,
  alarm_present: null,
  overdue_check: '⏰ Check overdue',
  awaiting_approval: '✋ Waiting for your approval: baseline above the advisory limit',
  ready_for_discharge: '✓ Ready for discharge',
  in_session: null,
  finished: null,
  empty: null,
} as const;

/** One room on the board: everything the prescriber needs at a glance, in words and symbols. */
export function RoomTile(props: RoomTileProps) {
  const { room, now, focused, tileRef, onFocus, onKeyDown } = props;
  const session = room.session;
  const need = roomNeed(room);
  const common = {
    ref: tileRef as Ref<HTMLElement>,
    tabIndex: focused ? 0 : -1,
    onFocus,
    onKeyDown,
    'aria-label': tileSummaryText(room, now),
    'data-room-id': room.roomId,
    'data-need': need,
  };
  if (session === null || need === 'finished') {
    return (
      <li className="tile tile-compact">
        <article {...common} className="tile-body" data-testid="board-tile">
          <h2 className="tile-room">{room.roomName}</h2>
          <p className="tile-idle">
            {session === null ? '○ Empty — no session' : `${session.patientAlias} — ${PHASE_LABELS[session.phase]}`}
          </p>
        </article>
      </li>
    );
  }
  const alarm = session.worstAlarm;
  const unacknowledged = session.unacknowledgedPriority;
  const classes = ['tile', `tile-need-${need}`];
  if (unacknowledged) classes.push(`tile-alarm-${unacknowledged}`);
  if (props.offline) classes.push('tile-offline');
  return (
    <li className={classes.join(' ')}>
      <article {...common} className="tile-body" data-testid="board-tile">
        <header className="tile-head">
          <h2 className="tile-room">
            {/* Out of the tab order: Enter on the tile opens the room; the link serves the mouse. */}
            <Link to={paths.session(session.sessionId)} tabIndex={-1} className="tile-room-link">
              {room.roomName}
            </Link>
          </h2>
          <span className="tile-patient">{session.patientAlias}</span>
          <span className="tile-protocol">{session.protocolName}</span>
          <span className="tile-phase">{PHASE_SHORT[session.phase]}</span>
        </header>
        <AlarmLine room={room} session={session} now={now} onAcknowledge={props.onAcknowledge} />
        {NEED_LABELS[need] && !alarm && <p className={`tile-need-banner tile-need-banner-${need}`}>{NEED_LABELS[need]}</p>}
        <div className="tile-vitals">
          <Numbers session={session} now={now} />
          <TrendLine session={session} />
        </div>
        <Facts session={session} now={now} bedsideLost={room.bedside?.screens === 0} />
      </article>
    </li>
  );
}

function AlarmLine({
  room,
  session,
  now,
  onAcknowledge,
}: {
  room: RoomSummary;
  session: RoomSessionSummary;
  now: number;
  onAcknowledge(room: RoomSummary): void;
}) {
  const alarm = session.worstAlarm;
  const count = session.unacknowledgedAlarmIds.length;
  if (!alarm) return <p className="tile-alarm-line tile-alarm-none">✓ No active alarm</p>;
  const visual = ALARM_VISUALS[alarm.priority];
  return (
    <div
      className={`tile-alarm-line tile-alarm-line-${alarm.priority}${alarm.acknowledged ? ' tile-alarm-owned' : ''}`}
      data-testid="tile-alarm"
      title={alarm.message}
    >
      <span className="tile-alarm-marker" aria-hidden="true">
        {visual.marker}
      </span>
      <span className="tile-alarm-text">
        <strong className="tile-alarm-what" data-testid="tile-alarm-what">
          {tileAlarmHeadline(alarm)}
        </strong>
        <span className="tile-alarm-meta">{tileAlarmMeta(alarm, now)}</span>
      </span>
      {count > 0 && (
        <button
          type="button"
          className="tile-ack"
          onClick={() => onAcknowledge(room)}
          aria-keyshortcuts="a"
          aria-label={`Acknowledge ${count === 1 ? 'alarm' : `${count} alarms`} in ${room.roomName}`}
        >
          Acknowledge{count > 1 ? ` ${count}` : ''}
        </button>
      )}
    </div>
  );
}

function Measured({ observedAt, by, session, now }: { observedAt: number; by: MeasuredBy; session: RoomSessionSummary; now: number }) {
  const stale = isStale(observedAt, session, now);
  // Who took it, in words: a monitor's value and a nurse's are told apart without colour.
  const source = by === 'device' ? 'monitor' : 'entered';
  return (
    <span className={stale ? 'tile-age tile-age-stale' : 'tile-age'}>
      {stale ? `⚠ stale: ${age(now - observedAt)}` : age(now - observedAt)} · {source}
    </span>
  );
}

function Numbers({ session, now }: { session: RoomSessionSummary; now: number }) {
  const { bloodPressure: bp, heartRate, spo2 } = session;
  return (
    <>
      <div className={`tile-bp${bp && isStale(bp.observedAt, session, now) ? ' stale' : ''}`} data-testid="tile-bp">
        <span className="tile-label">BP</span>{' '}
        <span className="tile-numeral tile-numeral-large">{bp ? `${bp.systolicMmHg}/${bp.diastolicMmHg}` : '—'}</span>
        {bp && <Measured observedAt={bp.observedAt} by={bp.by} session={session} now={now} />}
      </div>
      <div className="tile-small-numbers">
        <span className={heartRate && isStale(heartRate.observedAt, session, now) ? 'stale' : ''}>
          <span className="tile-label">HR</span> <span className="tile-numeral">{heartRate ? heartRate.value : '—'}</span>
        </span>
        <span className={spo2 && isStale(spo2.observedAt, session, now) ? 'stale' : ''}>
          <span className="tile-label">SpO2</span> <span className="tile-numeral">{spo2 ? `${spo2.value}%` : '—'}</span>
        </span>
      </div>
    </>
  );
}

function Facts({ session, now, bedsideLost }: { session: RoomSessionSummary; now: number; bedsideLost: boolean }) {
  const clock = observationClock(session, now);
  const discharge = dischargeNow(session, now);
  const check = nextCheckText(session, now);
  return (
    <div className="tile-facts">
      {bedsideLost && <span className="tile-bedside-lost">⚠ Room screen disconnected</span>}
      <span>{clock ? `${duration(clock.sinceDoseMs)} since dose` : 'Not dosed'}</span>
      {clock && <span>{clock.remainingMs > 0 ? `${timeLeft(clock.remainingMs)} left` : '✓ Minimum time reached'}</span>}
      {check && (
        <span className={session.overdueCheckMinutes.length > 0 ? 'tile-overdue' : ''}>
          {session.overdueCheckMinutes.length > 0 ? `⏰ ${check}` : check}
        </span>
      )}
      <span>
        Baseline {session.baseline.systolicMmHg !== null ? `${session.baseline.systolicMmHg}/${session.baseline.diastolicMmHg}` : '—'}
      </span>
      <span>
        MOAA/S {session.moaas ? session.moaas.score : '—'} · Dissoc.{' '}
        {session.dissociation ? `${session.dissociation.score}/${session.dissociation.maxScore}` : '—'}
      </span>
      {discharge && (
        <span className={discharge.holding === discharge.total ? 'tile-ready' : ''}>
          Discharge {discharge.holding}/{discharge.total}
          {discharge.holding === discharge.total ? ' ✓' : ''}
        </span>
      )}
    </div>
  );
}
