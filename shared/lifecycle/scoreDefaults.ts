import type { Role } from '../roles';
import type { DischargeScore, ScoreOption } from './scoreConfig';

// Who may score what a person judges: clinic default, no published source (the nurse or
// prescriber at the bedside; the therapist does not assess recovery from sedation).
const CLINICAL_STAFF: Role[] = ['nurse', 'prescriber'];

/** An item's three levels, 2 to 0 points, in the published score's words. */
function levels(two: string, one: string, zero: string): ScoreOption[] {
  return [
    { points: 2, label: two },
    { points: 1, label: one },
    { points: 0, label: zero },
  ];
}

/**
 * The modified Aldrete score (CLINICAL.md "Discharge": activity, breathing, circulation,
 * consciousness, SpO2, 0-2 each, max 10, discharge at >= 9). Circulation and SpO2 come from
 * the record, consciousness from the MOAA/S; activity and breathing are scored by a person.
 * The wording of each level is the published score's.
 */
export function modifiedAldreteScore(): DischargeScore {
  return {
    id: 'aldrete',
    name: 'Modified Aldrete',
    // CLINICAL.md "Discharge": discharge at >= 9 of 10.
    passAtTotal: 9,
    items: [
      {
        id: 'activity',
        label: 'Activity',
        options: levels('Moves all four limbs voluntarily or on command', 'Moves two limbs', 'Moves no limbs'),
        source: { kind: 'person', rolesAllowed: CLINICAL_STAFF },
      },
      {
        id: 'breathing',
        label: 'Breathing',
        options: levels('Breathes deeply and coughs freely', 'Short of breath or limited breathing', 'Apnoeic'),
        source: { kind: 'person', rolesAllowed: CLINICAL_STAFF },
      },
      {
        id: 'circulation',
        label: 'Circulation',
        options: levels(
          'Systolic within ±20 mmHg of baseline',
          'Systolic within ±21-49 mmHg of baseline',
          'Systolic 50 mmHg or more from baseline',
        ),
        // CLINICAL.md "Discharge": 2 = BP within +/-20 mmHg of baseline. The 1-point band
        // (up to 49) is the published score's; CLINICAL.md does not list it: clinic default.
        source: {
          kind: 'change_from_baseline_mmhg',
          vitals: ['systolicMmHg'],
          bands: [
            { withinMmHg: 20, points: 2 },
            { withinMmHg: 49, points: 1 },
          ],
        },
      },
      {
        id: 'consciousness',
        label: 'Consciousness',
        options: levels('Fully awake (MOAA/S 5)', 'Arousable on calling (MOAA/S 3-4)', 'Not responding to voice (MOAA/S 0-2)'),
        // CLINICAL.md "Scales": MOAA/S 5 responds readily to name, 3-4 to name (loud or
        // lethargic), 2 and below only to touch or pain.
        source: {
          kind: 'moaas',
          bands: [
            { atLeast: 5, points: 2 },
            { atLeast: 3, points: 1 },
          ],
        },
      },
      {
        id: 'spo2',
        label: 'Oxygen saturation',
        options: levels('SpO2 above 92%', 'SpO2 90-92%', 'SpO2 below 90%'),
        // CLINICAL.md "Discharge": 2 = SpO2 > 92% on air. Vigil records no oxygen flag, so
        // readings count as on air; the 1-point band (>= 90) is a clinic default.
        source: {
          kind: 'spo2',
          bands: [
            { abovePercent: 92, points: 2 },
            { abovePercent: 89, points: 1 },
          ],
        },
      },
    ],
  };
}

/**
 * PADSS as it applies to KAP (CLINICAL.md "Discharge": vital signs within 20% of baseline = 2,
 * 20-40% = 1, > 40% = 0; activity and mental status; pain and/or nausea; bleeding and
 * intake/output do not apply). The shipped protocols use it beside the modified Aldrete score
 * (defaults.ts): Aldrete has no orientation, gait, pain or nausea.
 */
export function padssScore(): DischargeScore {
  return {
    id: 'padss',
    name: 'PADSS',
    // CLINICAL.md "Discharge": >= 9 of 10, one point lost at most. With bleeding and
    // intake/output (4 points) not applying, the same one point lost is 5 of 6: derived.
    passAtTotal: 5,
    items: [
      {
        id: 'vital_signs',
        label: 'Vital signs',
        options: levels('Within 20% of baseline', '20-40% from baseline', 'More than 40% from baseline'),
        source: {
          kind: 'change_from_baseline_percent',
          vitals: ['systolicMmHg', 'diastolicMmHg', 'heartRateBpm'],
          bands: [
            { withinPercent: 20, points: 2 },
            { withinPercent: 40, points: 1 },
          ],
        },
      },
      {
        id: 'activity_mental_status',
        label: 'Activity and mental status',
        options: levels('Oriented ×3 and steady gait', 'Oriented ×3 or steady gait, not both', 'Neither'),
        source: { kind: 'person', rolesAllowed: CLINICAL_STAFF },
      },
      {
        id: 'pain_nausea',
        label: 'Pain and/or nausea',
        options: levels('Minimal', 'Moderate', 'Severe'),
        source: { kind: 'person', rolesAllowed: CLINICAL_STAFF },
      },
    ],
  };
}
