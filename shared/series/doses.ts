import type { SessionState } from '../session/state';

/** One dose of a session as the series shows it: its devices added up (Spravato 56 mg = two 28 mg devices). */
export interface SeriesDose {
  drug: string;
  totalMg: number;
  route: string;
  administeredAt: number;
}

/** The session's doses, in order, each with its further devices added in. Pure. */
export function seriesDoses(state: Pick<SessionState, 'doses'>): SeriesDose[] {
  const doses: (SeriesDose & { doseId: string })[] = [];
  for (const dose of state.doses) {
    const of = dose.deviceOfDoseId === undefined ? undefined : doses.find((d) => d.doseId === dose.deviceOfDoseId);
    if (of) of.totalMg += dose.doseMg;
    else doses.push({ doseId: dose.doseId, drug: dose.drug, totalMg: dose.doseMg, route: dose.route, administeredAt: dose.administeredAt });
  }
  return doses.map(({ doseId: _doseId, ...dose }) => dose);
}

/** "Esketamine 56 mg intranasal". */
export function doseText(dose: SeriesDose): string {
  return `${dose.drug} ${Number(dose.totalMg.toFixed(2))} mg ${dose.route}`;
}
