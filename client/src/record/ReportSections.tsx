import { ScrollRegion } from '../components/ScrollRegion';
import type { SessionReport } from '../../../shared/record/report';
import { ColumnHeads } from '../components/ColumnHeads';

const dash = (n: number | null, unit = '') => (n === null ? '—' : `${n}${unit}`);

function Lines({ items, empty }: { items: string[]; empty: string }) {
  return items.length === 0 ? (
    <p className="muted">{empty}</p>
  ) : (
    <ul>
      {items.map((item, i) => (
        <li key={i}>{item}</li>
      ))}
    </ul>
  );
}

/** The report's sections below the chart, in the same order and words as the PDF. */
export function ReportSections({ report }: { report: SessionReport }) {
  const v = report.vitals;
  const s = report.observationSummary;
  return (
    <>
      <section aria-labelledby="doses">
        <h2 id="doses">Doses</h2>
        <Lines
          items={report.doses.map(
            (d) =>
              `${d.when} — ${d.drug} ${d.doseMg} mg ${d.route}, lot ${d.lotNumber || '(blank)'}${d.detail ? `, ${d.detail}` : ''} — ${d.by}`,
          )}
          empty="No dose recorded."
        />
      </section>
      <section aria-labelledby="vitals-table">
        <h2 id="vitals-table">{v.mode === 'summary' ? `Vital signs, one row per ${v.bucketMinutes} minutes` : 'Every reading'}</h2>
        {v.mode === 'summary' && (
          <p className="muted">
            Highest blood pressure and heart rate, lowest SpO2 and respiratory rate in each {v.bucketMinutes} minutes. Every reading is in
            the CSV and FHIR exports.
          </p>
        )}
        {v.artifactCount > 0 && <p>{v.artifactCount} reading(s) marked as artifact are struck through and not counted.</p>}
        {v.devices.length > 0 && (
          <>
            <p>Device readings, by device and where each sent from:</p>
            <Lines items={v.devices} empty="" />
          </>
        )}
        <ScrollRegion label="Vital signs (table)">
          <table className="record-table">
            <ColumnHeads
              columns={[
                'Time',
                'BP mmHg',
                'HR /min',
                'SpO2 %',
                'RR /min',
                'Temp °C',
                v.mode === 'summary' ? 'Readings by source' : 'Source',
              ]}
            />
            <tbody>
              {v.rows.map((row) => (
                <tr key={`${row.at}-${row.source ?? ''}`} className={row.artifactReason ? 'reading-artifact' : undefined}>
                  <td>{row.when}</td>
                  <td>{row.systolicMmHg === null ? '—' : `${row.systolicMmHg}/${dash(row.diastolicMmHg)}`}</td>
                  <td>{dash(row.heartRateBpm)}</td>
                  <td>{dash(row.spo2Percent)}</td>
                  <td>{dash(row.respiratoryRatePerMin)}</td>
                  <td>{dash(row.temperatureC)}</td>
                  <td>{`${row.source ?? ''}${row.artifactReason ? ` — artifact: ${row.artifactReason}` : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
      <section aria-labelledby="alarms">
        <h2 id="alarms">Alarms</h2>
        <Lines
          items={report.alarms.map(
            (a) =>
              `${a.raisedAt} — [${a.priority}] ${a.message}; acknowledged: ${a.acknowledgements.join('; ') || 'no'}; cleared: ${a.cleared}`,
          )}
          empty="No alarms."
        />
      </section>
      <section aria-labelledby="observations">
        <h2 id="observations">Therapist&apos;s observations</h2>
        <p>
          Deepest MOAA/S: {s.deepestMoaas} · Peak dissociation: {s.peakDissociation} · Peak of the experience: {s.peak} · Returned to
          baseline: {s.returnedToBaseline}
        </p>
        <Lines items={report.observations.map((o) => `${o.when} — ${o.text} — ${o.by}`)} empty="No observations." />
      </section>
      <section aria-labelledby="questionnaires">
        <h2 id="questionnaires">Questionnaires</h2>
        <Lines items={report.questionnaires.map((q) => `${q.when} — ${q.text} — ${q.by}`)} empty="No questionnaire recorded." />
      </section>
      <section aria-labelledby="predose">
        <h2 id="predose">Before the dose</h2>
        <Lines items={report.predose.map((p) => `${p.when} — ${p.text} — ${p.by}`)} empty="No pre-dose items recorded." />
      </section>
      <section aria-labelledby="discharge">
        <h2 id="discharge">Discharge</h2>
        <Lines items={report.discharge.items.map((i) => `${i.passes ? 'Yes' : 'NO'} — ${i.label}: ${i.reason}`)} empty="" />
        <p>
          <strong>{report.discharge.outcome}</strong>
        </p>
        {report.discharge.override && <p>{report.discharge.override}</p>}
      </section>
      <section aria-labelledby="amendments">
        <h2 id="amendments">Corrections</h2>
        <Lines
          items={report.amendments.map((a) => `${a.when} — ${a.original} → ${a.corrected}; reason: ${a.text} — ${a.by}`)}
          empty="No corrections."
        />
      </section>
    </>
  );
}
