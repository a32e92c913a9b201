import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readingsCsvPieces } from '../../../server/record/readingsCsvText';
import { foldSessionEvents } from '../../../shared/session/reducer';
import { recordedSpravatoSession } from '../../support/recordedSession';

function stateWithArtifact(reason: string) {
  const log = recordedSpravatoSession({ deviceSeconds: 5 });
  log.add('reading.artifactMarked', { readingId: 'dev-2', reason }, log.minutes(1));
  const state = foldSessionEvents(log.events);
  if (!state) throw new Error('no state');
  return state;
}

describe('the readings CSV as written by the server', () => {
  it('has the header once, whatever the slice, and every reading', () => {
    const state = stateWithArtifact('Probe off');
    const whole = [...readingsCsvPieces(state, 1_000)].join('');
    expect([...readingsCsvPieces(state, 2)].join('')).toBe(whole);
    expect(parse(whole, { columns: true })).toHaveLength(state.readings.length);
  });

  it('writes text that starts like a spreadsheet formula so that a spreadsheet shows it and never runs it', () => {
    const text = [...readingsCsvPieces(stateWithArtifact('=HYPERLINK("http://example.com","probe off")'), 1_000)].join('');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.find((row) => row.reading_id === 'dev-2')?.artifact_reason).toBe('\'=HYPERLINK("http://example.com","probe off")');
  });
});
