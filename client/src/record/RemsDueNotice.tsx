import { useEffect, useState } from 'react';
import type { RemsDueResponse } from '../../../shared/http/recordApi';
import { paths } from '../app/router';
import { Link } from '../components/Link';
import { recordApi } from './recordApi';
import './record.css';

/** The clinic page's count of REMS forms still to file, naming those within 2 days of the 7-day deadline. */
export function RemsDueNotice() {
  const [due, setDue] = useState<RemsDueResponse | null>(null);
  useEffect(() => {
    void recordApi.remsDue().then((answer) => {
      if (answer.ok) setDue(answer);
    });
  }, []);
  if (!due || due.due.length === 0) return null;
  const near = due.due.filter((d) => d.nearDeadline);
  return (
    <section className="rems-due" aria-label="REMS forms due">
      <p>
        <strong>
          {due.due.length} REMS monitoring form{due.due.length === 1 ? '' : 's'} to file
        </strong>
        {near.length > 0 && ` — ${near.length} within 2 days of the 7-day deadline or past it:`}
      </p>
      {near.length > 0 && (
        <ul>
          {near.map((d) => (
            <li key={d.sessionId}>
              <Link to={paths.rems(d.sessionId)}>
                {d.patientAlias}, {d.roomName}: due {d.dueByText}
                {d.status === 'signed' ? ' (signed, not yet submitted)' : ''}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
