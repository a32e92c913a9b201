import { SelectQueryNode, type CompiledQuery, type KyselyPlugin } from 'kysely';

const READ_ONLY_RAW = /^\s*select\b/i;

/** A SELECT (built, or raw SQL that starts with one): what may go to a reader, or through `store.readAhead`. */
export function isPlainRead(query: Pick<CompiledQuery, 'query' | 'sql'>): boolean {
  return SelectQueryNode.is(query.query) || (query.query.kind === 'RawNode' && READ_ONLY_RAW.test(query.sql));
}

export const READ_AHEAD_READS_ONLY = 'store.readAhead answers plain reads only: write through store.db or store.commits';

/**
 * `store.readAhead`'s handle on PostgreSQL, where it is `db` itself (a commit there is durable
 * when it returns, so nothing is read ahead of the disk): refuses what is not a built SELECT, as
 * the SQLite handle refuses every write, so a caller cannot write through it on one store only.
 */
export const readsOnly: KyselyPlugin = {
  transformQuery({ node }) {
    if (!SelectQueryNode.is(node)) throw new Error(READ_AHEAD_READS_ONLY);
    return node;
  },
  async transformResult({ result }) {
    return result;
  },
};
