import { describe, expect, it } from 'vitest';
import { clinicDayStart, clinicWallClockTime } from '../../../shared/record/clinicTime';

describe('the clinic wall clock as an instant', () => {
  it('is the time the clinic clocks read on that day', () => {
    expect(clinicWallClockTime('2026-11-30', 9, 30, 'America/New_York')).toBe(Date.UTC(2026, 10, 30, 14, 30));
    expect(clinicWallClockTime('2026-07-01', 9, 30, 'America/New_York')).toBe(Date.UTC(2026, 6, 1, 13, 30));
    expect(clinicDayStart('2026-11-30', 'Asia/Tokyo')).toBe(Date.UTC(2026, 10, 29, 15, 0));
  });

  it('holds on the days the clocks change', () => {
    // New York springs forward at 02:00 on 8 Mar 2026 (EST -> EDT): 01:30 is EST, 03:30 is EDT.
    expect(clinicWallClockTime('2026-03-08', 1, 30, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 6, 30));
    expect(clinicWallClockTime('2026-03-08', 3, 30, 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7, 30));
    // ...and falls back at 02:00 on 1 Nov 2026: 12:00 is EST.
    expect(clinicWallClockTime('2026-11-01', 12, 0, 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 17, 0));
  });
});
