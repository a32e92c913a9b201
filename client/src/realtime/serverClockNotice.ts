import { domainStore } from '../app/domainStore';
import type { ServerClockNotice } from '../../../shared/realtime/contract';

/** The server's technical alarm about its own clock (sent to admins and prescribers); null when there is none. */
export const serverClockNoticeStore = domainStore<{ notice: ServerClockNotice | null }>(() => ({ notice: null }));

export function receiveServerClockNotice(notice: ServerClockNotice | null): void {
  serverClockNoticeStore.setState({ notice });
}
