import type { SessionHandlers } from '../handlers';

export const lifecycleHandlers: Pick<SessionHandlers, 'session.opened'> = {
  // 'session.opened' only ever starts a state; see reducer.ts.
  'session.opened': (state) => state,
};
