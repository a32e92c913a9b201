import { stableHash } from '../../shared/alerts/hash';
import { idSchema } from '../../shared/ids';
import { predoseAdvisoryStatus } from '../../shared/lifecycle/predose';
import { maxPoints } from '../../shared/lifecycle/scoreConfig';
import { spravato56Protocol } from '../../shared/protocols/defaults';
import type { Actor } from '../../shared/session/actor';
import type { SessionState } from '../../shared/session/state';
import { courseVitals } from '../../shared/simulation/course';
import type { Vigil } from '../app';
import type { CommandContext } from '../commands/context';
import { acknowledgeAlarm } from '../commands/acknowledgeAlarm';
import { acknowledgePredoseAdvisory } from '../commands/acknowledgePredoseAdvisory';
import { dischargeSession } from '../commands/dischargeSession';
import { openSession } from '../commands/openSession';
import { recordDose } from '../commands/recordDose';
import { recordObservation } from '../commands/recordObservation';
import { recordQuestionnaire } from '../commands/recordQuestionnaire';
import type { Instrument } from '../../shared/questionnaires/instruments';
import { recordVitals } from '../commands/recordVitals';
import { tickChecklistItem } from '../commands/tickChecklistItem';
import { DEMO_ROOMS, DEMO_USERS, demoProfile } from './demoClinic';
import { DEMO_ALIASES, demoPatientId } from './demoPatients';

const MINUTE = 60_000;
/** The demo user of a role (DEMO_USERS), as the actor of what the demo does in their name. */
function demoActor(role: 'nurse' | 'therapist' | 'prescriber'): Actor {
  const user = DEMO_USERS.find((candidate) => candidate.role === role)!;
  return { kind: 'user', userId: user.userId, displayName: user.displayName, role };
}

export const DEMO_STAFF = {
  nurse: demoActor('nurse'),
  therapist: demoActor('therapist'),
  prescriber: demoActor('prescriber'),
} satisfies Record<string, Actor>;

/** Server minutes of a demo session's course: pre-dose steps, then the therapist's ratings after the dose. */
const COURSE = {
  checklistAfterOpen: 2,
  baselineAfterOpen: 4,
  /** A baseline above the advisory limit: the prescriber weighs it and lets the dose go ahead. */
  advisoryAcknowledgedAfterOpen: 7,
  doseAfterOpen: 10,
  /** MOAA/S after the dose (CLINICAL.md "Esketamine": mild sedation, back to 5 by 1-1.5 h). */
  moaas: [
    [15, 4],
    [30, 4],
    [50, 5],
  ],
  returnedToBaselineAfterDose: 75,
  /**
   * A high alarm whose condition has gone stays latched until someone acknowledges it
   * (CLINICAL.md "Alarms"). The demo nurse answers it this long after it latched, which leaves
   * a person watching the demo time to see it and answer it first.
   */
  latchedAlarmAnsweredAfter: 3,
  /** An empty room is turned over this long after a discharge. */
  turnoverMinutes: 12,
} as const;

/** A command context for the demo's simulated staff and monitors: not a person's act, so no audit row. */
export function demoContext(vigil: Vigil, actor: Actor): CommandContext {
  return { actor, user: null, remoteAddress: null, clock: vigil.clock, sessions: vigil.sessions, audit: null };
}

/** A demo session's PHQ-9 and GAD-7 answers: 0-2 per item from its id, PHQ-9 item 9 always 0. */
function demoQuestionnaires(sessionId: string): [Instrument, number[]][] {
  let seed = 0;
  for (const char of sessionId) seed = (seed * 31 + char.charCodeAt(0)) % 9973;
  const answer = (index: number) => (seed + index * 7) % 3;
  return [
    ['phq9', [...Array.from({ length: 8 }, (_, index) => answer(index)), 0]],
    ['gad7', Array.from({ length: 7 }, (_, index) => answer(index + 8))],
  ];
}

/**
 * One step of a room's day, at server time `now`, done through the same commands a nurse and
 * a therapist use (so the demo is refused exactly as they would be): open a session in an empty
 * room once it is turned over (for the day's patients in turn), ask PHQ-9 and GAD-7, tick the pre-dose checklist, record the baseline and the dose,
 * rate sedation, note the return to baseline and tick the practical discharge items; answer a
 * latched alarm and a baseline above the pre-dose advisory as the nurse and the prescriber
 * would, so an unattended demo never waits for ever; once the
 * readiness monitor says every item holds, discharge. The room's monitor feeds the
 * readings (hl7Feed.ts). Idempotent per step: each command id names the session and the step.
 */
