import type { Failure } from '../result';
import { parseInput, parseStored } from '../validation';
import { protocolSchema, type Protocol } from './schema';

/**
 * The key of one protocol version, e.g. `spravato-56@3`. A session stores the protocol JSON
 * it started with; this key names it in lists and reports.
 */
export function protocolVersionKey(protocol: Pick<Protocol, 'id' | 'version'>): string {
  return `${protocol.id}@${protocol.version}`;
}

/** Validate protocol JSON from an admin's form; every issue has its path. */
export function parseProtocol(input: unknown): { ok: true; value: Protocol } | Failure {
  return parseInput(protocolSchema, input);
}

/** Validate a stored protocol version as it is read back. */
export function parseStoredProtocol(input: unknown): { ok: true; value: Protocol } | Failure {
  return parseStored(protocolSchema, input);
}

/**
 * A clinic's own copy of a protocol to edit: a deep copy under a new id and name, version 1.
 * The original is untouched (sessions that use it keep it).
 */
export function copyProtocol(protocol: Protocol, newId: string, newName: string): Protocol {
  return { ...structuredClone(protocol), id: newId, name: newName, version: 1 };
}

/**
 * An edit of a protocol becomes its next version (same id, version + 1), validated. Sessions
 * already running keep the version they started with.
 */
export function reviseProtocol(current: Protocol, edited: unknown): { ok: true; value: Protocol } | Failure {
  const base = typeof edited === 'object' && edited !== null ? edited : {};
  return parseProtocol({ ...base, id: current.id, version: current.version + 1 });
}
