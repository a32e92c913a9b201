import 'fake-indexeddb/auto';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { resetDomainStores } from '../../client/src/app/domainStore';

afterEach(() => {
  cleanup();
  // Every test starts from a clean screen: no session, outbox entry or sign-in left by the last one.
  resetDomainStores();
});
