import { addDays, format } from 'date-fns';
import type { AuditQuery } from '../../../shared/admin/api';
import { clinicDayStart } from '../../../shared/record/clinicTime';
import { clinicTimeZone } from '../realtime/serverClock';

export interface AuditFilterForm {
  userId: string;
  sessionId: string;
  roomId: string;
  action: string;
  /** yyyy-mm-dd from the date inputs, days of the clinic's time zone; empty for no limit. */
  fromDate: string;
  toDate: string;
}

export const NO_FILTERS: AuditFilterForm = { userId: '', sessionId: '', roomId: '', action: '', fromDate: '', toDate: '' };

const isDay = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text);

/** The form's filters as the API's query: a "to" date includes its whole day (a DST day too). */
export function auditQueryOf(form: AuditFilterForm, timeZone: string = clinicTimeZone()): AuditQuery {
  const day = (text: string) => (isDay(text) ? clinicDayStart(text, timeZone) : undefined);
  const nextDay = (text: string) => format(addDays(new Date(`${text}T12:00:00`), 1), 'yyyy-MM-dd');
  const toExclusive = isDay(form.toDate) ? day(nextDay(form.toDate)) : undefined;
  return {
    userId: form.userId || undefined,
    sessionId: form.sessionId.trim() || undefined,
    roomId: form.roomId || undefined,
    action: form.action.trim() || undefined,
    from: day(form.fromDate),
    to: toExclusive === undefined ? undefined : toExclusive - 1,
  };
}
