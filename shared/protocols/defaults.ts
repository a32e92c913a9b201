import { defaultDischargeConfig, defaultPreDoseChecklist } from '../lifecycle/defaults';
import { defaultDosing, SPRAVATO_REMS_FLOOR } from '../lifecycle/protocolRules';
import type { AlarmLimit, Protocol, Route } from './schema';
import { defaultAlarmControls } from './alarmControls';

/**
 * The protocols Vigil ships with. Every number names its source in CLINICAL.md, or says
 * "clinic default — no published source". Clinics copy and edit these (versioning.ts).
 */

/** The default absolute limits, the same for every route. */
export function defaultAlarmLimits(): AlarmLimit[] {
  return [
    // CLINICAL.md "Ketamine by route": transient hypertension is SBP > 180 and/or DBP > 110
    // (subcutaneous esketamine study). "> 180" in whole mmHg is ">= 181", so 180 itself does
    // not alarm.
    { id: 'systolic-high', parameter: 'systolicMmHg', comparator: '>=', value: 181, priority: 'high' },
    { id: 'diastolic-high', parameter: 'diastolicMmHg', comparator: '>=', value: 111, priority: 'high' },
    // CLINICAL.md "NEWS2": SpO2 <= 91 scores 3. 90 high: clinic default — no published source.
    { id: 'spo2-high', parameter: 'spo2Percent', comparator: '<=', value: 90, priority: 'high' },
    // CLINICAL.md "NEWS2": SpO2 92-93 scores 2. No recheck window: a value a nurse types is
    // deliberate, and a monitor's samples wait by `alarmControls.persistence` (CLINICAL.md
    // "Alarm-fatigue controls").
    { id: 'spo2-medium', parameter: 'spo2Percent', comparator: '<=', value: 93, priority: 'medium' },
    // CLINICAL.md "NEWS2": respiratory rate <= 8 scores 3; "The treatment": respiratory
    // depression is a rare risk in the room.
    { id: 'resp-rate-low', parameter: 'respiratoryRatePerMin', comparator: '<=', value: 8, priority: 'high' },
    // CLINICAL.md "NEWS2": pulse <= 40 scores 3 and >= 131 scores 3.
    { id: 'heart-rate-low', parameter: 'heartRateBpm', comparator: '<=', value: 40, priority: 'high' },
    { id: 'heart-rate-high', parameter: 'heartRateBpm', comparator: '>=', value: 131, priority: 'high' },
    // CLINICAL.md "Scales": MOAA/S 1 responds only to painful stimulus, 0 loss of consciousness.
    { id: 'moaas-high', parameter: 'moaas', comparator: '<=', value: 1, priority: 'high' },
    // CLINICAL.md "Scales": Spravato cut-off, MOAA/S <= 3 is moderate sedation or deeper.
    { id: 'moaas-medium', parameter: 'moaas', comparator: '<=', value: 3, priority: 'medium' },
  ];
}

type Common = Pick<
  Protocol,
  | 'checkGraceMinutes'
  | 'overdueEscalateAfterMinutes'
  | 'alarmLimits'
  | 'baselineRise'
  | 'news2'
  | 'preDoseAdvisory'
  | 'deviceSilenceMinutes'
  | 'deviceSilencePriority'
  | 'reAlarmAfterAcknowledgeMinutes'
  | 'escalateUnacknowledgedHighSeconds'
  | 'audioPauseMinutes'
  | 'preDoseChecklist'
  | 'discharge'
  | 'dissociationScale'
  | 'alarmControls'
>;

function commonSettings(route: Route): Common {
  return {
    // Clinic default — no published source: a check may be taken 5 min either side.
    checkGraceMinutes: 5,
    // Clinic default — no published source: overdue for 10 more minutes becomes medium.
    overdueEscalateAfterMinutes: 10,
    alarmLimits: defaultAlarmLimits(),
    // CLINICAL.md "Esketamine": trials counted a rise of >= 40 systolic and/or >= 25
    // diastolic (Spravato PI). Medium: the default priority.
    baselineRise: { systolicMmHg: 40, diastolicMmHg: 25, priority: 'medium' },
    // CLINICAL.md "NEWS2" (RCP 2017): 5-6 medium, >= 7 high, any single 3 urgent review.
    news2: { mediumAt: 5, highAt: 7, singleParameterThreeIs: 'medium' },
    // CLINICAL.md "Esketamine": pre-dose BP above 140 systolic or 90 diastolic (advisory).
    preDoseAdvisory: { systolicMmHg: 140, diastolicMmHg: 90 },
    // Clinic default — no published source: longer than a 5-min automatic cuff cycle.
    deviceSilenceMinutes: 10,
    // Clinic default — no published source: CLINICAL.md "Esketamine" requires pulse
    // oximetry at every session, so losing the device needs a prompt response.
    deviceSilencePriority: 'medium',
    // CLINICAL.md "Alarms": an acknowledged, still-present condition re-alarms after "a few
    // minutes"; 3 is the issue's default.
    reAlarmAfterAcknowledgeMinutes: 3,
    // Clinic default — no published source (the 60 s).
    escalateUnacknowledgedHighSeconds: 60,
    // Clinic default — no published source (the 2 minutes).
    audioPauseMinutes: 2,
    preDoseChecklist: defaultPreDoseChecklist(route),
    discharge: defaultDischargeConfig(),
    // CLINICAL.md "Scales": CADSS-6 (validated in 260 IV-ketamine patients).
    dissociationScale: 'cadss6',
    // Persistence, artifact jumps, hysteresis, episodes, sedation-aware NEWS2: alarmControls.ts.
    alarmControls: defaultAlarmControls(),
  };
}