async function stepRoom(
  vigil: Vigil,
  roomId: string,
  state: SessionState | null,
  lastClosedAt: number | null,
  inSession: ReadonlySet<string>,
): Promise<void> {
  const now = vigil.clock.now();
  const as = (who: keyof typeof DEMO_STAFF) => demoContext(vigil, DEMO_STAFF[who]);
  if (state === null) {
    if (lastClosedAt !== null && now - lastClosedAt < COURSE.turnoverMinutes * MINUTE) return;
    const sessionId = `demo-${roomId}-${now.toString(36)}`;
    // The day's patients in turn: each one's sessions build a series on the patient page. One
    // in a room already (the server refuses a second session for them) waits for their next turn.
    const start = Math.floor(now / MINUTE);
    const alias = DEMO_ALIASES.map((_, offset) => DEMO_ALIASES[(start + offset) % DEMO_ALIASES.length]!).find(
      (candidate) => !inSession.has(demoPatientId(candidate)),
    );
    if (alias === undefined) return;
    await openSession(as('nurse'), {
      commandId: `open-${sessionId}`,
      sessionId,
      roomId,
      patientAlias: alias,
      patientId: demoPatientId(alias),
      protocol: spravato56Protocol(),
    });
    return;
  }
  const { sessionId } = state;
  // A command id is an id (shared/ids.ts): a step whose name does not fit one (an alarm id's
  // colon, a long score item) goes by its stable hash, so a repeat is still the same command.
  const step = (name: string) => {
    const id = `demo-${sessionId}-${name}`;
    return idSchema.safeParse(id).success ? id : `demo-${stableHash(id)}`;
  };
  const sinceOpen = (now - state.openedAt) / MINUTE;
  for (const record of state.alarms) {
    if (record.status !== 'latched' || record.conditionClearedAt === null) continue;
    if (now - record.conditionClearedAt < COURSE.latchedAlarmAnsweredAfter * MINUTE) continue;
    await acknowledgeAlarm(as('nurse'), {
      commandId: step(`acknowledge-${record.alarmId}-${record.raisedSeq}-${record.reactivations}`),
      sessionId,
      alarmId: record.alarmId,
      note: 'Seen at the bedside: back within limits (demo)',
    });
  }
  if (state.phase === 'pre_dose') {
    if (sinceOpen >= COURSE.checklistAfterOpen) {
      for (const item of spravato56Protocol().preDoseChecklist) {
        if (state.checklists.pre_dose[item.id]) continue;
        const who = item.rolesAllowed.includes('nurse') ? 'nurse' : 'therapist';
        await tickChecklistItem(as(who), { commandId: step(`tick-${item.id}`), sessionId, checklist: 'pre_dose', itemId: item.id });
      }
    }
    if (sinceOpen >= COURSE.checklistAfterOpen && state.questionnaires.length === 0) {
      // The therapist asks PHQ-9 and GAD-7 before the dose (item 9 at 0: the demo raises no self-harm alarm).
      for (const [instrument, answers] of demoQuestionnaires(sessionId)) {
        await recordQuestionnaire(as('therapist'), {
          commandId: step(`questionnaire-${instrument}`),
          sessionId,
          observedAt: now,
          questionnaire: { instrument, answers },
          completedBy: 'staff',
        });
      }
    }
    if (sinceOpen >= COURSE.baselineAfterOpen && state.readings.length === 0) {
      const vitals = courseVitals({ profile: demoProfile(sessionId), seed: sessionId, minutesSinceDose: null, sampleIndex: 0 });
      await recordVitals(as('nurse'), { commandId: step('baseline'), sessionId, observedAt: now, vitals });
    }
    // CLINICAL.md "Esketamine": above 140/90 before the dose the prescriber decides. Without
    // this the demo's marked courses (a baseline near the limit) would wait in pre-dose for ever.
    if (
      sinceOpen >= COURSE.advisoryAcknowledgedAfterOpen &&
      predoseAdvisoryStatus(state, spravato56Protocol().preDoseAdvisory).status === 'needs_acknowledgement'
    ) {
      await acknowledgePredoseAdvisory(as('prescriber'), {
        commandId: step(`advisory-${state.readings.length}`),
        sessionId,
        reason: 'Transient rise weighed against the benefit: dose goes ahead (demo)',
      });
    }
    if (sinceOpen >= COURSE.doseAfterOpen) {
      await recordDose(as('nurse'), {
        commandId: step('dose'),
        sessionId,
        observedAt: now,
        drug: 'Esketamine (Spravato)',
        route: 'intranasal',
        lotNumber: 'DEMO-LOT-01',
        doseMg: 56,
        deviceCount: 2,
      });
    }
    return;
  }
  if (state.dosedAt === null) return;
  const sinceDose = (now - state.dosedAt) / MINUTE;
  // The therapist rates the sedation due now (a session seeded mid-course gets only the latest).
  const due = COURSE.moaas.filter(([minute]) => sinceDose >= minute).at(-1);
  if (due) {
    const [minute, score] = due;
    await recordObservation(as('therapist'), {
      commandId: step(`moaas-${minute}`),
      sessionId,
      observedAt: now,
      observation: { kind: 'moaas', score },
    });
  }
  if (sinceDose >= COURSE.returnedToBaselineAfterDose) {
    await recordObservation(as('therapist'), {
      commandId: step('returned'),
      sessionId,
      observedAt: now,
      observation: { kind: 'returned_to_baseline' },
    });
  }
  if (sinceDose >= COURSE.returnedToBaselineAfterDose) {
    // The bedside items of the discharge scores (modified Aldrete's activity and breathing): the
    // nurse scores what she sees — a recovered patient, full marks.
    for (const score of spravato56Protocol().discharge.scores ?? []) {
      for (const item of score.items) {
        if (item.source.kind !== 'person') continue;
        const who = item.source.rolesAllowed.includes('nurse') ? 'nurse' : 'therapist';
        await recordObservation(as(who), {
          commandId: step(`score-${score.id}-${item.id}`),
          sessionId,
          observedAt: now,
          observation: { kind: 'score_item', scoreId: score.id, itemId: item.id, points: maxPoints(item) },
        });
      }
    }
    // The practical discharge items (escort, instructions, integration booked) near the end.
    for (const item of spravato56Protocol().discharge.practicalItems) {
      if (state.checklists.discharge[item.id]) continue;
      const date = item.needsDate ? now + 3 * 24 * 60 * MINUTE : undefined;
      await tickChecklistItem(as('nurse'), {
        commandId: step(`discharge-${item.id}`),
        sessionId,
        checklist: 'discharge',
        itemId: item.id,
        ...(date ? { date } : {}),
      });
    }
  }
  // The readiness monitor says every item holds: the nurse discharges.
  if (state.phase === 'ready_for_discharge') await dischargeSession(as('nurse'), { commandId: step('discharge'), sessionId });
}

