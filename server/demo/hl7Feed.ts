import { isMonitoredPhase } from '../../shared/session/phases';
import { buildOruR01 } from '../../shared/hl7/build';
import { courseVitals } from '../../shared/simulation/course';
import { DEFAULT_FAULTS, monitorObservations, simulatedDeviceId } from '../../shared/simulation/monitor';
import { createRandom } from '../../shared/simulation/random';
import type { Actor } from '../../shared/session/actor';
import type { Vigil } from '../app';
import { BY_SERVER } from '../devices/deviceService';
import { DEMO_ROOMS, demoProfile } from './demoClinic';
import { MllpSender, type SendOutcome } from '../devices/mllpSender';

/** The simulated bedside monitor of a demo room: the same EUI-64 as `npm run simulate` uses for that room. */
export function demoMonitor(roomId: string): { deviceId: string; name: string; actor: Actor } {
  const room = DEMO_ROOMS.find((candidate) => candidate.roomId === roomId);
  const name = `Monitor, ${room?.name ?? roomId} (simulated)`;
  const deviceId = simulatedDeviceId(roomId);
  return { deviceId, name, actor: { kind: 'device', deviceId, displayName: name } };
}

/**
 * Registers each demo room's monitor in its room, once, bound to the address the feed sends
 * from (this machine): a monitor already in the registry is left as the admin set it (moved,
 * renamed or taken out of its room), only given that binding if it has none (a registry from
 * before devices were bound).
 */
export async function registerDemoMonitors(vigil: Vigil, feedHost: string): Promise<void> {
  const addresses = [...new Set([feedHost, '127.0.0.1'])];
  for (const room of DEMO_ROOMS) {
    const monitor = demoMonitor(room.roomId);
    const existing = await vigil.devices.get(monitor.deviceId);
    if (existing) {
      if (existing.kind === 'hl7' && existing.addresses.length === 0 && existing.certificate === null)
        await vigil.devices.update(monitor.deviceId, { addresses }, BY_SERVER);
      continue;
    }
    const created = await vigil.devices.create(
      {
        deviceId: monitor.deviceId,
        name: monitor.name,
        roomId: room.roomId,
        kind: 'hl7',
        addresses,
        certificate: null,
      },
      BY_SERVER,
    );
    if (!created.ok && created.error.code !== 'conflict') throw new Error(`Demo monitor for ${room.roomId}: ${created.error.message}`);
  }
}

/** Monitors try three times in all when the ACK is AE or missing (CLINICAL.md: GE monitors). */
const ATTEMPTS = 3;

/**
 * Feeds the demo rooms' running sessions the way a real clinic is fed: each demo room's simulated
 * monitor sends ORU^R01 over MLLP to this server's own HL7 port, one connection per monitor,
 * a message every `intervalMs` (real ms). Times in the messages are the server clock's (the
 * demo clock may run faster than real time), so the readings land at the right minute of the
 * course. Values follow the simulated ketamine course with the simulator's noise, sentinels
 * and artifacts.
 */
export function startHl7Feed(
  vigil: Vigil,
  options: { host: string; port: number; intervalMs: number; log: (line: string) => void },
): { stop(): void } {
  const runId = Date.now().toString(36).toUpperCase();
  const senders = new Map(DEMO_ROOMS.map((room) => [room.roomId, new MllpSender(options.host, options.port)]));
  const busy = new Set<string>();
  const lastProblem = new Map<string, string>();
  let sequence = 0;
  let stopped = false;

  async function sendFor(roomId: string, sender: MllpSender, index: number) {
    // The room's current session: the monitor is bound to the room, not to a patient.
    const state = await vigil.clinic.runningSession(roomId);
    if (stopped || !state || state.dosedAt === null || !isMonitoredPhase(state.phase)) return;
    const demo = { sessionId: state.sessionId, roomId, patientAlias: state.patientAlias };
    const now = vigil.clock.now();
    const monitor = demoMonitor(demo.roomId);
    const vitals = courseVitals({
      profile: demoProfile(demo.sessionId),
      seed: demo.sessionId,
      minutesSinceDose: (now - state.dosedAt) / 60_000,
      sampleIndex: index + 1000,
    });
    const { observations } = monitorObservations(vitals, createRandom(`${demo.sessionId}-${runId}-${index}`), DEFAULT_FAULTS);
    const message = buildOruR01({
      sendingApplication: 'VIGIL-DEMO',
      sendingFacility: demo.roomId,
      controlId: `${demo.roomId}-${runId}-${index}`,
      sentAt: now,
      offsetMinutes: 0,
      equipmentId: monitor.deviceId,
      location: demo.roomId,
      patientAlias: demo.patientAlias,
      observedAt: now,
      observations,
    });
    let outcome: SendOutcome = { code: null, reason: 'not sent' };
    for (let attempt = 1; attempt <= ATTEMPTS && !stopped; attempt += 1) {
      outcome = await sender.send(message);
      if (outcome.code === 'AA' || outcome.code === 'AR') break;
    }
    // Say so once when a monitor's messages stop being accepted, and once when they are again.
    const problem = outcome.code === 'AA' || stopped ? '' : `${outcome.code ?? 'no answer'} ${outcome.reason}`.trim();
    if (problem !== (lastProblem.get(demo.roomId) ?? '')) {
      options.log(
        problem ? `[demo] ${monitor.name}: message not accepted (${problem})` : `[demo] ${monitor.name}: messages accepted again`,
      );
      lastProblem.set(demo.roomId, problem);
    }
  }

  const timer = setInterval(() => {
    sequence += 1;
    for (const { roomId } of DEMO_ROOMS) {
      const sender = senders.get(roomId);
      // A monitor sends its next message only after the previous one was answered.
      if (!sender || busy.has(roomId)) continue;
      busy.add(roomId);
      sendFor(roomId, sender, sequence)
        .catch((error: unknown) => options.log(`[demo] ${roomId}: ${(error as Error).message}`))
        .finally(() => busy.delete(roomId));
    }
  }, options.intervalMs);
  timer.unref();

  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      for (const sender of senders.values()) sender.close();
    },
  };
}