/** Dosing settings from the protocol's own route, schedule and minimum (protocolRules.ts says why). */
function withDosing(protocol: Protocol): Protocol {
  return { ...protocol, dosing: defaultDosing(protocol) };
}

function spravato(doseMg: 56 | 84): Protocol {
  const common = commonSettings('intranasal');
  return withDosing({
    id: `spravato-${doseMg}`,
    version: 1,
    name: `Spravato ${doseMg} mg intranasal`,
    drug: 'esketamine',
    route: 'intranasal',
    // CLINICAL.md "Esketamine": REMS form dose 56 mg / 84 mg.
    defaultDoseMg: doseMg,
    // CLINICAL.md "Esketamine": BP before dosing and about 40 min after; sedation starts ~15,
    // peaks 30-45; observe 2 h. 0, 15, 30, 60, 90: clinic default — no published source.
    checkScheduleMinutes: [0, 15, 30, 40, 60, 90, 120],
    // CLINICAL.md "Esketamine": observe at least 2 hours (Spravato PI; FDA REMS).
    minimumObservationMinutes: 120,
    ...common,
    // CLINICAL.md "Esketamine": observe at least 2 hours (PI; FDA REMS), whatever else holds.
    discharge: { ...common.discharge, regulatoryFloor: SPRAVATO_REMS_FLOOR },
  });
}

/** Spravato 56 mg intranasal (two 28 mg devices). */
export function spravato56Protocol(): Protocol {
  return spravato(56);
}

/** Spravato 84 mg intranasal (three 28 mg devices). */
export function spravato84Protocol(): Protocol {
  return spravato(84);
}

/** Ketamine IM injection. */
export function ketamineImProtocol(): Protocol {
  return withDosing({
    id: 'ketamine-im',
    version: 1,
    name: 'Ketamine IM',
    drug: 'ketamine',
    route: 'im',
    // Clinic default — no published source: the prescriber sets each patient's dose.
    mgPerKg: 0.5,
    // CLINICAL.md "Ketamine by route": IM peaks ~5 min, effects last ~60 min; the times
    // themselves are a clinic default — no published source.
    checkScheduleMinutes: [0, 5, 15, 30, 45, 60, 90],
    // CLINICAL.md: no standard observation time after IM dosing; clinic default 90 min.
    minimumObservationMinutes: 90,
    ...commonSettings('im'),
  });
}

/** Ketamine IV infusion, 0.5 mg/kg over 40 minutes. */
export function ketamineIvProtocol(): Protocol {
  return withDosing({
    id: 'ketamine-iv',
    version: 1,
    name: 'Ketamine IV infusion 0.5 mg/kg over 40 min',
    drug: 'ketamine',
    route: 'iv',
    // CLINICAL.md "Ketamine by route": 0.5 mg/kg over 40 min is the common protocol.
    mgPerKg: 0.5,
    infusionMinutes: 40,
    // CLINICAL.md "Ketamine by route": BP peak ~40 min after start. Times: clinic default.
    checkScheduleMinutes: [0, 10, 20, 30, 40, 50, 60, 90],
    // CLINICAL.md: no standard observation time after IV dosing; clinic default 90 min.
    minimumObservationMinutes: 90,
    ...commonSettings('iv'),
  });
}

/** Ketamine sublingual lozenge. */
export function ketamineSublingualProtocol(): Protocol {
  return withDosing({
    id: 'ketamine-sublingual',
    version: 1,
    name: 'Ketamine sublingual lozenge',
    drug: 'ketamine',
    route: 'sublingual',
    // Clinic default — no published source: the prescriber sets each patient's dose.
    defaultDoseMg: 100,
    // CLINICAL.md "Ketamine by route": peak 20-40 min, fades over 1-2 h. Times: clinic default.
    checkScheduleMinutes: [0, 15, 30, 45, 60, 90, 120],
    // CLINICAL.md "Ketamine by route": fades over 1-2 h; clinic default 120 min.
    minimumObservationMinutes: 120,
    ...commonSettings('sublingual'),
  });
}

/** Every shipped protocol, in menu order. */
export function defaultProtocols(): Protocol[] {
  return [spravato56Protocol(), spravato84Protocol(), ketamineImProtocol(), ketamineIvProtocol(), ketamineSublingualProtocol()];
}
