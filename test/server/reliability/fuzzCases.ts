import fc from 'fast-check';
import type { z } from 'zod';
import { COMMANDS, isRequestName, REQUEST_NAMES, type RequestName } from '../../../shared/realtime/commands';
import * as requests from '../../../shared/realtime/requests';
import { loginRequestSchema } from '../../../shared/http/api';
import { protocolSchema } from '../../../shared/protocols/schema';
import { spravato56Protocol } from '../../../shared/protocols/defaults';
import {
  assignReadingRequestSchema,
  deviceApproveRequestSchema,
  deviceCreateRequestSchema,
  deviceUpdateRequestSchema,
  gatewayAuthSchema,
  readingSubmitRequestSchema,
} from '../../../shared/realtime/devicesContract';

/**
 * Hostile and random input for the contract: shared by the hostile-input tests, the schema
 * property tests and `scripts/fuzz.ts`.
 */

/** Every request a screen may send: the command table's names. */
export const INBOUND_EVENTS: string[] = [...REQUEST_NAMES];

type Schemas = Record<string, z.ZodType>;

/** Every `...RequestSchema` exported by shared/realtime/requests.ts. */
export const REQUEST_SCHEMAS: Schemas = Object.fromEntries(
  Object.entries(requests).filter(
    ([name, value]) => name.endsWith('RequestSchema') && typeof (value as z.ZodType).safeParse === 'function',
  ),
) as Schemas;

/** The schema of an inbound event, from the command table. */
export function schemaFor(event: string): z.ZodType | undefined {
  return isRequestName(event) ? COMMANDS[event].request : undefined;
}

const VITALS = { systolicMmHg: 128, diastolicMmHg: 82, heartRateBpm: 74, spo2Percent: 98, respiratoryRatePerMin: 14 };

/** One valid request per inbound event (shape only: whether the session allows it is another matter). */
export function validExamples(ids: {
  sessionId: string;
  roomId: string;
  commandId: () => string;
  now: number;
}): Record<string, Record<string, unknown>> {
  const base = () => ({ commandId: ids.commandId(), sessionId: ids.sessionId });
  return {
    'session.watch': { sessionId: ids.sessionId, afterSeq: 0 },
    'session.unwatch': { sessionId: ids.sessionId },
    'session.readingsInInterval': { sessionId: ids.sessionId, from: ids.now - 300_000, to: ids.now },
    'vitals.record': { ...base(), observedAt: ids.now, vitals: { ...VITALS } },
    'clinic.watch': {},
    'time.sync': { clientSentAt: ids.now },
    'session.open': { commandId: ids.commandId(), roomId: ids.roomId, patientAlias: 'T.P.', protocolId: 'spravato-56' },
    'checklist.tick': { ...base(), checklist: 'pre_dose', itemId: 'consent', note: 'ok', date: ids.now },
    'checklist.untick': { ...base(), checklist: 'pre_dose', itemId: 'consent' },
    'predose.acknowledgeAdvisory': { ...base(), reason: 'Rechecked after 5 minutes' },
    'dose.record': {
      ...base(),
      observedAt: ids.now,
      drug: 'esketamine',
      route: 'intranasal',
      lotNumber: 'L123',
      doseMg: 56,
      deviceCount: 2,
    },
    'observation.record': { ...base(), observedAt: ids.now, observation: { kind: 'moaas', score: 5 } },
    'questionnaire.record': {
      ...base(),
      observedAt: ids.now,
      questionnaire: { instrument: 'gad7', answers: [0, 1, 0, 1, 0, 1, 0] },
      completedBy: 'staff',
    },
    'questionnaire.handOver': { ...base(), instrument: 'phq9' },
    'session.discharge': { ...base() },
    'session.endEarly': { ...base(), reason: 'Patient asked to stop' },
    'amendment.record': { ...base(), targetSeq: 2, reason: 'Typo', change: { kind: 'note', text: 'Was 72, not 27' } },
    'alarm.acknowledge': { ...base(), alarmId: 'limits:spo2:low', note: 'Probe repositioned' },
    'alarm.pauseAudio': { ...base() },
    'reading.markArtifact': { ...base(), readingId: 'reading-1', reason: 'Probe off the finger' },
    'reading.confirm': { ...base(), readingId: 'reading-1' },
  } satisfies Record<RequestName, Record<string, unknown>>; // A new row of the command table needs its example here.
}

