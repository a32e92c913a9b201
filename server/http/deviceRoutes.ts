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
import { parseInput } from '../../shared/validation';
import type { AuthService } from '../auth/authService';
import type { Clock } from '../clock';
import type { DeviceService } from '../devices/deviceService';
import { listSecurityEvents } from '../store/devices';
import type { Store } from '../store/store';
import { sendFailure } from './respond';
import { requireUser } from './requireUser';

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

  router.get('/api/devices', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    const devices = await deps.devices.list();
    if (isAdmin(res)) return res.json({ ok: true, devices });
    res.json({ ok: true, devices: devices.filter((device) => device.approval === 'approved').map(toDeviceSummary) });
  });

  router.get('/api/devices/security-events', requireUser(deps.auth, 'device.manage'), async (_req, res) => {
    res.json({ ok: true, events: await listSecurityEvents(deps.store.db) });
  });

  router.post('/api/devices/:deviceId/approve', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const id = parseInput(deviceIdSchema, req.params.deviceId);
    if (!id.ok) return sendFailure(res, id);
    const parsed = parseInput(deviceApproveRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const user = userOf(res);
    const result = await deps.devices.approve(id.value, parsed.value, {
      userId: user.userId,
      remoteAddress: req.socket.remoteAddress ?? null,
    });
    if (!result.ok) return sendFailure(res, result);
    res.json(result);
  });

  router.post('/api/devices/:deviceId/reject', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const id = parseInput(deviceIdSchema, req.params.deviceId);
    if (!id.ok) return sendFailure(res, id);
    const result = await deps.devices.reject(id.value, by(req, res));
    if (!result.ok) return sendFailure(res, result);
    res.json(result);
  });

  router.post('/api/devices', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const parsed = parseInput(deviceCreateRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const result = await deps.devices.create(parsed.value, by(req, res));
    if (!result.ok) return sendFailure(res, result);
    res.status(201).json(result);
  });

  router.patch('/api/devices/:deviceId', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const id = parseInput(deviceIdSchema, req.params.deviceId);
    if (!id.ok) return sendFailure(res, id);
    const parsed = parseInput(deviceUpdateRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const result = await deps.devices.update(id.value, parsed.value, by(req, res));
    if (!result.ok) return sendFailure(res, result);
    res.json(result);
  });

  router.post('/api/devices/:deviceId/key', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const id = parseInput(deviceIdSchema, req.params.deviceId);
    if (!id.ok) return sendFailure(res, id);
    const result = await deps.devices.createKey(id.value, by(req, res));
    if (!result.ok) return sendFailure(res, result);
    res.status(201).json(result);
  });

  router.get('/api/unassigned-readings', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    const readings = await deps.devices.listUnassigned();
    if (isAdmin(res)) return res.json({ ok: true, readings });
    // A device waiting for approval is named by its id: others see only that it waits.
    const waiting = new Set((await deps.devices.list()).filter((d) => d.approval !== 'approved').map((d) => d.deviceId));
    const named = (reading: (typeof readings)[number]) =>
      reading.deviceId !== null && waiting.has(reading.deviceId) ? 'A device waiting for approval' : reading.deviceName;
    res.json({ ok: true, readings: readings.map((reading) => ({ ...reading, deviceId: null, deviceName: named(reading) })) });
  });

  router.post('/api/unassigned-readings/:readingId/assign', requireUser(deps.auth, 'reading.assign'), async (req, res) => {
    const id = parseInput(idSchema, req.params.readingId);
    if (!id.ok) return sendFailure(res, id);
    const parsed = parseInput(assignReadingRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const user = userOf(res);
    const result = await deps.devices.assign(id.value, parsed.value.sessionId, {
      userId: user.userId,
      remoteAddress: req.socket.remoteAddress ?? null,
    });
    if (!result.ok) return sendFailure(res, result);
    res.json(result);
  });

  return router;
}
