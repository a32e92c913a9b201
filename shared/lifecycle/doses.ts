import type { Dose, SessionState } from '../session/state';
import type { DosingConfig } from './dosingConfig';

const MINUTE_MS = 60_000;

/**
 * Doses and devices. An entry with `deviceOfDoseId` is a further device of that dose (Spravato
 * 84 mg: three devices about 5 minutes apart); any other entry is a dose. Each dose starts
 * its own course: the first with the protocol's schedule and minimum, a further one with the
 * settings of its route (CLINICAL.md "Doses, devices and further doses").
 */

/** The protocol fields a course reads (a structural subset of Protocol). */
export interface CourseRules {
  route: string;
  checkScheduleMinutes: readonly number[];
  minimumObservationMinutes: number;
  dosing?: DosingConfig | undefined;
}

export interface DoseCourse {
  /** 1 for the first dose, 2 for the next ... */
  number: number;
  dose: Dose;
  /** The entries of this dose: the dose itself, then its further devices, by time. */
  entries: Dose[];
  /** The first device (or the dose): its course and the REMS clock start here. */
  startedAt: number;
  route: string;
  totalMg: number;
  deviceCount: number | null;
  checkScheduleMinutes: readonly number[];
  minimumObservationMinutes: number;
}

export interface ScheduledCheck {
  doseNumber: number;
  minutesAfterDose: number;
  dueAt: number;
}

/** The settings a further dose of `route` restarts, or null when the protocol allows none. */
export function furtherDoseSettings(
  rules: CourseRules,
  route: string,
): { checkScheduleMinutes: readonly number[]; minimumObservationMinutes: number } | null {
  if (rules.dosing === undefined) return route === rules.route ? rules : null;
  return rules.dosing.furtherDoses.find((settings) => settings.route === route) ?? null;
}

// The discharge items, the timer, the overdue checks and the board summary each ask after every
// reading; the doses change only with a dose entry. Found once per doses list and rules object.
const coursesByDoses = new WeakMap<readonly Dose[], WeakMap<CourseRules, DoseCourse[]>>();

/** Every dose with its devices and its course settings, in time order. Treat the result as read-only: it is shared. */
export function doseCourses(state: SessionState, rules: CourseRules): DoseCourse[] {
  let byRules = coursesByDoses.get(state.doses);
  if (byRules === undefined) {
    byRules = new WeakMap();
    coursesByDoses.set(state.doses, byRules);
  }
  let courses = byRules.get(rules);
  if (courses === undefined) {
    courses = buildCourses(state, rules);
    byRules.set(rules, courses);
  }
  return courses;
}

function buildCourses(state: SessionState, rules: CourseRules): DoseCourse[] {
  const doses = state.doses.filter((entry) => entry.deviceOfDoseId === undefined);
  const courses = doses.map((dose) => {
    const entries = state.doses.filter((entry) => entry === dose || entry.deviceOfDoseId === dose.doseId);
    const startedAt = Math.min(...entries.map((entry) => entry.administeredAt));
    const devices = entries.reduce((sum, entry) => sum + (entry.deviceCount ?? 0), 0);
    return {
      dose,
      entries,
      startedAt,
      route: dose.route,
      totalMg: entries.reduce((sum, entry) => sum + entry.doseMg, 0),
      deviceCount: devices > 0 ? devices : null,
    };
  });
  courses.sort((a, b) => a.startedAt - b.startedAt || a.dose.seq - b.dose.seq);
  return courses.map((course, index) => {
    // A further dose of a route the protocol has no settings for (recorded under older rules)
    // falls back to the protocol's own schedule and minimum: never to no observation at all.
    const settings = index === 0 ? rules : (furtherDoseSettings(rules, course.route) ?? rules);
    return {
      ...course,
      number: index + 1,
      checkScheduleMinutes: settings.checkScheduleMinutes,
      minimumObservationMinutes: settings.minimumObservationMinutes,
    };
  });
}

/** When a course's minimum observation ends. */
export function minimumEndsAt(course: DoseCourse): number {
  return course.startedAt + course.minimumObservationMinutes * MINUTE_MS;
}

/**
 * The dose the observation clock counts from: the one whose minimum ends last (normally the
 * latest dose; an earlier dose with a longer minimum can still hold the patient). Null before dosing.
 */
export function countingCourse(courses: readonly DoseCourse[]): DoseCourse | null {
  let counting: DoseCourse | null = null;
  for (const course of courses) {
    if (counting === null || minimumEndsAt(course) >= minimumEndsAt(counting)) counting = course;
  }
  return counting;
}

/** The latest dose's start: readings and scores count for discharge only after it. */
export function latestDoseAt(courses: readonly DoseCourse[]): number | null {
  return courses.at(-1)?.startedAt ?? null;
}

/**
 * The checks due: each dose's schedule from its own time, cut off where the next dose
 * restarts the schedule.
 */
export function scheduledChecks(courses: readonly DoseCourse[]): ScheduledCheck[] {
  const checks: ScheduledCheck[] = [];
  courses.forEach((course, index) => {
    const next = courses[index + 1];
    for (const minutes of [...course.checkScheduleMinutes].sort((a, b) => a - b)) {
      const dueAt = course.startedAt + minutes * MINUTE_MS;
      if (next !== undefined && dueAt >= next.startedAt) break;
      checks.push({ doseNumber: course.number, minutesAfterDose: minutes, dueAt });
    }
  });
  return checks;
}

/** "dose 2 (im) at" style words for a course; the first dose of a one-dose session is just "the dose". */
export function courseName(course: DoseCourse, courseCount: number): string {
  return courseCount <= 1 ? 'the dose' : `dose ${course.number} (${course.route})`;
}

/** A device time typed to the minute can read up to this much short of the rest it kept. */
const DEVICE_REST_ALLOWANCE_MS = 30_000;

export interface ShortDeviceRest {
  /** The device given early, and the one before it. */
  doseId: string;
  previousDoseId: string;
  /** Whole minutes between the two. */
  minutesAfterPrevious: number;
  /** The rest the label asks for (protocol data: Spravato 5 min). */
  restMinutes: number;
}

/**
 * The devices of a dose given sooner after the device before them than the label's rest
 * (CLINICAL.md "Doses, devices and further doses": a 5-minute rest between Spravato devices).
 * Recorded as given (it happened); the screen and the report say so. Empty when the protocol
 * gives no devices.
 */
export function shortDeviceRests(state: SessionState, rules: CourseRules): ShortDeviceRest[] {
  const restMinutes = rules.dosing?.devices?.minutesBetweenDevices;
  if (restMinutes === undefined || restMinutes === 0) return [];
  const short: ShortDeviceRest[] = [];
  for (const course of doseCourses(state, rules)) {
    const byTime = [...course.entries].sort((a, b) => a.administeredAt - b.administeredAt || a.seq - b.seq);
    for (let index = 1; index < byTime.length; index += 1) {
      const previous = byTime[index - 1]!;
      const device = byTime[index]!;
      const gapMs = device.administeredAt - previous.administeredAt;
      if (gapMs >= restMinutes * MINUTE_MS - DEVICE_REST_ALLOWANCE_MS) continue;
      short.push({
        doseId: device.doseId,
        previousDoseId: previous.doseId,
        minutesAfterPrevious: Math.floor(gapMs / MINUTE_MS),
        restMinutes,
      });
    }
  }
  return short;
}

/** How a short rest reads on the screen and in the record. */
export function shortRestText(rest: ShortDeviceRest): string {
  return `given ${rest.minutesAfterPrevious} min after the device before it — the label asks for a ${rest.restMinutes}-min rest`;
}
