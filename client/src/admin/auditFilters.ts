import type { AuditQuery } from '../../../shared/admin/api';

export interface AuditFilterForm {
  userId: string;
  sessionId: string;
  roomId: string;
  action: string;
  /** yyyy-mm-dd from the date inputs, in this screen's time zone; empty for no limit. */
  fromDate: string;
  toDate: string;
}

export const NO_FILTERS: AuditFilterForm = { userId: '', sessionId: '', roomId: '', action: '', fromDate: '', toDate: '' };

/** The form's filters as the API's query: a "to" date includes its whole day. */
export function auditQueryOf(form: AuditFilterForm): AuditQuery {
  const day = (text: string) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00`).getTime() : undefined);
  const to = day(form.toDate);
  return {
    userId: form.userId || undefined,
    sessionId: form.sessionId.trim() || undefined,
    roomId: form.roomId || undefined,
    action: form.action.trim() || undefined,
    from: day(form.fromDate),
    to: to === undefined ? undefined : to + 24 * 3600_000 - 1,
  };
}
