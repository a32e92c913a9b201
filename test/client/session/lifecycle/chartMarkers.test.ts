import { describe, expect, it } from 'vitest';
import { observationMarkers } from '../../../../client/src/session/lifecycle/chartMarkers';
import { MINUTE_MS, sessionLog } from './fixtures';

describe('observation markers on the vitals chart', () => {
  it('merges observations close in time into one labelled marker and keeps labels inside the chart', () => {
    const log = sessionLog();
    log.observe(20, { kind: 'moaas', score: 3 });
    log.observe(20.5, { kind: 'cadss6', itemScores: [2, 1, 1, 2, 1, 0] });
    log.observe(21, { kind: 'peak' });
    log.observe(90, { kind: 'moaas', score: 5 });
    log.observe(100, { kind: 'nausea', vomiting: true });
    const start = log.minutes(0);
    const markers = observationMarkers(log.state().observations, start, start + 120 * MINUTE_MS);
    expect(markers.map(({ at, label, side, row }) => ({ at: (at - start) / MINUTE_MS, label, side, row }))).toEqual([
      { at: 20, label: 'MOAA/S 3 · CADSS 7 · Peak', side: 'right', row: 'top' },
      { at: 90, label: 'MOAA/S 5', side: 'left', row: 'bottom' },
      { at: 100, label: 'Vomit', side: 'left', row: 'top' },
    ]);
  });

  it('keeps observations further apart than the merge window as separate markers', () => {
    const log = sessionLog();
    log.observe(10, { kind: 'moaas', score: 4 });
    log.observe(14, { kind: 'dissociation', rating: 6 });
    const start = log.minutes(0);
    // 3% of 120 min is 3.6 min: 4 min apart stay apart.
    expect(observationMarkers(log.state().observations, start, start + 120 * MINUTE_MS).map((marker) => marker.label)).toEqual([
      'MOAA/S 4',
      'Dissoc 6/10',
    ]);
  });
});
