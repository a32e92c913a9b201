import fc from 'fast-check';
import { buildOruR01 } from '../../../../shared/hl7/build';
import { continuaStyle, geStyle, ihePcd01, mindrayStyle } from '../samples';

/**
 * Inputs for the parser's golden test: varied, malformed and hostile HL7 text. They are
 * generated once (seeded) and written to cases.json with the answers the parser gave then,
 * so the test holds the parser to frozen expectations, not to a second copy of its code.
 */

const MDC = [
  '150021^MDC_PRESS_BLD_NONINV_SYS^MDC',
  '150022^MDC_PRESS_BLD_NONINV_DIA^MDC',
  '150023^MDC_PRESS_BLD_NONINV_MEAN^MDC',
  '150301^MDC_PRESS_CUFF_SYS^MDC',
  '150302^MDC_PRESS_CUFF_DIA^MDC',
  '147842^MDC_ECG_HEART_RATE^MDC',
  '149530^MDC_PULS_OXIM_PULS_RATE^MDC',
  '149546^MDC_PULS_RATE_NON_INV^MDC',
  '150456^MDC_PULS_OXIM_SAT_O2^MDC',
  '151562^MDC_RESP_RATE^MDC',
  '151594^MDC_AWAY_RESP_RATE^MDC',
  '150344^MDC_TEMP^MDC',
  '^mdc_temp',
  'X^text^MDC^150456',
  '69965^MDC_DEV_MON_PHYSIO_MULTI_PARAM_MDS^MDC',
  '188420^ST-II^MDC',
  '150021~150022',
  '',
];
const UNITS = [
  '266016^MDC_DIM_MMHG^MDC',
  'kPa^kPa^UCUM',
  '264864^MDC_DIM_BEAT_PER_MIN^MDC',
  '{beats}/min',
  '262688^MDC_DIM_PERCENT^MDC',
  '%',
  '264928^MDC_DIM_RESP_PER_MIN^MDC',
  '268192^MDC_DIM_DEGC^MDC',
  '[degF]^F^UCUM',
  'mV',
  '^^',
  '',
  'MM\\S\\HG',
];
const VALUES = [
  '98',
  '72',
  '124',
  '78',
  '36.8',
  '98.6',
  '16.0',
  '10.7',
  '-999',
  '-1',
  '-99.9',
  '0',
  '.5',
  '+5',
  '1e3',
  '12abc',
  '',
  ' 81 ',
  '300',
  '<^5',
  '=^97',
  '>^97',
  '\\X3937\\',
  '9\\S\\7',
  '3~4',
];
/** Codes with a unit that fits them, so built messages mostly carry readings. */
const MATCHED: readonly (readonly [string, string])[] = [
  ['150021^MDC_PRESS_BLD_NONINV_SYS', '266016^MDC_DIM_MMHG'],
  ['150022^MDC_PRESS_BLD_NONINV_DIA', '266016^MDC_DIM_MMHG'],
  ['147842^MDC_ECG_HEART_RATE', '264864^MDC_DIM_BEAT_PER_MIN'],
  ['149530^MDC_PULS_OXIM_PULS_RATE', '264864^MDC_DIM_BEAT_PER_MIN'],
  ['150456^MDC_PULS_OXIM_SAT_O2', '262688^MDC_DIM_PERCENT'],
  ['151562^MDC_RESP_RATE', '264928^MDC_DIM_RESP_PER_MIN'],
  ['150344^MDC_TEMP', '268192^MDC_DIM_DEGC'],
];
const TYPES = ['NM', 'SN', 'ST', 'CE', '', 'nm'];
const STATUSES = ['R', 'F', 'X', 'D', 'W', 'N', 'x', ''];
const TIMES = [
  '20261123090000+0000',
  '20261123094300-0600',
  '20261123101500',
  '20261123120005.123+0100',
  '202611231200',
  '2026112312',
  '20260229120000',
  '20280229120000',
  '00040229120000',
  '20261131120000',
  '20261123246000',
  '20261123120000+1500',
  '20261123120000+0560',
  '20261123120000.12345',
  ' 20261123090000 ',
  'yesterday',
  '',
];
const ENCODINGS = [
  '|^~\\&',
  '|^~\\&',
  '|^~\\&',
  '|^~\\&',
  '|^~\\&',
  '|^~\\&',
  '#$%*@',
  '#$%*@',
  '|^~\\',
  '|^\\',
  '|^~',
  '|^^\\&',
  '|^~\\&!!',
  '|A~\\&',
  '|^~\\&|',
];
const TERMINATORS = ['\r', '\n', '\r\n', '\r\r', '\n\n \n'];

const pick = <T>(list: readonly T[]) => fc.constantFrom(...list);

const obx = fc
  .record({
    setId: pick(['1', '2', '3', '', '0', '-1', '2.5', 'x']),
    type: pick(TYPES),
    code: pick(MDC),
    value: pick(VALUES),
    unit: pick(UNITS),
    status: pick(STATUSES),
    time: pick(TIMES),
    device: pick(['ACDE48234567ABCD^EUI-64', '', '\\F\\']),
  })
  .map((r) => `OBX|${r.setId}|${r.type}|${r.code}|1.0.0.1|${r.value}|${r.unit}|||||${r.status}|||${r.time}||||${r.device}`);

