import type { RemsTimes as Times } from '../../../../shared/lifecycle/rems';
import type { RegulatoryFloor } from '../../../../shared/lifecycle/scoreConfig';
import { clockTime, duration } from '../../format/time';

/**
 * The times the REMS Patient Monitoring Form asks for, from the record: the first device, the
 * end of monitoring, the total minutes (at least the floor) and when the patient would have
 * been ready to leave without the minimum time. While monitoring goes on, the total runs.
 */
export function RemsTimes({ times, floor, now }: { times: Times; floor: RegulatoryFloor | null; now: number }) {
  if (times.firstDeviceAt === null) return null;
  const totalMinutes = times.totalMinutes ?? Math.floor(Math.max(0, now - times.firstDeviceAt) / 60_000);
  const running = times.endOfMonitoringAt === null;
  return (
    <section className="rems-times" aria-labelledby="rems-title" data-testid="rems-times">
      <h3 id="rems-title">{floor === null ? 'Monitoring times' : `${floor.source} monitoring times`}</h3>
      <dl className="record-facts">
        <div>
          <dt>First device (first dose)</dt>
          <dd>{clockTime(times.firstDeviceAt)}</dd>
        </div>
        <div>
          <dt>Would have been ready to leave (ignoring the minimum time)</dt>
          <dd data-testid="rems-ready">
            {times.wouldHaveBeenReadyAt === null
              ? 'Not yet'
              : `${clockTime(times.wouldHaveBeenReadyAt)} — ${times.wouldHaveBeenReadyMinutes} min after the first device`}
          </dd>
        </div>
        <div>
          <dt>End of monitoring</dt>
          <dd>{times.endOfMonitoringAt === null ? 'Still monitoring' : clockTime(times.endOfMonitoringAt)}</dd>
        </div>
        <div>
          <dt>Total minutes, first device to end of monitoring{floor === null ? '' : ` (must be at least ${floor.minutes})`}</dt>
          <dd data-testid="rems-total">
            {totalMinutes} min{running ? ' so far' : ''} ({duration(totalMinutes * 60_000)})
            {floor !== null && !running && (totalMinutes >= floor.minutes ? ' ✓' : ` ✕ below the ${floor.minutes}-min floor`)}
          </dd>
        </div>
      </dl>
    </section>
  );
}
