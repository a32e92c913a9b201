import { describe, expect, it } from 'vitest';
import { evaluateAlarmConditions } from '../../../shared/alerts/conditions';
import { weighedSeries } from '../../../shared/alerts/evidence';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import type { Actor } from '../../../shared/session/actor';
import { alarmSession, NORMAL_VITALS, oximeter } from '../../support/alarms';

const protocol = spravato56Protocol();
const controls = protocol.alarmControls;
const SECOND = 1 / 60;
const MS = 1 / 60_000;
const monitor: Actor = { kind: 'device', deviceId: 'mon-1', displayName: 'Monitor 1' };

/** `limit:<id> <recheck>` of the limit conditions at `minute`. */
function limits(session: ReturnType<typeof alarmSession>, minute: number): string[] {
  return evaluateAlarmConditions(session.state(), protocol, session.minutes(minute))
    .filter((c) => c.kind === 'limit')
    .map((c) => `${c.alarmId} ${c.recheck ? 'checking' : 'sounds'}`);
}

/** An oximeter streaming every 5 s from minute 0 with the given SpO2 values, after a typed normal set. */
function oximetry(values: number[]) {
  const session = alarmSession();
  session.vitals(-1, NORMAL_VITALS);
  values.forEach((spo2Percent, index) => session.vitals(index * 5 * SECOND, { spo2Percent, heartRateBpm: 72 }, oximeter));
  return session;
}

describe('persistence: a monitor sample must persist before it sounds; a typed value sounds at once', () => {
  it('SpO2 (2 samples and 15 s, CLINICAL.md "Alarms": a 15 s delay): 14.999 s checking, 15 s sounds', () => {
    const session = oximetry([97, 92, 92, 92, 92]); // 92 from 5 s to 20 s
    expect(limits(session, 5 * SECOND)).toEqual(['limit:spo2-medium checking']);
    expect(limits(session, 20 * SECOND - MS)).toEqual(['limit:spo2-medium checking']);
    expect(limits(session, 20 * SECOND)).toEqual(['limit:spo2-medium sounds']);
    expect(limits(session, 20 * SECOND + MS)).toEqual(['limit:spo2-medium sounds']);
  });

  it('one sample is never enough, however long ago; with no repeat for 90 s it sounds anyway', () => {
    const session = oximetry([97, 92]); // one 92 at 5 s, then nothing
    expect(limits(session, 94 * SECOND)).toEqual(['limit:spo2-medium checking']);
    expect(limits(session, 95 * SECOND - MS)).toEqual(['limit:spo2-medium checking']);
    expect(limits(session, 95 * SECOND)).toEqual(['limit:spo2-medium sounds']);
  });

  // A monitor that reports once a minute over HL7 (the demo's monitors, VIGIL_DEMO_READING_SECONDS
  // 60): the sample after a lone wild one comes a minute later, a little late as a real feed is.
  // It must arrive before the lone sample may sound, or every such artifact sounds (and a high
  // one latches until someone acknowledges it: the demo's red board after a few hours).
  it.each([
    { parameter: 'heartRateBpm', values: [72, 148, 73], alarm: 'limit:heart-rate-high' },
    { parameter: 'spo2Percent', values: [97, 81, 97], alarm: 'limit:spo2-high' },
  ] as const)(
    'a monitor reporting once a minute: a lone $parameter of $values.1 stays checking until the next sample, 61 s later, ends it',
    ({ parameter, values, alarm }) => {
      const session = alarmSession();
      session.vitals(-1, NORMAL_VITALS);
      const sample = (value: number) => ({ ...NORMAL_VITALS, [parameter]: value });
      session.vitals(0, sample(values[0]), oximeter);
      session.vitals(1, sample(values[1]), oximeter);
      expect(limits(session, 2 + 1 * SECOND - MS)).toEqual([`${alarm} checking`]);
      session.vitals(2 + 1 * SECOND, sample(values[2]), oximeter);
      expect(limits(session, 2 + 1 * SECOND)).toEqual([]);
    },
  );

  it('a normal sample breaks the run: the count starts again', () => {
    const session = oximetry([92, 92, 97, 92, 92]);
    // The run is 15-20 s: 5 s long at 20 s.
    expect(limits(session, 20 * SECOND)).toEqual(['limit:spo2-medium checking']);
  });

  it('the nurse typing the same value makes it deliberate: it sounds at once', () => {
    const session = oximetry([97, 92]);
    session.vitals(6 * SECOND, { spo2Percent: 92 });
    expect(limits(session, 6 * SECOND)).toEqual(['limit:spo2-medium sounds']);
  });

  it('a monitor sample a nurse confirmed as real is deliberate', () => {
    const session = oximetry([97, 92]);
    const readingId = session.state().readings.at(-1)!.readingId;
    session.add('reading.confirmed', { readingId }, session.minutes(6 * SECOND));
    expect(limits(session, 6 * SECOND)).toEqual(['limit:spo2-medium sounds']);
  });

  it('blood pressure from a cuff: the second reading that agrees sounds (2 samples, no time)', () => {
    const session = alarmSession();
    session.vitals(-10, NORMAL_VITALS);
    session.dose(0);
    session.vitals(0, { systolicMmHg: 170, diastolicMmHg: 100 }, monitor);
    session.vitals(5, { systolicMmHg: 185, diastolicMmHg: 104 }, monitor);
    expect(limits(session, 5)).toEqual(['limit:systolic-high checking']);
    session.vitals(10, { systolicMmHg: 188, diastolicMmHg: 104 }, monitor);
    expect(limits(session, 10)).toEqual(['limit:systolic-high sounds']);
  });

  it('a rise from baseline waits for its samples too', () => {
    const session = alarmSession();
    session.vitals(-10, { ...NORMAL_VITALS, systolicMmHg: 120, diastolicMmHg: 80 });
    session.dose(0);
    session.vitals(30, { systolicMmHg: 150, diastolicMmHg: 90 }, monitor);
    session.vitals(35, { systolicMmHg: 162, diastolicMmHg: 92 }, monitor);
    const rise = (minute: number) =>
      evaluateAlarmConditions(session.state(), protocol, session.minutes(minute))
        .filter((c) => c.kind === 'baseline_rise')
        .map((c) => `${c.alarmId} ${c.recheck ? 'checking' : 'sounds'}`);
    expect(rise(35)).toEqual(['rise:systolic checking']);
    session.vitals(40, { systolicMmHg: 163, diastolicMmHg: 92 }, monitor);
    expect(rise(40)).toEqual(['rise:systolic sounds']);
  });
});

