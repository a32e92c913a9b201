import { ScrollRegion } from '../components/ScrollRegion';
import { useEffect, useState, type FormEvent } from 'react';
import type { SessionListResponse } from '../../../shared/http/recordApi';
import { SESSION_STATUS_LABELS, SESSION_STATUSES } from '../../../shared/record/status';
import { navigate, paths } from '../app/router';
import { Link } from '../components/Link';
import { recordApi } from './recordApi';
import './record.css';
import { ErrorAlert } from '../components/ErrorAlert';
import { ColumnHeads } from '../components/ColumnHeads';
import { Options } from '../components/Options';

const FILTERS = ['q', 'alias', 'room', 'protocol', 'status', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  return Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Filters;
}

/**
 * A menu's choices (every room or protocol with a session, from the server, retired ones too),
 * with the applied one kept while the list loads or when a bookmark names one without sessions.
 */
function withApplied(choices: { id: string; name: string }[] | undefined, applied: string): { id: string; name: string }[] {
  const list = choices ?? [];
  return applied === '' || list.some((c) => c.id === applied) ? list : [...list, { id: applied, name: applied }];
}

const STATUS_CHOICES = SESSION_STATUSES.map((status) => ({ id: status, name: SESSION_STATUS_LABELS[status] }));

interface FilterField {
  value: string;
  onChange: (e: { target: { value: string } }) => void;
}

/** A filter menu: "Any …" (no filter), then each choice. */
function ChoiceFilter({
  label,
  anyText,
  choices,
  ...select
}: { label: string; anyText: string; choices: { id: string; name: string }[] } & FilterField) {
  return (
    <label>
      {label}
      <select {...select}>
        <option value="">{anyText}</option>
        <Options choices={choices.map((choice) => ({ value: choice.id, label: choice.name }))} />
      </select>
    </label>
  );
}

/** Every session, newest first, filtered and paged; the filters live in the address so a search can be bookmarked. */
export function SessionsPage({ search }: { search: string }) {
  const applied = filtersOf(search);
  const page = Math.max(1, Number(new URLSearchParams(search).get('page') ?? '1') || 1);
  const [draft, setDraft] = useState<Filters>(applied);
  const [result, setResult] = useState<SessionListResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDraft(filtersOf(search));
    let live = true;
    void recordApi.list(search).then((answer) => {
      if (!live) return;
      if (answer.ok) {
        setResult(answer);
        setError(null);
      } else setError(answer.error.message);
    });
    return () => {
      live = false;
    };
  }, [search]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate(paths.sessions(draft));
  };
  const field = (key: keyof Filters): FilterField => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value }),
  });
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;
  const goTo = (n: number) => paths.sessions({ ...applied, page: n === 1 ? '' : String(n) });

  return (
    <main className="page record-page">
      <h1>Sessions</h1>
      <form className="record-filters" onSubmit={apply} aria-label="Find sessions">
        <label>
          Search
          <input type="search" placeholder="Alias, protocol or room" {...field('q')} />
        </label>
        <label>
          Patient alias
          <input {...field('alias')} />
        </label>
        <ChoiceFilter label="Room" anyText="Any room" choices={withApplied(result?.choices.rooms, applied.room)} {...field('room')} />
        <ChoiceFilter
          label="Protocol"
          anyText="Any protocol"
          choices={withApplied(result?.choices.protocols, applied.protocol)}
          {...field('protocol')}
        />
        <ChoiceFilter label="Status" anyText="Any status" choices={STATUS_CHOICES} {...field('status')} />
        <label>
          From
          <input type="date" {...field('from')} />
        </label>
        <label>
          To
          <input type="date" {...field('to')} />
        </label>
        <div className="record-filter-actions">
          <button type="submit" className="button-primary">
            Find
          </button>
          <Link to={paths.sessions()} className="button-link">
            Clear
          </Link>
        </div>
      </form>
      <ErrorAlert message={error} />
      {result === null ? (
        !error && <p className="muted">Loading sessions…</p>
      ) : result.sessions.length === 0 ? (
        <p>No session matches these filters.</p>
      ) : (
        <>
          <p className="muted">
            {result.total} session{result.total === 1 ? '' : 's'}, newest first · page {result.page} of {pages}
          </p>
          <ScrollRegion label="Sessions (table)">
            <table className="record-table">
              <ColumnHeads columns={['Opened', 'Patient', 'Room', 'Protocol', 'Status', 'Record']} />
              <tbody>
                {result.sessions.map((s) => (
                  <tr key={s.sessionId}>
                    <td>{s.openedAtText}</td>
                    <td>{s.patientAlias}</td>
                    <td>{s.roomName}</td>
                    <td>{s.protocolName}</td>
                    <td>{SESSION_STATUS_LABELS[s.status]}</td>
                    <td className="record-links">
                      <Link to={paths.report(s.sessionId)}>Report for {s.patientAlias}</Link>
                      <Link to={paths.session(s.sessionId)}>{s.status === 'running' ? 'Live session' : 'Timeline'}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <nav className="record-pager" aria-label="Pages">
            {page > 1 && <Link to={goTo(page - 1)}>Newer</Link>}
            {page < pages && <Link to={goTo(page + 1)}>Older</Link>}
          </nav>
        </>
      )}
    </main>
  );
}
