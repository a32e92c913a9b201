import type { MessageSource } from '../../shared/devices/binding';
import { monotonicNow, type Clock } from '../clock';
import { writeAudit } from '../store/audit';
import type { Store } from '../store/store';
import { findDevice, SECURITY_EVENT_ACTION, updateDevice } from '../store/devices';
import { deviceLock } from '../store/rowLocks';

export interface Refusal {
  /** The device the message named, when it named one. */
  deviceId: string | null;
  source: MessageSource;
  /** A short machine code: wrong_address, outside_allow_list, rate_limited... */
  code: string;
  reason: string;
}

/**
 * Records a refused device message or connection as a security event: an audit row with the
 * source address (admins see it on the Devices page and in the audit trail), and, when it named
 * a registered device, that device's last error.
 */
export async function recordRefusal(store: Store, clock: Clock, refusal: Refusal): Promise<void> {
  const now = clock.now();
  const certificate = refusal.source.certificate
    ? refusal.source.certificate.commonName
      ? `CN=${refusal.source.certificate.commonName}`
      : refusal.source.certificate.fingerprint256
    : null;
  const lastError = `Refused a message from ${refusal.source.address ?? 'an unknown address'}: ${refusal.reason}`.slice(0, 300);
  // The audit row and the device's last error are stored together or not at all.
  await store.commits.run(
    async (trx) => {
      await writeAudit(trx, {
        at: now,
        userId: null,
        action: SECURITY_EVENT_ACTION,
        sessionId: null,
        remoteAddress: refusal.source.address,
        detail: { deviceId: refusal.deviceId, certificate, code: refusal.code, reason: refusal.reason },
      });
      if (refusal.deviceId !== null && (await findDevice(trx, refusal.deviceId))) {
        await updateDevice(trx, refusal.deviceId, { last_error: lastError, last_error_at: now });
      }
    },
    refusal.deviceId === null ? [] : [deviceLock(refusal.deviceId)],
  );
}

/**
 * At most one security event per address and code a minute (real time, monotonic: a step of the
 * wall clock neither silences refusals for its length nor lets a flood through) for refusals that cost
 * the sender nothing (a connection from outside the allow-list, a flood), so a scan cannot fill
 * the audit log. Remembers at most `maxKeys` addresses.
 */
export function createRefusalThrottle(now: () => number = monotonicNow, windowMs = 60_000, maxKeys = 10_000) {
  const lastAt = new Map<string, number>();
  return {
    /** True when this refusal should be recorded now. */
    admit(address: string | null, code: string): boolean {
      const key = `${address ?? '-'}|${code}`;
      const current = now();
      const previous = lastAt.get(key);
      if (previous !== undefined && current - previous < windowMs) return false;
      if (lastAt.size >= maxKeys) lastAt.clear();
      lastAt.set(key, current);
      return true;
    },
  };
}
