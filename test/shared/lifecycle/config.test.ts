import { describe, expect, it } from 'vitest';
import { dischargeConfigSchema, dissociationScaleSchema, preDoseChecklistConfigSchema } from '../../../shared/lifecycle/config';
import { defaultDischargeConfig, defaultPreDoseChecklist } from '../../../shared/lifecycle/defaults';
import { DOSE_ROUNDING_TOLERANCE_MG, resolveDoseMg, weightBasedDoseMg } from '../../../shared/lifecycle/dose';
import { cadss6Total, CADSS6_MAX_TOTAL, MOAAS_LEVELS, moaasLabel } from '../../../shared/lifecycle/scales';
import { lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import { parseInput } from '../../../shared/validation';

describe('lifecycle defaults', () => {
  it('asks about nasal decongestants only for intranasal routes, and parses', () => {
    const intranasal = defaultPreDoseChecklist('intranasal');
    expect(intranasal.map((i) => i.id)).toEqual([
      'fasting',
      'no_nasal_decongestant',
      'concomitant_medicines',
      'escort_arranged',
      'consent_confirmed',
      'intention_noted',
    ]);
    expect(defaultPreDoseChecklist('intramuscular').map((i) => i.id)).not.toContain('no_nasal_decongestant');
    expect(preDoseChecklistConfigSchema.parse(intranasal)).toEqual(intranasal);
    expect(intranasal.find((i) => i.id === 'intention_noted')?.rolesAllowed).toEqual(['therapist']);
    expect(intranasal.find((i) => i.id === 'concomitant_medicines')?.label).toMatch(
      /benzodiazepines, non-benzodiazepine hypnotics, psychostimulants, MAOIs, opioids/,
    );
  });

  it('words fasting as the protocol asks', () => {
    expect(defaultPreDoseChecklist('intranasal')[0]?.label).toBe('Fasting: no food for 2 h and no liquids for 30 min before the dose');
    expect(defaultPreDoseChecklist('sublingual', { noFoodHours: 4, noLiquidsMinutes: 60 })[0]?.label).toBe(
      'Fasting: no food for 4 h and no liquids for 60 min before the dose',
    );
  });

  it('ships the PADSS 20% range, MOAA/S 5 and the three practical items', () => {
    const config = defaultDischargeConfig();
    expect(dischargeConfigSchema.parse(config)).toEqual(config);
    expect(config).toMatchObject({ vitalsWithinPercentOfBaseline: 20, requiredMoaasScore: 5 });
    expect(config.practicalItems.map((i) => [i.id, i.needsDate ?? false])).toEqual([
      ['responsible_adult', false],
      ['instructions_given', false],
      ['integration_booked', true],
    ]);
  });

  it('refuses a duplicate item id, an item nobody may tick, and a 0% range, with paths', () => {
    const dup = parseInput(preDoseChecklistConfigSchema, [
      { id: 'a', label: 'A', rolesAllowed: ['nurse'] },
      { id: 'a', label: 'B', rolesAllowed: ['nurse'] },
    ]);
    expect(dup).toMatchObject({ ok: false, error: { issues: [{ path: [1, 'id'], message: 'The item id "a" is used twice' }] } });
    expect(parseInput(preDoseChecklistConfigSchema, [{ id: 'a', label: 'A', rolesAllowed: [] }])).toMatchObject({
      ok: false,
      error: { message: 'At least one role must be allowed to tick this item' },
    });
    expect(parseInput(dischargeConfigSchema, { ...defaultDischargeConfig(), vitalsWithinPercentOfBaseline: 0 })).toMatchObject({
      ok: false,
      error: { message: 'The vitals range must be above 0%' },
    });
    expect(dissociationScaleSchema.options).toEqual(['cadss6', 'rating0to10']);
  });
});

describe('scales', () => {
  it('words every MOAA/S level, 5 to 0', () => {
    expect(MOAAS_LEVELS.map((l) => l.score)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(moaasLabel(0)).toBe('No response after painful trapezius squeeze');
    expect(MOAAS_LEVELS.map((l) => l.depth)).toEqual([
      'none',
      'mild',
      'moderate_or_deeper',
      'moderate_or_deeper',
      'moderate_or_deeper',
      'loss_of_consciousness',
    ]);
  });

  it('totals CADSS-6', () => {
    expect(cadss6Total([0, 1, 2, 3, 4, 0])).toBe(10);
    expect(cadss6Total([4, 4, 4, 4, 4, 4])).toBe(CADSS6_MAX_TOTAL);
  });
});

describe('dose details', () => {
  it('takes mg as given, or computes it from mg/kg and weight', () => {
    expect(resolveDoseMg({ doseMg: 56 })).toEqual({ ok: true, doseMg: 56 });
    expect(resolveDoseMg({ mgPerKg: 0.5, weightKg: 73.4 })).toEqual({ ok: true, doseMg: 36.7 });
    expect(weightBasedDoseMg(0.5, 73.45)).toBe(36.7);
  });

  it.each([
    [35 + DOSE_ROUNDING_TOLERANCE_MG, true],
    [35 - DOSE_ROUNDING_TOLERANCE_MG, true],
    [35.6, false],
    [34.4, false],
  ])('accepts a stated %f mg against 0.5 mg/kg x 70 kg = 35 mg: %s', (doseMg, ok) => {
    expect(resolveDoseMg({ doseMg, mgPerKg: 0.5, weightKg: 70 }).ok).toBe(ok);
  });

  it('says what does not match, and what is missing', () => {
    expect(resolveDoseMg({ doseMg: 53, mgPerKg: 0.5, weightKg: 70 })).toMatchObject({
      ok: false,
      error: { message: '53 mg does not match 0.5 mg/kg × 70 kg = 35 mg — please re-check' },
    });
    expect(resolveDoseMg({ mgPerKg: 0.5 })).toMatchObject({ ok: false, error: { issues: [{ path: ['weightKg'] }] } });
    expect(resolveDoseMg({ weightKg: 70, doseMg: 35 })).toMatchObject({ ok: false, error: { issues: [{ path: ['mgPerKg'] }] } });
    expect(resolveDoseMg({})).toMatchObject({ ok: false, error: { message: 'Enter the dose in mg (or mg/kg and weight)' } });
  });
});

describe('lifecycleRulesFrom', () => {
  it('maps the protocol fields the lifecycle reads', () => {
    const protocol = {
      name: 'ignored',
      drug: 'ketamine',
      route: 'im' as const,
      checkScheduleMinutes: [0, 30],
      defaultDoseMg: 50,
      preDoseChecklist: defaultPreDoseChecklist('intranasal'),
      discharge: defaultDischargeConfig(),
      dissociationScale: 'cadss6' as const,
      minimumObservationMinutes: 120,
      preDoseAdvisory: { systolicMmHg: 140, diastolicMmHg: 90 },
    };
    expect(lifecycleRulesFrom(protocol)).toEqual({
      preDoseChecklist: protocol.preDoseChecklist,
      dischargeConfig: protocol.discharge,
      dissociationScale: 'cadss6',
      minimumObservationMinutes: 120,
      advisoryLimits: { systolicMmHg: 140, diastolicMmHg: 90 },
      checkScheduleMinutes: [0, 30],
      route: 'im',
      defaultDoseMg: 50,
      scores: protocol.discharge.scores,
      recentReadingMinutes: 15,
      regulatoryFloor: null,
      // Protocol JSON without dosing: a further dose of its own route restarts its own schedule and minimum.
      dosing: { furtherDoses: [{ route: 'im', checkScheduleMinutes: [0, 30], minimumObservationMinutes: 120 }] },
    });
  });
});
