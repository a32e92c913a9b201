import type { Role } from '../roles';
import type { DischargeConfig, PreDoseChecklistConfig } from './config';
import { INTRANASAL_ROUTE } from './dose';
import { DEFAULT_RECENT_READING_MINUTES } from './protocolRules';
import { modifiedAldreteScore, padssScore } from './scoreDefaults';

/** Fasting before the dose, as the protocol asks. */
export interface FastingRule {
  noFoodHours: number;
  noLiquidsMinutes: number;
}

/** Spravato: no food 2 h before, no liquids 30 min before (CLINICAL.md, spravato.com patient page). */
export const SPRAVATO_FASTING: FastingRule = { noFoodHours: 2, noLiquidsMinutes: 30 };

// Who may tick what: clinic default, no published source. The therapist notes the intention
// because the intention is set in the preparation session with them.
const CLINICAL_STAFF: Role[] = ['nurse', 'prescriber'];
const ANY_CLINICIAN: Role[] = ['nurse', 'prescriber', 'therapist'];

/**
 * The default pre-dose checklist for a route ('intranasal' adds the decongestant item).
 * `fasting` defaults to the Spravato rule; other routes' protocols pass their own.
 */
export function defaultPreDoseChecklist(route: string, fasting: FastingRule = SPRAVATO_FASTING): PreDoseChecklistConfig {
  const items: PreDoseChecklistConfig = [
    // CLINICAL.md "Esketamine": fasting, spravato.com patient page.
    {
      id: 'fasting',
      label: `Fasting: no food for ${fasting.noFoodHours} h and no liquids for ${fasting.noLiquidsMinutes} min before the dose`,
      rolesAllowed: CLINICAL_STAFF,
    },
  ];
  if (route === INTRANASAL_ROUTE) {
    // CLINICAL.md "Esketamine": nasal steroids/decongestants at least 1 h before (spravato.com).
    items.push({
      id: 'no_nasal_decongestant',
      label: 'No nasal decongestant or nasal steroid in the last hour',
      rolesAllowed: CLINICAL_STAFF,
    });
  }
  items.push(
    // CLINICAL.md "Esketamine": the REMS form's concomitant-medicine question.
    {
      id: 'concomitant_medicines',
      label: 'Concomitant medicines asked: benzodiazepines, non-benzodiazepine hypnotics, psychostimulants, MAOIs, opioids',
      rolesAllowed: CLINICAL_STAFF,
    },
    // CLINICAL.md "Esketamine": someone drives them home (Spravato PI).
    { id: 'escort_arranged', label: 'Escort arranged to take the patient home', rolesAllowed: ANY_CLINICIAN },
    // Clinic default, no published source: consent is confirmed on the day.
    { id: 'consent_confirmed', label: 'Consent confirmed today', rolesAllowed: CLINICAL_STAFF },
    // CLINICAL.md "The treatment": preparation sets intentions (clinic practice).
    { id: 'intention_noted', label: 'Intention for the session noted', rolesAllowed: ['therapist'] },
  );
  return items;
}

/** The default discharge settings and practical items. */
export function defaultDischargeConfig(): DischargeConfig {
  return {
    // CLINICAL.md "Discharge": PADSS vital signs within 20% of baseline score 2.
    vitalsWithinPercentOfBaseline: 20,
    // CLINICAL.md "Scales": MOAA/S 5 = responds readily to name; Spravato sedation resolves to 5.
    requiredMoaasScore: 5,
    // CLINICAL.md "Discharge": the modified Aldrete score (activity, breathing, circulation,
    // consciousness, SpO2; discharge at >= 9 of 10) and PADSS (vital signs, activity and mental
    // status: oriented x3 and steady gait, pain and/or nausea), both as scoreDefaults.ts gives them.
    scores: [modifiedAldreteScore(), padssScore()],
    // CLINICAL.md "Esketamine": a blood pressure before discharge (REMS form); 15 min: clinic default.
    recentReadingMinutes: DEFAULT_RECENT_READING_MINUTES,
    practicalItems: [
      // CLINICAL.md "Discharge": PADSS plus a responsible adult; KAP clinics release to one.
      { id: 'responsible_adult', label: 'Responsible adult present to take the patient home', rolesAllowed: ANY_CLINICIAN },
      // CLINICAL.md "Esketamine" (no driving until next day after sleep, PI) and
      // "Discharge" (no major decisions, alcohol or cannabis for 24 h, KAP clinics).
      {
        id: 'instructions_given',
        label: 'Told: no driving until the next day after sleep; no major decisions, alcohol or cannabis for 24 hours',
        rolesAllowed: ANY_CLINICIAN,
      },
      // CLINICAL.md "Discharge": the integration session is booked (no source for a fixed window).
      { id: 'integration_booked', label: 'Integration session booked (date)', rolesAllowed: ANY_CLINICIAN, needsDate: true },
    ],
  };
}
