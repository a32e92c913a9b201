import { stringify } from 'csv-stringify/sync';
import { READINGS_CSV_COLUMNS, readingsCsvRows } from '../../shared/record/readingsCsv';
import type { SessionState } from '../../shared/session/state';

/**
 * The readings CSV as text, `slice` rows a piece (the header with the first), each made when it
 * is asked for. Text typed by people (an artifact's reason, an alias, a name) that starts like a
 * spreadsheet formula (= + - @) is written with a leading apostrophe, so opening the file in a
 * spreadsheet never runs it (CSV injection).
 */
export function* readingsCsvPieces(state: SessionState, slice: number): Generator<string> {
  const rows = readingsCsvRows(state);
  let start = 0;
  do {
    yield stringify(rows.slice(start, start + slice), { header: start === 0, columns: [...READINGS_CSV_COLUMNS], escape_formulas: true });
    start += slice;
  } while (start < rows.length);
}
