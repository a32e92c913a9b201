import { z } from 'zod';
import { idSchema } from '../ids';
import { doseMgSchema } from '../text';
import { dischargeConfigSchema, dissociationScaleSchema, preDoseChecklistConfigSchema } from '../lifecycle/config';
import { alarmParameterSchema, alarmPrioritySchema, type AlarmParameter } from '../alerts/types';
import { PLAUSIBLE_RANGES } from '../vitals/plausibility';
import { dosingConfigSchema } from '../lifecycle/dosingConfig';
import { isSpravato, SPRAVATO_REMS_FLOOR } from '../lifecycle/protocolRules';
import { alarmControlsSchema, defaultAlarmControls } from './alarmControls';

/**
 * A protocol is data: everything a session's rules need (check schedule, observation time,
 * alarm limits, checklists). Sessions keep the version they started with, so a protocol is
 * plain JSON (no functions, no Dates). Defaults with their sources are in defaults.ts.
 */

import { routeSchema } from './routes';
export { ROUTES, routeSchema, type Route } from './routes';

// Every bound says, in words, what is wrong: the admin's form shows these next to the field.
const minutes = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number of minutes` })
    .min(0, { error: `${what} cannot be negative` })
    .max(max, { error: `${what} is at most ${max} minutes` });
const positiveMinutes = (what: string, max: number) =>
  z
    .number({ error: `${what} must be a number of minutes` })
    .positive({ error: `${what} must be above 0` })
    .max(max, { error: `${what} is at most ${max} minutes` });
/** A whole number from `min` to `max`, e.g. `wholeNumber('The escalation delay', 'seconds', 1, 3600)`. */
const wholeNumber = (what: string, unit: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number${unit ? ` of ${unit}` : ''}` })
    .int({ error: `${what} must be a whole number${unit ? ` of ${unit}` : ''}` })
    .min(min, { error: `${what} is at least ${min}${unit ? ` ${unit}` : ''}` })
    .max(max, { error: `${what} is at most ${max}${unit ? ` ${unit}` : ''}` });

/** The range a limit value may take for its parameter (MOAA/S 0-5, vitals: plausible range). */
function parameterRange(parameter: AlarmParameter): { min: number; max: number } {
  return parameter === 'moaas' ? { min: 0, max: 5 } : PLAUSIBLE_RANGES[parameter];
}

/** One absolute limit: `parameter comparator value` raises an alarm of `priority`. */
export const alarmLimitSchema = z
  .strictObject({
    id: idSchema,
    parameter: alarmParameterSchema,
    comparator: z.enum(['>=', '<='], { error: 'The comparator must be ">=" or "<="' }),
    value: z.number({ error: 'The limit must be a number' }),
    priority: alarmPrioritySchema,
    /**
     * Optional confirmation: a single out-of-range reading waits (silent "recheck") for a
     * repeat within this many minutes. Default off (absent), and off for high limits.
     */
    confirmWithinMinutes: positiveMinutes('The recheck window', 30).optional(),
  })
  .superRefine((limit, ctx) => {
    const { min, max } = parameterRange(limit.parameter);
    if (limit.value < min || limit.value > max) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `The limit must be between ${min} and ${max}` });
    }
  });
export type AlarmLimit = z.infer<typeof alarmLimitSchema>;

const mmHg = (what: string) =>
  z
    .number({ error: `${what} must be a number of mmHg` })
    .int({ error: `${what} must be whole mmHg` })
    .positive({ error: `${what} must be above 0` })
    .max(200, { error: `${what} is at most 200 mmHg` });

