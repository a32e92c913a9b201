import { z } from 'zod';

/**
 * Where a device may send from. A bedside monitor speaking MLLP is bound to the addresses it
 * sends from (an IP address or a CIDR range) and, over TLS with client certificates, to its
 * certificate; a gateway is bound to its key and is never fed over MLLP. An admin sets the
 * binding; a message naming a device from anywhere else is refused and recorded.
 */

/** One source address or range: `10.20.0.15`, `10.20.0.0/24`, `fd00::7`, `fd00::/64`. */
export const addressRuleSchema = z
  .string()
  .trim()
  .pipe(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], { error: 'Write an IP address (10.20.0.15) or a range (10.20.0.0/24)' }));

/** At most this many address rules per device (a monitor has one or two; a central station a range). */
export const MAX_ADDRESS_RULES = 16;

export const addressRulesSchema = z
  .array(addressRuleSchema)
  .max(MAX_ADDRESS_RULES, { error: `At most ${MAX_ADDRESS_RULES} addresses or ranges` })
  .transform((rules) => [...new Set(rules)]);

/**
 * A certificate binding: its SHA-256 fingerprint (64 hex digits, colons optional) or its
 * subject's common name written `CN=name`. Normalised to Node's `fingerprint256` form
 * (`AB:CD:...`) or `CN=name`, so a comparison is plain string equality.
 */
export const certificateBindingSchema = z
  .string()
  .trim()
  .max(200)
  .transform((text, context) => {
    const normalised = normaliseCertificateBinding(text);
    if (normalised === null) {
      context.addIssue({ code: 'custom', message: 'A SHA-256 fingerprint (64 hex digits) or CN=common name' });
      return z.NEVER;
    }
    return normalised;
  });

export function normaliseCertificateBinding(text: string): string | null {
  const hex = text.replace(/[:\s]/g, '');
  if (/^[0-9a-fA-F]{64}$/.test(hex)) return hex.toUpperCase().match(/../g)!.join(':');
  const cn = /^CN\s*=\s*(.+)$/i.exec(text.trim());
  if (cn && /^[\x20-\x7E]+$/.test(cn[1]!.trim())) return `CN=${cn[1]!.trim()}`;
  return null;
}

/** A device found by a message and not yet approved, approved by an admin, or rejected by one. */
export type DeviceApproval = 'pending' | 'approved' | 'rejected';

/** What the listener knows about where a message came from. */
export interface MessageSource {
  /** The peer's IP address (IPv4-mapped IPv6 written as plain IPv4). */
  address: string | null;
  /** The client certificate of a TLS connection that presented one. */
  certificate: { fingerprint256: string; commonName: string | null } | null;
}

/** A device's binding as the registry holds it. */
export interface DeviceBinding {
  kind: 'hl7' | 'gateway';
  approval: DeviceApproval;
  addresses: string[];
  certificate: string | null;
  /** Where a pending device first sent from: its held readings come only from there. */
  firstAddress: string | null;
}

export type BindingDecision = { accept: true } | { accept: false; code: BindingRefusal; reason: string };

export type BindingRefusal = 'gateway_over_mllp' | 'rejected' | 'not_bound' | 'wrong_address' | 'wrong_certificate' | 'pending_elsewhere';

/** True when the certificate presented matches the binding (fingerprint or CN). */
export function certificateMatches(binding: string, presented: MessageSource['certificate']): boolean {
  if (!presented) return false;
  if (binding.startsWith('CN=')) return presented.commonName !== null && binding === `CN=${presented.commonName}`;
  return binding === presented.fingerprint256.toUpperCase();
}

/** How a message's source is described in the record: "10.20.0.15" or "10.20.0.15, certificate CN=bed-3". */
export function describeSource(source: MessageSource): string {
  const address = source.address ?? 'unknown address';
  if (!source.certificate) return address;
  return `${address}, certificate ${source.certificate.commonName ? `CN=${source.certificate.commonName}` : source.certificate.fingerprint256}`;
}

/**
 * May a message naming this registered device, from this source, be stored? Pure: the caller
 * passes `addressIn` (address-range matching is the server's).
 */
export function decideBinding(
  device: { deviceId: string } & DeviceBinding,
  source: MessageSource,
  addressIn: (address: string, rules: string[]) => boolean,
): BindingDecision {
  const from = source.address ?? 'an unknown address';
  if (device.kind === 'gateway') {
    return {
      accept: false,
      code: 'gateway_over_mllp',
      reason: `Device ${device.deviceId} is a gateway: it sends with its key, never over HL7`,
    };
  }
  if (device.approval === 'rejected')
    return { accept: false, code: 'rejected', reason: `Device ${device.deviceId} was rejected by an admin` };
  if (device.approval === 'pending') {
    return source.address !== null && source.address === device.firstAddress
      ? { accept: true }
      : { accept: false, code: 'pending_elsewhere', reason: `Device ${device.deviceId} is waiting for approval from another address` };
  }
  if (device.addresses.length === 0 && device.certificate === null) {
    return { accept: false, code: 'not_bound', reason: `Device ${device.deviceId} has no binding: an admin must set where it sends from` };
  }
  if (device.certificate !== null && !certificateMatches(device.certificate, source.certificate)) {
    return { accept: false, code: 'wrong_certificate', reason: `Device ${device.deviceId} must send over TLS with its own certificate` };
  }
  if (device.addresses.length > 0 && (source.address === null || !addressIn(source.address, device.addresses))) {
    return { accept: false, code: 'wrong_address', reason: `Device ${device.deviceId} does not send from ${from}` };
  }
  return { accept: true };
}

/** A refused message or connection, as admins see it on the Devices page. */
export interface DeviceSecurityEvent {
  at: number;
  /** The device the message named, when it named one. */
  deviceId: string | null;
  remoteAddress: string | null;
  /** The presented certificate (CN or fingerprint), when any. */
  certificate: string | null;
  code: string;
  reason: string;
}

/** A device's registry entry as roles other than admin see it: name and room, never id, address or key. */
export interface DeviceSummary {
  name: string;
  roomId: string | null;
  kind: 'hl7' | 'gateway';
  lastMessageAt: number | null;
  state: 'sending' | 'silent' | 'never';
}
