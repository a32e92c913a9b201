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
import { idSchema } from '../../shared/ids';
import type { AuthService } from '../auth/authService';
import type { LiveSignIns } from '../auth/liveSignIns';
import type { ClinicService } from '../clinic/clinicService';
import type { Clock } from '../clock';
import { changeRoom, createRoom, listRoomsForAdmin, type RoomAdminContext } from '../commands/admin/rooms';
import { createPerson, listPeople, resetPassword, revokeSignIn, updatePerson } from '../commands/admin/users';
import { createWallDisplay, listWallDisplays, revokeWallDisplay } from '../commands/admin/wallDisplays';
import type { KeyedLock } from '../sessions/keyedLock';
import type { Store } from '../store/store';
import { actingContext, requireUser } from './requireUser';
import { validatedRoute } from './validatedRoute';

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
    ...actingContext(deps, req, res),
    auth: deps.auth,
    live: deps.live,
    roomLock: deps.roomLock,
  });
  const manageUsers = requireUser(deps.auth, 'user.manage');
  const manageRooms = requireUser(deps.auth, 'room.manage');

  router.get('/api/users', manageUsers, async (_req, res) => {
    res.json({ ok: true, users: await listPeople(deps) });
  });
  router.post(
    '/api/users',
    manageUsers,
    validatedRoute({ body: userCreateRequestSchema, status: 201 }, ({ body }, req, res) => createPerson(context(req, res), body)),
  );
  router.patch(
    '/api/users/:userId',
    manageUsers,
    validatedRoute({ params: { userId: idSchema }, body: userUpdateRequestSchema }, ({ params, body }, req, res) =>
      updatePerson(context(req, res), params.userId, body),
    ),
  );
  router.post(
    '/api/users/:userId/password',
    manageUsers,
    validatedRoute({ params: { userId: idSchema }, body: passwordResetRequestSchema }, ({ params, body }, req, res) =>
      resetPassword(context(req, res), params.userId, body),
    ),
  );
  router.delete(
    '/api/users/:userId/sign-ins/:signInId',
    manageUsers,
    validatedRoute({ params: { userId: idSchema, signInId: signInIdSchema } }, ({ params }, req, res) =>
      revokeSignIn(context(req, res), params.userId, params.signInId),
    ),
  );

  router.get('/api/wall-displays', manageUsers, async (_req, res) => {
    res.json({ ok: true, wallDisplays: await listWallDisplays(deps) });
  });
  router.post(
    '/api/wall-displays',
    manageUsers,
    validatedRoute({ body: wallDisplayCreateRequestSchema, status: 201 }, ({ body }, req, res) => {
      // The key is shown once: no cache may keep it.
      res.setHeader('Cache-Control', 'no-store');
      return createWallDisplay(context(req, res), body);
    }),
  );
  router.post(
    '/api/wall-displays/:userId/revoke',
    manageUsers,
    validatedRoute({ params: { userId: idSchema } }, ({ params }, req, res) => revokeWallDisplay(context(req, res), params.userId)),
  );

  router.get('/api/admin/rooms', manageRooms, async (_req, res) => {
    res.json({ ok: true, rooms: await listRoomsForAdmin(deps) });
  });
  router.post(
    '/api/rooms',
    manageRooms,
    validatedRoute({ body: roomCreateRequestSchema, status: 201 }, async ({ body }, req, res) => {
      const result = await createRoom(context(req, res), body);
      if (result.ok) deps.roomsChanged(result.room.roomId);
      return result;
    }),
  );
  router.patch(
    '/api/rooms/:roomId',
    manageRooms,
    validatedRoute({ params: { roomId: idSchema }, body: roomUpdateRequestSchema }, async ({ params, body }, req, res) => {
      const result = await changeRoom(context(req, res), params.roomId, body);
      if (result.ok) deps.roomsChanged(params.roomId);
      return result;
    }),
  );

  return router;
}