describe('suspected artifacts: a jump from the neighbours and back', () => {
  const suspects = (session: ReturnType<typeof alarmSession>, key: 'heartRateBpm' | 'spo2Percent' | 'systolicMmHg') =>
    weighedSeries(session.state(), key, controls).map((value) => `${value.value}${value.suspect === 'none' ? '' : ` ${value.suspect}`}`);

  function heartRates(values: number[], every = 5 * SECOND) {
    const session = alarmSession();
    values.forEach((heartRateBpm, index) => session.vitals(index * every, { heartRateBpm, spo2Percent: 97 }, oximeter));
    return session;
  }

  it('a single heart-rate sample of 148 between 72 and 73 is a suspected artifact and never sounds', () => {
    const session = heartRates([72, 148, 73]);
    expect(suspects(session, 'heartRateBpm')).toEqual(['72', '148 returned', '73']);
    expect(limits(session, 10 * SECOND)).toEqual([]);
  });

  it('a jump not yet back whose samples scatter (a probe moving) waits at least its return window (60 s) before it may sound', () => {
    const session = heartRates([72, 148, 175, 135, 165]);
    expect(suspects(session, 'heartRateBpm')).toEqual(['72', '148 pending', '175 pending', '135 pending', '165 pending']);
    // 2 samples and 15 s would do for a gradual change; a jump holds for 60 s from its first sample.
    expect(limits(session, 65 * SECOND - MS)).toEqual(['limit:heart-rate-high checking']);
    expect(limits(session, 65 * SECOND)).toEqual(['limit:heart-rate-high sounds']);
  });

  it('a jump not yet back that holds steady (all within half the jump) is a real change: it sounds after 2 samples and 15 s', () => {
    const session = heartRates([72, 148, 150, 149, 163]);
    expect(suspects(session, 'heartRateBpm')).toEqual(['72', '148 pending', '150 pending', '149 pending', '163 pending']);
    // 148 to 163 is 15 apart: within half the jump (15). From the first at 5 s, 15 s on.
    expect(limits(session, 20 * SECOND - MS)).toEqual(['limit:heart-rate-high checking']);
    expect(limits(session, 20 * SECOND)).toEqual(['limit:heart-rate-high sounds']);
    // One more apart (164) and the run scatters: it waits the return window.
    expect(limits(heartRates([72, 148, 150, 149, 164]), 20 * SECOND)).toEqual(['limit:heart-rate-high checking']);
  });

  it('a sudden desaturation that holds (98 to 88, 88, 87, 87) sounds after 15 s, not a minute later', () => {
    const session = oximetry([88, 88, 87, 87]);
    expect(limits(session, 20 * SECOND)).toEqual(expect.arrayContaining([expect.stringMatching(/spo2.* sounds$/)]));
  });

  it('jump boundaries: 29 from the neighbour is no jump, 30 is; back within half the jump (15) counts, 15 away does not', () => {
    expect(suspects(heartRates([72, 101, 72]), 'heartRateBpm')).toEqual(['72', '101', '72']);
    expect(suspects(heartRates([72, 102, 72]), 'heartRateBpm')).toEqual(['72', '102 returned', '72']);
    expect(suspects(heartRates([72, 102, 86]), 'heartRateBpm')).toEqual(['72', '102 returned', '86']);
    expect(suspects(heartRates([72, 102, 87]), 'heartRateBpm')).toEqual(['72', '102', '87']);
  });

  it('a run of wild samples (a probe coming off) that comes back in time is one suspected artifact', () => {
    const session = oximetry([97, 70, 72, 68, 97]);
    expect(suspects(session, 'spo2Percent')).toEqual(['98', '97', '70 returned', '72 returned', '68 returned', '97']);
    expect(limits(session, 20 * SECOND)).toEqual([]);
  });

  it('coming back after the return window is no artifact: the change was real', () => {
    const session = heartRates([72, 148, 73], 61 * SECOND);
    expect(suspects(session, 'heartRateBpm')).toEqual(['72', '148', '73']);
  });

  it('typed values are never suspect', () => {
    const session = alarmSession();
    session.vitals(0, { heartRateBpm: 72 });
    session.vitals(1, { heartRateBpm: 148 });
    session.vitals(2, { heartRateBpm: 72 });
    expect(suspects(session, 'heartRateBpm')).toEqual(['72', '148', '72']);
  });

  it('a cuff reading thrown by motion (+45) and a good one 5 min later: a suspected artifact', () => {
    const session = alarmSession();
    session.vitals(0, { systolicMmHg: 125, diastolicMmHg: 80 }, monitor);
    session.vitals(5, { systolicMmHg: 170, diastolicMmHg: 104 }, monitor);
    session.vitals(10, { systolicMmHg: 127, diastolicMmHg: 81 }, monitor);
    expect(suspects(session, 'systolicMmHg')).toEqual(['125', '170 returned', '127']);
  });
});