/**
 * Runs the demo clinic's day: every `intervalMs` (real ms) each demo room takes its next step
 * (stepRoom). Sessions run their whole course, are discharged, and the room is reused.
 */
export function startClinicDay(vigil: Vigil, options: { intervalMs: number; log: (line: string) => void }): { stop(): void } {
  const lastClosedAt = new Map<string, number>();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    (async () => {
      const states = await Promise.all(DEMO_ROOMS.map((room) => vigil.clinic.runningSession(room.roomId)));
      const inSession = new Set(states.map((state) => state?.patientId).filter((id): id is string => typeof id === 'string'));
      for (const [index, room] of DEMO_ROOMS.entries()) {
        const state = states[index] ?? null;
        // Empty rooms at the start are staggered, as patients arrive one after another.
        if (!state && !lastClosedAt.has(room.roomId))
          lastClosedAt.set(room.roomId, vigil.clock.now() - (COURSE.turnoverMinutes * MINUTE * (index % 3)) / 3);
        await stepRoom(vigil, room.roomId, state, state ? null : (lastClosedAt.get(room.roomId) ?? null), inSession);
        const opened = state ? null : await vigil.clinic.runningSession(room.roomId);
        if (opened?.patientId) inSession.add(opened.patientId);
        if (state?.phase === 'ready_for_discharge') lastClosedAt.set(room.roomId, vigil.clock.now());
      }
    })()
      .catch((error: unknown) => options.log(`[demo] clinic day: ${(error as Error).message}`))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