export const protocolSchema = z
  .strictObject({
    id: idSchema,
    version: z.number().int().min(1, { error: 'The version starts at 1' }),
    name: z.string().trim().min(1, { error: 'A protocol needs a name' }).max(120, { error: 'A name is at most 120 characters' }),
    drug: z.string().trim().min(1, { error: 'A protocol needs a drug' }).max(80),
    route: routeSchema,
    /** A fixed dose (Spravato 56 mg) ... */
    defaultDoseMg: doseMgSchema('The dose is at most 1000 mg').optional(),
    /** ... and/or a weight-based one (IV ketamine 0.5 mg/kg). */
    mgPerKg: z
      .number({ error: 'The dose per kg must be a number of mg/kg' })
      .positive({ error: 'The dose per kg must be above 0' })
      .max(10, { error: 'The dose per kg is at most 10 mg/kg' })
      .optional(),
    /** For infusions: how long the dose runs. */
    infusionMinutes: positiveMinutes('The infusion time', 600).optional(),
    /** Scheduled checks, minutes after the dose, strictly increasing. */
    checkScheduleMinutes: z.array(wholeNumber('A check time', 'minutes after the dose', 0, 24 * 60)),
    /** A check counts from `due - grace`; it is overdue (low) from `due + grace`. */
    checkGraceMinutes: minutes('The grace period', 60),
    /** Still overdue this many minutes later: the alarm becomes medium. */
    overdueEscalateAfterMinutes: positiveMinutes('The overdue escalation', 240),
    minimumObservationMinutes: wholeNumber('The minimum observation time', 'minutes', 0, 24 * 60),
    alarmLimits: z.array(alarmLimitSchema),
    baselineRise: z.strictObject({
      systolicMmHg: mmHg('The systolic rise'),
      diastolicMmHg: mmHg('The diastolic rise'),
      priority: alarmPrioritySchema,
    }),
    news2: z.strictObject({
      mediumAt: wholeNumber('The medium NEWS2 score', '', 1, 20),
      highAt: wholeNumber('The high NEWS2 score', '', 1, 20),
      singleParameterThreeIs: alarmPrioritySchema,
    }),
    /** Pre-dose: a baseline ABOVE either value asks the prescriber to acknowledge. */
    preDoseAdvisory: z.strictObject({ systolicMmHg: mmHg('The advisory systolic'), diastolicMmHg: mmHg('The advisory diastolic') }),
    deviceSilenceMinutes: positiveMinutes('The device silence time', 120),
    deviceSilencePriority: alarmPrioritySchema,
    reAlarmAfterAcknowledgeMinutes: positiveMinutes('The re-alarm time', 120),
    /** Whole seconds, at least 1 (an alarm raised at `now` never escalates at the same `now`). */
    escalateUnacknowledgedHighSeconds: wholeNumber('The escalation delay', 'seconds', 1, 3600),
    audioPauseMinutes: positiveMinutes('The audio pause', 10),
    preDoseChecklist: preDoseChecklistConfigSchema,
    discharge: dischargeConfigSchema,
    dissociationScale: dissociationScaleSchema,
    /** Further doses and the devices of one dose. Absent in older protocol JSON: see lifecycle/protocolRules.ts. */
    dosing: dosingConfigSchema.optional(),
    /**
     * Alarm-fatigue controls (alarmControls.ts). A protocol stored before they existed reads
     * with the shipped defaults.
     */
    alarmControls: alarmControlsSchema.default(defaultAlarmControls),
  })
  .superRefine((protocol, ctx) => {
    if (protocol.defaultDoseMg === undefined && protocol.mgPerKg === undefined) {
      ctx.addIssue({ code: 'custom', path: ['defaultDoseMg'], message: 'Give a dose in mg or a dose per kg' });
    }
    protocol.checkScheduleMinutes.forEach((minute, index) => {
      const before = protocol.checkScheduleMinutes[index - 1];
      if (before !== undefined && minute <= before) {
        ctx.addIssue({ code: 'custom', path: ['checkScheduleMinutes', index], message: 'Check times must go up, each once' });
      }
    });
    const ids = new Set<string>();
    protocol.alarmLimits.forEach((limit, index) => {
      if (ids.has(limit.id))
        ctx.addIssue({ code: 'custom', path: ['alarmLimits', index, 'id'], message: `The limit id "${limit.id}" is used twice` });
      ids.add(limit.id);
    });
    // A regulation is not a clinic setting: an esketamine nasal-spray protocol cannot lower it.
    const floor = protocol.discharge.regulatoryFloor;
    if (isSpravato(protocol) && floor !== undefined && floor.minutes < SPRAVATO_REMS_FLOOR.minutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['discharge', 'regulatoryFloor', 'minutes'],
        message: `The ${SPRAVATO_REMS_FLOOR.source} floor is ${SPRAVATO_REMS_FLOOR.minutes} minutes: it cannot be lowered`,
      });
    }
    if (protocol.news2.highAt <= protocol.news2.mediumAt) {
      ctx.addIssue({ code: 'custom', path: ['news2', 'highAt'], message: 'The high NEWS2 score must be above the medium one' });
    }
  });

export type Protocol = z.infer<typeof protocolSchema>;
