import { isMonitoredPhase } from '../../shared/session/phases';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/session/actor';
import type { Vigil } from '../app';
import { hashPassword } from '../auth/passwords';
import { recordVitals } from '../commands/recordVitals';
import { openSession } from '../commands/openSession';
import { insertRoom, listRooms } from '../store/rooms';
import { countUsers, findUserByUsername, insertUser } from '../store/users';
import { DEMO_ROOMS, DEMO_SESSIONS, DEMO_USERS, demoProfile } from './demoClinic';
import { courseVitals } from '../../shared/simulation/course';
import type { NewSessionEvent } from '../../shared/session/events';
import { DEMO_STAFF, demoContext, startClinicDay } from './clinicDay';
import { demoPatientId, ensureDemoPatients } from './demoPatients';
import { spravato56Protocol } from '../../shared/protocols/defaults';
import { demoMonitor, registerDemoMonitors, startHl7Feed } from './hl7Feed';
import { deviceActor } from '../devices/deviceService';
import { findDevice } from '../store/devices';

const nurseActor = DEMO_STAFF.nurse;
/**
 * The room's simulated monitor as the record names it: with HL7 on, the registered device (its
 * record id, as on the readings its HL7 messages write), so the seeded history and the live feed
 * are one monitor; with HL7 off, the in-process feed's own actor.
 */
async function monitorActor(vigil: Vigil, roomId: string): Promise<Actor> {
  const monitor = demoMonitor(roomId);
  const registered = vigil.hl7 ? await findDevice(vigil.store.db, monitor.deviceId) : null;
  return registered ? deviceActor(registered) : monitor.actor;
}

/** In `meta`: 'started' while the demo clinic is being created, 'done' once it is complete. */
const SEED_KEY = 'demo.seed';
const OPENED_BEFORE_DOSE_MS = 25 * 60_000;

async function seedState(vigil: Vigil): Promise<string | null> {
  const row = await vigil.store.db.selectFrom('meta').select('value').where('key', '=', SEED_KEY).executeTakeFirst();
  return row?.value ?? null;
}