export function deepObject(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

export function deepArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

/** Values that are wrong for any field: wrong types, absurd numbers, huge strings, deep nesting. */
export const HOSTILE_VALUES: { name: string; value: unknown; neverValid?: true }[] = [
  { name: 'null', value: null },
  { name: 'true', value: true },
  { name: 'empty string', value: '' },
  { name: 'string', value: 'DROP TABLE session_events; --' },
  // Wrong for a text field too: no accepted text holds a control character (shared/validation.ts).
  { name: 'string with NUL', value: 'a\u0000b', neverValid: true },
  { name: 'string with an escape sequence', value: '\u001b[31mred', neverValid: true },
  { name: 'huge string (40k)', value: 'x'.repeat(40_000) },
  { name: 'negative number', value: -1 },
  { name: 'fraction', value: 0.5 },
  { name: 'huge number', value: 1e308 },
  { name: 'NaN (null on the wire)', value: Number.NaN },
  { name: 'Infinity (null on the wire)', value: Number.POSITIVE_INFINITY },
  { name: '-Infinity (null on the wire)', value: Number.NEGATIVE_INFINITY },
  { name: 'array', value: [1, 2, 3] },
  { name: 'empty object', value: {} },
  { name: 'deep object (2000)', value: deepObject(2000) },
  { name: 'deep array (2000)', value: deepArray(2000) },
  { name: '__proto__ object', value: JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown },
  { name: 'constructor object', value: { constructor: { prototype: { polluted: 'yes' } } } },
];

/** Times that must never be accepted: before 2000, after 2100, not whole ms, not numbers. */
export const HOSTILE_TIMES: { name: string; value: unknown }[] = [
  { name: 'epoch 0', value: 0 },
  { name: 'negative time', value: -86_400_000 },
  { name: 'year 1999', value: Date.UTC(1999, 11, 31) },
  { name: 'year 2101', value: Date.UTC(2101, 0, 1) },
  { name: 'year 275760', value: 8.64e15 },
  { name: 'MAX_SAFE_INTEGER', value: Number.MAX_SAFE_INTEGER },
  { name: 'fractional ms', value: Date.UTC(2030, 0, 1) + 0.5 },
  { name: 'ISO string', value: '2030-01-01T00:00:00Z' },
];

export interface HostileCase {
  name: string;
  /** The arguments before the ack callback. */
  args: unknown[];
  /** Wrong whatever the field's schema says (kept even where the schema alone would pass it). */
  neverValid?: true;
}

/** Whole-request attacks plus, for each field of the valid example, each hostile value in its place. */
export function hostileCases(example: Record<string, unknown>, schema: z.ZodType): HostileCase[] {
  const cases: HostileCase[] = [
    { name: 'no request at all', args: [] },
    { name: 'two requests', args: [example, example] },
    { name: 'null request', args: [null] },
    { name: 'number request', args: [42] },
    { name: 'string request', args: ['{"sessionId":"x"}'] },
    { name: 'array request', args: [[example]] },
    { name: 'extra field', args: [{ ...example, extra: true }] },
    { name: 'extra field named admin', args: [{ ...example, role: 'admin' }] },
    { name: '__proto__ key', args: [withOwnKey(example, '__proto__', { polluted: 'yes' })] },
    { name: 'prototype key', args: [withOwnKey(example, 'prototype', { polluted: 'yes' })] },
    { name: 'constructor key', args: [{ ...example, constructor: { prototype: { polluted: 'yes' } } }] },
    { name: 'deep object request', args: [deepObject(3000)] },
    { name: 'many keys', args: [Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]))] },
  ];
  for (const field of Object.keys(example)) {
    for (const hostile of HOSTILE_VALUES)
      cases.push({ name: `${field} = ${hostile.name}`, args: [{ ...example, [field]: hostile.value }], neverValid: hostile.neverValid });
    const missing = { ...example };
    delete missing[field];
    cases.push({ name: `${field} missing`, args: [missing] });
    if (field === 'observedAt' || field === 'clientSentAt' || field === 'date') {
      for (const time of HOSTILE_TIMES) {
        // clientSentAt is only an echo for clock offset: any finite number is fine there, so only non-numbers are hostile.
        if (field === 'clientSentAt' && typeof time.value === 'number' && Number.isFinite(time.value)) continue;
        cases.push({ name: `${field} = ${time.name}`, args: [{ ...example, [field]: time.value }] });
      }
    }
  }
  // What the server receives is the JSON of the request (NaN and Infinity become null): drop the
  // few variations that are still valid once encoded (an optional field left out, an empty note).
  return cases.filter((c) => c.neverValid || c.args.length !== 1 || !schema.safeParse(onTheWire(c.args[0])).success);
}

