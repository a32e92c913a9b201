import { fail, type Issue, type Result } from '../result';

/** The route name that means a nasal spray (decongestant item, device counts). */
export const INTRANASAL_ROUTE = 'intranasal';

/**
 * A stated dose may differ from mg/kg x weight by rounding to the nearest mg at most.
 * Clinic default, no published source.
 */
export const DOSE_ROUNDING_TOLERANCE_MG = 0.5;

export interface DoseAmountInput {
  doseMg?: number | undefined;
  mgPerKg?: number | undefined;
  weightKg?: number | undefined;
}

/** mg/kg x weight, to 0.1 mg (the precision a syringe is drawn to). */
export function weightBasedDoseMg(mgPerKg: number, weightKg: number): number {
  return Math.round(mgPerKg * weightKg * 10) / 10;
}

/**
 * The dose in mg from what was entered: the mg as stated, or mg/kg and weight (which must come
 * together). When both are given they must agree within rounding, so a wrong weight or a
 * slipped digit is caught before it reaches the record.
 */
export function resolveDoseMg(input: DoseAmountInput): Result<{ doseMg: number }> {
  const { doseMg, mgPerKg, weightKg } = input;
  const issues: Issue[] = [];
  if (mgPerKg !== undefined && weightKg === undefined)
    issues.push({ path: ['weightKg'], message: "A dose per kg needs the patient's weight" });
  if (weightKg !== undefined && mgPerKg === undefined) issues.push({ path: ['mgPerKg'], message: 'A weight needs the dose per kg' });
  if (issues.length > 0) return fail('invalid_input', issues[0]!.message, issues);
  if (mgPerKg === undefined || weightKg === undefined) {
    if (doseMg === undefined)
      return fail('invalid_input', 'Enter the dose in mg (or mg/kg and weight)', [
        { path: ['doseMg'], message: 'Enter the dose in mg (or mg/kg and weight)' },
      ]);
    return { ok: true, doseMg };
  }
  const computed = weightBasedDoseMg(mgPerKg, weightKg);
  if (doseMg === undefined) return { ok: true, doseMg: computed };
  // A hair of slack so binary fractions (73.4 kg) do not refuse an exact 0.5 mg rounding.
  if (Math.abs(doseMg - mgPerKg * weightKg) > DOSE_ROUNDING_TOLERANCE_MG + 1e-9) {
    const message = `${doseMg} mg does not match ${mgPerKg} mg/kg × ${weightKg} kg = ${computed} mg — please re-check`;
    return fail('invalid_input', message, [{ path: ['doseMg'], message }]);
  }
  return { ok: true, doseMg };
}
