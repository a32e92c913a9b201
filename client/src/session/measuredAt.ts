// How far ahead of the server clock a time may be: the shared rule the server applies to dose
// and correction times (its vitals check, server/commands/timeWindow.ts, allows 2 min).
import { FUTURE_TOLERANCE_MS } from '../../../shared/lifecycle/commandRules';
import { clinicWallClockTime } from '../../../shared/record/clinicTime';
import { clinicDay } from '../format/time';
import { clinicTimeZone } from '../realtime/serverClock';

export type MeasuredAt = { ok: true; observedAt: number } | { ok: false; message: string };

/**
 * The entry panel's "measured at": blank means now; "HH:MM" is today's wall-clock time (the
 * server's day, the clinic's clocks); "-10" means ten minutes ago. It may not be in the future nor
 * before the session opened.
 */
export function parseMeasuredAt(text: string, serverNow: number, notBefore: number, timeZone: string = clinicTimeZone()): MeasuredAt {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'now') return { ok: true, observedAt: Math.round(serverNow) };
  let observedAt: number;
  const minutesAgo = /^-(\d{1,3})$/.exec(trimmed);
  const wallClock = /^(\d{1,2})[:.h](\d{2})$/.exec(trimmed);
  if (minutesAgo) {
    observedAt = serverNow - Number(minutesAgo[1]) * 60_000;
  } else if (wallClock) {
    const hours = Number(wallClock[1]);
    const minutes = Number(wallClock[2]);
    if (hours > 23 || minutes > 59) return { ok: false, message: `${trimmed} is not a time of day — use HH:MM, e.g. 14:05` };
    observedAt = clinicWallClockTime(clinicDay(serverNow, timeZone), hours, minutes, timeZone);
  } else {
    return { ok: false, message: 'Use HH:MM (e.g. 14:05), -10 for ten minutes ago, or leave blank for now' };
  }
  if (observedAt > serverNow + FUTURE_TOLERANCE_MS) return { ok: false, message: 'That time is in the future — check the time' };
  if (observedAt < notBefore) return { ok: false, message: 'That time is before this session was opened' };
  return { ok: true, observedAt: Math.round(observedAt) };
}
