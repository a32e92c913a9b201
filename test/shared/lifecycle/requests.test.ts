import { describe, expect, it } from 'vitest';
import {
  amendmentRecordRequestSchema,
  checklistTickRequestSchema,
  checklistUntickRequestSchema,
  doseRecordRequestSchema,
  observationRecordRequestSchema,
  predoseAcknowledgeAdvisoryRequestSchema,
  sessionDischargeRequestSchema,
  sessionEndEarlyRequestSchema,
} from '../../../shared/realtime/requests';
import { parseInput } from '../../../shared/validation';

const base = { commandId: 'c-1', sessionId: 's-1' };
const T = Date.UTC(2026, 10, 22, 9, 0, 0);

describe('lifecycle request schemas', () => {
  it('need a command id and a session id, and refuse unknown fields', () => {
    for (const schema of [checklistUntickRequestSchema, predoseAcknowledgeAdvisoryRequestSchema, sessionDischargeRequestSchema]) {
      expect(parseInput(schema, { checklist: 'discharge', itemId: 'x' }).ok).toBe(false);
    }
    expect(parseInput(predoseAcknowledgeAdvisoryRequestSchema, { ...base })).toEqual({ ok: true, value: base });
    const extra = parseInput(predoseAcknowledgeAdvisoryRequestSchema, { ...base, sneaky: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('check a tick: checklist name, optional note and date', () => {
    expect(
      parseInput(checklistTickRequestSchema, { ...base, checklist: 'discharge', itemId: 'integration_booked', date: T }),
    ).toMatchObject({ ok: true });
    expect(parseInput(checklistTickRequestSchema, { ...base, checklist: 'after', itemId: 'x' })).toMatchObject({
      ok: false,
      error: { message: 'The checklist must be "pre_dose" or "discharge"' },
    });
  });

  it('check a dose: mg, or mg/kg with weight that agree', () => {
    const dose = { ...base, observedAt: T, drug: 'ketamine', route: 'intravenous', lotNumber: 'K1' };
    expect(parseInput(doseRecordRequestSchema, { ...dose, mgPerKg: 0.5, weightKg: 70 })).toMatchObject({ ok: true });
    expect(parseInput(doseRecordRequestSchema, { ...dose, doseMg: 35, mgPerKg: 0.5, weightKg: 70 })).toMatchObject({ ok: true });
    expect(parseInput(doseRecordRequestSchema, { ...dose, doseMg: 53, mgPerKg: 0.5, weightKg: 70 })).toMatchObject({
      ok: false,
      error: { issues: [{ path: ['doseMg'], message: '53 mg does not match 0.5 mg/kg × 70 kg = 35 mg — please re-check' }] },
    });
    expect(parseInput(doseRecordRequestSchema, dose)).toMatchObject({
      ok: false,
      error: { message: 'Enter the dose in mg (or mg/kg and weight)' },
    });
    expect(parseInput(doseRecordRequestSchema, { ...dose, doseMg: 56, deviceCount: 0 })).toMatchObject({
      ok: false,
      error: { message: 'At least one device' },
    });
  });

  it('check an observation with its time', () => {
    expect(parseInput(observationRecordRequestSchema, { ...base, observedAt: T, observation: { kind: 'moaas', score: 4 } })).toMatchObject({
      ok: true,
    });
    expect(parseInput(observationRecordRequestSchema, { ...base, observedAt: T, observation: { kind: 'moaas', score: 6 } }).ok).toBe(false);
  });

  it('refuse a blank reason where one is required, and trim it', () => {
    expect(parseInput(sessionDischargeRequestSchema, { ...base, overrideReason: '   ' })).toMatchObject({
      ok: false,
      error: { message: 'A reason is required' },
    });
    expect(parseInput(sessionDischargeRequestSchema, { ...base })).toMatchObject({ ok: true });
    expect(parseInput(sessionEndEarlyRequestSchema, { ...base })).toMatchObject({ ok: false, error: { message: 'A reason is required' } });
    expect(parseInput(sessionEndEarlyRequestSchema, { ...base, reason: ' Unwell ' })).toEqual({
      ok: true,
      value: { ...base, reason: 'Unwell' },
    });
  });

  it('check an amendment: target, reason and one of the change kinds', () => {
    const amendment = { ...base, targetSeq: 4, reason: 'Wrong time' };
    expect(parseInput(amendmentRecordRequestSchema, { ...amendment, change: { kind: 'dose_time', administeredAt: T } })).toMatchObject({
      ok: true,
    });
    expect(parseInput(amendmentRecordRequestSchema, { ...amendment, change: { kind: 'dose_lot', lotNumber: 'L2' } })).toMatchObject({
      ok: true,
    });
    expect(parseInput(amendmentRecordRequestSchema, { ...amendment, change: { kind: 'vitals', systolicMmHg: 1 } }).ok).toBe(false);
    expect(parseInput(amendmentRecordRequestSchema, { ...amendment, targetSeq: 0, change: { kind: 'note', text: 'x' } })).toMatchObject({
      ok: false,
      error: { message: 'Say which entry is corrected' },
    });
  });
});
