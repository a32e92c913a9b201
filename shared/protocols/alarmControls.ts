import { z } from 'zod';
import type { VitalKey } from '../vitals/plausibility';

/**
 * Alarm-fatigue controls (CLINICAL.md "Alarm-fatigue controls as monitors implement them"):
 * how long a monitor's sample must stay past a limit before it sounds, which jumps look like
 * artifacts, how far back past a limit a value must come before an alarm clears, how long a
 * cleared condition may return and still be the same episode, and how NEWS2 reads sedation the
 * protocol expects. Part of the protocol (`protocol.alarmControls`); kept in this file, apart
 * from the rest of the protocol's fields. Defaults with their sources: `defaultAlarmControls`.
 */

const number = (what: string, unit: string, min: number, max: number, whole = false) => {
  let schema = z.number({ error: `${what} must be a number of ${unit}` });
  if (whole) schema = schema.int({ error: `${what} must be whole ${unit}` });
  return schema.min(min, { error: `${what} is at least ${min} ${unit}` }).max(max, { error: `${what} is at most ${max} ${unit}` });
};

/**
 * A device sample past a limit is "checking" (shown, silent) until the condition has held for
 * at least `samples` consecutive samples AND `seconds` of time; a single sample with no newer
 * sample of its parameter for `maxWaitSeconds` sounds anyway (an unchecked abnormal value
 * must not stay silent). Values typed by a person, or confirmed by one, need no persistence.
 */
export const persistenceSchema = z.strictObject({
  samples: number('The persistence', 'samples', 1, 20, true),
  seconds: number('The persistence time', 'seconds', 0, 600),
  maxWaitSeconds: number('The longest wait for a repeat sample', 'seconds', 10, 3600),
});

/**
 * A device sample that moves at least `jump` from the value before it, and is followed within
 * `returnWithinSeconds` by a sample back within half of `jump` of that value, is a suspected
 * artifact: not sounded, shown for the nurse to mark "artifact" or "real". A jump not back
 * yet waits at least `returnWithinSeconds` before it may sound.
 */
export const artifactJumpSchema = z.strictObject({
  jump: z
    .number({ error: 'The jump must be a number' })
    .positive({ error: 'The jump must be above 0' })
    .max(200, { error: 'The jump is at most 200' }),
  // At most the 15 minutes the alarm rules look back (shared/alerts/evidence.ts).
  returnWithinSeconds: number('The return time', 'seconds', 1, 900),
});

const perVital = <T extends z.ZodType>(schema: T) =>
  z.strictObject({
    systolicMmHg: schema,
    diastolicMmHg: schema,
    heartRateBpm: schema,
    spo2Percent: schema,
    respiratoryRatePerMin: schema,
    temperatureC: schema,
  });

const margin = (what: string) =>
  z
    .number({ error: `${what} must be a number` })
    .min(0, { error: `${what} cannot be negative` })
    .max(50, { error: `${what} is at most 50` });

export const alarmControlsSchema = z.strictObject({
  persistence: perVital(persistenceSchema),
  artifactJump: perVital(artifactJumpSchema),
  /** An open limit or rise alarm clears only once the value is back past its limit by this much. */
  hysteresis: z.strictObject({
    systolicMmHg: margin('The systolic margin'),
    diastolicMmHg: margin('The diastolic margin'),
    heartRateBpm: margin('The heart-rate margin'),
    spo2Percent: margin('The SpO2 margin'),
    respiratoryRatePerMin: margin('The respiratory-rate margin'),
    temperatureC: margin('The temperature margin'),
    moaas: margin('The MOAA/S margin'),
  }),
  /** A condition that returns within this many minutes of clearing continues the same alarm. */
  episodeWindowMinutes: number('The episode window', 'minutes', 0, 120),
  /** A pre-dose blood pressure at most this many minutes before the dose counts for the 0-minute check. */
  preDoseCheckWindowMinutes: number('The pre-dose check window', 'minutes', 0, 240),
  /**
   * For this many minutes after the latest dose, NEWS2's consciousness part follows the
   * protocol's MOAA/S limits (only a MOAA/S at or below the least severe MOAA/S limit scores 3)
   * instead of scoring every MOAA/S below 5 as 3; 0 turns this off.
   */
  expectedSedationMinutes: number('The expected sedation time', 'minutes', 0, 480),
});

