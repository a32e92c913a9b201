import { defaultProtocols } from '../../shared/protocols/defaults';
import type { Protocol } from '../../shared/protocols/schema';

/**
 * Where the protocols a session can start with come from. The built-in defaults today; the
 * clinic's own copies (admin copy-and-edit) are layered on top by the protocol store.
 */
export interface ProtocolCatalog {
  list(): Promise<Protocol[]>;
  get(protocolId: string): Promise<Protocol | null>;
}

export function defaultProtocolCatalog(): ProtocolCatalog {
  const protocols = defaultProtocols();
  return {
    list: async () => protocols,
    get: async (protocolId) => protocols.find((protocol) => protocol.id === protocolId) ?? null,
  };
}
