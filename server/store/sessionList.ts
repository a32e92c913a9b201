import { sql, type Kysely } from 'kysely';
import type { SessionFilterChoices, SessionListItem } from '../../shared/http/recordApi';
import type { SessionStatus } from '../../shared/record/status';
import type { Database } from './schema';
import { numberOrNull } from './columns';

export interface SessionListFilter {
  roomId?: string;
  protocolId?: string;
  status?: SessionStatus;
  /** Patient alias contains (case-insensitive). */
  alias?: string;
  /** Alias, protocol name or room name contains (case-insensitive). */
  search?: string;
  openedFrom?: number;
  /** Exclusive. */
  openedBefore?: number;
  offset: number;
  limit: number;
}

const likeOf = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Sessions, newest first, one page of them, with the total that match. */
export async function listSessions(
  db: Kysely<Database>,
  filter: SessionListFilter,
): Promise<{ sessions: Omit<SessionListItem, 'openedAtText'>[]; total: number }> {
  const closing = (type: string) =>
    sql<boolean>`exists (select 1 from session_events e where e.session_id = s.session_id and e.type = ${type})`;
  let query = db.selectFrom('sessions as s').innerJoin('rooms as r', 'r.room_id', 's.room_id');
  if (filter.roomId) query = query.where('s.room_id', '=', filter.roomId);
  if (filter.protocolId) query = query.where('s.protocol_id', '=', filter.protocolId);
  if (filter.openedFrom !== undefined) query = query.where('s.opened_at', '>=', filter.openedFrom);
  if (filter.openedBefore !== undefined) query = query.where('s.opened_at', '<', filter.openedBefore);
  if (filter.alias) query = query.where(sql<boolean>`lower(s.patient_alias) like ${likeOf(filter.alias)} escape '\\'`);
  if (filter.search) {
    const like = likeOf(filter.search);
    query = query.where(
      sql<boolean>`(lower(s.patient_alias) like ${like} escape '\\' or lower(s.protocol_name) like ${like} escape '\\' or lower(r.name) like ${like} escape '\\')`,
    );
  }
  if (filter.status === 'discharged') query = query.where(closing('session.discharged'));
  if (filter.status === 'ended_early') query = query.where(closing('session.endedEarly'));
  if (filter.status === 'running')
    query = query.where(sql<boolean>`not ${closing('session.discharged')} and not ${closing('session.endedEarly')}`);
  const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await query
    .select([
      's.session_id',
      's.room_id',
      'r.name as room_name',
      's.patient_alias',
      's.protocol_id',
      's.protocol_name',
      's.opened_at',
      's.closed_at',
      closing('session.discharged').as('discharged'),
      closing('session.endedEarly').as('ended_early'),
    ])
    .orderBy('s.opened_at', 'desc')
    .orderBy('s.session_id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return {
    total: Number(counted?.n ?? 0),
    sessions: rows.map((row) => ({
      sessionId: row.session_id,
      roomId: row.room_id,
      roomName: row.room_name,
      patientAlias: row.patient_alias ?? '',
      protocolId: row.protocol_id ?? '',
      protocolName: row.protocol_name ?? '',
      // SQLite answers 0/1, PostgreSQL true/false.
      status: Number(row.discharged) ? 'discharged' : Number(row.ended_early) ? 'ended_early' : 'running',
      openedAt: Number(row.opened_at),
      closedAt: numberOrNull(row.closed_at),
    })),
  };
}

/**
 * What the Sessions page's room and protocol menus offer: every room and protocol that has a
 * session, retired rooms and protocols included (their history stays findable), by name.
 */
export async function listSessionFilterChoices(db: Kysely<Database>): Promise<SessionFilterChoices> {
  const rooms = await db
    .selectFrom('sessions as s')
    .innerJoin('rooms as r', 'r.room_id', 's.room_id')
    .select(['r.room_id', 'r.name'])
    .distinct()
    .execute();
  const protocols = await db
    .selectFrom('sessions')
    .select(['protocol_id', 'protocol_name', (eb) => eb.fn.max('opened_at').as('last_opened_at')])
    .where('protocol_id', 'is not', null)
    .groupBy(['protocol_id', 'protocol_name'])
    .execute();
  // A protocol renamed between versions is listed once, by its latest session's name.
  const newest = new Map<string, { name: string; at: number }>();
  for (const row of protocols) {
    const at = Number(row.last_opened_at);
    const seen = newest.get(row.protocol_id ?? '');
    if (!seen || at > seen.at) newest.set(row.protocol_id ?? '', { name: row.protocol_name ?? row.protocol_id ?? '', at });
  }
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    rooms: rooms.map((row) => ({ id: row.room_id, name: row.name })).sort(byName),
    protocols: [...newest].map(([id, { name }]) => ({ id, name })).sort(byName),
  };
}
