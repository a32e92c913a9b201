import type { Namespace, Server } from 'socket.io';
import {
  DEVICES_NAMESPACE,
  gatewayAuthSchema,
  readingSubmitRequestSchema,
  type DevicesClientToServerEvents,
  type DevicesServerToClientEvents,
  type ReadingStored,
} from '../../shared/realtime/devicesContract';
import { fail, type Result } from '../../shared/result';
import { guarded, refuseUnknownEvents } from '../realtime/handler';
import { createRateLimiter } from '../realtime/rateLimit';
import { normaliseAddress } from './addressRules';
import { gatewayReadingId } from './deviceIds';
import type { DeviceService } from './deviceService';

interface GatewaySocketData {
  deviceId: string;
  deviceName: string;
  /** The hash of the key it authenticated with: a replaced key ends the connection at its next reading. */
  keyHash: string;
}

/** The one request of the gateways' contract, named once for the guard and the unknown-event refusal. */
const SUBMIT = 'reading.submit' satisfies keyof DevicesClientToServerEvents;

type GatewayNamespace = Namespace<DevicesClientToServerEvents, DevicesServerToClientEvents, Record<string, never>, GatewaySocketData>;

/**
 * `/devices`: gateways (a Bluetooth cuff bridge, a script) authenticate with their device id
 * and the key the admin created, and submit readings; each is acknowledged after it is stored.
 * Browsers' cookies mean nothing here, and gateways cannot reach the clinic namespace.
 */
export function registerGatewayNamespace(
  io: Server,
  deps: { devices: DeviceService; commandsPerSecond: number; logError(error: unknown): void },
): GatewayNamespace {
  const namespace = io.of(DEVICES_NAMESPACE) as unknown as GatewayNamespace;

  namespace.use(async (socket, next) => {
    const parsed = gatewayAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) return next(new Error('unauthenticated'));
    try {
      const device = await deps.devices.authenticateGateway(parsed.data.deviceId, parsed.data.key);
      if (!device) return next(new Error('unauthenticated'));
      socket.data.deviceId = device.device_id;
      socket.data.deviceName = device.name;
      socket.data.keyHash = device.secret_hash ?? '';
      next();
    } catch (error) {
      deps.logError(error);
      next(new Error('unavailable'));
    }
  });

  namespace.on('connection', (socket) => {
    const limiter = createRateLimiter(deps.commandsPerSecond);
    const guard = { takeToken: () => limiter.take(), logError: deps.logError };
    refuseUnknownEvents(socket, (event) => event === SUBMIT, guard.takeToken);
    socket.on(
      SUBMIT,
      guarded(guard, {
        schema: readingSubmitRequestSchema,
        // The handshake authenticated the device by its key; a gateway may only submit its own readings.
        authorize: () => null,
        run: async ({ commandId, observedAt, vitals }): Promise<Result<ReadingStored>> => {
          if (!(await deps.devices.gatewayStillValid(socket.data.deviceId, socket.data.keyHash))) {
            // Answered first, then hung up: the gateway learns why before it reconnects (with the new key, if it has one).
            setImmediate(() => socket.disconnect(true));
            return fail('unauthenticated', 'This gateway key was replaced or the device was rejected: reconnect with a current key');
          }
          const [stored] = await deps.devices.ingest({
            deviceId: socket.data.deviceId,
            remoteAddress: normaliseAddress(socket.handshake.address),
            source: `${normaliseAddress(socket.handshake.address) ?? 'unknown address'}, gateway key`,
            readings: [{ readingId: gatewayReadingId(socket.data.deviceId, commandId), observedAt, vitals }],
            dropped: [],
          });
          return stored ? { ok: true, ...stored } : fail('internal', 'The reading was not stored');
        },
      }),
    );
  });

  return namespace;
}
