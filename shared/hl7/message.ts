import { fail, type Result } from '../result';
import { decodeEscapes, type Hl7Encoding } from './encoding';

/** One segment: `fields[n]` is field n as written (escapes not yet decoded); `fields[0]` is the name. */
export interface Hl7Segment {
  name: string;
  fields: string[];
}

export interface Hl7Message {
  encoding: Hl7Encoding;
  segments: Hl7Segment[];
}

/** Segment names are three upper-case letters or digits (Z-segments included). */
const SEGMENT_NAME = /^[A-Z][A-Z0-9]{2}$/;
/** Beyond this, the message is not a monitor's observation but noise or an attack. */
export const MAX_SEGMENTS = 5000;

function readEncoding(first: string): Result<{ encoding: Hl7Encoding }> {
  if (!first.startsWith('MSH')) return fail('invalid_input', 'The message does not start with an MSH segment');
  const field = first.charAt(3);
  const end = first.indexOf(field, 4);
  const chars = end < 0 ? first.slice(4) : first.slice(4, end);
  if (!field || chars.length < 3 || chars.length > 5) {
    return fail('invalid_input', 'MSH-1/MSH-2 (field separator and encoding characters) are missing or malformed');
  }
  const [component = '', repetition = '', escape = '', subcomponent = ''] = [...chars];
  const all = [field, component, repetition, escape, subcomponent].filter((c) => c !== '');
  const distinct = new Set(all).size === all.length;
  const printable = all.every((c) => /^[!-~]$/.test(c) && !/^[A-Za-z0-9]$/.test(c));
  if (!distinct || !printable || component === '' || escape === '') {
    return fail('invalid_input', 'MSH-2 encoding characters are not usable (they must be distinct punctuation)');
  }
  return { ok: true, encoding: { field, component, repetition, escape, subcomponent } };
}

/**
 * Parses HL7 v2 text into segments. Segments may end with CR, LF or CRLF (senders differ).
 * Returns a failure (never throws) when the text is not an HL7 v2 message.
 */
export function parseHl7(text: string): Result<{ message: Hl7Message }> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '');
  const first = lines[0];
  if (first === undefined) return fail('invalid_input', 'The message is empty');
  if (lines.length > MAX_SEGMENTS) return fail('invalid_input', `The message has more than ${MAX_SEGMENTS} segments`);
  const read = readEncoding(first);
  if (!read.ok) return read;
  const { encoding } = read;
  const segments: Hl7Segment[] = [];
  for (const [index, line] of lines.entries()) {
    const parts = line.split(encoding.field);
    const name = parts[0] ?? '';
    if (!SEGMENT_NAME.test(name)) {
      return fail('invalid_input', `Segment ${index + 1} does not start with a segment name`);
    }
    if (name === 'MSH') {
      if (index !== 0) return fail('invalid_input', `A second MSH segment at segment ${index + 1}`);
      // MSH-1 is the field separator itself and MSH-2 the encoding characters: renumber so fields[n] is MSH-n.
      segments.push({ name, fields: [name, encoding.field, ...parts.slice(1)] });
    } else {
      segments.push({ name, fields: parts });
    }
  }
  return { ok: true, message: { encoding, segments } };
}

/** Field n of a segment as written (escapes not decoded), '' when absent. */
export function rawField(segment: Hl7Segment, n: number): string {
  return segment.fields[n] ?? '';
}

/**
 * One component (1-based) of one repetition (0-based) of field n, escapes decoded.
 * Subcomponents stay joined by the subcomponent separator.
 */
export function component(message: Hl7Message, segment: Hl7Segment, n: number, componentIndex = 1, repetition = 0): string {
  const { encoding } = message;
  const field = rawField(segment, n);
  const repetitions = segment.name === 'MSH' && n <= 2 ? [field] : field.split(encoding.repetition);
  const rep = repetitions[repetition] ?? '';
  if (segment.name === 'MSH' && n <= 2) return rep;
  const comps = rep.split(encoding.component);
  return decodeEscapes(comps[componentIndex - 1] ?? '', encoding).trim();
}

/** Every repetition of field n, each split into decoded components. */
export function repetitions(message: Hl7Message, segment: Hl7Segment, n: number): string[][] {
  const { encoding } = message;
  const field = rawField(segment, n);
  if (field === '') return [];
  return field.split(encoding.repetition).map((rep) => rep.split(encoding.component).map((c) => decodeEscapes(c, encoding).trim()));
}