export type AlarmControls = z.infer<typeof alarmControlsSchema>;
export type Persistence = z.infer<typeof persistenceSchema>;
export type ArtifactJump = z.infer<typeof artifactJumpSchema>;

/**
 * The shipped controls. CLINICAL.md "Alarm-fatigue controls" gives the practice (delays,
 * artifact recognition, hysteresis, no delay for deliberate entries) but no single number:
 * each value below is a clinic default unless it names another source.
 */
export function defaultAlarmControls(): AlarmControls {
  // Pulse oximetry (SpO2 and its pulse rate): CLINICAL.md "Alarms" — a 15 s delay cut SpO2
  // alarms 60% (the published effect); 2 samples so one sample can never sound on its own.
  // 90 s wait for a repeat: clinic default — longer than the minute between a monitor's
  // periodic HL7 results (the demo's monitors send one a minute), so the next sample can end a
  // lone wild one before it sounds; at exactly 60 s the two raced and the artifact sounded.
  const oximetry: Persistence = { samples: 2, seconds: 15, maxWaitSeconds: 90 };
  // Cuff pressure: one cuff reading is one sample; the second must agree. Clinic default: an
  // automatic cuff cycles every 5 min, so a lone reading sounds after 6 min without a repeat.
  const cuff: Persistence = { samples: 2, seconds: 0, maxWaitSeconds: 360 };
  // Respiratory rate and temperature: clinic default, as the oximeter.
  const slow: Persistence = { samples: 2, seconds: 15, maxWaitSeconds: 120 };
  const persistence: Record<VitalKey, Persistence> = {
    systolicMmHg: cuff,
    diastolicMmHg: cuff,
    heartRateBpm: oximetry,
    spo2Percent: oximetry,
    respiratoryRatePerMin: slow,
    temperatureC: slow,
  };
  // Jumps: clinic default — no published source. CLINICAL.md "Alarm-fatigue controls": a sample
  // that jumps physiologically implausibly from its neighbours and back is the commonest false
  // alarm. The BP jump is below the 35-55 mmHg cuff-motion error and above what a real rise
  // does between two 5-min cuff readings; its return window is one cuff cycle and a half
  // minute. A jump not yet back waits its return window before it sounds (evidence.ts).
  const artifactJump: Record<VitalKey, ArtifactJump> = {
    systolicMmHg: { jump: 30, returnWithinSeconds: 330 },
    diastolicMmHg: { jump: 20, returnWithinSeconds: 330 },
    heartRateBpm: { jump: 30, returnWithinSeconds: 60 },
    spo2Percent: { jump: 6, returnWithinSeconds: 60 },
    respiratoryRatePerMin: { jump: 8, returnWithinSeconds: 120 },
    temperatureC: { jump: 1, returnWithinSeconds: 600 },
  };
  return {
    persistence,
    artifactJump,
    // Clinic default — no published source (CLINICAL.md "Alarm-fatigue controls": hysteresis).
    hysteresis: {
      systolicMmHg: 5,
      diastolicMmHg: 5,
      heartRateBpm: 5,
      spo2Percent: 2,
      respiratoryRatePerMin: 2,
      temperatureC: 0.3,
      moaas: 0,
    },
    // Clinic default — no published source: a return within 10 min is the same problem.
    episodeWindowMinutes: 10,
    // Clinic default — no published source: CLINICAL.md "Esketamine" wants BP "before dosing";
    // a baseline taken in the half hour before the dose is that reading.
    preDoseCheckWindowMinutes: 30,
    // CLINICAL.md "Esketamine": sedation starts ~15 min, peaks 30-45, usually back to MOAA/S 5
    // by 1-1.5 h (J&J medical information): 90 min of expected sedation.
    expectedSedationMinutes: 90,
  };
}