const message = fc
  .record({
    encoding: pick(ENCODINGS),
    sender: pick(['AcmeInc^ACDE48234567ABCD^EUI-64', '^0080F4FFFE04F1E3', 'A\\T\\B', '']),
    sentAt: pick(TIMES),
    type: pick(['ORU^R01^ORU_R01', 'ORU^R01^ORU_R01', 'ORU^R01^ORU_R01', 'ORU^R01', 'oru^r01', 'ADT^A01', 'ORU', '', '^R01']),
    controlId: fc.oneof(
      { arbitrary: pick(['MSG1', 'A\\E\\B', 'X'.repeat(199)]), weight: 9 },
      { arbitrary: pick(['', ' ', 'X'.repeat(200)]), weight: 1 },
    ),
    obr: fc.option(pick(TIMES), { nil: undefined }),
    rows: fc.array(obx, { maxLength: 8 }),
    extra: fc.oneof(
      { arbitrary: fc.constant([]), weight: 8 },
      {
        arbitrary: fc.array(pick(['PID|||1', 'PV1||I', 'ZZ1|x', 'obx|1', 'MSH|^~\\&|again', '   ', 'OB', 'NTE|1||note']), { maxLength: 2 }),
        weight: 2,
      },
    ),
    terminator: pick(TERMINATORS),
    bom: fc.boolean(),
  })
  .map((m) => {
    const field = m.encoding.charAt(0);
    const swap = (text: string) => (field === '|' ? text : text.replaceAll('|', field).replaceAll('^', m.encoding.charAt(1) || '^'));
    const lines = [
      `MSH${m.encoding}|${m.sender}||||${m.sentAt}||${m.type}|${m.controlId}|P|2.6`,
      ...m.extra,
      ...(m.obr === undefined ? [] : [`OBR|1||||||${m.obr}`]),
      ...m.rows,
    ].map((line, index) => (index === 0 ? line.slice(0, 3 + m.encoding.length) + swap(line.slice(3 + m.encoding.length)) : swap(line)));
    return (m.bom ? '\uFEFF' : '') + lines.join(m.terminator) + m.terminator;
  });

const edited = fc
  .tuple(
    fc.oneof(pick([ihePcd01, geStyle, mindrayStyle, continuaStyle]), message),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat({ max: 20 }),
        fc.oneof(fc.string({ maxLength: 5 }), pick(['|', '^', '~', '\\', '&', '\r', '\n', '\\X41\\', '\\.br\\'])),
      ),
    ),
  )
  .map(([text, edits]) => {
    let out = text;
    for (const [at, cut, insert] of edits.slice(0, 3)) {
      const index = at % (out.length + 1);
      out = out.slice(0, index) + insert + out.slice(index + cut);
    }
    return out;
  });

const soup = fc
  .array(
    pick(['MSH', 'OBX', 'OBR', '|', '^', '~', '\\', '&', '\r', '\n', '150021', '-999', 'ORU', 'R01', '2026112310', '+0100', 'X', '.', '9']),
    {
      maxLength: 120,
    },
  )
  .map((pieces) => `MSH|^~\\&|${pieces.join('')}`);

/** Well-formed messages as monitors send them (built by the simulator's writer), values near the limits. */
const built = fc
  .record({
    sentAt: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }),
    lagMs: fc.integer({ min: 0, max: 120_000 }),
    offsetMinutes: fc.option(pick([0, 60, -360, 330, 840, -720]), { nil: null }),
    terminator: pick(['\r', '\n', '\r\n'] as const),
    rows: fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            pair: pick(MATCHED),
            value: fc.integer({ min: 20, max: 200 }).map(String),
            ownTime: fc.constant(undefined),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            pair: fc.tuple(pick(MDC.slice(0, 12)), pick(UNITS)),
            value: fc.oneof(
              fc.integer({ min: -1000, max: 400 }).map(String),
              fc.double({ min: 0, max: 300, noNaN: true }).map((v) => v.toFixed(1)),
              pick(VALUES),
            ),
            ownTime: fc.option(fc.integer({ min: -60_000, max: 60_000 }), { nil: undefined }),
          }),
        },
      ),
      { maxLength: 8 },
    ),
  })
  .map((m) =>
    buildOruR01({
      sendingApplication: 'BENCH',
      sendingFacility: 'CLINIC',
      controlId: `C${m.sentAt}`,
      sentAt: m.sentAt,
      offsetMinutes: m.offsetMinutes,
      equipmentId: 'ACDE48234567ABCD',
      location: 'Room 1',
      patientAlias: 'B.M.',
      observedAt: m.sentAt - m.lagMs,
      terminator: m.terminator,
      observations: m.rows.map((row) => {
        const [code = '', refId = ''] = row.pair[0].split('^');
        const [unitCode = '', unitText = ''] = row.pair[1].split('^');
        return {
          code,
          refId,
          value: row.value,
          unitCode,
          unitText,
          observedAt: row.ownTime === undefined ? undefined : m.sentAt + row.ownTime,
        };
      }),
    }),
  );

/** The corpus: `count` inputs from a fixed seed (regenerate cases.json only on purpose). */
export function goldenInputs(count: number): string[] {
  return fc.sample(
    fc.oneof(
      { arbitrary: built, weight: 3 },
      { arbitrary: message, weight: 4 },
      { arbitrary: edited, weight: 2 },
      { arbitrary: soup, weight: 1 },
    ),
    {
      seed: 20261201,
      numRuns: count,
    },
  );
}
