import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENCODING, decodeEscapes, encodeEscapes } from '../../../shared/hl7/encoding';
import { component, parseHl7 } from '../../../shared/hl7/message';
import { formatHl7Time, parseHl7Time } from '../../../shared/hl7/timestamp';

describe('escape sequences', () => {
  it.each([
    ['a\\F\\b', 'a|b'],
    ['a\\S\\b', 'a^b'],
    ['a\\T\\b', 'a&b'],
    ['a\\R\\b', 'a~b'],
    ['a\\E\\b', 'a\\b'],
    ['\\X41\\\\X42\\', 'AB'],
    ['caf\\XC3A9\\', 'café'],
    ['line\\.br\\two', 'line\ntwo'],
    ['\\H\\bold\\N\\', 'bold'],
    ['\\C2842\\text', 'text'],
    ['\\Zunknown\\', '\\Zunknown\\'],
    ['\\X4\\', '\\X4\\'],
    ['dangling \\F', 'dangling \\F'],
    ['plain', 'plain'],
  ])('%s decodes to %j', (raw, decoded) => {
    expect(decodeEscapes(raw, DEFAULT_ENCODING)).toBe(decoded);
  });

  it('encoding then decoding gives back any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '|', '^', '&', '~', '\\', 'X', '.', 'b', 'r', '1', 'é') }), (text) => {
        expect(decodeEscapes(encodeEscapes(text), DEFAULT_ENCODING)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("uses the message's own delimiters", () => {
    const parsed = parseHl7('MSH#*$!@#A$B#FAC\rPID#1#x!F!y*z');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { message } = parsed;
    expect(message.encoding).toEqual({ field: '#', component: '*', repetition: '$', escape: '!', subcomponent: '@' });
    expect(component(message, message.segments[0]!, 3, 1)).toBe('A');
    expect(component(message, message.segments[0]!, 3, 1, 1)).toBe('B');
    expect(component(message, message.segments[1]!, 2, 1)).toBe('x#y');
    expect(component(message, message.segments[1]!, 2, 2)).toBe('z');
  });
});

describe('HL7 times', () => {
  it.each([
    ['202611231015', 0, Date.UTC(2026, 10, 23, 10, 15)],
    ['20261123101530', 0, Date.UTC(2026, 10, 23, 10, 15, 30)],
    ['20261123101530.5', 0, Date.UTC(2026, 10, 23, 10, 15, 30, 500)],
    ['20261123101530.1234', 0, Date.UTC(2026, 10, 23, 10, 15, 30, 123)],
    ['20261123101530+0100', 0, Date.UTC(2026, 10, 23, 9, 15, 30)],
    ['20261123101530-0600', 0, Date.UTC(2026, 10, 23, 16, 15, 30)],
    ['20261123101530+0530', 0, Date.UTC(2026, 10, 23, 4, 45, 30)],
    ['20261123101530', 60, Date.UTC(2026, 10, 23, 9, 15, 30)],
    ['20261123101530+0000', 60, Date.UTC(2026, 10, 23, 10, 15, 30)],
    ['20240229000000', 0, Date.UTC(2024, 1, 29)],
  ])('%s (default offset %i min)', (text, offset, expected) => {
    expect(parseHl7Time(text, offset)?.epochMs).toBe(expected);
  });

  it.each([
    '',
    '2026',
    '20261123',
    '2026112310',
    '20261323101500',
    '20260230101500',
    '20250229000000',
    '20261123246000',
    '20261123101560',
    '20261123101500+1500',
    '20261123101500+01',
    'yesterday',
    '20261123101500.12345',
  ])('%j is not a measurement time', (text) => {
    expect(parseHl7Time(text, 0)).toBeNull();
  });

  it('a day is a date exactly when the calendar has it (leap years, years 0-99 read as 1900-1999 as Date.UTC does)', () => {
    const years = [0, 4, 5, 99, 100, 400, 1900, 1904, 2000, 2023, 2024, 2100, 2400, 9996, 9999];
    for (const year of years) {
      for (let month = 1; month <= 12; month += 1) {
        const calendarDays = new Date(Date.UTC(year, month, 0)).getUTCDate();
        for (const day of [28, 29, 30, 31, 32]) {
          const text = `${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${day}1200`;
          expect(parseHl7Time(text, 0) !== null, text).toBe(day <= calendarDays);
        }
      }
    }
  });

  it('format and parse agree for any time and offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 946_684_800, max: 4_102_444_799 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (seconds, offset) => {
        const ms = seconds * 1000;
        expect(parseHl7Time(formatHl7Time(ms, offset), 999)?.epochMs).toBe(ms);
        expect(parseHl7Time(formatHl7Time(ms, offset, false), offset)?.epochMs).toBe(ms);
      }),
      { numRuns: 1000 },
    );
  });
});
