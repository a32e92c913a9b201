import { domainStore } from '../app/domainStore';
import type { Protocol } from '../../../shared/protocols/schema';
import { requestJson } from '../api/http';

/** The clinic's protocols as they are now (GET /api/protocols): the "open session" menu. */
export const protocolListStore = domainStore<{ protocols: Protocol[] | null; error: string | null }>(() => ({
  protocols: null,
  error: null,
}));

let loading: Promise<void> | null = null;

export function loadProtocolList(): Promise<void> {
  if (protocolListStore.getState().protocols !== null) return Promise.resolve();
  loading ??= requestJson<{ protocols: Protocol[] }>('GET', '/api/protocols')
    .then((result) => {
      if (result.ok) protocolListStore.setState({ protocols: result.protocols, error: null });
      else protocolListStore.setState({ error: result.error.message });
    })
    .finally(() => {
      loading = null;
    });
  return loading;
}
