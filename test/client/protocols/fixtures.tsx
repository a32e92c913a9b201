import { render } from '@testing-library/react';
import { vi } from 'vitest';
import { routeStore } from '../../../client/src/app/router';
import { useStore } from '../../../client/src/app/useStore';
import { ProtocolsPage } from '../../../client/src/protocols/ProtocolsPage';
import type { ProtocolsApi } from '../../../client/src/protocols/protocolsApi';
import type { CurrentUser } from '../../../shared/http/api';
import { copyProtocol } from '../../../shared/protocols/versioning';
import { defaultProtocols, spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Protocol } from '../../../shared/protocols/schema';
import { fail } from '../../../shared/result';

export const admin: CurrentUser = { userId: 'u-admin', username: 'admin', displayName: 'Ada Admin', role: 'admin' };
export const prescriber: CurrentUser = {
  userId: 'u-prescriber',
  username: 'prescriber',
  displayName: 'Pat Prescriber',
  role: 'prescriber',
};
export const nurse: CurrentUser = { userId: 'u-nurse', username: 'nurse', displayName: 'Nora Nurse', role: 'nurse' };

/** The clinic's copy of Spravato 56 at version `version`. */
export function clinicCopy(version = 1): Protocol {
  return { ...copyProtocol(spravato56Protocol(), 'our-spravato', 'Our Spravato 56'), version };
}

export function fakeApi(protocols: () => Protocol[], overrides: Partial<ProtocolsApi> = {}) {
  const api = {
    list: vi.fn(async () => ({ ok: true as const, protocols: protocols() })),
    copy: vi.fn(async () => fail('internal', 'not used')),
    revise: vi.fn(async () => fail('internal', 'not used')),
    ...overrides,
  };
  return api as typeof api & ProtocolsApi;
}

export const catalog = (...extra: Protocol[]) => [...defaultProtocols(), ...extra];

/** The page as the app shows it: the open protocol comes from the address. */
function Routed({ user, api }: { user: CurrentUser; api: ProtocolsApi }) {
  const route = useStore(routeStore, (s) => s.route);
  return <ProtocolsPage user={user} api={api} protocolId={route.page === 'protocols' ? route.protocolId : null} />;
}

export function renderAt(path: string, user: CurrentUser, api: ProtocolsApi) {
  window.history.replaceState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
  return render(<Routed user={user} api={api} />);
}
