import type { SessionHandlers } from '../handlers';
import type { Dose, SessionState } from '../state';

/** Replace the doses, keeping them ordered by time and `dosedAt` on the first one. */
export function withDoses(state: SessionState, doses: Dose[]): SessionState {
  const ordered = [...doses].sort((a, b) => a.administeredAt - b.administeredAt || a.seq - b.seq);
  return { ...state, doses: ordered, dosedAt: ordered[0]?.administeredAt ?? null };
}

export const dosingHandlers: Pick<SessionHandlers, 'dose.recorded'> = {
  'dose.recorded': (state, event) => {
    const { mgPerKg, weightKg, deviceCount, deviceOfDoseId } = event.payload;
    const dose: Dose = {
      doseId: event.payload.doseId,
      seq: event.seq,
      drug: event.payload.drug,
      doseMg: event.payload.doseMg,
      route: event.payload.route,
      lotNumber: event.payload.lotNumber,
      // For intranasal doses this is the first device (the REMS clock starts there).
      administeredAt: event.observedAt,
      recordedBy: event.actor,
      ...(mgPerKg !== undefined ? { mgPerKg } : {}),
      ...(weightKg !== undefined ? { weightKg } : {}),
      ...(deviceCount !== undefined ? { deviceCount } : {}),
      ...(deviceOfDoseId !== undefined ? { deviceOfDoseId } : {}),
    };
    const next = withDoses(state, [...state.doses, dose]);
    // A further dose starts a new course: readiness judged before it no longer says anything.
    const clinicallyReadyAt = deviceOfDoseId === undefined ? null : state.clinicallyReadyAt;
    return { ...next, clinicallyReadyAt, phase: state.phase === 'pre_dose' ? 'monitoring' : state.phase };
  },
};
