/**
 * HL7 v2 delimiters, read from each message's MSH-1 and MSH-2 (usually `|` and `^~\&`).
 * Never assumed: a sender may choose others, and escapes are decoded with the message's own.
 */
export interface Hl7Encoding {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_ENCODING: Hl7Encoding = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

const hexDecoder = new TextDecoder('utf-8');

/** Decodes `\X..\` hex data; malformed hex is kept as written rather than guessed. */
function decodeHex(hex: string): string | null {
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return hexDecoder.decode(bytes);
}

function decodeSequence(body: string, enc: Hl7Encoding): string | null {
  switch (body) {
    case 'F':
      return enc.field;
    case 'S':
      return enc.component;
    case 'T':
      return enc.subcomponent;
    case 'R':
      return enc.repetition;
    case 'E':
      return enc.escape;
    case 'H': // start/end highlighting: display hints, no text
    case 'N':
      return '';
    case '.br':
      return '\n';
    default:
      if (body.startsWith('X')) return decodeHex(body.slice(1));
      // Character-set switches (\C..\, \M..\) and formatting commands (\.sp\ ...) carry no text here.
      if (/^(C[0-9A-Fa-f]{4}|M[0-9A-Fa-f]{4,6}|\.[a-z]{2}[+-]?\d*)$/.test(body)) return '';
      return null;
  }
}

/**
 * Decodes HL7 escape sequences (`\F\ \S\ \T\ \R\ \E\ \Xhh\ \.br\` ...) in one component's text.
 * An escape character without a closing one, or an unknown sequence, is kept literally:
 * a value is never silently changed into something the sender did not write.
 */
export function decodeEscapes(text: string, enc: Hl7Encoding): string {
  if (!enc.escape || !text.includes(enc.escape)) return text;
  let out = '';
  let index = 0;
  while (index < text.length) {
    const start = text.indexOf(enc.escape, index);
    if (start < 0) {
      out += text.slice(index);
      break;
    }
    out += text.slice(index, start);
    const end = text.indexOf(enc.escape, start + 1);
    if (end < 0) {
      out += text.slice(start);
      break;
    }
    const decoded = decodeSequence(text.slice(start + 1, end), enc);
    if (decoded === null) {
      out += text.slice(start, end + 1);
    } else {
      out += decoded;
    }
    index = end + 1;
  }
  return out;
}

/** Escapes text so it can be written into one component (used for ACK reasons and the simulator). */
export function encodeEscapes(text: string, enc: Hl7Encoding = DEFAULT_ENCODING): string {
  const e = enc.escape;
  let out = '';
  for (const char of text) {
    if (char === e) out += `${e}E${e}`;
    else if (char === enc.field) out += `${e}F${e}`;
    else if (char === enc.component) out += `${e}S${e}`;
    else if (char === enc.subcomponent) out += `${e}T${e}`;
    else if (char === enc.repetition) out += `${e}R${e}`;
    else if (char === '\r' || char === '\n') out += `${e}.br${e}`;
    else out += char;
  }
  return out;
}
