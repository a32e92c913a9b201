import net from 'node:net';

/** `::ffff:10.0.0.5` (an IPv4 peer on a dual-stack socket) is `10.0.0.5`. */
export function normaliseAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/**
 * A set of addresses and CIDR ranges (`10.20.0.15`, `10.20.0.0/24`, `fd00::/64`), matched with
 * node's BlockList. Rules are validated where they are entered (shared/devices/binding.ts and
 * the HL7_ALLOW setting); one that is not an address here throws.
 */
export function addressSet(rules: readonly string[]): (address: string | null) => boolean {
  const list = new net.BlockList();
  for (const rule of rules) {
    const [base = '', prefix] = rule.split('/');
    const family = net.isIPv4(base) ? 'ipv4' : net.isIPv6(base) ? 'ipv6' : null;
    if (!family) throw new Error(`"${rule}" is not an IP address or range`);
    if (prefix === undefined) list.addAddress(base, family);
    else list.addSubnet(base, Number(prefix), family);
  }
  // BlockList.check builds a SocketAddress each call; a device asks about the same peer at every message.
  const answers = new Map<string, boolean>();
  return (address) => {
    const plain = normaliseAddress(address);
    if (plain === null) return false;
    const known = answers.get(plain);
    if (known !== undefined) return known;
    const family = net.isIPv4(plain) ? 'ipv4' : net.isIPv6(plain) ? 'ipv6' : null;
    const answer = family !== null && list.check(plain, family);
    if (answers.size >= MAX_ANSWERS_PER_SET) answers.clear();
    answers.set(plain, answer);
    return answer;
  };
}

/** Peers remembered per rule list (a list is usually one device's, asked about its own address). */
const MAX_ANSWERS_PER_SET = 256;

/** Distinct rule lists kept built (a device's binding is checked at every message it sends). */
const MAX_CACHED_SETS = 2_000;
const builtSets = new Map<string, (address: string | null) => boolean>();

/** Does this address fall in any of these rules? The rules' BlockList is built once per distinct list. */
export function addressIn(address: string, rules: string[]): boolean {
  const key = rules.join(' ');
  let set = builtSets.get(key);
  if (!set) {
    set = addressSet(rules);
    if (builtSets.size >= MAX_CACHED_SETS) builtSets.delete(builtSets.keys().next().value!);
    builtSets.set(key, set);
  }
  return set(address);
}
