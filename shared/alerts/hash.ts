/**
 * A small deterministic string hash (two FNV-1a 32-bit passes with different offsets, as 16
 * hex digits). Not cryptographic: it only turns long or odd strings into stable id parts.
 */
export function stableHash(text: string): string {
  const pass = (offset: number) => {
    let hash = offset >>> 0;
    for (let index = 0; index < text.length; index += 1) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
  };
  return pass(0x811c9dc5) + pass(0x050c5d1f);
}

/** A string usable inside an alarm id: itself when safe and short, otherwise its hash. */
export function idPart(text: string): string {
  return /^[A-Za-z0-9._-]{1,60}$/.test(text) ? text : `h${stableHash(text)}`;
}
