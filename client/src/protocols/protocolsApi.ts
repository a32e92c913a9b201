import type { Protocol } from '../../../shared/protocols/schema';
import type { Result } from '../../../shared/result';
import { requestJson } from '../api/http';

/**
 * Protocols over HTTP (server/http/protocolRoutes.ts and protocolAdminRoutes.ts). Every call
 * answers a Result, so the page shows a refusal beside the field or button that caused it.
 */
export interface ProtocolsApi {
  /** The catalog: built-in defaults then the clinic's copies, latest version of each. */
  list(): Promise<Result<{ protocols: Protocol[] }>>;
  /** A copy of the latest version of `protocolId` as `newId` version 1. */
  copy(protocolId: string, request: { newId: string; newName: string }): Promise<Result<{ protocol: Protocol }>>;
  /** The edit becomes the next version; `edited.version` is the version it was read at (stale: 409). */
  revise(protocolId: string, edited: unknown): Promise<Result<{ protocol: Protocol }>>;
}

const protocolUrl = (protocolId: string) => `/api/protocols/${encodeURIComponent(protocolId)}`;

export const httpProtocolsApi: ProtocolsApi = {
  list: () => requestJson('GET', '/api/protocols'),
  copy: (protocolId, request) => requestJson('POST', `${protocolUrl(protocolId)}/copy`, request),
  revise: (protocolId, edited) => requestJson('PUT', protocolUrl(protocolId), edited),
};
