import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { forbiddenMessage, may, POLICY, type PolicyAction } from '../../../shared/policy';
import { ROLES } from '../../../shared/roles';
import { randomUUID } from 'node:crypto';
import { COMMANDS, refusalOf, REQUEST_NAMES } from '../../../shared/realtime/commands';
import { connectClient, openTestSession, openWallDisplay, request, signIn, startTestServer, type TestSocket } from '../../support/server';
import { validExamples } from '../reliability/fuzzCases';
import { call } from './support';

/**
 * Every HTTP route and the policy action that guards it. The first test fails when a route is
 * added to the server without a line here, so no route escapes the role walk below.
 */
const ROUTES: Record<string, PolicyAction | 'signed-in' | 'public'> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'POST /api/auth/wall': 'public',
  'GET /api/mode': 'public',
  'GET /api/me': 'signed-in',
  'POST /api/account/password': 'signed-in',
  // A staff member's own username and password take a handed-over tablet back (checked inside).
  'POST /api/handover/end': 'signed-in',
  'GET /api/rooms': 'clinic.view',
  'GET /api/protocols': 'clinic.view',
  'GET /api/devices': 'clinic.view',
  'GET /api/unassigned-readings': 'clinic.view',
  'GET /api/sessions/:sessionId': 'session.view',
  'GET /api/sessions/:sessionId/protocol': 'session.view',
  'GET /api/sessions': 'session.view',
  'GET /api/sessions/:sessionId/report': 'session.view',
  'GET /api/sessions/:sessionId/rems': 'session.view',
  'GET /api/sessions/:sessionId/report.pdf': 'record.export',
  'GET /api/sessions/:sessionId/readings.csv': 'record.export',
  'GET /api/sessions/:sessionId/fhir': 'record.export',
  'PUT /api/sessions/:sessionId/rems': 'rems.sign',
  'POST /api/sessions/:sessionId/rems/submit': 'rems.submit',
  'GET /api/rems/due': 'clinic.view',
  'GET /api/patients': 'patient.view',
  'POST /api/patients': 'patient.manage',
  'PATCH /api/patients/:patientId': 'patient.manage',
  'GET /api/patients/:patientId': 'patient.view',
  'GET /api/patients/:patientId/series.csv': 'record.export',
  'POST /api/patients/:patientId/integration': 'patient.manage',
  'GET /api/patients/:patientId/fhir': 'record.export',
  'POST /api/unassigned-readings/:readingId/assign': 'reading.assign',
  'POST /api/protocols/:id/copy': 'protocol.manage',
  'PUT /api/protocols/:id': 'protocol.manage',
  'POST /api/devices': 'device.manage',
  'PATCH /api/devices/:deviceId': 'device.manage',
  'POST /api/devices/:deviceId/key': 'device.manage',
  'POST /api/devices/:deviceId/approve': 'device.manage',
  'POST /api/devices/:deviceId/reject': 'device.manage',
  'GET /api/devices/security-events': 'device.manage',
  'GET /api/users': 'user.manage',
  'POST /api/users': 'user.manage',
  'PATCH /api/users/:userId': 'user.manage',
  'POST /api/users/:userId/password': 'user.manage',
  'DELETE /api/users/:userId/sign-ins/:signInId': 'user.manage',
  'GET /api/wall-displays': 'user.manage',
  'POST /api/wall-displays': 'user.manage',
  'POST /api/wall-displays/:userId/revoke': 'user.manage',
  'GET /api/admin/rooms': 'room.manage',
  'POST /api/rooms': 'room.manage',
  'PATCH /api/rooms/:roomId': 'room.manage',
  'GET /api/audit': 'audit.view',
  'GET /api/audit.csv': 'audit.view',
  'GET /api/audit/verify': 'audit.view',
};

describe('every HTTP route x every role follows the policy table', () => {
  let vigil: Vigil;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    vigil = await startTestServer();
    // Every role signs in as it does in the clinic: people with a password, the wall display with its key.
    for (const role of ROLES) cookies.set(role, role === 'wall' ? (await openWallDisplay(vigil)).cookie : await signIn(vigil, role));
  });
  afterAll(async () => {
    await vigil.close();
  });

  it('names every route the server defines', () => {
    expect(vigil.routes()).toEqual(Object.keys(ROUTES).sort());
  });

  it("refuses a role the table does not list (403 with the action's message), lets the listed ones past, and asks everyone else to sign in", async () => {
    const problems: string[] = [];
    for (const [route, action] of Object.entries(ROUTES)) {
      if (action === 'public') continue;
      const [method, template] = route.split(' ') as [string, string];
      const url = template.replace(/:[A-Za-z]+/g, 'no-such-id');
      const body = method === 'GET' ? undefined : {};
      const anonymous = await call(vigil, method, url, null, body);
      if (anonymous.status !== 401) problems.push(`${route} signed out: ${anonymous.status}`);
      for (const role of ROLES) {
        const answer = await call(vigil, method, url, cookies.get(role)!, body);
        const refused = answer.status === 403;
        const allowed = action === 'signed-in' || may(role, action);
        if (allowed && refused) problems.push(`${route} as ${role}: refused (${answer.body.error?.message})`);
        if (!allowed && (!refused || answer.body.error?.message !== forbiddenMessage(action as PolicyAction))) {
          problems.push(`${route} as ${role}: ${answer.status} ${answer.body.error?.message ?? ''}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("every socket request x every role: refused with the action's message (or the row's own) exactly where the table says", async () => {
    const sessionId = await openTestSession(vigil, 'room-1');
    const examples = validExamples({ sessionId, roomId: 'room-2', commandId: randomUUID, now: vigil.clock.now() });
    const sockets = new Map<string, TestSocket>();
    for (const role of ROLES) sockets.set(role, await connectClient(vigil.url, cookies.get(role)!));
    const problems: string[] = [];
    try {
      for (const name of REQUEST_NAMES) {
        const action = COMMANDS[name].action as PolicyAction;
        for (const role of ROLES) {
          const answer = (await request(sockets.get(role)!, name as never, {
            ...examples[name],
            ...('commandId' in examples[name]! ? { commandId: randomUUID() } : {}),
          })) as {
            ok: boolean;
            error?: { code: string; message: string };
          };
          const refused = !answer.ok && answer.error?.code === 'forbidden' && answer.error.message === refusalOf(name);
          if (refused === may(role, action)) problems.push(`${name} as ${role}: ${JSON.stringify(answer).slice(0, 120)}`);
        }
      }
    } finally {
      for (const socket of sockets.values()) socket.disconnect();
    }
    expect(problems).toEqual([]);
  });

  it('a wall display may only view the board: every other action of the table is refused to it', () => {
    const allowed = (Object.keys(POLICY) as PolicyAction[]).filter((action) => may('wall', action));
    expect(allowed).toEqual(['board.view']);
  });

  it('admins do not read patient sessions; nurses and prescribers do not manage people, rooms or the audit trail', () => {
    expect(POLICY['session.view'].roles).not.toContain('admin');
    expect(POLICY['session.open'].roles).not.toContain('admin');
    expect(POLICY['patient.view'].roles).not.toContain('admin');
    expect(POLICY['patient.manage'].roles).not.toContain('admin');
    expect(POLICY['protocol.manage'].roles).toEqual(['prescriber']);
    expect(POLICY['reading.assign'].roles).toEqual(['nurse', 'prescriber']);
    for (const action of ['user.manage', 'room.manage', 'audit.view', 'device.manage'] as const)
      expect(POLICY[action].roles).toEqual(['admin']);
  });
});
