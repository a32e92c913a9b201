import { Router, type Request, type Response } from 'express';
import {
  passwordResetRequestSchema,
  roomCreateRequestSchema,
  roomUpdateRequestSchema,
  signInIdSchema,
  userCreateRequestSchema,
  userUpdateRequestSchema,
  wallDisplayCreateRequestSchema,
} from '../../shared/admin/api';
import type { CurrentUser } from '../../shared/http/api';
import { idSchema } from '../../shared/ids';
import type { Result } from '../../shared/result';
import { parseInput } from '../../shared/validation';
import type { AuthService } from '../auth/authService';
import type { LiveSignIns } from '../auth/liveSignIns';
import type { ClinicService } from '../clinic/clinicService';
import type { Clock } from '../clock';
import { changeRoom, createRoom, listRoomsForAdmin, type RoomAdminContext } from '../commands/admin/rooms';
import { createPerson, listPeople, resetPassword, revokeSignIn, updatePerson } from '../commands/admin/users';
import { createWallDisplay, listWallDisplays, revokeWallDisplay } from '../commands/admin/wallDisplays';
import type { KeyedLock } from '../sessions/keyedLock';
import type { Store } from '../store/store';
import { requireUser } from './requireUser';
import { sendFailure } from './respond';

export interface AdminRouteDeps {
  auth: AuthService;
  live: LiveSignIns;
  store: Store;
  clock: Clock;
  clinic: ClinicService;
  roomLock: KeyedLock;
  clientAddress: (req: Request) => string | null;
  /** Tells clinic screens about a room added, renamed, retired or brought back. */
  roomsChanged: (roomId: string) => void;
}

/** People, wall displays and rooms (paths and shapes in shared/admin/api.ts). Thin: validate, then a command in commands/admin/. */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();
  const context = (req: Request, res: Response): RoomAdminContext => ({
    actor: res.locals.user as CurrentUser,
    remoteAddress: deps.clientAddress(req),
    store: deps.store,
    clock: deps.clock,
    auth: deps.auth,
    live: deps.live,
    roomLock: deps.roomLock,
  });
  const reply = (res: Response, result: Result, status = 200) => (result.ok ? res.status(status).json(result) : sendFailure(res, result));
  const manageUsers = requireUser(deps.auth, 'user.manage');
  const manageRooms = requireUser(deps.auth, 'room.manage');

  router.get('/api/users', manageUsers, async (_req, res) => {
    res.json({ ok: true, users: await listPeople(deps) });
  });
  router.post('/api/users', manageUsers, async (req, res) => {
    const body = parseInput(userCreateRequestSchema, req.body);
    if (!body.ok) return sendFailure(res, body);
    reply(res, await createPerson(context(req, res), body.value), 201);
  });
  router.patch('/api/users/:userId', manageUsers, async (req, res) => {
    const id = parseInput(idSchema, req.params.userId);
    if (!id.ok) return sendFailure(res, id);
    const body = parseInput(userUpdateRequestSchema, req.body);
    if (!body.ok) return sendFailure(res, body);
    reply(res, await updatePerson(context(req, res), id.value, body.value));
  });
  router.post('/api/users/:userId/password', manageUsers, async (req, res) => {
    const id = parseInput(idSchema, req.params.userId);
    if (!id.ok) return sendFailure(res, id);
    const body = parseInput(passwordResetRequestSchema, req.body);
    if (!body.ok) return sendFailure(res, body);
    reply(res, await resetPassword(context(req, res), id.value, body.value));
  });
  router.delete('/api/users/:userId/sign-ins/:signInId', manageUsers, async (req, res) => {
    const id = parseInput(idSchema, req.params.userId);
    if (!id.ok) return sendFailure(res, id);
    const signIn = parseInput(signInIdSchema, req.params.signInId);
    if (!signIn.ok) return sendFailure(res, signIn);
    reply(res, await revokeSignIn(context(req, res), id.value, signIn.value));
  });

  router.get('/api/wall-displays', manageUsers, async (_req, res) => {
    res.json({ ok: true, wallDisplays: await listWallDisplays(deps) });
  });
  router.post('/api/wall-displays', manageUsers, async (req, res) => {
    const body = parseInput(wallDisplayCreateRequestSchema, req.body);
    if (!body.ok) return sendFailure(res, body);
    // The key is shown once: no cache may keep it.
    res.setHeader('Cache-Control', 'no-store');
    reply(res, await createWallDisplay(context(req, res), body.value), 201);
  });
  router.post('/api/wall-displays/:userId/revoke', manageUsers, async (req, res) => {
    const id = parseInput(idSchema, req.params.userId);
    if (!id.ok) return sendFailure(res, id);
    reply(res, await revokeWallDisplay(context(req, res), id.value));
  });

  router.get('/api/admin/rooms', manageRooms, async (_req, res) => {
    res.json({ ok: true, rooms: await listRoomsForAdmin(deps) });
  });
  router.post('/api/rooms', manageRooms, async (req, res) => {
    const body = parseInput(roomCreateRequestSchema, req.body);
    if (!body.ok) return sendFailure(res, body);
    const result = await createRoom(context(req, res), body.value);
    if (result.ok) deps.roomsChanged(result.room.roomId);
    reply(res, result, 201);
  });
  router.patch('/api/rooms/:roomId', manageRooms, async (req, res) => {
    const id = parseInput(idSchema, req.params.roomId);
    if (!id.ok) return sendFailure(res, id);
    const body = parseInput(roomUpdateRequestSchema, req.body);
    if (!body.ok) return sendFailure(res, body);
    const result = await changeRoom(context(req, res), id.value, body.value);
    if (result.ok) deps.roomsChanged(id.value);
    reply(res, result);
  });

  return router;
}
