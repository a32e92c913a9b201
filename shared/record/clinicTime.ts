/**
 * Times on the record always carry their date and the clinic's time zone (VIGIL_TIME_ZONE),
 * so a printed report read a week later is unambiguous. Pure: Intl formatting only.
 */

/** True when `timeZone` is an IANA zone this runtime knows ("Europe/London", "UTC"). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function parts(epochMs: number, timeZone: string, withSeconds: boolean): Record<string, string> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const out: Record<string, string> = {};
  for (const part of format.formatToParts(new Date(epochMs))) out[part.type] = part.value;
  return out;
}

/** "2026-11-30 14:05 GMT+1": date, 24-hour time and the zone's short name. */
export function formatClinicDateTime(epochMs: number, timeZone: string, options: { seconds?: boolean } = {}): string {
  const p = parts(epochMs, timeZone, options.seconds === true);
  const time = options.seconds === true ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time} ${p.timeZoneName}`;
}

/** "2026-11-30": the clinic's calendar date of an instant. */
export function formatClinicDate(epochMs: number, timeZone: string): string {
  const p = parts(epochMs, timeZone, false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -5 h). */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const p = parts(epochMs, timeZone, true);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour) % 24, Number(p.minute), Number(p.second));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant a calendar day ("2026-11-30") starts in the clinic's zone. */
export function clinicDayStart(day: string, timeZone: string): number {
  return clinicWallClockTime(day, 0, 0, timeZone);
}

/**
 * The instant the clinic's clocks read `hours`:`minutes` on a calendar day ("2026-11-30"), as a
 * person types it ("14:05" today). A time skipped by a DST change lands just after the change.
 */
export function clinicWallClockTime(day: string, hours: number, minutes: number, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hours, minutes);
  const first = guess - zoneOffsetMs(guess, timeZone);
  // Once more with the offset at the found instant, for times next to a DST change.
  return guess - zoneOffsetMs(first, timeZone);
}
