import { describe, expect, it } from 'vitest';
import { buildAck } from '../../../shared/hl7/ack';
import { component, parseHl7 } from '../../../shared/hl7/message';

const now = Date.UTC(2026, 10, 23, 10, 0, 0);

function parseAck(text: string) {
  const parsed = parseHl7(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const { message } = parsed;
  const seg = (name: string) => message.segments.find((s) => s.name === name);
  return { message, msh: seg('MSH')!, msa: seg('MSA'), err: seg('ERR') };
}

describe('ACK messages', () => {
  it("AA: MSA-1 AA, MSA-2 the sender's control id, addressed back to the sender", () => {
    const text = buildAck({
      code: 'AA',
      controlId: 'MSG-1',
      receivingApplication: 'MONITOR',
      receivingFacility: 'ICU',
      trigger: 'R01',
      version: '2.6',
      ackControlId: 'V1',
      now,
    });
    expect(text.endsWith('\r')).toBe(true);
    const { message, msh, msa, err } = parseAck(text);
    expect(component(message, msh, 5)).toBe('MONITOR');
    expect(component(message, msh, 6)).toBe('ICU');
    expect(component(message, msh, 7)).toBe('20261123100000+0000');
    expect(component(message, msh, 9, 1)).toBe('ACK');
    expect(component(message, msh, 9, 2)).toBe('R01');
    expect(component(message, msh, 10)).toBe('V1');
    expect(component(message, msa!, 1)).toBe('AA');
    expect(component(message, msa!, 2)).toBe('MSG-1');
    expect(err).toBeUndefined();
  });

  it.each(['AR', 'AE'] as const)('%s carries the reason in MSA-3 and ERR, escaped', (code) => {
    const reason = 'Bad | field ^ and \\ escape';
    const { message, msa, err } = parseAck(buildAck({ code, controlId: 'C|1', reason, ackControlId: 'V2', now }));
    expect(component(message, msa!, 1)).toBe(code);
    expect(component(message, msa!, 2)).toBe('C|1');
    expect(component(message, msa!, 3)).toBe(reason);
    expect(component(message, err!, 4)).toBe('E');
    expect(component(message, err!, 8)).toBe(reason);
  });

  it('ignores a trigger or version that would break the header', () => {
    const text = buildAck({ code: 'AR', controlId: '', trigger: 'R01|X', version: '9|9', ackControlId: 'V3', now });
    const { message, msh } = parseAck(text);
    expect(component(message, msh, 9, 1)).toBe('ACK');
    expect(component(message, msh, 12)).toBe('2.6');
  });
});
