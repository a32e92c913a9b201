import { describe, expect, it } from 'vitest';
import { parseRoute, paths } from '../../../client/src/app/router';

describe('the protocols address', () => {
  it('is /protocols for the list and /protocols/:id for one protocol; anything else is not found', () => {
    expect(parseRoute('/protocols')).toEqual({ page: 'protocols', protocolId: null });
    expect(parseRoute('/protocols/')).toEqual({ page: 'protocols', protocolId: null });
    expect(parseRoute('/protocols/clinic-spravato_56')).toEqual({ page: 'protocols', protocolId: 'clinic-spravato_56' });
    expect(parseRoute('/protocols/a b')).toEqual({ page: 'not_found', path: '/protocols/a b' });
    expect(parseRoute('/protocols/x/y')).toEqual({ page: 'not_found', path: '/protocols/x/y' });
    expect(paths.protocols()).toBe('/protocols');
    expect(paths.protocols('our-spravato')).toBe('/protocols/our-spravato');
    expect(parseRoute(paths.protocols('our-spravato'))).toEqual({ page: 'protocols', protocolId: 'our-spravato' });
  });
});