async function setSeedState(vigil: Vigil, value: string): Promise<void> {
  await vigil.store.db
    .insertInto('meta')
    .values({ key: SEED_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * Creates the demo clinic on an empty store: rooms, users, and sessions with their history so
 * far. Every step can run again (rows that exist are kept, commands carry fixed ids), so a stop
 * at any moment of it leaves a store where the next start finishes the job.
 */
async function seed(vigil: Vigil): Promise<void> {
  const now = vigil.clock.now();
  const existingRooms = new Set((await listRooms(vigil.store.db)).map((room) => room.roomId));
  for (const [index, room] of DEMO_ROOMS.entries()) {
    if (!existingRooms.has(room.roomId)) await insertRoom(vigil.store.db, { ...room, sortOrder: index + 1 });
  }
  // With HL7 on, the monitors are registered before any history is written in their name.
  if (vigil.hl7) await registerDemoMonitors(vigil, loopbackHost(vigil.config.hl7Host));
  for (const user of DEMO_USERS) {
    if (await findUserByUsername(vigil.store.db, user.username)) continue;
    await insertUser(vigil.store.db, { ...user, passwordHash: await hashPassword(user.password) }, now);
  }
  await ensureDemoPatients(vigil);
  for (const demo of DEMO_SESSIONS) {
    const opened = await openSession(demoContext(vigil, nurseActor), {
      commandId: `demo-open-${demo.sessionId}`,
      sessionId: demo.sessionId,
      roomId: demo.roomId,
      patientAlias: demo.patientAlias,
      patientId: demoPatientId(demo.patientAlias),
      protocol: spravato56Protocol(),
      openedAt: now - demo.minutesSinceDose * 60_000 - OPENED_BEFORE_DOSE_MS,
    });
    if (!opened.ok) throw new Error(opened.error.message);
    // Resumed after a stop: the session's times are those of the first attempt.
    const dosedAt = opened.event.observedAt + OPENED_BEFORE_DOSE_MS;
    await recordVitals(demoContext(vigil, nurseActor), {
      commandId: `demo-baseline-${demo.sessionId}`,
      sessionId: demo.sessionId,
      observedAt: dosedAt - 10 * 60_000,
      vitals: courseVitals({ profile: demoProfile(demo.sessionId), seed: demo.sessionId, minutesSinceDose: null, sampleIndex: 0 }),
    });
    // The dose and the readings since, back-filled in one commit (stored whole or not at all, and
    // once, by their fixed command ids): the alarm rules first see the session with its history
    // in place, so the demo's own set-up raises no overdue check.
    const monitor = await monitorActor(vigil, demo.roomId);
    const history: NewSessionEvent[] = [
      {
        sessionId: demo.sessionId,
        type: 'dose.recorded',
        payload: {
          doseId: `demo-dose-${demo.sessionId}`,
          drug: 'Esketamine (Spravato)',
          doseMg: 56,
          route: 'intranasal',
          lotNumber: 'DEMO-LOT-01',
        },
        observedAt: dosedAt,
        actor: nurseActor,
        commandId: `demo-dose-${demo.sessionId}`,
      },
    ];
    for (let minute = 0; minute <= demo.minutesSinceDose; minute += 5) {
      history.push({
        sessionId: demo.sessionId,
        type: 'vitals.recorded',
        payload: {
          readingId: `demo-reading-${demo.sessionId}-${minute}`,
          vitals: courseVitals({
            profile: demoProfile(demo.sessionId),
            seed: demo.sessionId,
            minutesSinceDose: minute,
            sampleIndex: minute,
          }),
        },
        observedAt: dosedAt + minute * 60_000,
        actor: monitor,
        commandId: `demo-reading-${demo.sessionId}-${minute}`,
      });
    }
    await vigil.sessions.append(demo.sessionId, history);
  }
}

/** Where this server's own HL7 listener can be reached from inside the process. */
function loopbackHost(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
}

/**
 * Demo mode: seeds the demo clinic on first start, then runs it as a clinic day (clinicDay.ts:
 * sessions open, run their whole course, are discharged, rooms are reused) and feeds the
 * running sessions with simulated monitor readings every VIGIL_DEMO_READING_SECONDS of server time. With the HL7
 * listener on (the default), each demo room has a simulated monitor in the device registry
 * that sends ORU^R01 over MLLP to this server, so the demo goes through the same path as a
 * real monitor (parse, check the monitor's binding — 127.0.0.1 — route to the room's session,
 * ACK after commit). With HL7_PORT=off the
 * readings are recorded in-process instead.
 */
export async function startDemo(vigil: Vigil, options: { log?: (line: string) => void } = {}): Promise<{ stop(): void }> {
  const log = options.log ?? ((line: string) => console.log(line));
  // A store with users and no mark was seeded before the mark existed: it is complete.
  const state = await seedState(vigil);
  if (state === 'started' || (state === null && (await countUsers(vigil.store.db)) === 0)) {
    await setSeedState(vigil, 'started');
    await seed(vigil);
    await setSeedState(vigil, 'done');
    log('Demo clinic created: 6 rooms, demo users (see README), 3 running sessions.');
  }
  // Stores seeded before the demo had patient records get them now (idempotent).
  await ensureDemoPatients(vigil);
  const intervalMs = Math.max(200, (vigil.config.demoReadingIntervalSeconds * 1000) / vigil.clock.rate);
  const day = startClinicDay(vigil, { intervalMs, log });
  let feed: { stop(): void };
  if (vigil.hl7) {
    const host = loopbackHost(vigil.config.hl7Host);
    await registerDemoMonitors(vigil, host);
    feed = startHl7Feed(vigil, { host, port: vigil.hl7.port, intervalMs, log });
    log(`Demo monitors send HL7 ORU^R01 over MLLP to port ${vigil.hl7.port} (rooms ${DEMO_ROOMS.map((d) => d.roomId).join(', ')}).`);
  } else feed = startInProcessFeed(vigil, intervalMs);
  return {
    stop() {
      day.stop();
      feed.stop();
    },
  };
}

/** The fallback when the HL7 listener is off: the same course, recorded directly as the room's monitor. */
function startInProcessFeed(vigil: Vigil, intervalMs: number): { stop(): void } {
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    for (const room of DEMO_ROOMS) {
      void (async () => {
        const state = await vigil.clinic.runningSession(room.roomId);
        if (!state || state.dosedAt === null || !isMonitoredPhase(state.phase)) return;
        const now = vigil.clock.now();
        const minutes = (now - state.dosedAt) / 60_000;
        await recordVitals(demoContext(vigil, demoMonitor(room.roomId).actor), {
          commandId: randomUUID(),
          sessionId: state.sessionId,
          observedAt: now,
          vitals: courseVitals({
            profile: demoProfile(state.sessionId),
            seed: state.sessionId,
            minutesSinceDose: minutes,
            sampleIndex: tick + 1000,
          }),
        });
      })().catch((error: unknown) => console.error('[demo]', error));
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
