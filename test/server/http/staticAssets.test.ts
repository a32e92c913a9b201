import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vigil } from '../../../server/app';
import { startTestServer, tempDataDir } from '../../support/server';

/** A raw GET (no client-side decoding), so the test sees exactly what goes over the wire. */
function rawGet(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('the built client is served compressed, hashed assets cached for a year', () => {
  let vigil: Vigil;
  const clientDir = tempDataDir();
  const script = `export const vitals = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ systolicMmHg: 120 + (i % 9) })))};\n`;

  beforeAll(async () => {
    // A build's layout: index.html, a hashed script with its .br and .gz copies, the service worker.
    fs.mkdirSync(path.join(clientDir, 'assets'));
    fs.writeFileSync(
      path.join(clientDir, 'index.html'),
      '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>',
    );
    const asset = path.join(clientDir, 'assets', 'index-abc123.js');
    fs.writeFileSync(asset, script);
    fs.writeFileSync(`${asset}.br`, zlib.brotliCompressSync(script));
    fs.writeFileSync(`${asset}.gz`, zlib.gzipSync(script));
    fs.writeFileSync(path.join(clientDir, 'sw.js'), `self.addEventListener('fetch', () => {});\n${'// keep the shell\n'.repeat(100)}`);
    fs.writeFileSync(path.join(clientDir, 'sw.js.gz'), zlib.gzipSync(fs.readFileSync(path.join(clientDir, 'sw.js'))));
    vigil = await startTestServer({ clientDir });
  });

  afterAll(async () => {
    await vigil?.close();
    fs.rmSync(clientDir, { recursive: true, force: true });
  });

  it('a browser that accepts brotli gets the brotli copy, as JavaScript, cached immutably', async () => {
    const response = await rawGet(`${vigil.url}/assets/index-abc123.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers.vary).toMatch(/Accept-Encoding/i);
    expect(response.body.length).toBeLessThan(script.length / 4);
    expect(zlib.brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it('gzip when brotli is not accepted (or refused with q=0), the plain file when neither is', async () => {
    const gzip = await rawGet(`${vigil.url}/assets/index-abc123.js`, { 'accept-encoding': 'gzip, br;q=0' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(script);
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const plain = await rawGet(`${vigil.url}/assets/index-abc123.js`, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('the service worker and the page are always revalidated, compressed or not', async () => {
    const worker = await rawGet(`${vigil.url}/sw.js`, { 'accept-encoding': 'gzip' });
    expect(worker.headers['content-encoding']).toBe('gzip');
    expect(worker.headers['cache-control']).toBe('no-cache');
    expect(zlib.gunzipSync(worker.body).toString()).toContain("addEventListener('fetch'");

    const page = await rawGet(`${vigil.url}/sessions/s-1`, { 'accept-encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body.toString()).toContain('<div id="root">');
  });

  it("a built file that is not there is a 404, not the app's page under its name", async () => {
    const response = await rawGet(`${vigil.url}/assets/ReportPage-gone1234.js`, { 'accept-encoding': 'br, gzip' });
    expect(response.status).toBe(404);
    expect(response.body.toString()).not.toContain('<div id="root">');
  });

  it('a path that climbs out of the client folder gets nothing from outside it', async () => {
    const response = await rawGet(`${vigil.url}/assets/..%2F..%2F..%2Fetc%2Fpasswd`, { 'accept-encoding': 'br, gzip' });
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body.toString()).not.toContain('root:');
  });
});
