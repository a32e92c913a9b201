import type { Disposition } from '../session/state';
import type { VitalKey } from '../vitals/plausibility';

/** Code systems of the FHIR export. */
export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
/** Vigil's own codes for what LOINC has no code for (MOAA/S, CADSS-6 short form, discharge). */
export const VIGIL_CODES = 'urn:vigil:codes';

/** The vital-signs profile's LOINC codes and UCUM units; blood pressure is the 85354-9 panel. */
export const BLOOD_PRESSURE_PANEL = { code: '85354-9', display: 'Blood pressure panel with all children optional' } as const;
/**
 * `profileCoding`: the code the R4 vital-signs profile requires when the measurement's own code is
 * more specific (oxygen saturation: 2708-6, with 59408-5 for pulse oximetry beside it).
 */
export const VITAL_CODES: Record<
  VitalKey,
  { code: string; display: string; unit: string; ucum: string; profileCoding?: { code: string; display: string } }
> = {
  systolicMmHg: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]' },
  diastolicMmHg: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mmHg', ucum: 'mm[Hg]' },
  heartRateBpm: { code: '8867-4', display: 'Heart rate', unit: 'beats/minute', ucum: '/min' },
  spo2Percent: {
    code: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
    ucum: '%',
    profileCoding: { code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
  },
  respiratoryRatePerMin: { code: '9279-1', display: 'Respiratory rate', unit: 'breaths/minute', ucum: '/min' },
  temperatureC: { code: '8310-5', display: 'Body temperature', unit: 'Cel', ucum: 'Cel' },
};

/** HL7 discharge-disposition codes (FHIR R4 Encounter.hospitalization.dischargeDisposition): home, to a hospital, left against advice. */
export const DISCHARGE_DISPOSITION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/discharge-disposition';
export const DISPOSITION_CODES: Record<Disposition, string> = { home: 'home', emergency_transfer: 'hosp', against_advice: 'aadvice' };
