/** What the server says of a part's file that did not load: `gone` means a newer build replaced it. */
export type PartProbe = 'unreachable' | 'gone' | 'available' | 'unknown';

/** The script's address in the browser's message ("Failed to fetch dynamically imported module: https://…/assets/X-hash.js"). */
const SCRIPT_URL = /https?:\/\/[^\s'"]+\.js\b/;

/**
 * Asks the server for the file whose import failed. A missing asset is a 404
 * (server/http/staticRoutes.ts), and anything but a script counts as missing too: then this
 * page's build is older than the server's, and only a reload brings the part back.
 */
export async function probePart(cause: unknown): Promise<PartProbe> {
  const url = cause instanceof Error ? SCRIPT_URL.exec(cause.message)?.[0] : undefined;
  if (!url) return 'unknown';
  try {
    const response = await fetch(url, { cache: 'no-store' });
    const script = response.ok && /javascript/.test(response.headers.get('content-type') ?? '');
    return script ? 'available' : 'gone';
  } catch {
    return 'unreachable';
  }
}
