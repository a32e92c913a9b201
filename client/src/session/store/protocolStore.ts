import { domainStore } from '../../app/domainStore';
import type { Protocol } from '../../../../shared/protocols/schema';
import { requestJson } from '../../api/http';

/**
 * The protocol version each watched session started with (never the clinic's latest edit):
 * the checklist items, the observation time, the check schedule and the alarm limits come from it.
 */
export const protocolStore = domainStore<{ bySession: Record<string, Protocol> }>(() => ({ bySession: {} }));

const loading = new Set<string>();

export async function loadSessionProtocol(sessionId: string): Promise<void> {
  if (protocolStore.getState().bySession[sessionId] || loading.has(sessionId)) return;
  loading.add(sessionId);
  try {
    const result = await requestJson<{ protocol: Protocol }>('GET', `/api/sessions/${encodeURIComponent(sessionId)}/protocol`);
    if (result.ok) protocolStore.setState((s) => ({ bySession: { ...s.bySession, [sessionId]: result.protocol } }));
  } finally {
    loading.delete(sessionId);
  }
}
