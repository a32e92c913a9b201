import { ScrollRegion } from '../components/ScrollRegion';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditRow, AuditVerifyResult, RoomAdminRow, UserSummary } from '../../../shared/admin/api';
import { adminApi, auditSearch } from './adminApi';
import { clockTimeWithSeconds } from '../format/time';
import { auditQueryOf, NO_FILTERS, type AuditFilterForm } from './auditFilters';
import { ErrorAlert } from '../components/ErrorAlert';
import { ColumnHeads } from '../components/ColumnHeads';
import { Options } from '../components/Options';

function describe(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => {
      // Times in details (expiresAt...) are epoch ms: shown as a time, like the When column.
      const shown =
        key.endsWith('At') && typeof value === 'number'
          ? clockTimeWithSeconds(value)
          : typeof value === 'string'
            ? value
            : JSON.stringify(value);
      return `${key}: ${shown}`;
    })
    .join('; ');
}

function VerifyChain() {
  const [result, setResult] = useState<AuditVerifyResult | string | null>(null);
  return (
    <div className="audit-verify">
      <button
        type="button"
        className="button-quiet"
        onClick={async () => {
          setResult('Checking…');
          const answer = await adminApi.verifyAudit();
          setResult(answer.ok ? answer.verify : answer.error.message);
        }}
      >
        Check the audit chain
      </button>
      {typeof result === 'string' && <span role="status">{result}</span>}
      {result !== null && typeof result !== 'string' && (
        <p role="status" className={result.intact ? 'entry-status' : 'field-error'}>
          {result.intact
            ? `✓ Intact: ${result.rowsChecked} rows, each linked to the one before.`
            : `⚠ Broken at row ${result.firstBreak!.auditId}: ${result.firstBreak!.reason}.`}
        </p>
      )}
    </div>
  );
}

/** The audit trail for admins and inspectors: who did or looked at what, when and from where. */
export function AuditPage() {
  const [form, setForm] = useState<AuditFilterForm>(NO_FILTERS);
  const [applied, setApplied] = useState<AuditFilterForm>(NO_FILTERS);
  const [rows, setRows] = useState<AuditRow[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [people, setPeople] = useState<UserSummary[]>([]);
  const [rooms, setRooms] = useState<RoomAdminRow[]>([]);

  const load = useCallback(async (filters: AuditFilterForm, before?: number) => {
    const result = await adminApi.audit({ ...auditQueryOf(filters), before });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setRows((current) => (before && current ? [...current, ...result.rows] : result.rows));
    setNextBefore(result.nextBefore);
  }, []);
  useEffect(() => {
    void load(NO_FILTERS);
    void adminApi.users().then((r) => r.ok && setPeople(r.users));
    void adminApi.rooms().then((r) => r.ok && setRooms(r.rooms));
  }, [load]);

  const set = (key: keyof AuditFilterForm) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  function onFilter(event: FormEvent) {
    event.preventDefault();
    setApplied(form);
    void load(form);
  }

  return (
    <main className="page admin-page">
      <h1>Audit trail</h1>
      <VerifyChain />
      <form className="audit-filters" onSubmit={onFilter} aria-label="Filters">
        <label>
          Person
          <select value={form.userId} onChange={set('userId')}>
            <option value="">Everyone</option>
            <Options choices={people.map((p) => ({ value: p.userId, label: `${p.displayName} (${p.username})` }))} />
          </select>
        </label>
        <label>
          Room
          <select value={form.roomId} onChange={set('roomId')}>
            <option value="">Every room</option>
            <Options choices={rooms.map((r) => ({ value: r.roomId, label: r.name }))} />
          </select>
        </label>
        <label>
          Session id
          <input value={form.sessionId} onChange={set('sessionId')} />
        </label>
        <label>
          Action
          <input value={form.action} onChange={set('action')} placeholder="e.g. auth.signIn" />
        </label>
        <label>
          From
          <input type="date" value={form.fromDate} onChange={set('fromDate')} />
        </label>
        <label>
          To
          <input type="date" value={form.toDate} onChange={set('toDate')} />
        </label>
        <button type="submit" className="button-primary">
          Show
        </button>
        <a className="button-quiet audit-export" href={`/api/audit.csv?${auditSearch(auditQueryOf(applied))}`} download>
          Export CSV
        </a>
      </form>
      <ErrorAlert message={error} warningSign />
      {rows && (
        <ScrollRegion label="Audit rows (table)" className="panel-scroll">
          <table className="audit-table">
            <caption className="visually-hidden">Audit rows, newest first</caption>
            <ColumnHeads columns={['#', 'When', 'Who', 'Action', 'Session / room', 'From', 'What']} />
            <tbody>
              {rows.map((row) => (
                <tr key={row.auditId}>
                  <td>{row.auditId}</td>
                  <td>{clockTimeWithSeconds(row.at)}</td>
                  <td>{row.username ?? (row.userId ? row.userId : 'system')}</td>
                  <td>{row.action}</td>
                  <td>{[row.sessionId, row.roomId].filter(Boolean).join(' / ')}</td>
                  <td>{row.remoteAddress ?? ''}</td>
                  <td>{describe(row.detail)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="muted">No rows match.</p>}
        </ScrollRegion>
      )}
      {nextBefore !== null && (
        <button type="button" className="button-quiet" onClick={() => void load(applied, nextBefore)}>
          Show older rows
        </button>
      )}
    </main>
  );
}
