/**
 * Reading columns back: bigint columns come from the PostgreSQL driver as strings, so every
 * number column is passed through Number; a nullable one stays null.
 */
export function numberOrNull(value: number | null): number | null {
  return value === null ? null : Number(value);
}

/** A 0/1 (SQLite) or true/false (PostgreSQL) column, stored as 0 or 1; undefined (not changed) stays undefined. */
export function flagColumn(value: boolean | undefined): 0 | 1 | undefined {
  return value === undefined ? undefined : value ? 1 : 0;
}
