import { createKeyedLock } from '../sessions/keyedLock';
import { decideBinding, type MessageSource } from '../../shared/devices/binding';
import type { Clock } from '../clock';
import type { Store } from '../store/store';
import { addressIn } from './addressRules';
import { bindingOf, countPendingDevices, findDeviceBinding, insertPendingDevice, type DeviceBindingRow } from '../store/devices';
import { recordRefusal } from './securityEvents';

/**
 * Whether an HL7 message naming a device may be stored (with the device's row as the check read
 * it, so the reading's path need not read it again), and if not, the ACK code and reason.
 */
export type Admission =
  /** `seen`: the device was read ahead of the WAL's sync (`store.readAhead`): the reading's path answers once that is durable. */
  { admitted: true; device: DeviceBindingRow; seen: number } | { admitted: false; code: 'AR' | 'AE'; reason: string };

/**
 * The gate in front of the device registry for HL7 messages. A registered device is accepted
 * only from where it is bound (shared/devices/binding.ts); anything else is refused with AR and
 * recorded. An unknown id from an allowed address is held as waiting for approval (its
 * readings kept, in no patient's record), up to `maxPending` devices; beyond that, AE (resend
 * later: nothing acknowledged is lost).
 */
export function createHl7Admission(deps: { store: Store; clock: Clock; maxPending: number }) {
  /** `seen`: what the device's read may have seen; the refusal's own commit makes it durable, and the answer waits for that. */
  const refuse = async (
    deviceId: string,
    source: MessageSource,
    code: string,
    reason: string,
    ack: 'AR' | 'AE',
    seen: number,
  ): Promise<Admission> => {
    await recordRefusal(deps.store, deps.clock, { deviceId, source, code, reason });
    await deps.store.durableThrough(seen);
    return { admitted: false, code: ack, reason };
  };

  const newDevices = createKeyedLock();
  return {
    async admit(deviceId: string, source: MessageSource): Promise<Admission> {
      const db = deps.store.db;
      // Every message reads its device: ahead of the sync, so it does not wait for the batch syncing now.
      const { value: device, seen } = await deps.store.readAhead((ahead) => findDeviceBinding(ahead, deviceId));
      if (device) {
        const decision = decideBinding({ deviceId, ...bindingOf(device) }, source, addressIn);
        return decision.accept ? { admitted: true, device, seen } : refuse(deviceId, source, decision.code, decision.reason, 'AR', seen);
      }
      if (source.address === null) return refuse(deviceId, source, 'no_address', "The sender's address is unknown", 'AR', seen);
      // Counted and held one at a time: first messages of many new devices at once must not all
      // pass the count before any is held (30 at once held 23 against a cap of 20). In this
      // process; several processes on one PostgreSQL store may each let one more through.
      const address = source.address;
      const held = await newDevices.run('pending', async () => {
        if ((await countPendingDevices(db)) >= deps.maxPending) return null;
        return insertPendingDevice(db, deviceId, address, deps.clock.now());
      });
      if (held === null) {
        return refuse(
          deviceId,
          source,
          'pending_full',
          `${deps.maxPending} devices are already waiting for approval (resend later)`,
          'AE',
          seen,
        );
      }
      // Two first messages raced: the second is judged like any message to a registered device.
      const decision = decideBinding({ deviceId, ...bindingOf(held) }, source, addressIn);
      return decision.accept
        ? { admitted: true, device: held, seen }
        : refuse(deviceId, source, decision.code, decision.reason, 'AR', seen);
    },
    /** May an unreadable message's sender have its error noted on this device? Only from where it is bound. */
    async mayNote(deviceId: string, source: MessageSource): Promise<boolean> {
      const device = await findDeviceBinding(deps.store.db, deviceId);
      return (
        device !== null &&
        bindingOf(device).approval === 'approved' &&
        decideBinding({ deviceId, ...bindingOf(device) }, source, addressIn).accept
      );
    },
  };
}

export type Hl7Admission = ReturnType<typeof createHl7Admission>;