/** The value as Socket.IO delivers it: JSON-encoded and decoded. */
export function onTheWire(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** A copy with an own, enumerable key (works for "__proto__", which a spread or assignment would not create). */
export function withOwnKey(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...object };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Nonsense event names: none may reach a handler; each must still get an answer if it asks for one. */
export const UNKNOWN_EVENTS = [
  'no.such.event',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'session.event',
  'clinic.rooms',
  'server.clock',
  'x'.repeat(5000),
  'vitals.record ',
  'VITALS.RECORD',
];

/** Random JSON-ish values, including the awkward ones. */
export const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue() },
  {
    weight: 1,
    arbitrary: fc.anything({
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
      withDate: true,
    }),
  },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_VALUES.map((h) => h.value), ...HOSTILE_TIMES.map((t) => t.value)) },
);

/** A valid example with a few fields replaced, removed or added: close enough to valid to get past the first checks. */
export function mutatedArb(example: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(example);
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('set' as const), key: keys.length ? fc.constantFrom(...keys) : fc.string(), value: anyJson }),
    fc.record({ op: fc.constant('delete' as const), key: keys.length ? fc.constantFrom(...keys) : fc.string(), value: fc.constant(null) }),
    fc.record({
      op: fc.constant('add' as const),
      key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype')),
      value: anyJson,
    }),
    fc.record({ op: fc.constant('keep' as const), key: fc.constant(''), value: fc.constant(null) }),
  );
  return fc.array(mutation, { minLength: 0, maxLength: 3 }).map((mutations) => {
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(example)) as Record<string, unknown>;
    for (const m of mutations) {
      if (m.op === 'set' || m.op === 'add')
        Object.defineProperty(copy, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
      else if (m.op === 'delete') delete copy[m.key];
    }
    return copy;
  });
}

/**
 * The other inbound schemas: the /devices namespace (handshake and reading.submit) and the HTTP
 * bodies, each with a valid example.
 */
export const OTHER_INBOUND: { name: string; schema: z.ZodType; example: Record<string, unknown> }[] = [
  { name: 'gatewayAuthSchema (/devices handshake)', schema: gatewayAuthSchema, example: { deviceId: 'monitor-1', key: 'k'.repeat(32) } },
  {
    name: 'readingSubmitRequestSchema (/devices reading.submit)',
    schema: readingSubmitRequestSchema,
    example: { commandId: 'c-1', observedAt: Date.UTC(2030, 0, 1), vitals: { ...VITALS } },
  },
  { name: 'loginRequestSchema (POST /api/auth/login)', schema: loginRequestSchema, example: { username: 'nurse', password: 'secret' } },
  {
    name: 'deviceCreateRequestSchema (POST /api/devices)',
    schema: deviceCreateRequestSchema,
    example: { deviceId: 'monitor-1', name: 'Monitor', roomId: 'room-1', kind: 'gateway' },
  },
  {
    name: 'deviceCreateRequestSchema (POST /api/devices, a monitor)',
    schema: deviceCreateRequestSchema,
    example: {
      deviceId: 'monitor-2',
      name: 'Monitor',
      roomId: 'room-1',
      kind: 'hl7',
      addresses: ['10.20.0.15', '10.20.1.0/24'],
      certificate: 'CN=bed-3',
    },
  },
  {
    name: 'deviceUpdateRequestSchema (PATCH /api/devices/:id)',
    schema: deviceUpdateRequestSchema,
    example: { name: 'Monitor 2', roomId: null, addresses: ['10.20.0.16'] },
  },
  {
    name: 'deviceApproveRequestSchema (POST /api/devices/:id/approve)',
    schema: deviceApproveRequestSchema,
    example: { name: 'Monitor 3', roomId: 'room-1', addresses: ['10.20.0.17'] },
  },
  {
    name: 'assignReadingRequestSchema (POST /api/unassigned-readings/:id/assign)',
    schema: assignReadingRequestSchema,
    example: { sessionId: 'session-1' },
  },
  {
    name: 'protocolSchema (PUT /api/protocols/:id)',
    schema: protocolSchema,
    example: spravato56Protocol() as unknown as Record<string, unknown>,
  },
];
