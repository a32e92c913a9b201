import { z } from 'zod';
import type { Result } from '../result';
import { commandIdSchema, epochMsSchema, idSchema } from '../ids';
import { vitalSetSchema, type VitalSet } from '../vitals/schema';
import { addressRulesSchema, certificateBindingSchema, type DeviceApproval, type DeviceSummary } from '../devices/binding';

/**
 * Devices: the `/devices` Socket.IO namespace for gateways (a Bluetooth cuff bridge, a
 * script) and the registry's HTTP API. Inbound payloads are `unknown` and parsed with the
 * schemas below before anything else.
 *
 *   GET   /api/devices                                  clinic.view   -> { ok, devices: DeviceStatus[] } (admins)
 *                                                                       or { ok, devices: DeviceSummary[] } (others: name and room only)
 *   POST  /api/devices              DeviceCreateRequest device.manage -> { ok, device: DeviceStatus }
 *   PATCH /api/devices/:deviceId    DeviceUpdateRequest device.manage -> { ok, device: DeviceStatus }
 *   POST  /api/devices/:deviceId/key                    device.manage -> { ok, device, key } (the key is shown once)
 *   POST  /api/devices/:deviceId/approve  DeviceApproveRequest device.manage -> { ok, device, assigned: number }
 *   POST  /api/devices/:deviceId/reject                 device.manage -> { ok, device }
 *   GET   /api/devices/security-events                  device.manage -> { ok, events: DeviceSecurityEvent[] }
 *   GET   /api/unassigned-readings                      clinic.view   -> { ok, readings: UnassignedReading[] } (device ids for admins only)
 *   POST  /api/unassigned-readings/:readingId/assign  { sessionId }  reading.assign -> { ok, event } (nurse, prescriber)
 */
export const DEVICES_NAMESPACE = '/devices';

/**
 * A device that has sent nothing for this long shows as silent in the registry. Same as the
 * default protocols' `deviceSilenceMinutes` (the in-session technical alarm).
 */
export const DEVICE_SILENT_AFTER_MINUTES = 10;

/** Device ids come from monitors (EUI-64, MSH-3 names with spaces or dots) or from the admin. */
export const deviceIdSchema = z
  .string()
  .trim()
  .min(1, { error: 'A device id is required' })
  .max(128, { error: 'A device id is at most 128 characters' })
  .regex(/^[\x20-\x7E]+$/, { error: 'A device id may hold only printable ASCII characters' });

/** Handshake `auth` of a gateway socket: its device id and the secret key the admin created. */
export const gatewayAuthSchema = z.strictObject({
  deviceId: deviceIdSchema,
  key: z.string().min(20).max(200),
});
export type GatewayAuth = z.infer<typeof gatewayAuthSchema>;

/**
 * A gateway's reading. The vitals use the same field schemas, ranges and messages as the
 * nurse's entry panel; unlike the panel's full set, a subset is accepted (a cuff sends only
 * blood pressure and pulse), blood pressure still as a pair.
 */
export const readingSubmitRequestSchema = z.strictObject({
  commandId: commandIdSchema,
  observedAt: epochMsSchema,
  vitals: vitalSetSchema,
});
export type ReadingSubmitRequest = z.infer<typeof readingSubmitRequestSchema>;

/** Where a device reading went: into the open session of the device's room, or to the unassigned list. */
export interface ReadingStored {
  readingId: string;
  stored: 'session' | 'unassigned';
  sessionId: string | null;
  duplicate: boolean;
  /** Why it is waiting in the unassigned list (no room, no open session, refused by the session); null otherwise. */
  reason: string | null;
}

export interface DevicesClientToServerEvents {
  /** Acknowledged only after the reading is stored. */
  'reading.submit': (request: unknown, ack: (result: Result<ReadingStored>) => void) => void;
}
export type DevicesServerToClientEvents = Record<string, never>;

export type DeviceState = 'sending' | 'silent' | 'never';

export interface DeviceStatus {
  deviceId: string;
  name: string;
  roomId: string | null;
  kind: 'hl7' | 'gateway';
  hasKey: boolean;
  createdAt: number;
  lastMessageAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  /** Values the last message carried that were not readings (sentinels, implausible values). */
  droppedNote: string | null;
  droppedAt: number | null;
  state: DeviceState;
  approval: DeviceApproval;
  /** Where an HL7 monitor may send from (addresses, CIDR ranges). */
  addresses: string[];
  /** The TLS client certificate it must present (fingerprint or CN=), or null. */
  certificate: string | null;
  /** Where a device waiting for approval first sent from. */
  firstAddress: string | null;
  /** Where its last accepted message came from. */
  lastSource: string | null;
}

export interface UnassignedReading {
  readingId: string;
  /** Shown to admins only (null for other roles). */
  deviceId: string | null;
  deviceName: string;
  roomId: string | null;
  observedAt: number;
  receivedAt: number;
  vitals: VitalSet;
  reason: string;
}

const nameSchema = z.string().trim().min(1, { error: 'Give the device a name' }).max(80);

const BINDING_REQUIRED = 'An HL7 monitor needs the address(es) it sends from or its TLS certificate';

export const deviceCreateRequestSchema = z
  .strictObject({
    deviceId: deviceIdSchema,
    name: nameSchema,
    roomId: idSchema.nullable(),
    /** 'hl7' to register a monitor before it first sends; 'gateway' for a device that will get a key. */
    kind: z.enum(['hl7', 'gateway']).default('hl7'),
    /** An HL7 monitor's binding: where it sends from, and/or its certificate. A gateway's is its key. */
    addresses: addressRulesSchema.default([]),
    certificate: certificateBindingSchema.nullable().default(null),
  })
  .refine((v) => v.kind === 'gateway' || v.addresses.length > 0 || v.certificate !== null, {
    error: BINDING_REQUIRED,
    path: ['addresses'],
  });
export const deviceUpdateRequestSchema = z
  .strictObject({
    name: nameSchema.optional(),
    roomId: idSchema.nullable().optional(),
    addresses: addressRulesSchema.optional(),
    certificate: certificateBindingSchema.nullable().optional(),
  })
  .refine((v) => Object.values(v).some((value) => value !== undefined), { error: 'Nothing to change' });
export const assignReadingRequestSchema = z.strictObject({ sessionId: idSchema });
/** Approving a device found by a message: the room it is in, and where it sends from (default: where it first sent from). */
export const deviceApproveRequestSchema = z.strictObject({
  roomId: idSchema.nullable(),
  name: nameSchema,
  addresses: addressRulesSchema.optional(),
});

export type DeviceCreateRequest = z.input<typeof deviceCreateRequestSchema>;
export type DeviceApproveRequest = z.infer<typeof deviceApproveRequestSchema>;
export type DeviceUpdateRequest = z.infer<typeof deviceUpdateRequestSchema>;

/** A device's state for the registry: sending when heard from within the silence time. */
export function deviceState(lastMessageAt: number | null, now: number): DeviceState {
  if (lastMessageAt === null) return 'never';
  return now - lastMessageAt < DEVICE_SILENT_AFTER_MINUTES * 60_000 ? 'sending' : 'silent';
}

/** What roles other than admin see of a device: its name, room and state. */
export function toDeviceSummary(status: DeviceStatus): DeviceSummary {
  return { name: status.name, roomId: status.roomId, kind: status.kind, lastMessageAt: status.lastMessageAt, state: status.state };
}
