import { describe, expect, it } from 'vitest';
import { addressIn, addressSet, normaliseAddress } from '../../../server/devices/addressRules';

/** Which peers a device's address rules (or HL7_ALLOW) let in: single addresses, IPv4 and IPv6 ranges. */
describe('address rules', () => {
  const rules = ['10.20.0.15', '10.30.0.0/24', 'fd00::/64'];

  it.each([
    ['10.20.0.15', true],
    ['::ffff:10.20.0.15', true],
    ['10.20.0.16', false],
    ['10.30.0.0', true],
    ['10.30.0.255', true],
    ['10.30.1.0', false],
    ['10.29.255.255', false],
    ['fd00::1', true],
    ['fd00:0:0:1::1', false],
    ['fe80::1', false],
    ['not an address', false],
    ['', false],
  ])('%s -> %s', (address, allowed) => {
    expect(addressIn(address, rules)).toBe(allowed);
    // Asked again (answers are remembered per rule list): the same.
    expect(addressIn(address, rules)).toBe(allowed);
  });

  it('answers stay right for more peers than it remembers, asked in turn again and again', () => {
    const inRange = addressSet(['10.30.0.0/24']);
    for (let round = 0; round < 3; round += 1) {
      for (let host = 0; host < 600; host += 1) {
        const address = `10.30.${Math.floor(host / 256)}.${host % 256}`;
        expect(inRange(address)).toBe(host < 256);
      }
    }
  });

  it('a rule that is not an address is refused when the list is built', () => {
    expect(() => addressSet(['10.0.0.0/8', 'monitor-7'])).toThrow('"monitor-7" is not an IP address or range');
  });

  it('an IPv4 peer on a dual-stack socket is its IPv4 address', () => {
    expect(normaliseAddress('::ffff:192.168.1.9')).toBe('192.168.1.9');
    expect(normaliseAddress('fd00::9')).toBe('fd00::9');
    expect(normaliseAddress(undefined)).toBeNull();
  });
});
