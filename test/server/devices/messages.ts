import { buildOruR01, type OruObservation } from '../../../shared/hl7/build';

const ROWS = {
  systolic: { code: 150021, refId: 'MDC_PRESS_BLD_NONINV_SYS', unitCode: '266016', unitText: 'MDC_DIM_MMHG' },
  diastolic: { code: 150022, refId: 'MDC_PRESS_BLD_NONINV_DIA', unitCode: '266016', unitText: 'MDC_DIM_MMHG' },
  heartRate: { code: 147842, refId: 'MDC_ECG_HEART_RATE', unitCode: '264864', unitText: 'MDC_DIM_BEAT_PER_MIN' },
  spo2: { code: 150456, refId: 'MDC_PULS_OXIM_SAT_O2', unitCode: '262688', unitText: 'MDC_DIM_PERCENT' },
  respiratoryRate: { code: 151562, refId: 'MDC_RESP_RATE', unitCode: '264928', unitText: 'MDC_DIM_RESP_PER_MIN' },
} as const;

export type RowName = keyof typeof ROWS;

/** An IHE PCD-01 style ORU^R01 from one monitor with the given values (as text, sentinels allowed). */
export function monitorMessage(options: {
  controlId: string;
  equipmentId?: string;
  sendingApplication?: string;
  observedAt: number;
  values: Partial<Record<RowName, string | number>>;
  terminator?: '\r' | '\n' | '\r\n';
}): string {
  const observations: OruObservation[] = Object.entries(options.values).map(([name, value]) => ({
    ...ROWS[name as RowName],
    value: String(value),
  }));
  return buildOruR01({
    sendingApplication: options.sendingApplication ?? 'MONITOR',
    sendingFacility: 'CLINIC',
    controlId: options.controlId,
    sentAt: options.observedAt + 1000,
    offsetMinutes: 0,
    equipmentId: options.equipmentId ?? '0011223344556677',
    location: 'room-1',
    patientAlias: 'T.P.',
    observedAt: options.observedAt,
    observations,
    terminator: options.terminator,
  });
}

export const normalValues = { systolic: 128, diastolic: 82, heartRate: 74, spo2: 98, respiratoryRate: 14 };
