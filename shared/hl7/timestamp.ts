/**
 * HL7 v2 date/time (DTM): YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ].
 * A measurement time needs at least minutes; the offset is optional (then `defaultOffsetMinutes`
 * applies: the offset of MSH-7, else the server's).
 */
const DTM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.(\d{1,4}))?([+-]\d{4})?$/;
const OFFSET = /([+-])(\d{2})(\d{2})$/;

export interface Hl7Time {
  epochMs: number;
  /** The offset written in the value, minutes east of UTC; null when none was written. */
  offsetMinutes: number | null;
}

function parseOffset(text: string | undefined): number | null | undefined {
  if (text === undefined) return null;
  const match = OFFSET.exec(text);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3]);
  if (hours > 14 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * Days in the month as Date.UTC counts them (years 0-99 are taken as 1900-1999, as the epoch
 * arithmetic below does), without building a Date for every value.
 */
function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const gregorian = year < 100 ? year + 1900 : year;
    const leap = (gregorian % 4 === 0 && gregorian % 100 !== 0) || gregorian % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses a DTM value (first component of a TS field). Returns null when it is not a valid time to the minute. */
export function parseHl7Time(text: string, defaultOffsetMinutes: number): Hl7Time | null {
  const match = DTM.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '00', fraction = '', offsetText] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  const offsetMinutes = parseOffset(offsetText);
  if (offsetMinutes === undefined) return null;
  const ms = fraction === '' ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  return { epochMs: utc - (offsetMinutes ?? defaultOffsetMinutes) * 60_000, offsetMinutes };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Formats epoch ms as DTM to the second, in the given offset (minutes east of UTC), with the offset written. */
export function formatHl7Time(epochMs: number, offsetMinutes = 0, withOffset = true): string {
  const local = new Date(epochMs + offsetMinutes * 60_000);
  const base =
    `${pad(local.getUTCFullYear(), 4)}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}` +
    `${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`;
  if (!withOffset) return base;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${base}${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}
