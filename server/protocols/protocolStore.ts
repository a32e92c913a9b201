import { protocolVersionKey } from '../../shared/protocols/versioning';
import { writeAudit } from '../store/audit';
import { defaultProtocols } from '../../shared/protocols/defaults';
import type { Protocol } from '../../shared/protocols/schema';
import { copyProtocol, parseProtocol, parseStoredProtocol, reviseProtocol } from '../../shared/protocols/versioning';
import { fail, type Result } from '../../shared/result';
import type { Clock } from '../clock';
import { isUniqueViolation } from '../store/errors';
import type { Store } from '../store/store';
import type { ProtocolCatalog } from './catalog';

/**
 * The protocol catalog with the clinic's own versions layered over the built-in defaults:
 * an admin or prescriber copies a protocol under a new id, or revises one (a new version under
 * the same id). Every version is kept; a session stores the protocol JSON it started with, so
 * running sessions keep their version whatever is edited later.
 */
/** Who changes a protocol, for its audit row. */
export interface ActingPerson {
  userId: string;
  remoteAddress: string | null;
}

export interface ProtocolStore extends ProtocolCatalog {
  /** One stored version (or a default's version 1), or null. */
  getVersion(protocolId: string, version: number): Promise<Protocol | null>;
  /** A copy of the latest version of `sourceId` as `newId` version 1. */
  copy(input: { sourceId: string; newId: string; newName: string }, by: ActingPerson): Promise<Result<{ protocol: Protocol }>>;
  /**
   * The edited protocol becomes the next version. With `expectedVersion`, refused (conflict)
   * when someone else revised it since that version was read.
   */
  revise(protocolId: string, edited: unknown, by: ActingPerson, expectedVersion?: number): Promise<Result<{ protocol: Protocol }>>;
}

export function createProtocolStore(store: Store, clock: Clock): ProtocolStore {
  const defaults = defaultProtocols();

  function fromJson(json: string): Protocol {
    const parsed = parseStoredProtocol(JSON.parse(json) as unknown);
    // A stored version that no longer fits the schema is a bug to surface, not to run a session with.
    if (!parsed.ok) throw new Error(`A stored protocol does not fit the schema: ${parsed.error.message}`);
    return parsed.value;
  }

  /** The latest stored version of every stored protocol id. */
  async function latestStored(): Promise<Map<string, Protocol>> {
    const rows = await store.db
      .selectFrom('protocols')
      .selectAll()
      .orderBy('created_at')
      .orderBy('protocol_id')
      .orderBy('version')
      .execute();
    const latest = new Map<string, { version: number; json: string }>();
    for (const row of rows) {
      const known = latest.get(row.protocol_id);
      if (!known || Number(row.version) > known.version)
        latest.set(row.protocol_id, { version: Number(row.version), json: row.protocol_json });
    }
    return new Map([...latest].map(([id, row]) => [id, fromJson(row.json)]));
  }

  async function get(protocolId: string): Promise<Protocol | null> {
    const row = await store.db
      .selectFrom('protocols')
      .selectAll()
      .where('protocol_id', '=', protocolId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (row) return fromJson(row.protocol_json);
    return defaults.find((protocol) => protocol.id === protocolId) ?? null;
  }

  /** Stores a protocol version and its audit row in one transaction. */
  async function insert(
    protocol: Protocol,
    by: ActingPerson,
    action: string,
    detail: Record<string, unknown>,
  ): Promise<Result<{ protocol: Protocol }>> {
    try {
      await store.db.transaction().execute(async (trx) => {
        const at = clock.now();
        await trx
          .insertInto('protocols')
          .values({
            protocol_id: protocol.id,
            version: protocol.version,
            protocol_json: JSON.stringify(protocol),
            created_at: at,
            created_by: by.userId,
          })
          .execute();
        await writeAudit(trx, {
          at,
          userId: by.userId,
          action,
          sessionId: null,
          remoteAddress: by.remoteAddress,
          detail: { ...detail, protocol: protocolVersionKey(protocol) },
        });
      });
      return { ok: true, protocol };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return fail('conflict', `Someone else saved "${protocol.id}" version ${protocol.version} a moment ago — reload it and try again`);
    }
  }

  return {
    get,
    async list() {
      const stored = await latestStored();
      // Defaults first, in menu order (a revised default shows its latest version), then the clinic's copies.
      const shipped = defaults.map((protocol) => stored.get(protocol.id) ?? protocol);
      const copies = [...stored.values()].filter((protocol) => !defaults.some((d) => d.id === protocol.id));
      return [...shipped, ...copies];
    },
    async getVersion(protocolId, version) {
      const row = await store.db
        .selectFrom('protocols')
        .selectAll()
        .where('protocol_id', '=', protocolId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (row) return fromJson(row.protocol_json);
      const shipped = defaults.find((protocol) => protocol.id === protocolId);
      return shipped && shipped.version === version ? shipped : null;
    },
    async copy({ sourceId, newId, newName }, by) {
      const source = await get(sourceId);
      if (!source) return fail('not_found', `There is no protocol "${sourceId}" to copy`);
      if (await get(newId)) {
        return fail('conflict', `A protocol with the id "${newId}" already exists — choose another id`, [
          { path: ['newId'], message: 'This id is already used' },
        ]);
      }
      const parsed = parseProtocol(copyProtocol(source, newId, newName));
      if (!parsed.ok) return parsed;
      return insert(parsed.value, by, 'protocol.copy', { from: sourceId });
    },
    async revise(protocolId, edited, by, expectedVersion) {
      const current = await get(protocolId);
      if (!current) return fail('not_found', `There is no protocol "${protocolId}"`);
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        return fail(
          'conflict',
          `This protocol was changed since you opened it (you edited version ${expectedVersion}, it is now version ${current.version}) — reload it and edit again`,
        );
      }
      const revised = reviseProtocol(current, edited);
      if (!revised.ok) return revised;
      return insert(revised.value, by, 'protocol.revise', {});
    },
  };
}
