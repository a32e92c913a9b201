import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/session/actor';
import type { Vigil } from '../app';
import { hashPassword } from '../auth/passwords';
import { recordVitals } from '../commands/recordVitals';
import { openSession } from '../commands/openSession';
import type { CommandContext } from '../commands/context';
import { insertRoom } from '../store/rooms';
import { countUsers, insertUser } from '../store/users';
import { DEMO_ROOMS, DEMO_SESSIONS, DEMO_USERS } from './demoClinic';
import { courseProfile, courseVitals } from '../../shared/simulation/course';
import { spravato56Protocol } from '../../shared/protocols/defaults';

const nurseActor: Actor = { kind: 'user', userId: 'demo-nurse', displayName: 'Nora Nurse (demo)', role: 'nurse' };
const monitorActor = (roomId: string): Actor => ({ kind: 'device', deviceId: `demo-monitor-${roomId}`, displayName: `Monitor ${roomId.replace('room-', 'room ')} (simulated)` });

function context(vigil: Vigil, actor: Actor): CommandContext {
  return { actor, user: null, remoteAddress: null, clock: vigil.clock, sessions: vigil.sessions };
}

/** Creates the demo clinic on an empty store: rooms, users, and sessions with their history so far. */
async function seed(vigil: Vigil): Promise<void> {
  const now = vigil.clock.now();
  for (const [index, room] of DEMO_ROOMS.entries()) await insertRoom(vigil.store.db, { ...room, sortOrder: index + 1 });
  for (const user of DEMO_USERS) {
    await insertUser(vigil.store.db, { ...user, passwordHash: await hashPassword(user.password) }, now);
  }
  for (const demo of DEMO_SESSIONS) {
    const dosedAt = now - demo.minutesSinceDose * 60_000;
    const opened = await openSession(context(vigil, nurseActor), {
      commandId: `demo-open-${demo.sessionId}`,
      sessionId: demo.sessionId,
      roomId: demo.roomId,
      patientAlias: demo.patientAlias,
      protocol: spravato56Protocol(),
      openedAt: dosedAt - 25 * 60_000,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    await recordVitals(context(vigil, nurseActor), {
      commandId: `demo-baseline-${demo.sessionId}`,
      sessionId: demo.sessionId,
      observedAt: dosedAt - 10 * 60_000,
      vitals: courseVitals({ profile: courseProfile(demo.profile), seed: demo.sessionId, minutesSinceDose: null, sampleIndex: 0 }),
    });
    await vigil.sessions.append(demo.sessionId, [
      {
        sessionId: demo.sessionId,
        type: 'dose.recorded',
        payload: { doseId: `demo-dose-${demo.sessionId}`, drug: 'Esketamine (Spravato)', doseMg: 56, route: 'intranasal', lotNumber: 'DEMO-LOT-01' },
        observedAt: dosedAt,
        actor: nurseActor,
        commandId: `demo-dose-${demo.sessionId}`,
      },
    ]);
    for (let minute = 0; minute <= demo.minutesSinceDose; minute += 5) {
      await recordVitals(context(vigil, monitorActor(demo.roomId)), {
        commandId: randomUUID(),
        sessionId: demo.sessionId,
        observedAt: dosedAt + minute * 60_000,
        vitals: courseVitals({ profile: courseProfile(demo.profile), seed: demo.sessionId, minutesSinceDose: minute, sampleIndex: minute }),
      });
    }
  }
}

/**
 * Demo mode: seeds the demo clinic on first start, then feeds its running sessions with
 * simulated monitor readings every VIGIL_DEMO_READING_SECONDS of server time.
 */
export async function startDemo(vigil: Vigil): Promise<{ stop(): void }> {
  if ((await countUsers(vigil.store.db)) === 0) {
    await seed(vigil);
    console.log('Demo clinic created: 6 rooms, demo users (see README), 3 running sessions.');
  }
  let tick = 0;
  const intervalMs = (vigil.config.demoReadingIntervalSeconds * 1000) / vigil.clock.rate;
  const timer = setInterval(() => {
    tick += 1;
    for (const demo of DEMO_SESSIONS) {
      void (async () => {
        const state = await vigil.sessions.getState(demo.sessionId);
        if (!state || state.dosedAt === null || !['monitoring', 'ready_for_discharge'].includes(state.phase)) return;
        const now = vigil.clock.now();
        const minutes = (now - state.dosedAt) / 60_000;
        await recordVitals(context(vigil, monitorActor(demo.roomId)), {
          commandId: randomUUID(),
          sessionId: demo.sessionId,
          observedAt: now,
          vitals: courseVitals({ profile: courseProfile(demo.profile), seed: demo.sessionId, minutesSinceDose: minutes, sampleIndex: tick + 1000 }),
        });
      })().catch((error: unknown) => console.error('[demo]', error));
    }
  }, Math.max(200, intervalMs));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
