import { getDay, getMonth, isSameDay, isSameYear, lightFormat } from 'date-fns';
import { clinicTimeZone, serverNow } from '../realtime/serverClock';

const two = (n: number) => String(n).padStart(2, '0');

// English names by hand: date-fns's `format` brings its whole locale (about 6 KB gzipped) into the session page's first load.
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
/** "Mon 30 Nov" (`withYear`: "Mon 30 Nov 2026"). */
const dayInWords = (day: Date, withYear: boolean) =>
  `${WEEKDAYS[getDay(day)]} ${lightFormat(day, 'd')} ${MONTHS[getMonth(day)]}${withYear ? ` ${lightFormat(day, 'yyyy')}` : ''}`;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The clocks of `timeZone` at an instant, asked of Intl (a few microseconds each: too slow for every row of every render). */
function wallClockOfIntl(epochMs: number, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(epochMs))) out[part.type] = Number(part.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

/** How far the clocks of a zone are ahead of UTC at a whole second, in ms (whole seconds: old zones' offsets had seconds). */
function offsetAt(epochSecondMs: number, timeZone: string): number {
  const at = wallClockOfIntl(epochSecondMs, timeZone);
  const asUtc = new Date(0);
  asUtc.setUTCFullYear(at.year, at.month - 1, at.day);
  asUtc.setUTCHours(at.hour, at.minute, at.second, 0);
  return asUtc.getTime() - epochSecondMs;
}

/** Zones change their offset at most a few times a year: it is asked of Intl once per zone per quarter hour seen. */
const OFFSET_BUCKET_MS = 15 * 60_000;
/** Buckets kept per zone before that zone's are forgotten (about 100 days' worth; a long list's rows span hours). */
const MAX_BUCKETS = 10_000;
/** Per zone, per bucket: the zone's offset through the bucket, or null for a bucket in which it changes. */
const offsets = new Map<string, Map<number, number | null>>();

/** A bucket's offset, or null when the offset at its first second differs from its last (an offset change inside it). */
function bucketOffset(bucket: number, timeZone: string): number | null {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const start = bucket * OFFSET_BUCKET_MS;
    const first = offsetAt(start, timeZone);
    offset = first === offsetAt(start + OFFSET_BUCKET_MS - 1_000, timeZone) ? first : null;
    if (zone.size >= MAX_BUCKETS) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/**
 * What the clocks of `timeZone` read at an instant: the zone's offset in the instant's quarter
 * hour (cached), applied by Date's UTC arithmetic; Intl itself only in a quarter hour in which the
 * zone changes its offset.
 */
function wallClock(epochMs: number, timeZone: string): WallClock {
  const offset = bucketOffset(Math.floor(epochMs / OFFSET_BUCKET_MS), timeZone);
  if (offset === null) return wallClockOfIntl(epochMs, timeZone);
  const at = new Date(epochMs + offset);
  return {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    second: at.getUTCSeconds(),
  };
}

/**
 * A clinic calendar day as a Date at noon in this browser's zone, for date-fns's calendar
 * formatting and comparisons: noon exists on every day, DST changes included.
 */
function calendarDay(clock: WallClock): Date {
  return new Date(clock.year, clock.month - 1, clock.day, 12);
}

export interface ClinicTimeOptions {
  /** The clinic's IANA zone. */
  timeZone: string;
  /** The server's "now": a time on another day than this one carries its date. */
  now: number;
  seconds?: boolean;
}

/**
 * An instant as the clinic's clocks show it, 24-hour: "14:05" today, "Sun 29 Nov 14:05" on
 * another day of this year, "29 Nov 2025 14:05" in another year.
 */
export function formatClinicTime(epochMs: number, options: ClinicTimeOptions): string {
  const at = wallClock(epochMs, options.timeZone);
  const time = `${two(at.hour)}:${two(at.minute)}${options.seconds === true ? `:${two(at.second)}` : ''}`;
  const day = calendarDay(at);
  const today = calendarDay(wallClock(options.now, options.timeZone));
  if (isSameDay(day, today)) return time;
  if (isSameYear(day, today)) return `${dayInWords(day, false)} ${time}`;
  return `${lightFormat(day, 'd')} ${MONTHS[getMonth(day)]} ${lightFormat(day, 'yyyy')} ${time}`;
}

/** "2026-11-30": the clinic's calendar day of an instant (for date inputs and day filters). */
export function clinicDay(epochMs: number, timeZone: string = clinicTimeZone()): string {
  return lightFormat(calendarDay(wallClock(epochMs, timeZone)), 'yyyy-MM-dd');
}

/**
 * The clinic's zone and calendar day at an instant, as one string: what a time written on screen
 * depends on besides the instant. A memoised part takes it as a prop, so it is redrawn when the
 * zone or the day changes, not at every tick of the clock.
 */
export function clinicClockKey(epochMs: number): string {
  const zone = clinicTimeZone();
  return `${zone} ${clinicDay(epochMs, zone)}`;
}

/** "Mon 30 Nov 2026": a calendar day stored as the instant it starts, in words. */
export function clinicDate(epochMs: number, timeZone: string = clinicTimeZone()): string {
  return dayInWords(calendarDay(wallClock(epochMs, timeZone)), true);
}

/** Server time of an instant in the clinic's zone, with its date when not today: "14:05", "Sun 29 Nov 14:05". */
export function clockTime(epochMs: number): string {
  return formatClinicTime(epochMs, { timeZone: clinicTimeZone(), now: serverNow() });
}

export function clockTimeWithSeconds(epochMs: number): string {
  return formatClinicTime(epochMs, { timeZone: clinicTimeZone(), now: serverNow(), seconds: true });
}

/** "14:05" in the clinic's zone and nothing else: the value of a time field a person may edit. */
export function wallClockText(epochMs: number, timeZone: string = clinicTimeZone()): string {
  const at = wallClock(epochMs, timeZone);
  return `${two(at.hour)}:${two(at.minute)}`;
}

/** A duration for people: "42 min", "1 h 05 min", "0 min". Negative durations count as 0. */
export function duration(ms: number): string {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return hours === 0 ? `${minutes} min` : `${hours} h ${String(minutes).padStart(2, '0')} min`;
}

/**
 * Time still to wait, rounded up to the minute: "1 min" while any of the last minute remains,
 * never "0 min" while a minimum still holds someone (the board, the wall and the session page agree).
 */
export function timeLeft(ms: number): string {
  return duration(Math.ceil(Math.max(0, ms) / 60_000) * 60_000);
}

/** How old something is: "just now", "3 min ago", "1 h 10 min ago". */
export function age(ms: number): string {
  if (ms < 60_000) return 'just now';
  return `${duration(ms)} ago`;
}
