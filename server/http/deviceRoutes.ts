import { Router, type Request } from 'express';
import type { CurrentUser } from '../../shared/http/api';
import { idSchema } from '../../shared/ids';
import { may } from '../../shared/policy';
import {
  assignReadingRequestSchema,
  deviceApproveRequestSchema,
  deviceCreateRequestSchema,
  deviceIdSchema,
  deviceUpdateRequestSchema,
  toDeviceSummary,
} from '../../shared/realtime/devicesContract';
import type { AuthService } from '../auth/authService';
import type { Clock } from '../clock';
import type { DeviceService } from '../devices/deviceService';
import { listSecurityEvents } from '../store/devices';
import type { Store } from '../store/store';
import { requireUser } from './requireUser';
import { validatedRoute } from './validatedRoute';

/**
 * The device registry (admin), its approval queue and security events, and the readings waiting
 * for a session. Device ids, addresses, certificates and keys go to admins only: other roles see
 * a device's name and room. Paths in shared/realtime/devicesContract.ts.
 */
export function deviceRoutes(deps: { auth: AuthService; devices: DeviceService; store: Store; clock: Clock }): Router {
  const router = Router();
  const userOf = (res: { locals: Record<string, unknown> }) => res.locals.user as CurrentUser;
  /** Who makes a registry change, from where: the service writes its audit row in the change's own transaction. */
  const by = (req: Request, res: { locals: Record<string, unknown> }) => ({ userId: userOf(res).userId, remoteAddress: req.ip ?? null });

  const isAdmin = (res: { locals: Record<string, unknown> }) => may(userOf(res).role, 'device.manage');
  const manage = requireUser(deps.auth, 'device.manage');

  router.get('/api/devices', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    const devices = await deps.devices.list();
    if (isAdmin(res)) return res.json({ ok: true, devices });
    res.json({ ok: true, devices: devices.filter((device) => device.approval === 'approved').map(toDeviceSummary) });
  });

  router.get('/api/devices/security-events', manage, async (_req, res) => {
    res.json({ ok: true, events: await listSecurityEvents(deps.store.db) });
  });

  router.post(
    '/api/devices/:deviceId/approve',
    manage,
    validatedRoute({ params: { deviceId: deviceIdSchema }, body: deviceApproveRequestSchema }, ({ params, body }, req, res) =>
      deps.devices.approve(params.deviceId, body, { userId: userOf(res).userId, remoteAddress: req.socket.remoteAddress ?? null }),
    ),
  );

  router.post(
    '/api/devices/:deviceId/reject',
    manage,
    validatedRoute({ params: { deviceId: deviceIdSchema } }, ({ params }, req, res) => deps.devices.reject(params.deviceId, by(req, res))),
  );

  router.post(
    '/api/devices',
    manage,
    validatedRoute({ body: deviceCreateRequestSchema, status: 201 }, ({ body }, req, res) => deps.devices.create(body, by(req, res))),
  );

  router.patch(
    '/api/devices/:deviceId',
    manage,
    validatedRoute({ params: { deviceId: deviceIdSchema }, body: deviceUpdateRequestSchema }, ({ params, body }, req, res) =>
      deps.devices.update(params.deviceId, body, by(req, res)),
    ),
  );

  router.post(
    '/api/devices/:deviceId/key',
    manage,
    validatedRoute({ params: { deviceId: deviceIdSchema }, status: 201 }, ({ params }, req, res) =>
      deps.devices.createKey(params.deviceId, by(req, res)),
    ),
  );

  router.get('/api/unassigned-readings', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    const readings = await deps.devices.listUnassigned();
    if (isAdmin(res)) return res.json({ ok: true, readings });
    // A device waiting for approval is named by its id: others see only that it waits.
    const waiting = new Set((await deps.devices.list()).filter((d) => d.approval !== 'approved').map((d) => d.deviceId));
    const named = (reading: (typeof readings)[number]) =>
      reading.deviceId !== null && waiting.has(reading.deviceId) ? 'A device waiting for approval' : reading.deviceName;
    res.json({ ok: true, readings: readings.map((reading) => ({ ...reading, deviceId: null, deviceName: named(reading) })) });
  });

  router.post(
    '/api/unassigned-readings/:readingId/assign',
    requireUser(deps.auth, 'reading.assign'),
    validatedRoute({ params: { readingId: idSchema }, body: assignReadingRequestSchema }, ({ params, body }, req, res) =>
      deps.devices.assign(params.readingId, body.sessionId, {
        userId: userOf(res).userId,
        remoteAddress: req.socket.remoteAddress ?? null,
      }),
    ),
  );

  return router;
}
