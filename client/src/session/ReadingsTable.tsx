import { memo, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Reading } from '../../../shared/session/state';
import type { DisplayThinning } from '../../../shared/session/displaySnapshot';
import {
  nextReadingRows,
  READING_INTERVAL_MS,
  SUMMARISE_ABOVE,
  type IntervalSummary,
  type ReadingRows,
  type StoredInterval,
  type ValueRange,
} from '../../../shared/session/readingIntervals';
import type { ManualVitalSet } from '../../../shared/vitals/schema';
import type { OutboxEntry } from '../outbox/storage';
import { clinicClockKey, clockTime, clockTimeWithSeconds } from '../format/time';
import { serverNow } from '../realtime/serverClock';
import { bloodPressure, value } from '../format/vitals';
import { confirmationText } from '../devices/confirmationText';

export interface ReadingsTableProps {
  readings: Reading[];
  /** This screen's vital sets not yet stored by the server (waiting or refused). */
  pending: OutboxEntry[];
  onDiscard?: (commandId: string) => void;
  onReenter?: (entry: OutboxEntry) => void;
  /** Per stored reading: the "Mark artifact" control (client/src/alarms), for roles that may use it. */
  artifactAction?: (reading: Reading) => ReactNode;
  /** Per device reading not yet confirmed: the "Confirm" control (client/src/devices), for roles that may use it. */
  confirmAction?: (reading: Reading) => ReactNode;
  /** What the server left out of this screen's copy of a long session (null: the copy has every reading). */
  thinning?: DisplayThinning | null;
  /** Loads every reading of a thinned interval when it is opened; null when it cannot (offline). */
  loadInterval?: (from: number, to: number) => Promise<Reading[] | null>;
}

/** A thinned interval opened: its readings once loaded. */
type Loaded = Reading[] | 'loading' | 'failed';

const NO_THINNING: ReadonlyMap<number, StoredInterval> = new Map();

function pendingVitals(entry: OutboxEntry): { vitals: ManualVitalSet; observedAt: number } {
  return entry.request as unknown as { vitals: ManualVitalSet; observedAt: number };
}

/** Rows shown at first and added by each "Show older" press: a page the tablet draws at once. */
export const READINGS_PAGE_ROWS = 40;

/**
 * Every reading, newest measurement first, with who or what recorded it and when. Busy device
 * intervals are one summary row each (open it for the readings); manual readings are always rows.
 */
export function ReadingsTable({
  readings,
  pending,
  onDiscard,
  onReenter,
  artifactAction,
  confirmAction,
  thinning = null,
  loadInterval,
}: ReadingsTableProps) {
  const stored = useMemo(
    () => (thinning ? new Map(thinning.intervals.map((interval) => [interval.from, interval])) : NO_THINNING),
    [thinning],
  );
  // The last rows are the starting point of the next: a new reading remakes only its own interval's rows.
  const last = useRef<ReadingRows | null>(null);
  const rows = useMemo(
    () => (last.current = nextReadingRows(readings, last.current, READING_INTERVAL_MS, SUMMARISE_ABOVE, stored)).rows,
    [readings, stored],
  );
  const [shown, setShown] = useState(READINGS_PAGE_ROWS);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Loaded>>(() => new Map());
  // The rows are memoised: the toggle stays the same function while the open intervals do, so a
  // new reading (or the page's clock) redraws only the rows whose content changed.
  const toggle = useCallback(
    (summary: IntervalSummary) => {
      const setLoadedOf = (key: string, value: Loaded | null) =>
        setLoaded((current) => {
          const next = new Map(current);
          if (value === null) next.delete(key);
          else next.set(key, value);
          return next;
        });
      const opening = !open.has(summary.key);
      setOpen((current) => {
        const next = new Set(current);
        if (!next.delete(summary.key)) next.add(summary.key);
        return next;
      });
      if (!summary.thinned) return;
      // Loaded afresh at every opening, so marks and confirmations made since are shown.
      if (!opening || !loadInterval) return setLoadedOf(summary.key, null);
      setLoadedOf(summary.key, 'loading');
      void loadInterval(summary.from, summary.to).then((found) =>
        setLoadedOf(summary.key, found ? found.filter((reading) => reading.recordedBy.kind === 'device').reverse() : 'failed'),
      );
    },
    [open, loadInterval],
  );
  // The times shown depend on the clinic's zone (known once the server has said it) and its
  // day (a time on another day carries its date): the memoised rows are redrawn when either changes.
  const clinicClock = clinicClockKey(serverNow());
  const actions = useMemo(() => ({ artifactAction, confirmAction }), [artifactAction, confirmAction]);
  const visible = rows.slice(0, shown);
  const hidden = rows.length - visible.length;
  return (
    // It scrolls (sideways on a narrow screen, and within its height): focusable, so the arrow keys scroll it.
    <section aria-labelledby="readings-title" className="readings" tabIndex={0}>
      <h2 id="readings-title">Readings</h2>
      {rows.length === 0 && pending.length === 0 ? (
        <p className="muted">No readings yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Measured</th>
              <th scope="col">BP (mmHg)</th>
              <th scope="col">HR (/min)</th>
              <th scope="col">SpO2 (%)</th>
              <th scope="col">RR (/min)</th>
              <th scope="col">Temp (°C)</th>
              <th scope="col">Recorded by</th>
              <th scope="col">Stored</th>
              {artifactAction && <th scope="col">Artifact</th>}
            </tr>
          </thead>
          <tbody>
            {pending.map((entry) => (
              <PendingRow
                key={entry.commandId}
                entry={entry}
                onDiscard={onDiscard}
                onReenter={onReenter}
                withArtifact={Boolean(artifactAction)}
              />
            ))}
            {visible.map((row) =>
              row.kind === 'reading' ? (
                <ReadingRow key={row.reading.readingId} reading={row.reading} nested={false} actions={actions} clinicClock={clinicClock} />
              ) : (
                <IntervalRows
                  key={row.key}
                  summary={row}
                  open={open.has(row.key)}
                  loaded={row.thinned && open.has(row.key) ? (loaded.get(row.key) ?? 'failed') : null}
                  onToggle={toggle}
                  actions={actions}
                  clinicClock={clinicClock}
                />
              ),
            )}
          </tbody>
        </table>
      )}
      {hidden > 0 && (
        <p>
          <button type="button" className="button-quiet" onClick={() => setShown((count) => count + READINGS_PAGE_ROWS)}>
            Show older readings ({hidden} more {hidden === 1 ? 'row' : 'rows'})
          </button>
        </p>
      )}
    </section>
  );
}

