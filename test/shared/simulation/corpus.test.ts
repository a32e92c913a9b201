import { describe, expect, it } from 'vitest';
import { burdenReport } from '../../../shared/simulation/burden';
import { buildCorpus } from '../../../shared/simulation/corpus';
import { REAL_EVENT_KINDS } from '../../../shared/simulation/corpusEvents';
import { replayCorpusSession } from '../../../shared/simulation/replay';

/**
 * The tuning part of the alarm-burden corpus (seed "tune", the first 18 of the 24 sessions
 * `npm run alarm-burden` replays). The held-out part (seed "held") is in no unit test, so the
 * rules are judged on sessions they were not tuned to.
 */
describe('the alarm-burden corpus (tuning part) through the alarm rules', () => {
  const corpus = buildCorpus('tune', 18);

  it('is reproducible and holds normal, artifact and eventful courses of every protocol and event kind', () => {
    expect(JSON.stringify(buildCorpus('tune', 18))).toBe(JSON.stringify(corpus));
    expect(new Set(corpus.map((session) => session.protocol.id)).size).toBe(5);
    expect(corpus.filter((session) => session.course === 'normal')).toHaveLength(6);
    expect(corpus.filter((session) => session.course === 'artifact').every((session) => session.artifacts.length >= 7)).toBe(true);
    expect(corpus.flatMap((session) => session.events.map((event) => event.kind)).sort()).toEqual([...REAL_EVENT_KINDS].sort());
  });

  it('alarms every real event and sounds nothing for normal courses or monitor artifacts', { timeout: 120_000 }, () => {
    const report = burdenReport(corpus.map(replayCorpusSession));
    expect(report.missed).toEqual([]);
    expect(report.sensitivity).toBe(1);
    expect(report.nonActionable).toEqual([]);
    // Artifacts did happen and were held silent ("checking") rather than sounded.
    expect(report.silentCheckingPerSession).toBeGreaterThan(0);
    // A missed check or a therapist's MOAA/S alarms at once; a desaturation within a minute of its onset.
    expect(report.byEventKind.missed_check?.worstDelayMinutes).toBe(0);
    expect(report.byEventKind.oversedation?.worstDelayMinutes).toBe(0);
    expect(report.byEventKind.desaturation?.worstDelayMinutes).toBeLessThan(1);
  });
});
