import type { NewSessionEvent, SessionEvent } from '../../shared/session/events';
import { protocolSchema, type Protocol } from '../../shared/protocols/schema';
import { applySessionEvent, foldSessionEvents } from '../../shared/session/reducer';
import { isClosedPhase } from '../../shared/session/phases';
import type { SessionState } from '../../shared/session/state';
import type { Clock } from '../clock';
import { createKeyedLock } from './keyedLock';
import { fail, type Result } from '../../shared/result';
import { commandLock, sessionLock } from '../store/rowLocks';
import { StaleCopyError } from '../store/errors';
import {
  appendSessionEvents,
  findByCommandId,
  lastSeqTaken,
  readSessionEvents,
  type AppendOptions,
  type CommitsWith,
} from '../store/events';
import type { AuditIntent } from '../store/audit';
import { createSession, getSession } from '../store/sessions';
import type { Store } from '../store/store';

export type CommittedListener = (events: SessionEvent[], state: SessionState) => void;

/**
 * Owns session state on the server: appends to the store, keeps a folded copy of each open
 * session (and of the last CLOSED_SESSIONS_KEPT closed ones) in memory, and tells listeners (the broadcaster, the alarm engine) about events only
 * AFTER they are committed.
 */
export interface SessionService {
  getState(sessionId: string): Promise<SessionState | null>;
  /** Append a command's events and their audit row (one transaction, shared with concurrent commands); returns the stored events once committed. */
  append(sessionId: string, drafts: NewSessionEvent[], audit?: AuditIntent | null): Promise<{ events: SessionEvent[]; duplicate: boolean }>;
  /**
   * Decide and append as one step: `decide` sees the current state (no other command of this
   * session runs in between), including events another server node committed, and returns the
   * events to store, or a refusal that stores nothing. The audit row, when given, commits with
   * them, and so does `commitsWith` (bookkeeping such as a device's last-message time).
   */
  decideAndAppend<T extends object = object>(
    sessionId: string,
    decide: (state: SessionState, protocol: Protocol) => Result<{ drafts: NewSessionEvent[] } & T>,
    audit?: AuditIntent | null,
    commitsWith?: CommitsWith | null,
    options?: DecideOptions,
  ): Promise<Result<{ events: SessionEvent[]; duplicate: boolean } & T>>;
  open(
    opened: NewSessionEvent,
    roomId: string,
    protocolJson: string,
    audit?: AuditIntent | null,
  ): Promise<{ event: SessionEvent; duplicate: boolean }>;
  findCommand(commandId: string): Promise<SessionEvent | null>;
  /** The protocol version the session started with (kept with the session). */
  getProtocol(sessionId: string): Promise<Protocol | null>;
  /** Bring the cached state up to date with events another server node committed. */
  ingestRemote(event: SessionEvent): Promise<void>;
  /**
   * Read what other nodes committed to this session since the cached state (after a pause of
   * cross-process delivery) and fold it in. A session not cached yet is loaded whole.
   */
  catchUp(sessionId: string): Promise<void>;
  /** Sessions this node holds a copy of. */
  cachedSessionIds(): string[];
  onCommitted(listener: CommittedListener): () => void;
  /**
   * Events another node committed, folded into this node's copy (from Redis or read back from
   * the store), in seq order and without gaps: for this node's screens. An empty list: the
   * session was newly loaded, only its summary is news.
   */
  onCaughtUp(listener: CommittedListener): () => void;
  eventsAfter(sessionId: string, afterSeq: number, limit?: number): Promise<SessionEvent[]>;
}

export interface DecideOptions {
  /**
   * The drafts' command ids are derived from the state decided on (the alarm and readiness
   * passes: a step of an alarm, a seq), so it cannot hold them yet. When that state is known to
   * hold everything stored (SQLite, no other connection committed since it was read), they are
   * new and the append does not look them up. A copy another connection stores in between is
   * still refused by the unique command id: the caller takes that error as "stored elsewhere".
   */
  commandIdsFromState?: boolean;
  /**
   * A reactor pass (alarms, readiness): a decision to store nothing stands even on a copy that
   * may lack another process's newest events, since every commit sets off its own process's
   * passes on a copy that holds it. A command's refusal or no-op is always made on the record as
   * stored (read again first when the copy was not known current).
   */
  pass?: boolean;
}

/**
 * Closed sessions whose folded copy stays in memory (the most recently stored or loaded): the
 * day's reports and amendments read them at once; older ones are read from the store again
 * when asked for, so a server that runs for months does not hold every session it ever saw.
 */
export const CLOSED_SESSIONS_KEPT = 20;

