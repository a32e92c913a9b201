import { z } from 'zod';
import { PLAUSIBLE_RANGES, VITAL_KEYS, type VitalKey } from './plausibility';

function vitalNumber(key: VitalKey, integer: boolean) {
  const { min, max, label, unit } = PLAUSIBLE_RANGES[key];
  const base = z.number({
    error: (issue) => (issue.input === undefined ? `${label} is required` : `${label} must be a number`),
  });
  const checked = (integer ? base.int({ error: `${label} must be a whole number` }) : base)
    .min(min, {
      error: (issue) =>
        `${label} of ${String(issue.input)} ${unit} is too low to be a real reading (lowest accepted ${min}) — please re-check`,
    })
    .max(max, {
      error: (issue) => `${label} of ${String(issue.input)} ${unit} is not possible (highest accepted ${max}) — please re-check`,
    });
  return checked;
}

/** Field schemas, exported so the entry panel can validate a single field as it is typed. */
export const vitalFieldSchemas = {
  systolicMmHg: vitalNumber('systolicMmHg', true),
  diastolicMmHg: vitalNumber('diastolicMmHg', true),
  heartRateBpm: vitalNumber('heartRateBpm', true),
  spo2Percent: vitalNumber('spo2Percent', true),
  respiratoryRatePerMin: vitalNumber('respiratoryRatePerMin', true),
  temperatureC: vitalNumber('temperatureC', false),
};

function checkPressurePair(value: { systolicMmHg?: number | undefined; diastolicMmHg?: number | undefined }, ctx: z.RefinementCtx) {
  const { systolicMmHg, diastolicMmHg } = value;
  if (systolicMmHg === undefined && diastolicMmHg !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['systolicMmHg'], message: 'Blood pressure needs both systolic and diastolic' });
  }
  if (diastolicMmHg === undefined && systolicMmHg !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['diastolicMmHg'], message: 'Blood pressure needs both systolic and diastolic' });
  }
  if (systolicMmHg !== undefined && diastolicMmHg !== undefined && diastolicMmHg >= systolicMmHg) {
    ctx.addIssue({
      code: 'custom',
      path: ['diastolicMmHg'],
      message: `Diastolic (${diastolicMmHg}) must be lower than systolic (${systolicMmHg}) — the two may be swapped`,
    });
  }
}

/**
 * A vital set as stored: any subset of the parameters (a device may send only SpO2),
 * at least one present, blood pressure always as a pair.
 */
export const vitalSetSchema = z
  .strictObject({
    systolicMmHg: vitalFieldSchemas.systolicMmHg.optional(),
    diastolicMmHg: vitalFieldSchemas.diastolicMmHg.optional(),
    heartRateBpm: vitalFieldSchemas.heartRateBpm.optional(),
    spo2Percent: vitalFieldSchemas.spo2Percent.optional(),
    respiratoryRatePerMin: vitalFieldSchemas.respiratoryRatePerMin.optional(),
    temperatureC: vitalFieldSchemas.temperatureC.optional(),
  })
  .superRefine((value, ctx) => {
    if (VITAL_KEYS.every((key) => value[key] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Enter at least one vital sign' });
    }
    checkPressurePair(value, ctx);
  });

export type VitalSet = z.infer<typeof vitalSetSchema>;

/**
 * A nurse's manual vital set: blood pressure, heart rate, SpO2 and respiratory rate are
 * required; temperature is optional.
 */
export const manualVitalSetSchema = z
  .strictObject({
    systolicMmHg: vitalFieldSchemas.systolicMmHg,
    diastolicMmHg: vitalFieldSchemas.diastolicMmHg,
    heartRateBpm: vitalFieldSchemas.heartRateBpm,
    spo2Percent: vitalFieldSchemas.spo2Percent,
    respiratoryRatePerMin: vitalFieldSchemas.respiratoryRatePerMin,
    temperatureC: vitalFieldSchemas.temperatureC.optional(),
  })
  .superRefine(checkPressurePair);

export type ManualVitalSet = z.infer<typeof manualVitalSetSchema>;
