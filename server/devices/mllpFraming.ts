/** MLLP framing (CLINICAL.md): 0x0B + message + 0x1C 0x0D. */
export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CR = 0x0d;

export type MllpItem =
  | { kind: 'frame'; payload: Buffer }
  /** A start byte arrived before the previous frame ended: that frame is broken (never stored). */
  | { kind: 'truncated'; payload: Buffer }
  /** The frame grew past the cap; the connection should be answered and closed. */
  | { kind: 'oversize' }
  /** Too many bytes outside any frame: not an MLLP sender. */
  | { kind: 'junk' };

/** Bytes outside frames tolerated (CR/LF between frames are common and not counted). */
const JUNK_LIMIT = 4096;

export function frame(message: string): Buffer {
  return Buffer.concat([Buffer.from([MLLP_START]), Buffer.from(message, 'utf8'), Buffer.from([MLLP_END, MLLP_CR])]);
}

/**
 * Splits a TCP byte stream into MLLP frames, whatever the packet boundaries: a frame may come
 * in many packets, and one packet may hold several frames. One decoder per connection.
 */
export class MllpDecoder {
  private inside = false;
  private parts: Buffer[] = [];
  private size = 0;
  private junk = 0;
  /** The previous chunk ended with 0x1C inside a frame: a 0x0D at the next chunk's start closes it. */
  private endPending = false;
  private failed = false;

  constructor(private readonly maxFrameBytes: number) {}

  push(chunk: Buffer): MllpItem[] {
    const out: MllpItem[] = [];
    if (this.failed) return out;
    let index = 0;
    while (index < chunk.length) {
      if (!this.inside) {
        const start = chunk.indexOf(MLLP_START, index);
        const skipped = chunk.subarray(index, start < 0 ? chunk.length : start);
        for (const byte of skipped) if (byte !== 0x0d && byte !== 0x0a && byte !== 0x20) this.junk += 1;
        if (this.junk > JUNK_LIMIT) return this.fail(out, { kind: 'junk' });
        if (start < 0) break;
        this.inside = true;
        index = start + 1;
        continue;
      }
      if (this.endPending) {
        this.endPending = false;
        if (chunk[index] === MLLP_CR) {
          out.push({ kind: 'frame', payload: this.take() });
          index += 1;
          continue;
        }
        this.append(Buffer.from([MLLP_END]));
      }
      const end = chunk.indexOf(MLLP_END, index);
      const restart = chunk.indexOf(MLLP_START, index);
      if (restart >= 0 && (end < 0 || restart < end)) {
        this.append(chunk.subarray(index, restart));
        out.push({ kind: 'truncated', payload: this.take() });
        this.inside = true;
        index = restart + 1;
        continue;
      }
      if (end < 0) {
        this.append(chunk.subarray(index));
        if (this.size > this.maxFrameBytes) return this.fail(out, { kind: 'oversize' });
        break;
      }
      this.append(chunk.subarray(index, end));
      if (this.size > this.maxFrameBytes) return this.fail(out, { kind: 'oversize' });
      if (end + 1 >= chunk.length) {
        this.endPending = true;
        break;
      }
      if (chunk[end + 1] === MLLP_CR) {
        out.push({ kind: 'frame', payload: this.take() });
        index = end + 2;
      } else {
        // A lone 0x1C inside a frame is data, not the end.
        this.append(Buffer.from([MLLP_END]));
        index = end + 1;
      }
    }
    return out;
  }

  private append(bytes: Buffer) {
    if (bytes.length === 0) return;
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private take(): Buffer {
    const payload = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    this.inside = false;
    this.junk = 0;
    return payload;
  }

  private fail(out: MllpItem[], item: MllpItem): MllpItem[] {
    this.failed = true;
    this.parts = [];
    this.size = 0;
    out.push(item);
    return out;
  }
}
