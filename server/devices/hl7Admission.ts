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
export type Admission = { admitted: true; device: DeviceBindingRow } | { admitted: false; code: 'AR' | 'AE'; reason: string };

/**
 * The gate in front of the device registry for HL7 messages. A registered device is accepted
 * only from where it is bound (shared/devices/binding.ts); anything else is refused with AR and
 * recorded. An unknown id from an allowed address is held as waiting for approval (its
 * readings kept, in no patient's record), up to `maxPending` devices; beyond that, AE (resend
 * later: nothing acknowledged is lost).
 */
export function createHl7Admission(deps: { store: Store; clock: Clock; maxPending: number }) {
  const refuse = async (deviceId: string, source: MessageSource, code: string, reason: string, ack: 'AR' | 'AE'): Promise<Admission> => {
    await recordRefusal(deps.store, deps.clock, { deviceId, source, code, reason });
    return { admitted: false, code: ack, reason };
  };

  return {
    async admit(deviceId: string, source: MessageSource): Promise<Admission> {
      const db = deps.store.db;
      const device = await findDeviceBinding(db, deviceId);
      if (device) {
        const decision = decideBinding({ deviceId, ...bindingOf(device) }, source, addressIn);
        return decision.accept ? { admitted: true, device } : refuse(deviceId, source, decision.code, decision.reason, 'AR');
      }
      if (source.address === null) return refuse(deviceId, source, 'no_address', "The sender's address is unknown", 'AR');
      if ((await countPendingDevices(db)) >= deps.maxPending) {
        return refuse(
          deviceId,
          source,
          'pending_full',
          `${deps.maxPending} devices are already waiting for approval: not stored, resend later`,
          'AE',
        );
      }
      const held = await insertPendingDevice(db, deviceId, source.address, deps.clock.now());
      // Two first messages raced: the second is judged like any message to a registered device.
      const decision = decideBinding({ deviceId, ...bindingOf(held) }, source, addressIn);
      return decision.accept ? { admitted: true, device: held } : refuse(deviceId, source, decision.code, decision.reason, 'AR');
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
