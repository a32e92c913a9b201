import type PDFDocument from 'pdfkit';
import type { SessionReport } from '../../shared/record/report';

type Doc = InstanceType<typeof PDFDocument>;
type Row = SessionReport['vitals']['rows'][number];

const SERIES: { key: 'systolicMmHg' | 'diastolicMmHg' | 'heartRateBpm' | 'spo2Percent'; label: string; dash: number[] | null }[] = [
  { key: 'systolicMmHg', label: 'Systolic', dash: null },
  { key: 'diastolicMmHg', label: 'Diastolic', dash: [4, 2] },
  { key: 'heartRateBpm', label: 'Heart rate', dash: [1, 2] },
  { key: 'spo2Percent', label: 'SpO2', dash: [6, 2, 1, 2] },
];

/**
 * The printed chart: one line per vital over the session, told apart by dash pattern and label
 * (never colour alone: the page may be printed in black and white).
 */
export function drawVitalsChart(doc: Doc, rows: Row[], box: { x: number; y: number; width: number; height: number }): void {
  const { x, y, width, height } = box;
  doc.save().lineWidth(0.5).rect(x, y, width, height).stroke();
  const times = rows.map((r) => r.at);
  if (rows.length >= 2) {
    const t0 = Math.min(...times);
    const t1 = Math.max(...times);
    const lo = 30;
    const hi = 200;
    const px = (t: number) => x + ((t - t0) / Math.max(1, t1 - t0)) * width;
    const py = (v: number) => y + height - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * height;
    for (const mark of [60, 100, 140, 180]) {
      doc
        .fontSize(6)
        .fillColor('#555')
        .text(String(mark), x - 14, py(mark) - 3, { lineBreak: false });
    }
    SERIES.forEach((series, index) => {
      const points = rows.filter((r) => r[series.key] !== null).map((r) => [px(r.at), py(r[series.key] as number)] as const);
      if (points.length === 0) return;
      doc.lineWidth(1).strokeColor('#000');
      if (series.dash) doc.dash(series.dash[0] ?? 1, { space: series.dash[1] ?? 1 });
      else doc.undash();
      const [first, ...rest] = points;
      if (first) doc.moveTo(first[0], first[1]);
      for (const [px1, py1] of rest) doc.lineTo(px1, py1);
      doc.stroke().undash();
      doc
        .fontSize(7)
        .fillColor('#000')
        .text(series.label, x + 4 + index * 70, y + 3, { lineBreak: false });
    });
  }
  doc.restore();
  doc.x = x;
  doc.y = y + height + 6;
}
