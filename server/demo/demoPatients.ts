import type { CurrentUser } from '../../shared/http/api';
import type { Vigil } from '../app';
import { createPatient } from '../commands/patients/patients';

/** The demo clinic's patients, by alias in turn (initials only: a demo has no names). */
export const DEMO_ALIASES = ['A.K.', 'M.R.', 'J.T.', 'S.L.', 'D.P.', 'C.W.', 'R.B.', 'E.N.', 'H.O.', 'L.V.'] as const;

/** A demo patient's fixed record id, so every demo session of the same alias joins the same series. */
export function demoPatientId(alias: string): string {
  return `demo-patient-${alias.replace(/[^A-Za-z0-9]/g, '').toLowerCase()}`;
}

const DEMO_REGISTRAR: CurrentUser = { userId: 'demo-nurse', username: 'nurse', displayName: 'Nora Nurse (demo)', role: 'nurse' };

/**
 * Registers the demo's patients as patient records (events, like any clinic's), once: fixed ids
 * and command ids, so a restart or an older demo store gets them without doubles.
 */
export async function ensureDemoPatients(vigil: Vigil): Promise<void> {
  for (const alias of DEMO_ALIASES) {
    const patientId = demoPatientId(alias);
    const created = await createPatient(
      { actor: DEMO_REGISTRAR, remoteAddress: null, store: vigil.store, clock: vigil.clock },
      { patientId, alias },
      `demo-register-${patientId}`,
    );
    if (!created.ok) throw new Error(`demo patient ${alias}: ${created.error.message}`);
  }
}
