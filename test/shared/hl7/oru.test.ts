import { describe, expect, it } from 'vitest';
import { buildOruR01 } from '../../../shared/hl7/build';
import { MDC_OBSERVATIONS } from '../../../shared/hl7/mdc';
import { parseOruR01, SENTINEL_VALUES, type OruReadings } from '../../../shared/hl7/oru';
import { continuaStyle, geStyle, ihePcd01, mindrayStyle } from './samples';

const UTC = { defaultOffsetMinutes: 0 };

function read(text: string, options = UTC): OruReadings {
  const result = parseOruR01(text, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.oru;
}

/** A one-group message with rows given as [code, refId, value, unitField]. */
function message(rows: [number | string, string, string, string][], extra: { msh7?: string; obr7?: string; obx14?: string[] } = {}) {
  const lines = [
    `MSH|^~\\&|TEST^AABBCCDDEEFF0011^EUI-64|WARD|||${extra.msh7 ?? '20261123100000+0000'}||ORU^R01^ORU_R01|T-1|P|2.6`,
    'PID|||1',
    `OBR|1|||182777000^monitoring of patient^SNOMED-CT|||${extra.obr7 ?? ''}`,
    ...rows.map(
      ([code, refId, value, unit], i) =>
        `OBX|${i + 1}|NM|${code}^${refId}^MDC|1.0.0.${i}|${value}|${unit}|||||R|||${extra.obx14?.[i] ?? ''}||||AABBCCDDEEFF0011^EUI-64`,
    ),
  ];
  return lines.join('\r') + '\r';
}

describe('ORU^R01 readings in the shapes real senders use', () => {
  it('IHE PCD-01 sample: EUI-64 device, SpO2, pulse and NIBP; the mean pressure and MDS row are skipped', () => {
    const oru = read(ihePcd01);
    expect(oru.header).toMatchObject({ sendingApplication: 'AcmeInc', controlId: 'MSGID1234', messageType: 'ORU^R01' });
    expect(oru.equipmentId).toBe('ACDE48234567ABCD');
    expect(oru.readings).toEqual([
      {
        observedAt: Date.UTC(2026, 10, 23, 9, 0, 0),
        vitals: { spo2Percent: 98, heartRateBpm: 72, systolicMmHg: 124, diastolicMmHg: 78 },
        rows: [2, 3, 4, 5],
      },
    ]);
    expect(oru.dropped).toEqual([]);
    expect(oru.skippedRows).toBe(2);
  });

  it('GE style: rows without OBX-14 take OBR-7 with its -0600 offset; the ECG rate wins over the NIBP pulse', () => {
    const oru = read(geStyle);
    expect(oru.equipmentId).toBe('0080F4FFFE04F1E3');
    expect(oru.readings).toHaveLength(1);
    expect(oru.readings[0]!.observedAt).toBe(Date.UTC(2026, 10, 23, 15, 43, 0));
    expect(oru.readings[0]!.vitals).toEqual({
      heartRateBpm: 81,
      systolicMmHg: 138,
      diastolicMmHg: 86,
      respiratoryRatePerMin: 16,
      temperatureC: 36.8,
    });
  });

  it('Mindray style: LF terminators, no offsets (the default applies), cuff codes, a -100 pulse dropped, ST rows skipped', () => {
    const oru = read(mindrayStyle, { defaultOffsetMinutes: 120 });
    expect(oru.equipmentId).toBeNull();
    expect(oru.header.sendingApplication).toBe('Mindray');
    expect(oru.readings).toEqual([
      {
        observedAt: Date.UTC(2026, 10, 23, 8, 15, 0),
        vitals: { systolicMmHg: 131, diastolicMmHg: 84, spo2Percent: 97, respiratoryRatePerMin: 15 },
        rows: [1, 2, 5, 6],
      },
    ]);
    expect(oru.dropped).toMatchObject([{ row: 4, code: '149530', reason: 'sentinel', value: '-100' }]);
    expect(oru.skippedRows).toBe(2);
  });

  it('Continua style: CRLF, fractional seconds, kPa converted to mmHg, UCUM beats per minute', () => {
    const oru = read(continuaStyle);
    expect(oru.equipmentId).toBe('1122334455667788');
    expect(oru.readings).toEqual([
      {
        observedAt: Date.UTC(2026, 10, 23, 10, 59, 0),
        vitals: { systolicMmHg: 120, diastolicMmHg: 80, heartRateBpm: 66 },
        rows: [2, 3, 4],
      },
    ]);
  });
});

describe('codes and units', () => {
  const plausible: Record<string, string> = {
    systolicMmHg: '120',
    diastolicMmHg: '80',
    heartRateBpm: '70',
    spo2Percent: '97',
    respiratoryRatePerMin: '14',
    temperatureC: '36.6',
  };
  const units: Record<string, string> = {
    systolicMmHg: '266016^MDC_DIM_MMHG^MDC',
    diastolicMmHg: '266016^MDC_DIM_MMHG^MDC',
    heartRateBpm: '264864^MDC_DIM_BEAT_PER_MIN^MDC',
    spo2Percent: '262688^MDC_DIM_PERCENT^MDC',
    respiratoryRatePerMin: '264928^MDC_DIM_RESP_PER_MIN^MDC',
    temperatureC: '268192^MDC_DIM_DEGC^MDC',
  };

  it.each(MDC_OBSERVATIONS.filter((o) => o.vital !== null && o.vital !== 'systolicMmHg' && o.vital !== 'diastolicMmHg'))(
    'reads MDC $code ($refId) by number and by reference id',
    (observation) => {
      const vital = observation.vital!;
      for (const [code, refId] of [
        [observation.code, observation.refId],
        ['', observation.refId],
      ] as const) {
        const oru = read(message([[code, refId, plausible[vital]!, units[vital]!]]));
        expect(oru.readings[0]?.vitals).toEqual({ [vital]: Number(plausible[vital]) });
      }
    },
  );

  it.each([
    [150021, 150022],
    [150301, 150302],
  ])('reads blood pressure from %i/%i as a pair', (sys, dia) => {
    const oru = read(
      message([
        [sys, 'X', '141', '266016^MDC_DIM_MMHG^MDC'],
        [dia, 'Y', '91', '266016^MDC_DIM_MMHG^MDC'],
      ]),
    );
    expect(oru.readings[0]?.vitals).toEqual({ systolicMmHg: 141, diastolicMmHg: 91 });
  });

  it('prefers NIBP to cuff codes and ECG rate to pulse rates within one time', () => {
    const oru = read(
      message([
        [150301, 'MDC_PRESS_CUFF_SYS', '150', 'mm[Hg]'],
        [150302, 'MDC_PRESS_CUFF_DIA', '95', 'mm[Hg]'],
        [150021, 'MDC_PRESS_BLD_NONINV_SYS', '130', 'mm[Hg]'],
        [150022, 'MDC_PRESS_BLD_NONINV_DIA', '85', 'mm[Hg]'],
        [149546, 'MDC_PULS_RATE_NON_INV', '90', '/min'],
        [149530, 'MDC_PULS_OXIM_PULS_RATE', '80', '/min'],
        [147842, 'MDC_ECG_HEART_RATE', '75', '/min'],
      ]),
    );
    expect(oru.readings[0]?.vitals).toEqual({ systolicMmHg: 130, diastolicMmHg: 85, heartRateBpm: 75 });
  });

  it.each([
    ['266016^MDC_DIM_MMHG^MDC', 120],
    ['^MDC_DIM_MMHG^MDC', 120],
    ['mm[Hg]^mm[Hg]^UCUM', 120],
    ['mmHg', 120],
    ['', 120],
  ])('blood pressure unit %s', (unit, expected) => {
    const oru = read(
      message([
        [150021, 'S', '120', unit],
        [150022, 'D', '80', unit],
      ]),
    );
    expect(oru.readings[0]?.vitals.systolicMmHg).toBe(expected);
  });

  it('converts kPa and degF; rounds integer vitals; keeps one decimal of temperature', () => {
    const oru = read(
      message([
        [150021, 'S', '17.3', 'kPa^kPa^UCUM'],
        [150022, 'D', '10.0', 'kPa^kPa^UCUM'],
        [150344, 'T', '98.6', '[degF]^[degF]^UCUM'],
        [150456, 'O', '96.6', '%'],
      ]),
    );
    expect(oru.readings[0]?.vitals).toEqual({ systolicMmHg: 130, diastolicMmHg: 75, temperatureC: 37, spo2Percent: 97 });
  });

  it('drops a value whose unit does not fit its vital, or is unknown', () => {
    const oru = read(
      message([
        [150456, 'O', '97', '266016^MDC_DIM_MMHG^MDC'],
        [147842, 'H', '70', 'furlongs^furlongs^UCUM'],
      ]),
    );
    expect(oru.readings).toEqual([]);
    expect(oru.dropped.map((d) => d.reason)).toEqual(['unit', 'unit']);
  });

  it('skips rows it does not know without failing the message', () => {
    const oru = read(
      message([
        [188420, 'MDC_ECG_AMPL_ST_II', '0.1', 'mV'],
        [999999, 'SOMETHING', '1', ''],
        [147842, 'HR', '66', '/min'],
      ]),
    );
    expect(oru.skippedRows).toBe(2);
    expect(oru.readings[0]?.vitals).toEqual({ heartRateBpm: 66 });
  });

  it('reads SN values with "=" or no comparator, not "<" or ">"', () => {
    const text = message([]).replace(
      /OBR\|[^\r]*\r/,
      (obr) => `${obr}OBX|1|SN|147842^HR^MDC||=^71|/min|||||R\rOBX|2|SN|150456^SPO2^MDC||>^90|%|||||R\r`,
    );
    const oru = read(text);
    expect(oru.readings[0]?.vitals).toEqual({ heartRateBpm: 71 });
    expect(oru.dropped.map((d) => d.reason)).toEqual(['not_numeric']);
  });
});

describe('values that are not readings', () => {
  it.each([...SENTINEL_VALUES].map((v) => String(v)))('sentinel %s is dropped as "no value"', (value) => {
    const oru = read(
      message([
        [150456, 'SPO2', value, '%'],
        [147842, 'HR', '70', '/min'],
      ]),
    );
    expect(oru.readings[0]?.vitals).toEqual({ heartRateBpm: 70 });
    expect(oru.dropped).toMatchObject([{ reason: 'sentinel', code: '150456', value }]);
  });

  it.each([
    [150456, '120', '%'],
    [147842, '400', '/min'],
    [147842, '0', '/min'],
    [151562, '90', '/min'],
    [150344, '45.5', 'Cel'],
  ])('implausible %i = %s is dropped', (code, value, unit) => {
    const oru = read(message([[code, 'X', value, unit]]));
    expect(oru.readings).toEqual([]);
    expect(oru.dropped[0]?.reason).toBe('implausible');
  });

  it('a sentinel-only message parses with no readings and every value listed', () => {
    const oru = read(
      message([
        [150021, 'S', '-999', 'mmHg'],
        [150022, 'D', '-999', 'mmHg'],
        [150456, 'O', '-1', '%'],
        [147842, 'H', '-99.9', '/min'],
      ]),
    );
    expect(oru.readings).toEqual([]);
    expect(oru.dropped).toHaveLength(4);
    expect(oru.dropped.every((d) => d.reason === 'sentinel')).toBe(true);
  });

  it('empty values, status X and text values are dropped', () => {
    const text =
      message([
        [147842, 'HR', '', '/min'],
        [150456, 'SPO2', 'N/A', '%'],
      ]) + 'OBX|3|NM|151562^RR^MDC||14|/min|||||X\r';
    const oru = read(text);
    expect(oru.readings).toEqual([]);
    expect(oru.dropped.map((d) => d.reason)).toEqual(['no_value', 'not_numeric', 'no_value']);
  });

  it('blood pressure without its pair, or with diastolic not below systolic, is dropped whole', () => {
    const single = read(
      message([
        [150021, 'S', '130', 'mmHg'],
        [147842, 'H', '70', '/min'],
      ]),
    );
    expect(single.readings[0]?.vitals).toEqual({ heartRateBpm: 70 });
    expect(single.dropped[0]?.reason).toBe('unpaired');
    const swapped = read(
      message([
        [150021, 'S', '80', 'mmHg'],
        [150022, 'D', '120', 'mmHg'],
      ]),
    );
    expect(swapped.readings).toEqual([]);
    expect(swapped.dropped.map((d) => d.reason)).toEqual(['unpaired', 'unpaired']);
  });
});

describe('measurement times', () => {
  const hr = (n: number): [number, string, string, string] => [147842, 'HR', String(n), '/min'];

  it('OBX-14 first, else OBR-7, else MSH-7', () => {
    const own = read(message([hr(70)], { msh7: '20261123100000+0000', obr7: '20261123095000+0000', obx14: ['20261123094000+0000'] }));
    expect(own.readings[0]?.observedAt).toBe(Date.UTC(2026, 10, 23, 9, 40));
    const obr = read(message([hr(70)], { msh7: '20261123100000+0000', obr7: '20261123095000+0000' }));
    expect(obr.readings[0]?.observedAt).toBe(Date.UTC(2026, 10, 23, 9, 50));
    const msh = read(message([hr(70)], { msh7: '20261123100000+0000' }));
    expect(msh.readings[0]?.observedAt).toBe(Date.UTC(2026, 10, 23, 10, 0));
  });

  it("times without an offset take MSH-7's offset, else the default", () => {
    const fromMsh = read(message([hr(70)], { msh7: '20261123100000+0530', obx14: ['20261123094500'] }));
    expect(fromMsh.readings[0]?.observedAt).toBe(Date.UTC(2026, 10, 23, 4, 15));
    const fromDefault = read(message([hr(70)], { msh7: '20261123100000', obx14: ['20261123094500'] }), { defaultOffsetMinutes: -300 });
    expect(fromDefault.readings[0]?.observedAt).toBe(Date.UTC(2026, 10, 23, 14, 45));
  });

  it('values at different times become separate readings, in time order', () => {
    const oru = read(message([hr(70), hr(72)], { obx14: ['20261123095900+0000', '20261123095800+0000'] }));
    expect(oru.readings.map((r) => [r.observedAt, r.vitals.heartRateBpm])).toEqual([
      [Date.UTC(2026, 10, 23, 9, 58), 72],
      [Date.UTC(2026, 10, 23, 9, 59), 70],
    ]);
  });

  it('an unreadable OBX-14 drops its value; no time anywhere drops it too', () => {
    const bad = read(message([hr(70)], { obx14: ['20261399250000'] }));
    expect(bad.dropped[0]?.reason).toBe('no_time');
    const none = read(message([hr(70)], { msh7: '' }));
    expect(none.dropped[0]?.reason).toBe('no_time');
  });
});

describe('malformed messages fail with a reason and never throw', () => {
  it.each([
    ['empty', ''],
    ['no MSH', 'PID|||1\rOBX|1|NM|147842^HR^MDC||70|/min'],
    ['MSH without encoding characters', 'MSH|\r'],
    ['encoding characters that repeat', 'MSH|^^^^|A\r'],
    ['a second MSH', 'MSH|^~\\&|A||||20261123100000||ORU^R01|1|P|2.6\rMSH|^~\\&|B'],
    ['a line that is not a segment', 'MSH|^~\\&|A||||20261123100000||ORU^R01|1|P|2.6\rthis is text'],
    ['no control id', 'MSH|^~\\&|A||||20261123100000||ORU^R01||P|2.6'],
    ['no message type', 'MSH|^~\\&|A||||20261123100000|||1|P|2.6'],
    ['another message type', 'MSH|^~\\&|A||||20261123100000||ADT^A01|1|P|2.6'],
  ])('%s', (_name, text) => {
    const result = parseOruR01(text, UTC);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(10);
  });

  it('a message from the builder reads back the same values', () => {
    const at = Date.UTC(2026, 10, 23, 12, 0);
    const text = buildOruR01({
      sendingApplication: 'SIM|1',
      sendingFacility: 'Room^3',
      controlId: 'C&1',
      sentAt: at,
      offsetMinutes: -240,
      equipmentId: '00AA00BB00CC00DD',
      location: 'room-3',
      patientAlias: 'A~B',
      observedAt: at,
      observations: [{ code: 150456, refId: 'MDC_PULS_OXIM_SAT_O2', value: '95', unitCode: '262688', unitText: 'MDC_DIM_PERCENT' }],
    });
    const oru = read(text);
    expect(oru.header).toMatchObject({ sendingApplication: 'SIM|1', sendingFacility: 'Room^3', controlId: 'C&1' });
    expect(oru.readings).toEqual([{ observedAt: at, vitals: { spo2Percent: 95 }, rows: [2] }]);
  });
});
