import { buildAck, type AckCode } from '../../shared/hl7/ack';
import { readHeader, type Hl7Header } from '../../shared/hl7/header';
import { parseHl7 } from '../../shared/hl7/message';
import { parseOruR01 } from '../../shared/hl7/oru';
import { storeFailureReason } from '../store/errors';
import type { Clock } from '../clock';
import { describeSource, type MessageSource } from '../../shared/devices/binding';
import { deviceIdSchema } from '../../shared/realtime/devicesContract';
import { hl7ReadingId } from './deviceIds';
import type { DeviceService } from './deviceService';
import type { Hl7Admission } from './hl7Admission';

export interface Hl7IntakeDeps {
  devices: DeviceService;
  admission: Hl7Admission;
  clock: Clock;
  logError(error: unknown): void;
}

const UNKNOWN_SOURCE: MessageSource = { address: null, certificate: null };

/** The sender's zone for times written without an offset when MSH-7 has none either: the server's own. */
function serverOffsetMinutes(now: number): number {
  return -new Date(now).getTimezoneOffset();
}

/** The header of a message that failed to parse as ORU^R01, when there is one to address the ACK to. */
function bestEffortHeader(text: string): Hl7Header | null {
  const parsed = parseHl7(text);
  if (!parsed.ok) return null;
  const header = readHeader(parsed.message);
  return header.ok ? header.header : null;
}

/**
 * One HL7 message in, one ACK out: AR when it cannot be read (the sender must not resend it),
 * AE when it was read but could not be stored now (the sender resends), AA only once every
 * reading it holds is stored.
 */
export function createHl7Intake(deps: Hl7IntakeDeps) {
  let ackCounter = 0;
  const ack = (code: AckCode, header: Hl7Header | null, controlId: string, reason?: string) => {
    ackCounter += 1;
    const now = deps.clock.now();
    return buildAck({
      code,
      controlId,
      reason,
      receivingApplication: header?.sendingApplication,
      receivingFacility: header?.sendingFacility,
      trigger: header?.messageType.split('^')[1],
      version: header?.version,
      ackControlId: `VIGIL${now}${ackCounter}`,
      now,
    });
  };
  /** An answer for a message refused before it was read: addressed to its header when it has one. */
  const refuseUnread = (text: string, code: AckCode, reason: string) => {
    const header = bestEffortHeader(text);
    return ack(code, header, header?.controlId ?? '', reason);
  };

  async function handle(text: string, source: MessageSource = UNKNOWN_SOURCE): Promise<{ code: AckCode; ack: string }> {
    const now = deps.clock.now();
    const parsed = parseOruR01(text, { defaultOffsetMinutes: serverOffsetMinutes(now) });
    if (!parsed.ok) {
      const header = bestEffortHeader(text);
      // Noted on the device only when it comes from where that device is bound: a stranger cannot write a device's status.
      const named = header?.sendingApplication;
      try {
        if (named && (await deps.admission.mayNote(named, source)))
          await deps.devices.noteError(named, `Message refused: ${parsed.error.message}`);
      } catch (error) {
        deps.logError(error);
      }
      return { code: 'AR', ack: ack('AR', header, header?.controlId ?? '', parsed.error.message) };
    }
    const { header, equipmentId, readings, dropped } = parsed.oru;
    // OBX-18 names the device; else MSH-3 (its EUI-64 universal id when it has one, else its name).
    const deviceId = equipmentId ?? (header.sendingApplicationUniversalId || header.sendingApplication);
    if (deviceId === '') return { code: 'AR', ack: ack('AR', header, header.controlId, 'No device id: MSH-3 and OBX-18 are both empty') };
    // Never cut or cleaned: a shortened id could name another device.
    if (deviceIdSchema.safeParse(deviceId).data !== deviceId) {
      return {
        code: 'AR',
        ack: ack('AR', header, header.controlId, 'The device id must be 1 to 128 printable ASCII characters: nothing stored'),
      };
    }
    try {
      const admission = await deps.admission.admit(deviceId, source);
      if (!admission.admitted)
        return { code: admission.code, ack: ack(admission.code, header, header.controlId, `${admission.reason}: nothing stored`) };
      await deps.devices.ingest({
        deviceId,
        device: admission.device,
        deviceSeen: admission.seen,
        remoteAddress: source.address,
        source: describeSource(source),
        readings: readings.map((reading) => ({
          readingId: hl7ReadingId(deviceId, header.controlId, reading),
          observedAt: reading.observedAt,
          vitals: reading.vitals,
        })),
        dropped,
      });
      return { code: 'AA', ack: ack('AA', header, header.controlId) };
    } catch (error) {
      const reason = storeFailureReason(error);
      if (!reason) deps.logError(error);
      return { code: 'AE', ack: ack('AE', header, header.controlId, `${reason ?? 'Internal error'}: not stored, please resend`) };
    }
  }

  /** An answer for a frame that was cut off by the next one: never stored. */
  function refuseTruncated(text: string): string {
    return refuseUnread(text, 'AR', 'The frame ended before its end marker (0x1C 0x0D): nothing stored');
  }

  /** Beyond the per-source rate: AE, so a real monitor resends once the flood has passed. */
  function refuseRateLimited(text: string, perSecond: number): string {
    return refuseUnread(text, 'AE', `More than ${perSecond} messages a second from this address: not stored, please resend`);
  }

  /** A connection beyond HL7_MAX_CONNECTIONS: AE, so the monitor resends once a connection is free. */
  function refuseOverLimit(text: string, maxConnections: number): string {
    const message = `The HL7 listener already has ${maxConnections} connections open (HL7_MAX_CONNECTIONS): not stored, please resend later`;
    return refuseUnread(text, 'AE', message);
  }

  function refuseOversize(maxFrameBytes: number): string {
    return ack('AR', null, '', `The frame is larger than ${maxFrameBytes} bytes: nothing stored`);
  }

  return { handle, refuseTruncated, refuseOversize, refuseRateLimited, refuseOverLimit };
}

export type Hl7Intake = ReturnType<typeof createHl7Intake>;
