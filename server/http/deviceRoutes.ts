import { Router, type Request } from 'express';
import type { CurrentUser } from '../../shared/http/api';
import { idSchema } from '../../shared/ids';
import {
  assignReadingRequestSchema,
  deviceCreateRequestSchema,
  deviceIdSchema,
  deviceUpdateRequestSchema,
} from '../../shared/realtime/devicesContract';
import { parseInput } from '../../shared/validation';
import type { AuthService } from '../auth/authService';
import type { Clock } from '../clock';
import type { DeviceService } from '../devices/deviceService';
import { writeAudit } from '../store/audit';
import type { Store } from '../store/store';
import { sendFailure } from './respond';
import { requireUser } from './requireUser';

/** The device registry (admin) and the readings waiting for a session. Paths in shared/realtime/devicesContract.ts. */
export function deviceRoutes(deps: { auth: AuthService; devices: DeviceService; store: Store; clock: Clock }): Router {
  const router = Router();
  const audit = (req: Request, user: CurrentUser, action: string, sessionId: string | null, detail: Record<string, unknown>) =>
    writeAudit(deps.store.db, {
      at: deps.clock.now(),
      userId: user.userId,
      action,
      sessionId,
      remoteAddress: req.socket.remoteAddress ?? null,
      detail,
    });
  const userOf = (res: { locals: Record<string, unknown> }) => res.locals.user as CurrentUser;

  router.get('/api/devices', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    res.json({ ok: true, devices: await deps.devices.list() });
  });

  router.post('/api/devices', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const parsed = parseInput(deviceCreateRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const result = await deps.devices.create(parsed.value);
    if (!result.ok) return sendFailure(res, result);
    await audit(req, userOf(res), 'device.create', null, { deviceId: parsed.value.deviceId, roomId: parsed.value.roomId });
    res.status(201).json(result);
  });

  router.patch('/api/devices/:deviceId', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const id = parseInput(deviceIdSchema, req.params.deviceId);
    if (!id.ok) return sendFailure(res, id);
    const parsed = parseInput(deviceUpdateRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const result = await deps.devices.update(id.value, parsed.value);
    if (!result.ok) return sendFailure(res, result);
    await audit(req, userOf(res), 'device.update', null, { deviceId: id.value, ...parsed.value });
    res.json(result);
  });

  router.post('/api/devices/:deviceId/key', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const id = parseInput(deviceIdSchema, req.params.deviceId);
    if (!id.ok) return sendFailure(res, id);
    const result = await deps.devices.createKey(id.value);
    if (!result.ok) return sendFailure(res, result);
    await audit(req, userOf(res), 'device.createKey', null, { deviceId: id.value });
    res.status(201).json(result);
  });

  router.get('/api/unassigned-readings', requireUser(deps.auth, 'clinic.view'), async (_req, res) => {
    res.json({ ok: true, readings: await deps.devices.listUnassigned() });
  });

  router.post('/api/unassigned-readings/:readingId/assign', requireUser(deps.auth, 'device.manage'), async (req, res) => {
    const id = parseInput(idSchema, req.params.readingId);
    if (!id.ok) return sendFailure(res, id);
    const parsed = parseInput(assignReadingRequestSchema, req.body);
    if (!parsed.ok) return sendFailure(res, parsed);
    const user = userOf(res);
    const result = await deps.devices.assign(id.value, parsed.value.sessionId, { userId: user.userId, remoteAddress: req.socket.remoteAddress ?? null });
    if (!result.ok) return sendFailure(res, result);
    res.json(result);
  });

  return router;
}
