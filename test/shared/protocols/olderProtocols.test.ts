import { describe, expect, it } from 'vitest';
import { lifecycleRulesFrom } from '../../../shared/lifecycle/phases';
import { SPRAVATO_REMS_FLOOR } from '../../../shared/lifecycle/protocolRules';
import { defaultProtocols, ketamineImProtocol, spravato56Protocol } from '../../../shared/protocols/defaults';
import { parseProtocol } from '../../../shared/protocols/versioning';

/** Protocol JSON as stored before dosing, scores, the recent-reading window and the floor existed. */
function olderJson(protocol: ReturnType<typeof spravato56Protocol>): unknown {
  const { dosing: _dosing, ...rest } = structuredClone(protocol);
  const { scores: _scores, recentReadingMinutes: _recent, regulatoryFloor: _floor, ...discharge } = rest.discharge;
  return { ...rest, discharge };
}

describe('protocol JSON stored before the dosing and discharge-score settings', () => {
  it('still parses and runs: further doses of its own route, no scores, a 15-min blood pressure', () => {
    const parsed = parseProtocol(olderJson(ketamineImProtocol()));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const rules = lifecycleRulesFrom(parsed.value);
    expect(rules).toMatchObject({
      dosing: { furtherDoses: [{ route: 'im', checkScheduleMinutes: [0, 5, 15, 30, 45, 60, 90], minimumObservationMinutes: 90 }] },
      scores: [],
      recentReadingMinutes: 15,
      regulatoryFloor: null,
    });
  });

  it('an older Spravato protocol still gets the REMS floor: a regulation is not optional', () => {
    const parsed = parseProtocol(olderJson(spravato56Protocol()));
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(lifecycleRulesFrom(parsed.value).regulatoryFloor).toEqual(SPRAVATO_REMS_FLOOR);
    expect(lifecycleRulesFrom(parsed.value).dosing.devices).toEqual({ mgPerDevice: 28, minutesBetweenDevices: 5 });
  });

  it('refuses an edit that lowers the Spravato floor', () => {
    const protocol = spravato56Protocol();
    const edited = { ...protocol, discharge: { ...protocol.discharge, regulatoryFloor: { minutes: 60, source: 'Spravato REMS' } } };
    expect(parseProtocol(edited)).toMatchObject({
      ok: false,
      error: {
        issues: [
          { path: ['discharge', 'regulatoryFloor', 'minutes'], message: 'The Spravato REMS floor is 120 minutes: it cannot be lowered' },
        ],
      },
    });
  });

  it('the shipped protocols carry their settings and round-trip as JSON', () => {
    for (const protocol of defaultProtocols()) {
      expect(parseProtocol(JSON.parse(JSON.stringify(protocol)))).toEqual({ ok: true, value: protocol });
      // CLINICAL.md "Discharge": Aldrete and PADSS (orientation and gait, pain and nausea are PADSS's).
      expect(protocol.discharge.scores?.map((s) => s.id)).toEqual(['aldrete', 'padss']);
      expect(protocol.discharge.recentReadingMinutes).toBe(15);
    }
    expect(spravato56Protocol().dosing).toEqual({ furtherDoses: [], devices: { mgPerDevice: 28, minutesBetweenDevices: 5 } });
    expect(ketamineImProtocol().dosing?.furtherDoses).toEqual([
      { route: 'im', checkScheduleMinutes: [0, 5, 15, 30, 45, 60, 90], minimumObservationMinutes: 90 },
    ]);
  });

  it('refuses a score whose pass mark is above its maximum, with the path', () => {
    const protocol = ketamineImProtocol();
    const aldrete = protocol.discharge.scores![0]!;
    const edited = { ...protocol, discharge: { ...protocol.discharge, scores: [{ ...aldrete, passAtTotal: 11 }] } };
    expect(parseProtocol(edited)).toMatchObject({
      ok: false,
      error: {
        issues: [{ path: ['discharge', 'scores', 0, 'passAtTotal'], message: 'The pass mark cannot be above the maximum total 10' }],
      },
    });
  });
});
