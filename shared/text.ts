import { z } from 'zod';

/**
 * Text a person must give (a name, a reason, an alias): trimmed, never blank, at most
 * `maxLength` characters. `missing` is the message when it is absent (and, unless `blank` is
 * given, when it is blank); `tooLong` when it runs over.
 */
export function requiredText(missing: string, maxLength: number, tooLong: string, blank: string = missing) {
  return z.string({ error: missing }).trim().min(1, { error: blank }).max(maxLength, { error: tooLong });
}

/** A dose in mg as a person enters it: above 0, at most 1000 mg (`tooHigh` says what lies above). */
export function doseMgSchema(tooHigh: string) {
  return z
    .number({ error: 'The dose must be a number of mg' })
    .positive({ error: 'The dose must be above 0 mg' })
    .max(1000, { error: tooHigh });
}
