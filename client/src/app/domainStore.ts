import { createStore, type StoreApi } from 'zustand/vanilla';

const resets = new Set<() => void>();

/**
 * The store of one domain of the screen (auth, clinic, sessions, outbox, connection ...),
 * a vanilla zustand store so the socket module can write to it outside React. Each knows
 * how to go back to its first state, so tests start from a clean screen.
 */
export function domainStore<T>(initial: () => T): StoreApi<T> {
  const store = createStore<T>(initial);
  resets.add(() => store.setState(initial(), true));
  return store;
}

/** Every domain store back to its first state: each test starts from a clean screen. */
export function resetDomainStores(): void {
  for (const reset of resets) reset();
}
