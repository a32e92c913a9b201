import { domainStore } from '../app/domainStore';

/** What the screen says about its link to the server — honestly, with times. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Client clock when the current status began (for "reconnecting since 14:02"). */
  since: number;
  /** Client clock of the last message from the server, or null. */
  lastServerMessageAt: number | null;
  /** Why the server refused the connection (e.g. too many open screens). */
  detail: string | null;
  /**
   * Server time since when the server this screen talks to cannot hear the other server
   * processes (`server.delivery`): entries made through them may not reach this screen. Null: none.
   */
  deliveryPausedSince: number | null;
}

export const connectionStore = domainStore<ConnectionState>(() => ({
  status: 'connecting',
  since: Date.now(),
  lastServerMessageAt: null,
  detail: null,
  deliveryPausedSince: null,
}));

/** Everything recorded anywhere reaches this screen now: connected, and its server hears the others. */
export function isLive(state: Pick<ConnectionState, 'status' | 'deliveryPausedSince'>): boolean {
  return state.status === 'connected' && state.deliveryPausedSince === null;
}

export function setDeliveryPaused(since: number | null): void {
  if (connectionStore.getState().deliveryPausedSince === since) return;
  connectionStore.setState({ deliveryPausedSince: since });
}

export function setConnectionStatus(status: ConnectionStatus, detail: string | null = null): void {
  const current = connectionStore.getState();
  if (current.status === status && current.detail === detail) return;
  connectionStore.setState({ status, since: Date.now(), detail });
}

export function noteServerMessage(): void {
  connectionStore.setState({ lastServerMessageAt: Date.now() });
}