/** The per-reading controls, as one object that keeps its identity while they do (the rows are memoised on it). */
interface RowActions {
  artifactAction?: (reading: Reading) => ReactNode;
  confirmAction?: (reading: Reading) => ReactNode;
}

function PendingRow({
  entry,
  onDiscard,
  onReenter,
  withArtifact,
}: {
  entry: OutboxEntry;
  onDiscard?: (commandId: string) => void;
  onReenter?: (entry: OutboxEntry) => void;
  withArtifact: boolean;
}) {
  const { vitals, observedAt } = pendingVitals(entry);
  return (
    <tr className={`reading-pending reading-${entry.status}`} data-testid="pending-reading">
      <td>{clockTime(observedAt)}</td>
      <td>{bloodPressure(vitals)}</td>
      <td>{value(vitals.heartRateBpm)}</td>
      <td>{value(vitals.spo2Percent)}</td>
      <td>{value(vitals.respiratoryRatePerMin)}</td>
      <td>{value(vitals.temperatureC, 1)}</td>
      <td>You</td>
      <td>
        {entry.status === 'waiting' ? (
          <span className="badge badge-pending">⏳ Not yet sent</span>
        ) : (
          <span className="refusal">
            <span className="badge badge-refused">✕ Refused: {entry.refusal?.message}</span>
            {onReenter && (
              <button type="button" className="button-quiet" onClick={() => onReenter(entry)}>
                Re-enter
              </button>
            )}
            {onDiscard && (
              <button type="button" className="button-quiet" onClick={() => onDiscard(entry.commandId)}>
                Discard
              </button>
            )}
          </span>
        )}
      </td>
      {withArtifact && <td />}
    </tr>
  );
}

const ReadingRow = memo(function ReadingRow({
  reading,
  nested,
  actions: { artifactAction, confirmAction },
}: {
  reading: Reading;
  nested: boolean;
  actions: RowActions;
  /** The clinic's zone and calendar day: only to redraw the row when they change. */
  clinicClock: string;
}) {
  const classes = [reading.artifact ? 'reading-artifact' : '', nested ? 'reading-in-interval' : ''].filter(Boolean).join(' ');
  return (
    <tr className={classes || undefined} data-testid="reading">
      <td>{nested ? clockTimeWithSeconds(reading.observedAt) : clockTime(reading.observedAt)}</td>
      <td>{bloodPressure(reading.vitals)}</td>
      <td>{value(reading.vitals.heartRateBpm)}</td>
      <td>{value(reading.vitals.spo2Percent)}</td>
      <td>{value(reading.vitals.respiratoryRatePerMin)}</td>
      <td>{value(reading.vitals.temperatureC, 1)}</td>
      <td>
        {reading.recordedBy.displayName}{' '}
        <span className="badge">
          {reading.recordedBy.kind === 'device' ? 'device' : reading.recordedBy.kind === 'user' ? 'manual' : 'system'}
        </span>
        {reading.recordedBy.kind === 'device' && reading.recordedBy.source && (
          // Provenance: which device sent it and from where (the Stored column says when it arrived).
          <span className="reading-source muted">from {reading.recordedBy.source}</span>
        )}
        {reading.artifact && <span className="badge badge-refused"> artifact: {reading.artifact.reason}</span>}
        {reading.recordedBy.kind === 'device' && !reading.artifact && (
          <DeviceConfirmation reading={reading} confirmAction={confirmAction} />
        )}
      </td>
      <td>{clockTimeWithSeconds(reading.recordedAt)}</td>
      {artifactAction && <td className="reading-artifact-cell">{artifactAction(reading)}</td>}
    </tr>
  );
});

