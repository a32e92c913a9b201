import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response, type NextFunction } from 'express';

/** The build's precompressed copies (scripts/vitePrecompress.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** Hashed build assets never change under their name: a browser keeps them a year without asking. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function cacheControl(urlPath: string): string {
  return urlPath.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
}

function accepts(req: Request, encoding: string): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== encoding) return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/**
 * Serves a file's precompressed copy when the browser accepts it (Content-Encoding set, the
 * original's type kept, Vary so caches keep the copies apart); otherwise falls through to the
 * plain file.
 */
function precompressed(clientDir: string) {
  const root = path.resolve(clientDir);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.resolve(root, `.${urlPath}`);
    if (!file.startsWith(root + path.sep)) return next();
    for (const encoding of ENCODINGS) {
      const candidate = file + encoding.suffix;
      if (!fs.existsSync(candidate) || !fs.statSync(candidate).isFile()) continue;
      res.setHeader('Vary', 'Accept-Encoding');
      if (!accepts(req, encoding.name)) continue;
      res.setHeader('Content-Encoding', encoding.name);
      res.setHeader('Cache-Control', urlPath === '/sw.js' ? 'no-cache' : cacheControl(urlPath));
      res.type(path.extname(file));
      res.sendFile(candidate, { lastModified: true, etag: true, cacheControl: false });
      return;
    }
    next();
  };
}

/** Serves the built client, and index.html for every page path so reloads work. */
export function staticRoutes(clientDir: string | null): Router {
  const router = Router();
  if (!clientDir) return router;
  const index = path.join(clientDir, 'index.html');
  router.use(precompressed(clientDir));
  router.use(
    express.static(clientDir, {
      index: false,
      // The service worker must always be checked for a new version; only hashed assets are kept.
      setHeaders: (res, filePath) =>
        res.setHeader('Cache-Control', filePath.includes(`${path.sep}assets${path.sep}`) ? IMMUTABLE : 'no-cache'),
    }),
  );
  // Not for /assets/: a built file that is not there (an older page asking after a new build)
  // is a 404, never the app's page under a script's name, which a browser or the service worker
  // would keep as that script.
  router.get(/^\/(?!api\/|socket\.io\/|assets\/|healthz|readyz).*/, (_req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard has not been built yet: run "npm run build" (npm start does this).');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(index);
  });
  return router;
}
