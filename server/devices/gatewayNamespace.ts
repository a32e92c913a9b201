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
import { parseInput } from '../../shared/validation';
import { createRateLimiter } from '../realtime/rateLimit';
import { storeFailureReason } from '../store/errors';
import { gatewayReadingId } from './deviceIds';
import type { DeviceService } from './deviceService';

interface GatewaySocketData {
  deviceId: string;
  deviceName: string;
}

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
      next();
    } catch (error) {
      deps.logError(error);
      next(new Error('unavailable'));
    }
  });

  namespace.on('connection', (socket) => {
    const limiter = createRateLimiter(deps.commandsPerSecond, Date.now);
    socket.onAny((event: unknown, ...args: unknown[]) => {
      if (event === 'reading.submit') return;
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (r: Result) => void)(fail('invalid_input', `Unknown request "${String(event).slice(0, 40)}"`));
    });
    socket.on('reading.submit', async (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      const reply = ack as (result: Result<ReadingStored>) => void;
      if (args.length !== 2) return reply(fail('invalid_input', 'Expected exactly one request object'));
      if (!limiter.take()) return reply(fail('rate_limited', 'Too many requests — wait a moment and try again'));
      const parsed = parseInput(readingSubmitRequestSchema, args[0]);
      if (!parsed.ok) return reply(parsed);
      const { commandId, observedAt, vitals } = parsed.value;
      try {
        const [stored] = await deps.devices.ingest({
          deviceId: socket.data.deviceId,
          defaultName: socket.data.deviceName,
          kind: 'gateway',
          remoteAddress: socket.handshake.address || null,
          readings: [{ readingId: gatewayReadingId(socket.data.deviceId, commandId), observedAt, vitals }],
          dropped: [],
        });
        reply(stored ? { ok: true, ...stored } : fail('internal', 'The reading was not stored'));
      } catch (error) {
        const reason = storeFailureReason(error);
        if (reason) return reply(fail('store_unavailable', `${reason}: nothing was saved. Try again shortly.`));
        deps.logError(error);
        reply(fail('internal', 'Something went wrong on the server: nothing was saved'));
      }
    });
  });

  return namespace;
}