function range(r: ValueRange | undefined, digits = 0): string {
  if (!r) return '—';
  return r.min === r.max ? r.min.toFixed(digits) : `${r.min.toFixed(digits)}–${r.max.toFixed(digits)}`;
}

/** One busy interval of device readings: its span, each vital's lowest–highest, a control to list them, and them when opened. */
const IntervalRows = memo(function IntervalRows({
  summary,
  open,
  loaded,
  onToggle,
  actions,
  clinicClock,
}: {
  summary: IntervalSummary;
  open: boolean;
  /** A thinned interval's readings once opened (null: not thinned, or closed). */
  loaded: Loaded | null;
  onToggle: (summary: IntervalSummary) => void;
  actions: RowActions;
  /** The clinic's zone and calendar day: the rows are redrawn when they change. */
  clinicClock: string;
}) {
  const { ranges } = summary;
  const withArtifact = Boolean(actions.artifactAction);
  const span = `${clockTime(summary.from)}–${clockTime(summary.to)}`;
  const bp = ranges.systolicMmHg && ranges.diastolicMmHg ? `${range(ranges.systolicMmHg)} / ${range(ranges.diastolicMmHg)}` : '—';
  const notes = [
    summary.unconfirmed > 0 ? `${summary.unconfirmed} unconfirmed` : '',
    summary.artifacts > 0 ? `${summary.artifacts} artifact` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const nestedRow = (reading: Reading) => (
    <ReadingRow key={reading.readingId} reading={reading} nested actions={actions} clinicClock={clinicClock} />
  );
  return (
    <>
      <tr className="reading-interval" data-testid="reading-interval">
        <td>{span}</td>
        <td>{bp}</td>
        <td>{range(ranges.heartRateBpm)}</td>
        <td>{range(ranges.spo2Percent)}</td>
        <td>{range(ranges.respiratoryRatePerMin)}</td>
        <td>{range(ranges.temperatureC, 1)}</td>
        <td colSpan={withArtifact ? 3 : 2}>
          {summary.deviceNames.join(', ')} <span className="badge">device</span> lowest–highest of {summary.count} readings
          {notes && ` (${notes})`}{' '}
          <button type="button" className="button-quiet" aria-expanded={open} onClick={() => onToggle(summary)}>
            {open ? 'Hide' : 'Show'} the {summary.count} readings {span}
          </button>
        </td>
      </tr>
      {open &&
        (loaded !== null ? (
          <LoadedReadings loaded={loaded} summary={summary} columns={withArtifact ? 9 : 8} readingRow={nestedRow} />
        ) : (
          summary.readings.map(nestedRow)
        ))}
    </>
  );
});

/** The readings of a thinned interval, loaded from the server when it was opened. */
function LoadedReadings({
  loaded,
  summary,
  columns,
  readingRow,
}: {
  loaded: Loaded;
  summary: IntervalSummary;
  columns: number;
  readingRow: (reading: Reading) => ReactNode;
}) {
  if (Array.isArray(loaded)) return <>{loaded.map(readingRow)}</>;
  return (
    <tr className="reading-in-interval">
      <td colSpan={columns} role={loaded === 'failed' ? 'alert' : 'status'}>
        {loaded === 'loading'
          ? `Loading the ${summary.count} readings…`
          : `The ${summary.count} readings could not be loaded (not connected). Hide and show again to retry.`}
      </td>
    </tr>
  );
}

/** A device reading: who confirmed it and when, or the Confirm control, or that nobody has yet. */
function DeviceConfirmation({ reading, confirmAction }: { reading: Reading; confirmAction?: (reading: Reading) => ReactNode }) {
  const confirmed = confirmationText(reading);
  if (confirmed) return <span className="reading-confirmed"> ✓ {confirmed}</span>;
  return (
    <span className="reading-unconfirmed">{confirmAction ? confirmAction(reading) : <span className="muted"> unconfirmed</span>}</span>
  );
}
