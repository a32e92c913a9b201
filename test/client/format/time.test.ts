import { describe, expect, it } from 'vitest';
import { clinicDate, clinicDay, formatClinicTime, timeLeft } from '../../../client/src/format/time';
import { parseMeasuredAt } from '../../../client/src/session/measuredAt';
import { dateText } from '../../../client/src/patients/SeriesTable';
import { serverClockStore } from '../../../client/src/realtime/serverClock';

// 2026-11-30 14:05:09 UTC: 09:05 in New York (UTC-5), 23:05 in Tokyo (UTC+9).
const AT = Date.UTC(2026, 10, 30, 14, 5, 9);
const HOUR = 3_600_000;

describe('times on screen: server time, the clinic zone, the date when not today', () => {
  it('shows only the time on the clinic day of "now"', () => {
    expect(formatClinicTime(AT, { timeZone: 'UTC', now: AT + HOUR })).toBe('14:05');
    expect(formatClinicTime(AT, { timeZone: 'UTC', now: AT, seconds: true })).toBe('14:05:09');
    expect(formatClinicTime(AT, { timeZone: 'America/New_York', now: AT })).toBe('09:05');
  });

  it('adds the date for another day of the clinic, though it is the same day in UTC', () => {
    // 23:05 in Tokyo on the 30th; "now" 02:00 UTC on the 30th is 11:00 on the 30th in Tokyo: same day.
    expect(formatClinicTime(AT, { timeZone: 'Asia/Tokyo', now: Date.UTC(2026, 10, 30, 2) })).toBe('23:05');
    // "now" 16:00 UTC on the 30th is 01:00 on 1 Dec in Tokyo: the time carries its date.
    expect(formatClinicTime(AT, { timeZone: 'Asia/Tokyo', now: Date.UTC(2026, 10, 30, 16) })).toBe('Mon 30 Nov 23:05');
  });

  it('adds the year for another year', () => {
    expect(formatClinicTime(AT, { timeZone: 'UTC', now: Date.UTC(2027, 0, 2) })).toBe('30 Nov 2026 14:05');
  });

  it('gives the clinic calendar day of an instant', () => {
    expect(clinicDay(AT, 'Asia/Tokyo')).toBe('2026-11-30');
    expect(clinicDay(Date.UTC(2026, 10, 30, 16), 'Asia/Tokyo')).toBe('2026-12-01');
  });

  it('names a clinic calendar day in words, every month and weekday', () => {
    expect(clinicDate(AT, 'UTC')).toBe('Mon 30 Nov 2026');
    expect(clinicDate(Date.UTC(2026, 10, 30, 16), 'Asia/Tokyo')).toBe('Tue 1 Dec 2026');
    expect(clinicDate(Date.UTC(2027, 0, 3, 12), 'UTC')).toBe('Sun 3 Jan 2027');
    expect(clinicDate(Date.UTC(2026, 4, 9, 12), 'UTC')).toBe('Sat 9 May 2026');
  });

  it('reads a typed HH:MM on the clinic clocks of the server day', () => {
    const now = Date.UTC(2026, 10, 30, 15, 0); // 10:00 in New York
    expect(parseMeasuredAt('09:30', now, 0, 'America/New_York')).toEqual({ ok: true, observedAt: Date.UTC(2026, 10, 30, 14, 30) });
    expect(parseMeasuredAt('09:30', now, 0, 'UTC')).toEqual({ ok: true, observedAt: Date.UTC(2026, 10, 30, 9, 30) });
  });

  // The clinic zone's offset is kept per quarter hour (format/time.ts): each instant must still read as Intl reads it.
  const reference = (epochMs: number, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(epochMs));
    const part = (type: string) => parts.find((p) => p.type === type)!.value;
    return { day: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}:${part('second')}` };
  };
  const shown = (epochMs: number, timeZone: string) => ({
    day: clinicDay(epochMs, timeZone),
    time: formatClinicTime(epochMs, { timeZone, now: epochMs, seconds: true }),
  });

  it('reads the clocks right on both sides of a daylight-saving change, whichever side is asked first', () => {
    const zone = 'America/New_York';
    // Spring: 01:59:59 EST, then 03:00:00 EDT (07:00 UTC). Autumn: 01:59:59 EDT, then 01:00:00 EST again (06:00 UTC).
    expect(shown(Date.UTC(2026, 2, 8, 7) - 1_000, zone)).toEqual({ day: '2026-03-08', time: '01:59:59' });
    expect(shown(Date.UTC(2026, 2, 8, 7), zone)).toEqual({ day: '2026-03-08', time: '03:00:00' });
    expect(shown(Date.UTC(2026, 10, 1, 6), zone)).toEqual({ day: '2026-11-01', time: '01:00:00' });
    expect(shown(Date.UTC(2026, 10, 1, 6) - 1, zone)).toEqual({ day: '2026-11-01', time: '01:59:59' });
    for (const change of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)]) {
      // Every 7 minutes 13 seconds from two hours before to two hours after, newest first (as the list asks).
      for (let at = change + 2 * HOUR; at >= change - 2 * HOUR; at -= 433_000) expect(shown(at, zone)).toEqual(reference(at, zone));
    }
  });

  it('reads the clocks right in a quarter hour in which the zone changes its offset', () => {
    // Abidjan left its local mean time (-00:16:08) for GMT at 00:16:08 UTC on 1 Jan 1912: inside a quarter hour.
    const change = Date.UTC(1912, 0, 1, 0, 16, 8);
    expect(shown(change - 1_000, 'Africa/Abidjan')).toEqual(reference(change - 1_000, 'Africa/Abidjan'));
    for (let at = change - 20 * 60_000; at <= change + 20 * 60_000; at += 17_000) {
      expect(shown(at, 'Africa/Abidjan')).toEqual(reference(at, 'Africa/Abidjan'));
      expect(shown(at + 999, 'Africa/Abidjan')).toEqual(reference(at + 999, 'Africa/Abidjan'));
    }
  });
});

describe("the patient page's dates", () => {
  it('are written on the clinic clocks, not this screen’s zone (a session at 22:18 in New York is on 1 Dec there)', () => {
    const before = serverClockStore.getState().timeZone;
    serverClockStore.setState({ timeZone: 'America/New_York' });
    try {
      expect(dateText(Date.UTC(2026, 11, 2, 3, 18))).toBe('Tue 1 Dec 2026 22:18');
    } finally {
      serverClockStore.setState({ timeZone: before });
    }
  });
});

describe('time left', () => {
  it.each([
    [0, '0 min'],
    [1, '1 min'],
    [59_999, '1 min'],
    [60_000, '1 min'],
    [60_001, '2 min'],
    [61 * 60_000 + 1, '1 h 02 min'],
  ])('%i ms left reads "%s" (rounded up, as everywhere it is shown)', (ms, text) => {
    expect(timeLeft(ms)).toBe(text);
  });
});
