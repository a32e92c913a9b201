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

/** True when text[start, end) holds more than whitespace (most lines start with a segment name: checked first). */
function hasText(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  // Letters, digits and punctuation are never whitespace; anything else gets the full check.
  if (start < end && first > 32 && first < 127) return true;
  return text.slice(start, end).trim() !== '';
}

/**
 * Where the lines holding more than whitespace are, as [start, end) pairs one after the other;
 * a line ends with CR, LF or CRLF. Bounds, not strings: the fields are cut from the text directly.
 */
function lineBounds(text: string, from: number): number[] {
  const bounds: number[] = [];
  // indexOf finds line ends much faster than a loop over every character.
  let nextCr = text.indexOf('\r', from);
  let nextLf = text.indexOf('\n', from);
  let start = from;
  for (;;) {
    const end = nextCr < 0 ? nextLf : nextLf < 0 ? nextCr : Math.min(nextCr, nextLf);
    if (end < 0) break;
    if (hasText(text, start, end)) bounds.push(start, end);
    start = end === nextCr && nextLf === end + 1 ? end + 2 : end + 1;
    if (nextCr >= 0 && nextCr < start) nextCr = text.indexOf('\r', start);
    if (nextLf >= 0 && nextLf < start) nextLf = text.indexOf('\n', start);
  }
  if (hasText(text, start, text.length)) bounds.push(start, text.length);
  return bounds;
}

/**
 * Cuts text[start, end) at a one-character separator, as `text.slice(start, end).split(separator)`
 * would, without the intermediate string. `next` carries the position of the next separator
 * from one call to the next (calls go forward through the text): a line without a separator
 * must not cost a search through the rest of the message each time.
 */
function splitBetween(text: string, separator: string, start: number, end: number, next: { at: number }): string[] {
  const parts: string[] = [];
  if (next.at >= 0 && next.at < start) next.at = text.indexOf(separator, start);
  let from = start;
  while (next.at >= 0 && next.at < end) {
    parts.push(text.slice(from, next.at));
    from = next.at + 1;
    next.at = text.indexOf(separator, from);
  }
  parts.push(text.slice(from, end));
  return parts;
}

/**
 * Segment names are an upper-case letter then two upper-case letters or digits (Z-segments
 * included). Checked by character codes: this runs for every segment of every message.
 */
function isSegmentName(name: string): boolean {
  if (name.length !== 3) return false;
  for (let index = 0; index < 3; index += 1) {
    const code = name.charCodeAt(index);
    const upper = code >= 65 && code <= 90;
    const digit = code >= 48 && code <= 57;
    if (!upper && !(digit && index > 0)) return false;
  }
  return true;
}

/**
 * Parses HL7 v2 text into segments. Segments may end with CR, LF or CRLF (senders differ).
 * Returns a failure (never throws) when the text is not an HL7 v2 message.
 */
export function parseHl7(text: string): Result<{ message: Hl7Message }> {
  const bounds = lineBounds(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const lineCount = bounds.length / 2;
  if (lineCount === 0) return fail('invalid_input', 'The message is empty');
  if (lineCount > MAX_SEGMENTS) return fail('invalid_input', `The message has more than ${MAX_SEGMENTS} segments`);
  const read = readEncoding(text.slice(bounds[0], bounds[1]));
  if (!read.ok) return read;
  const { encoding } = read;
  const segments: Hl7Segment[] = [];
  const nextField = { at: text.indexOf(encoding.field, bounds[0]) };
  for (let index = 0; index < lineCount; index += 1) {
    const parts = splitBetween(text, encoding.field, bounds[2 * index] ?? 0, bounds[2 * index + 1] ?? 0, nextField);
    const name = parts[0] ?? '';
    if (!isSegmentName(name)) {
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
 * `text.split(separator)[index]` without building the array (separators are one character):
 * readers ask for one component at a time, many times per message.
 */
function piece(text: string, separator: string, index: number): string | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  let start = 0;
  for (let skipped = 0; skipped < index; skipped += 1) {
    const at = text.indexOf(separator, start);
    if (at < 0) return undefined;
    start = at + 1;
  }
  const end = text.indexOf(separator, start);
  return end < 0 ? text.slice(start) : text.slice(start, end);
}

/**
 * One component (1-based) of one repetition (0-based) of field n, escapes decoded.
 * Subcomponents stay joined by the subcomponent separator.
 */
export function component(message: Hl7Message, segment: Hl7Segment, n: number, componentIndex = 1, repetition = 0): string {
  const { encoding } = message;
  const field = rawField(segment, n);
  // MSH-1 and MSH-2 hold the delimiters themselves: never split, never decoded.
  if (segment.name === 'MSH' && n <= 2) return repetition === 0 ? field : '';
  const rep = piece(field, encoding.repetition, repetition) ?? '';
  return decoded(piece(rep, encoding.component, componentIndex - 1) ?? '', encoding);
}

/** Every repetition of field n, each split into decoded components. */
export function repetitions(message: Hl7Message, segment: Hl7Segment, n: number): string[][] {
  const { encoding } = message;
  const field = rawField(segment, n);
  if (field === '') return [];
  return field.split(encoding.repetition).map((rep) => decodedComponents(rep, encoding));
}

/** One repetition (0-based) of field n split into decoded components; [] when there is no such repetition. */
export function repetitionComponents(message: Hl7Message, segment: Hl7Segment, n: number, repetition = 0): string[] {
  const field = rawField(segment, n);
  if (field === '') return [];
  const rep = piece(field, message.encoding.repetition, repetition);
  return rep === undefined ? [] : decodedComponents(rep, message.encoding);
}

function decodedComponents(rep: string, encoding: Hl7Encoding): string[] {
  const components = splitBetween(rep, encoding.component, 0, rep.length, { at: rep.indexOf(encoding.component) });
  for (let index = 0; index < components.length; index += 1) components[index] = decoded(components[index] ?? '', encoding);
  return components;
}

/** A component's text with escapes decoded and ends trimmed; most have no escape, so no call for them. */
function decoded(text: string, encoding: Hl7Encoding): string {
  return (text.includes(encoding.escape) ? decodeEscapes(text, encoding) : text).trim();
}
