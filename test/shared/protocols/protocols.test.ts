import { describe, expect, it } from 'vitest';
import { defaultProtocols, ketamineIvProtocol, spravato56Protocol, spravato84Protocol } from '../../../shared/protocols/defaults';
import { protocolSchema } from '../../../shared/protocols/schema';
import { copyProtocol, parseProtocol, protocolVersionKey, reviseProtocol } from '../../../shared/protocols/versioning';

describe('default protocols', () => {
  it('all validate against the schema and have unique ids', () => {
    const protocols = defaultProtocols();
    for (const protocol of protocols) expect(protocolSchema.safeParse(protocol).success).toBe(true);
    expect(new Set(protocols.map((p) => p.id)).size).toBe(5);
    expect(protocols.map((p) => p.route)).toEqual(['intranasal', 'intranasal', 'im', 'iv', 'sublingual']);
  });

  it('Spravato: 56/84 mg, checks 0-120 with 40, 120 min minimum, issue default limits', () => {
    const p56 = spravato56Protocol();
    expect(p56.defaultDoseMg).toBe(56);
    expect(spravato84Protocol().defaultDoseMg).toBe(84);
    expect(p56.checkScheduleMinutes).toEqual([0, 15, 30, 40, 60, 90, 120]);
    expect(p56.minimumObservationMinutes).toBe(120);
    const limits = p56.alarmLimits.map((l) => `${l.parameter}${l.comparator}${l.value}:${l.priority}`);
    expect(limits).toEqual([
      'systolicMmHg>=181:high',
      'diastolicMmHg>=111:high',
      'spo2Percent<=90:high',
      'spo2Percent<=93:medium',
      'respiratoryRatePerMin<=8:high',
      'heartRateBpm<=40:high',
      'heartRateBpm>=131:high',
      'moaas<=1:high',
      'moaas<=3:medium',
    ]);
    expect(p56.alarmLimits.filter((l) => l.priority === 'high' && l.confirmWithinMinutes !== undefined)).toEqual([]);
    expect(p56.baselineRise).toEqual({ systolicMmHg: 40, diastolicMmHg: 25, priority: 'medium' });
    expect(p56.news2).toEqual({ mediumAt: 5, highAt: 7, singleParameterThreeIs: 'medium' });
    expect(p56.preDoseAdvisory).toEqual({ systolicMmHg: 140, diastolicMmHg: 90 });
    expect(p56.reAlarmAfterAcknowledgeMinutes).toBe(3);
    expect(p56.escalateUnacknowledgedHighSeconds).toBe(60);
    expect(p56.audioPauseMinutes).toBe(2);
    expect(p56.preDoseChecklist.some((item) => item.id === 'no_nasal_decongestant')).toBe(true);
  });

  it('IV ketamine is weight-based: 0.5 mg/kg over 40 min', () => {
    const iv = ketamineIvProtocol();
    expect(iv.mgPerKg).toBe(0.5);
    expect(iv.infusionMinutes).toBe(40);
    expect(iv.defaultDoseMg).toBeUndefined();
    expect(iv.preDoseChecklist.some((item) => item.id === 'no_nasal_decongestant')).toBe(false);
  });

  it('survive a JSON round trip unchanged (sessions store the protocol JSON)', () => {
    for (const protocol of defaultProtocols()) {
      expect(protocolSchema.parse(JSON.parse(JSON.stringify(protocol)))).toEqual(protocol);
    }
  });
});

describe('protocol validation', () => {
  const base = () => spravato56Protocol();

  it('needs a dose in mg or per kg', () => {
    const { defaultDoseMg: _dropped, ...noDose } = base();
    const result = parseProtocol(noDose);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues.map((i) => i.path.join('.'))).toContain('defaultDoseMg');
  });

  it('refuses a check schedule that does not go up', () => {
    const result = parseProtocol({ ...base(), checkScheduleMinutes: [0, 30, 30] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues[0]?.path).toEqual(['checkScheduleMinutes', 2]);
  });

  it('refuses duplicate limit ids, a limit outside its parameter range, high NEWS2 not above medium', () => {
    const p = base();
    const limit = p.alarmLimits[0]!;
    expect(parseProtocol({ ...p, alarmLimits: [limit, limit] }).ok).toBe(false);
    expect(parseProtocol({ ...p, alarmLimits: [{ ...limit, parameter: 'moaas', value: 6 }] }).ok).toBe(false);
    expect(parseProtocol({ ...p, alarmLimits: [{ ...limit, parameter: 'moaas', value: 5 }] }).ok).toBe(true);
    expect(parseProtocol({ ...p, news2: { ...p.news2, highAt: 5 } }).ok).toBe(false);
  });

  it('refuses an escalation delay of 0 seconds (an alarm must get a chance to be acknowledged)', () => {
    expect(parseProtocol({ ...base(), escalateUnacknowledgedHighSeconds: 0 }).ok).toBe(false);
    expect(parseProtocol({ ...base(), escalateUnacknowledgedHighSeconds: 1 }).ok).toBe(true);
  });
});

describe('copying and versions', () => {
  it('copyProtocol makes version 1 under a new id and name, without touching the original', () => {
    const original = { ...spravato56Protocol(), version: 4 };
    const copy = copyProtocol(original, 'clinic-spravato', 'Our Spravato');
    expect(copy).toMatchObject({ id: 'clinic-spravato', name: 'Our Spravato', version: 1 });
    copy.alarmLimits[0]!.value = 170;
    expect(original.alarmLimits[0]!.value).toBe(181);
    expect(original.version).toBe(4);
  });

  it('reviseProtocol keeps the id and bumps the version; protocolVersionKey names it', () => {
    const current = spravato56Protocol();
    const revised = reviseProtocol(current, { ...current, id: 'ignored', version: 99, audioPauseMinutes: 1 });
    expect(revised.ok).toBe(true);
    if (revised.ok) {
      expect(revised.value.id).toBe('spravato-56');
      expect(revised.value.version).toBe(2);
      expect(protocolVersionKey(revised.value)).toBe('spravato-56@2');
    }
    expect(protocolVersionKey(current)).toBe('spravato-56@1');
  });
});
