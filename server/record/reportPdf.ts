import PDFDocument from 'pdfkit';
import type { SessionReport } from '../../shared/record/report';
import type { RemsForm } from '../../shared/record/remsForm';
import { drawVitalsChart } from './pdfChart';

const MARGIN = 50;

type Doc = InstanceType<typeof PDFDocument>;

function heading(doc: Doc, text: string): void {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(text).font('Helvetica').fontSize(9).moveDown(0.2);
}

function lines(doc: Doc, items: string[], empty: string): void {
  if (items.length === 0) doc.text(empty);
  for (const item of items) doc.text(item);
}

function vitalsRows(doc: Doc, report: SessionReport): void {
  const v = report.vitals;
  doc.text(
    v.mode === 'summary'
      ? `One row per ${v.bucketMinutes} minutes: highest BP and heart rate, lowest SpO2 and respiratory rate. Every reading is in the CSV and FHIR exports.`
      : 'Every reading.',
  );
  if (v.artifactCount > 0) doc.text(`${v.artifactCount} reading(s) marked as artifact are listed but not counted.`);
  if (v.devices.length > 0) doc.text(`Device readings, by device and where each sent from: ${v.devices.join('; ')}.`);
  const dash = (n: number | null, unit = '') => (n === null ? '—' : `${n}${unit}`);
  for (const row of v.rows) {
    const bp = row.systolicMmHg === null ? '—' : `${row.systolicMmHg}/${dash(row.diastolicMmHg)}`;
    // Where the readings came from: the source, or each source of a 5-minute row with its count.
    const extra = `${row.source ?? ''}${row.artifactReason ? ` — ARTIFACT: ${row.artifactReason}` : ''}`;
    doc.text(
      `${row.when}   BP ${bp} mmHg   HR ${dash(row.heartRateBpm, '/min')}   SpO2 ${dash(row.spo2Percent, '%')}   RR ${dash(row.respiratoryRatePerMin, '/min')}   ${row.temperatureC === null ? '' : `T ${row.temperatureC} °C   `}${extra}`,
    );
  }
}

/** The same content as the report page, laid out on A4 or US Letter with the alias, date and page number on every page. */
export function renderReportPdf(report: SessionReport, rems: RemsForm | null, size: 'A4' | 'LETTER'): Promise<Buffer> {
  const doc = new PDFDocument({
    size,
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Session report — ${report.patientAlias} — ${report.sessionDate}`, Author: 'Vigil' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text('Dosing session report');
  doc.font('Helvetica').fontSize(10);
  doc.text(`Patient: ${report.patientAlias}    Room: ${report.roomName}    Status: ${report.statusLabel}`);
  doc.text(
    `Protocol: ${report.protocolName}, version ${report.protocolVersion}    Opened: ${report.openedAt}    Times in ${report.timeZone}`,
  );

  heading(doc, 'Doses');
  lines(
    doc,
    report.doses.map(
      (d) => `${d.when}  ${d.drug} ${d.doseMg} mg ${d.route}, lot ${d.lotNumber || '(blank)'}${d.detail ? `, ${d.detail}` : ''} — ${d.by}`,
    ),
    'No dose recorded.',
  );

  heading(doc, 'REMS times');
  doc.text(`First device: ${report.rems.firstDevice}    End of monitoring: ${report.rems.monitoringEnded}`);
  doc.text(`Total monitoring: ${report.rems.totalMinutes}    Ready to leave: ${report.rems.readyToLeave}`);
  if (rems)
    lines(
      doc,
      [
        ...rems.bloodPressures.map((bp) => `REMS BP ${bp.label}: ${bp.text}`),
        ...rems.changedSinceSigning.map((change) => `Corrected after the REMS form was signed — ${change}`),
      ],
      '',
    );

  heading(doc, 'Vital signs');
  drawVitalsChart(doc, report.vitals.rows, { x: MARGIN, y: doc.y + 4, width: doc.page.width - 2 * MARGIN, height: 150 });
  vitalsRows(doc, report);

  heading(doc, 'Alarms');
  lines(
    doc,
    report.alarms.map(
      (a) => `${a.raisedAt}  [${a.priority}] ${a.message}; acknowledged: ${a.acknowledgements.join('; ') || 'no'}; cleared: ${a.cleared}`,
    ),
    'No alarms.',
  );

  heading(doc, "Therapist's observations");
  const s = report.observationSummary;
  doc.text(`Deepest MOAA/S: ${s.deepestMoaas}    Peak dissociation: ${s.peakDissociation}`);
  doc.text(`Peak of the experience: ${s.peak}    Returned to baseline: ${s.returnedToBaseline}`);
  lines(
    doc,
    report.observations.map((o) => `${o.when}  ${o.text} — ${o.by}`),
    'No observations.',
  );

  heading(doc, 'Questionnaires');
  lines(
    doc,
    report.questionnaires.map((q) => `${q.when}  ${q.text} — ${q.by}`),
    'No questionnaire recorded.',
  );

  heading(doc, 'Before the dose');
  lines(
    doc,
    report.predose.map((p) => `${p.when}  ${p.text} — ${p.by}`),
    'No pre-dose items recorded.',
  );

  heading(doc, 'Discharge');
  lines(
    doc,
    report.discharge.items.map((i) => `${i.passes ? 'Yes' : 'NO '}  ${i.label}: ${i.reason}`),
    '',
  );
  doc.text(report.discharge.outcome);
  if (report.discharge.override) doc.text(report.discharge.override);

  heading(doc, 'Corrections');
  lines(
    doc,
    report.amendments.map((a) => `${a.when}  ${a.original} -> ${a.corrected}; reason: ${a.text} — ${a.by}`),
    'No corrections.',
  );

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.height - MARGIN + 15;
    // Writing into the bottom margin must not start a new page.
    doc.page.margins.bottom = 0;
    doc.fontSize(8).text(`${report.patientAlias} — session of ${report.sessionDate} — page ${i + 1} of ${range.count}`, MARGIN, bottom, {
      width: doc.page.width - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}