export function createSessionService(store: Store, clock: Clock, options: { closedSessionsKept?: number } = {}): SessionService {
  const closedSessionsKept = options.closedSessionsKept ?? CLOSED_SESSIONS_KEPT;
  const cache = new Map<string, SessionState>();
  /** The cached closed sessions, least recently kept first. */
  const closedKept = new Set<string>();
  const listeners = new Set<CommittedListener>();
  const caughtUpListeners = new Set<CommittedListener>();
  // One chain per session so cache updates apply in order even when commits race.
  const chains = createKeyedLock();
  const serialize = <T>(sessionId: string, work: () => Promise<T>): Promise<T> => chains.run(sessionId, work);
  const protocols = new Map<string, Protocol>();
  /** The store's external version (SQLite) at which each cached copy was last read from the store. */
  const readAt = new Map<string, number>();

  /** Keep a session's folded copy; beyond `closedSessionsKept` closed ones, forget the oldest (copy, read version, protocol). */
  function keep(sessionId: string, state: SessionState) {
    cache.set(sessionId, state);
    closedKept.delete(sessionId);
    if (!isClosedPhase(state.phase)) return;
    closedKept.add(sessionId);
    for (const oldest of closedKept) {
      if (closedKept.size <= closedSessionsKept) break;
      closedKept.delete(oldest);
      cache.delete(oldest);
      readAt.delete(oldest);
      protocols.delete(oldest);
    }
  }

  async function load(sessionId: string): Promise<SessionState | null> {
    const cached = cache.get(sessionId);
    if (cached) return cached;
    const version = store.externalVersion?.();
    const row = await getSession(store.db, sessionId);
    if (!row) return null;
    const state = foldSessionEvents(await readSessionEvents(store.db, sessionId));
    if (state) keep(sessionId, state);
    if (state && version !== undefined) readAt.set(sessionId, version);
    return state;
  }

  /**
   * Whether the cached copy is known to hold everything stored, without reading: only on SQLite,
   * when no other connection has committed since the copy was last read and no append through
   * this store (this service's, or another's in this process) took a seq beyond it.
   */
  function knownCurrent(sessionId: string, cached: SessionState, version: number | undefined): boolean {
    return version !== undefined && readAt.get(sessionId) === version && lastSeqTaken(store.db, sessionId) <= cached.lastSeq;
  }

  /** Fold events into the cache, filling any gap from the store first; `applied` lists what was new, gap included. */
  async function foldApplied(sessionId: string, events: SessionEvent[]): Promise<{ state: SessionState; applied: SessionEvent[] } | null> {
    let state = await load(sessionId);
    if (!state) return null;
    const applied: SessionEvent[] = [];
    const firstSeq = events[0]?.seq ?? state.lastSeq;
    const missed =
      firstSeq > state.lastSeq + 1 ? await readSessionEvents(store.db, sessionId, state.lastSeq, firstSeq - state.lastSeq - 1) : [];
    for (const event of [...missed, ...events]) {
      if (event.seq <= state.lastSeq) continue;
      state = applySessionEvent(state, event) ?? state;
      applied.push(event);
    }
    keep(sessionId, state);
    return { state, applied };
  }

  function notifyCaughtUp(events: SessionEvent[], state: SessionState) {
    for (const listener of caughtUpListeners) listener(events, state);
  }

  /**
   * The state as stored: the cached copy only sees this node's commits (unless a pub/sub adapter
   * feeds it), so fold in what other nodes committed since. One indexed query, empty when nothing
   * is new; a session not yet cached is read whole by `load`.
   */
  async function loadStored(sessionId: string): Promise<SessionState | null> {
    const cached = cache.get(sessionId);
    if (!cached) return load(sessionId);
    // The command, then the alarm and readiness passes its commit sets off, each decide on the
    // record as stored: on SQLite one process is the only writer, and none of them reads again.
    const version = store.externalVersion?.();
    if (knownCurrent(sessionId, cached, version)) return cached;
    const newer = await readSessionEvents(store.db, sessionId, cached.lastSeq);
    if (version !== undefined) readAt.set(sessionId, version);
    if (newer.length === 0) return cached;
    const folded = await foldApplied(sessionId, newer);
    if (folded && folded.applied.length > 0) notifyCaughtUp(folded.applied, folded.state);
    return folded?.state ?? null;
  }

  async function getProtocol(sessionId: string): Promise<Protocol | null> {
    const cached = protocols.get(sessionId);
    if (cached) return cached;
    const row = await getSession(store.db, sessionId);
    if (!row) return null;
    const protocol = protocolSchema.parse(JSON.parse(row.protocolJson));
    protocols.set(sessionId, protocol);
    return protocol;
  }

  function notify(events: SessionEvent[], state: SessionState) {
    for (const listener of listeners) listener(events, state);
  }

  /**
   * Store drafts, then fold and announce them. Run inside `serialize`. Whatever the copy had not
   * folded yet is announced too: events other processes committed before these (to this node's
   * screens), and a duplicate whose first commit was never announced (its answer was lost with
   * the store's connection, and the sender tried again).
   */
  async function commit(
    sessionId: string,
    drafts: NewSessionEvent[],
    audit: AuditIntent | null,
    commitsWith: CommitsWith | null = null,
    options: AppendOptions = {},
  ) {
    // Group commit: this append shares a transaction with other sessions' concurrent ones and
    // resolves only after it has committed.
    const result = await store.commits.run(
      (trx) => appendSessionEvents(trx, sessionId, drafts, clock.now(), audit, commitsWith, options),
      [sessionLock(sessionId), ...drafts.map((draft) => commandLock(draft.commandId)), ...(commitsWith?.locks ?? [])],
    );
    const firstSeq = result.events[0]?.seq;
    if (firstSeq === undefined) return result;
    // A command id already stored in another session: those events are not this session's to fold
    // or announce (the caller answers the reuse as a conflict).
    if (result.events.some((event) => event.sessionId !== sessionId)) return result;
    const folded = await foldApplied(sessionId, result.events);
    if (folded) {
      const before = folded.applied.filter((event) => event.seq < firstSeq);
      const ours = folded.applied.filter((event) => event.seq >= firstSeq);
      if (before.length > 0) notifyCaughtUp(before, folded.state);
      if (ours.length > 0) notify(ours, folded.state);
    }
    return result;
  }

  return {
    getState: (sessionId) => serialize(sessionId, () => load(sessionId)),
    findCommand: (commandId) => findByCommandId(store.db, commandId),
    getProtocol,
    eventsAfter: (sessionId, afterSeq, limit) => readSessionEvents(store.db, sessionId, afterSeq, limit),
    // Appends of one session run one at a time in this process, each folded and announced
    // before the next: screens receive events in seq order, and a decision (decideAndAppend)
    // always sees every event committed before it.
    append: (sessionId, drafts, audit = null) => serialize(sessionId, () => commit(sessionId, drafts, audit)),
    async decideAndAppend(sessionId, decide, audit = null, commitsWith = null, options = {}) {
      const protocol = await getProtocol(sessionId);
      if (!protocol) return fail('not_found', 'No such session');
      return serialize(sessionId, async () => {
        // First decided on the cached copy without reading it again (on PostgreSQL a round trip
        // per decision, three per reading): what it stores is refused if the session moved past
        // that copy (`expectedLastSeq`), and is then decided once more on the record as read, as
        // every decision was before. A refusal or a no-op of a command is never answered from an
        // unread copy. Decided on what was just read, the append is not held to a seq: another
        // process may store in between, as it always could.
        const cached = cache.get(sessionId);
        let state = cached ?? (await load(sessionId));
        let current = !cached || knownCurrent(sessionId, cached, store.externalVersion?.());
        for (;;) {
          if (!state) return fail('not_found', 'No such session');
          const commandIdsNew = options.commandIdsFromState === true && knownCurrent(sessionId, state, store.externalVersion?.());
          const decision = decide(state, protocol);
          const storesSomething = decision.ok && decision.drafts.length > 0;
          if (!current && !storesSomething && options.pass !== true) {
            state = await loadStored(sessionId);
            current = true;
            continue;
          }
          if (!decision.ok) return decision;
          const { drafts, ...extra } = decision;
          if (drafts.length === 0) return { ...extra, ok: true, events: [], duplicate: false } as never;
          try {
            const expectedLastSeq = current ? undefined : state.lastSeq;
            const stored = await commit(sessionId, drafts, audit, commitsWith, { commandIdsNew, expectedLastSeq });
            return { ...extra, ok: true, ...stored } as never;
          } catch (error) {
            if (current || !(error instanceof StaleCopyError)) throw error;
            state = await loadStored(sessionId);
            current = true;
          }
        }
      });
    },
    async open(opened, roomId, protocolJson, audit = null) {
      // Keyed though the row is new: two processes opening it at once (a resent command) take turns.
      const result = await store.commits.run(
        (trx) => createSession(trx, opened, roomId, protocolJson, clock.now(), audit),
        [sessionLock(opened.sessionId), commandLock(opened.commandId)],
      );
      if (!result.duplicate) {
        await serialize(opened.sessionId, async () => {
          const state = await load(opened.sessionId);
          if (state) notify([result.event], state);
        });
      }
      return result;
    },
    async ingestRemote(event) {
      await serialize(event.sessionId, async () => {
        const cached = cache.get(event.sessionId);
        if (!cached) {
          // A session this node has not seen (opened elsewhere): its board tile is news here.
          const state = await load(event.sessionId);
          if (state) notifyCaughtUp([], state);
          return;
        }
        if (event.seq <= cached.lastSeq) return;
        const folded = await foldApplied(event.sessionId, [event]);
        if (folded && folded.applied.length > 0) notifyCaughtUp(folded.applied, folded.state);
      });
    },
    async catchUp(sessionId) {
      await serialize(sessionId, async () => {
        const cached = cache.get(sessionId);
        if (!cached) {
          const state = await load(sessionId);
          if (state) notifyCaughtUp([], state);
          return;
        }
        const newer = await readSessionEvents(store.db, sessionId, cached.lastSeq);
        if (newer.length === 0) return;
        const folded = await foldApplied(sessionId, newer);
        if (folded && folded.applied.length > 0) notifyCaughtUp(folded.applied, folded.state);
      });
    },
    cachedSessionIds: () => [...cache.keys()],
    onCommitted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onCaughtUp(listener) {
      caughtUpListeners.add(listener);
      return () => caughtUpListeners.delete(listener);
    },
  };
}
