import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frame, MllpDecoder, type MllpItem } from '../../../server/devices/mllpFraming';

const texts = (items: MllpItem[]) => items.map((item) => (item.kind === 'frame' ? item.payload.toString('utf8') : item.kind));

describe('MLLP framing', () => {
  it('finds every frame whatever the packet boundaries', () => {
    const messages = ['MSH|one\r', 'MSH|two\rOBX|x\r', 'MSH|three'];
    const stream = Buffer.concat([Buffer.from('\r\n'), ...messages.map(frame), Buffer.from('\n')]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 12 }), (cuts) => {
        const decoder = new MllpDecoder(1024);
        const points = [...new Set([0, ...cuts, stream.length])].sort((a, b) => a - b);
        const out: MllpItem[] = [];
        for (let i = 1; i < points.length; i += 1) out.push(...decoder.push(stream.subarray(points[i - 1], points[i])));
        expect(texts(out)).toEqual(messages);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a lone 0x1C inside a frame as data, also across packets', () => {
    const decoder = new MllpDecoder(1024);
    const out = [...decoder.push(Buffer.from([0x0b, 0x41, 0x1c])), ...decoder.push(Buffer.from([0x42, 0x1c, 0x0d]))];
    expect(out).toHaveLength(1);
    expect(out[0]!.kind === 'frame' && [...out[0]!.payload]).toEqual([0x41, 0x1c, 0x42]);
  });

  it('reports a frame cut off by the next start byte as truncated', () => {
    const decoder = new MllpDecoder(1024);
    expect(texts(decoder.push(Buffer.concat([Buffer.from('\u000bMSH|cut'), frame('MSH|whole')])))).toEqual(['truncated', 'MSH|whole']);
  });

  it('stops at the size cap and at too much data outside frames', () => {
    const big = new MllpDecoder(100);
    expect(texts(big.push(Buffer.concat([Buffer.from([0x0b]), Buffer.alloc(101, 0x41)])))).toEqual(['oversize']);
    expect(big.push(frame('MSH|late'))).toEqual([]);
    const exact = new MllpDecoder(100);
    expect(texts(exact.push(frame('A'.repeat(100))))).toEqual(['A'.repeat(100)]);
    const noise = new MllpDecoder(100);
    expect(texts(noise.push(Buffer.alloc(5000, 0x41)))).toEqual(['junk']);
  });
});
