import type { CommandFields } from '../../realtime/commands';
import { INTRANASAL_ROUTE, weightBasedDoseMg } from '../../../../shared/lifecycle/dose';
import type { Protocol } from '../../../../shared/protocols/schema';
import { doseRecordRequestSchema } from '../../../../shared/realtime/requests';
import { parseInput } from '../../../../shared/validation';
import { parseMeasuredAt } from '../measuredAt';

/** The dose form's text fields. Weight-based protocols use mgPerKg + weightKg; others doseMg. */
export interface DoseFormValues {
  drug: string;
  route: string;
  doseMg: string;
  mgPerKg: string;
  weightKg: string;
  lotNumber: string;
  deviceCount: string;
  givenAt: string;
}

export type DoseField = keyof DoseFormValues | 'form';

/** The form as the protocol prefills it. */
export function initialDoseValues(protocol: Protocol): DoseFormValues {
  return {
    drug: protocol.drug,
    route: protocol.route,
    doseMg: protocol.mgPerKg === undefined && protocol.defaultDoseMg !== undefined ? String(protocol.defaultDoseMg) : '',
    mgPerKg: protocol.mgPerKg === undefined ? '' : String(protocol.mgPerKg),
    weightKg: '',
    lotNumber: '',
    deviceCount: '',
    givenAt: '',
  };
}

export function isWeightBased(protocol: Protocol): boolean {
  return protocol.mgPerKg !== undefined;
}

/** A typed number: undefined when blank, NaN when not a number. */
export function numberFrom(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return undefined;
  return /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** mg/kg × weight as the form shows it while typing; null until both are numbers. */
export function computedDoseMg(values: DoseFormValues): number | null {
  const mgPerKg = numberFrom(values.mgPerKg);
  const weightKg = numberFrom(values.weightKg);
  if (mgPerKg === undefined || weightKg === undefined || Number.isNaN(mgPerKg) || Number.isNaN(weightKg)) return null;
  return weightBasedDoseMg(mgPerKg, weightKg);
}

const NUMBER_FIELDS = { doseMg: 'The dose', mgPerKg: 'The dose per kg', weightKg: 'The weight', deviceCount: 'The device count' } as const;

/**
 * Check the form with the same schema the server parses with (and the shared mg/kg rule):
 * either the request fields to send, or a message per field.
 */
export function parseDoseForm(
  values: DoseFormValues,
  options: { weightBased: boolean; serverNow: number; notBefore: number },
): { ok: true; fields: CommandFields<'dose.record'> } | { ok: false; errors: Partial<Record<DoseField, string>> } {
  const errors: Partial<Record<DoseField, string>> = {};
  const fields: Record<string, unknown> = { drug: values.drug, route: values.route, lotNumber: values.lotNumber };
  const used: (keyof typeof NUMBER_FIELDS)[] = options.weightBased ? ['mgPerKg', 'weightKg'] : ['doseMg'];
  if (values.route.trim() === INTRANASAL_ROUTE) used.push('deviceCount');
  for (const key of used) {
    const number = numberFrom(values[key]);
    if (number === undefined) continue;
    if (Number.isNaN(number)) errors[key] = `${NUMBER_FIELDS[key]} must be a number`;
    else fields[key] = number;
  }
  const measured = parseMeasuredAt(values.givenAt, options.serverNow, options.notBefore);
  if (measured.ok) fields.observedAt = measured.observedAt;
  else errors.givenAt = measured.message;
  // Command id and session id are added when it is sent; placeholders let the schema check the rest.
  const parsed = parseInput(doseRecordRequestSchema, {
    ...fields,
    observedAt: fields.observedAt ?? options.serverNow,
    commandId: 'check',
    sessionId: 'check',
  });
  if (!parsed.ok) {
    for (const issue of parsed.error.issues) {
      const key = issue.path[0];
      const field: DoseField = key === 'observedAt' ? 'givenAt' : typeof key === 'string' && key in values ? (key as DoseField) : 'form';
      if (!errors[field]) errors[field] = issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.ok) return { ok: false, errors };
  const { commandId: _commandId, sessionId: _sessionId, ...checked } = parsed.value;
  return { ok: true, fields: checked };
}
