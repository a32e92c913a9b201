import type { Generated } from 'kysely';
import type { DeviceTables } from './deviceTables';
import type { HandoverTables } from './handovers';
import type { PatientTables } from './patients';
import type { RecordTables } from './recordTables';

/** Table shapes as Kysely sees them. Times are epoch milliseconds; JSON is stored as text. */
export interface Database extends DeviceTables, RecordTables, PatientTables, HandoverTables {
  meta: { key: string; value: string };
  users: {
    user_id: string;
    username: string;
    display_name: string;
    role: string;
    password_hash: string;
    created_at: number;
    disabled: number;
    /** 1 after an admin sets the password: the person chooses their own at next sign-in. */
    must_change_password: Generated<number>;
  };
  auth_sessions: {
    token_hash: string;
    user_id: string;
    created_at: number;
    expires_at: number;
    remote_address: string | null;
  };
  /** A retired room keeps its sessions' history but takes no new session and leaves the board. */
  rooms: { room_id: string; name: string; sort_order: number; retired_at: Generated<number | null> };
  sessions: {
    session_id: string;
    room_id: string;
    opened_at: number;
    closed_at: number | null;
    last_seq: number;
    /** The newest `recorded_at` of its events: appends never go back in time (events.ts). Null only before the migration filled it. */
    last_recorded_at: number | null;
    /** Copied from `session.opened` for the Sessions page's filters (recordTables.ts). */
    patient_alias: string | null;
    protocol_id: string | null;
    protocol_name: string | null;
    /** The patient the session was opened for (patients.ts); null for a session opened with a typed alias only. */
    patient_id: Generated<string | null>;
  };
  /**
   * The protocol a session runs, as it was when the session opened: a row of its own, so the
   * sessions row every commit updates (`last_seq`) stays small (sessions.ts).
   */
  session_protocols: {
    session_id: string;
    protocol_json: string;
  };
  session_events: {
    session_id: string;
    seq: number;
    type: string;
    payload_json: string;
    observed_at: number;
    recorded_at: number;
    actor_json: string;
    command_id: string;
  };
  /** Clinic protocol versions (the built-in defaults are not stored unless revised). */
  protocols: {
    protocol_id: string;
    version: number;
    protocol_json: string;
    created_at: number;
    created_by: string | null;
  };
  audit_log: {
    audit_id: Generated<number>;
    at: number;
    user_id: string | null;
    action: string;
    session_id: string | null;
    remote_address: string | null;
    detail_json: string;
    /** The room an admin change or a device event concerns (session rows find theirs through the session). */
    room_id: Generated<string | null>;
    /** The person an admin change or a sign-in concerns, when not the actor (filters "by person" find both). */
    subject_user_id: Generated<string | null>;
    /** The hash of the row before (or GENESIS_HASH) and of this row: the tamper-evident chain. */
    prev_hash: string | null;
    row_hash: string | null;
  };
  /** One row: the chain's newest audit id and hash. Updated in the same transaction as each audit row. */
  audit_chain: { chain_id: number; last_audit_id: number; last_hash: string };
}
