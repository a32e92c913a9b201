import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../shared/validation';
import type { z } from 'zod';
import { anyJson, INBOUND_EVENTS, mutatedArb, onTheWire, OTHER_INBOUND, REQUEST_SCHEMAS, schemaFor, validExamples } from './fuzzCases';
import { writeResults } from './support';

/**
 * Property tests over every request schema in shared/realtime/requests.ts:
 *  - parseInput never throws, whatever it is given (random JSON, odd JS values, mutated requests);
 *  - a failure always carries a non-empty message and issues with paths;
 *  - every accepted value round-trips: sent again over the wire (JSON), it parses to the same value.
 * FC_RUNS sets the cases per property (default 2000); FC_SEED replays a run.
 */

const RUNS = Number(process.env.FC_RUNS ?? 2000);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const examples = validExamples({ sessionId: 'session-1', roomId: 'room-1', commandId: randomUUID, now: Date.UTC(2030, 5, 1, 12) });
const counts: Record<string, { cases: number; accepted: number }> = {};

function checkWith(name: string, input: unknown, schema: z.ZodType) {
  const tally = (counts[name] ??= { cases: 0, accepted: 0 });
  tally.cases += 1;
  const result = parseInput(schema, input);
  if (!result.ok) {
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.message.length).toBeLessThanOrEqual(200);
    for (const issue of result.error.issues) expect(Array.isArray(issue.path)).toBe(true);
    return;
  }
  tally.accepted += 1;
  const again = parseInput(schema, onTheWire(result.value));
  expect(again.ok).toBe(true);
  // Compared as the wire carries them: JSON has no -0 (a clientSentAt of -0 arrives as 0, the same instant).
  if (again.ok) expect(onTheWire(again.value)).toEqual(onTheWire(result.value));
}

describe('request schemas under random input', () => {
  it('covers every request schema, and each belongs to an inbound event', () => {
    const tableSchemas = INBOUND_EVENTS.map((event) => schemaFor(event));
    for (const [name, schema] of Object.entries(REQUEST_SCHEMAS)) expect(tableSchemas, name).toContain(schema);
    for (const event of INBOUND_EVENTS) expect(schemaFor(event), event).toBeDefined();
  });

  for (const event of INBOUND_EVENTS) {
    const name = event;
    it(`${event}: random values never throw; accepted values round-trip`, () => {
      const schema = schemaFor(event)!;
      const check = (input: unknown) => checkWith(name, input, schema);
      fc.assert(
        fc.property(anyJson, (input) => check(input)),
        { numRuns: RUNS, seed: SEED },
      );
      fc.assert(
        fc.property(mutatedArb(examples[event]!), (input) => check(input)),
        { numRuns: RUNS, seed: SEED },
      );
      // The mutations keep some requests valid, so the round-trip property is really exercised.
      expect(counts[name]!.accepted).toBeGreaterThan(0);
    });
  }

  for (const other of OTHER_INBOUND) {
    it(`${other.name}: random values never throw; accepted values round-trip`, () => {
      expect(other.schema.safeParse(other.example).success).toBe(true);
      fc.assert(
        fc.property(anyJson, (input) => checkWith(other.name, input, other.schema)),
        { numRuns: RUNS, seed: SEED },
      );
      fc.assert(
        fc.property(mutatedArb(other.example), (input) => checkWith(other.name, input, other.schema)),
        { numRuns: RUNS, seed: SEED },
      );
      expect(counts[other.name]!.accepted).toBeGreaterThan(0);
    });
  }

  it('records the number of cases run', () => {
    const total = Object.values(counts).reduce((sum, c) => sum + c.cases, 0);
    writeResults('test-results/schema-properties.json', {
      schemas: INBOUND_EVENTS.length + OTHER_INBOUND.length,
      casesPerProperty: RUNS,
      totalCases: total,
      perSchema: counts,
      finishedAt: new Date().toISOString(),
    });
    expect(total).toBeGreaterThanOrEqual((INBOUND_EVENTS.length + OTHER_INBOUND.length) * RUNS * 2);
  });
});
