import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/** Serves the built client, and index.html for every page path so reloads work. */
export function staticRoutes(clientDir: string | null): Router {
  const router = Router();
  if (!clientDir) return router;
  const index = path.join(clientDir, 'index.html');
  router.get('/sw.js', (_req, res, next) => {
    // The service worker must always be checked for a new version.
    res.setHeader('Cache-Control', 'no-cache');
    next();
  });
  router.use(
    express.static(clientDir, {
      index: false,
      setHeaders: (res, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        else res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  router.get(/^\/(?!api\/|socket\.io\/|healthz|readyz).*/, (_req, res) => {
    if (!fs.existsSync(index)) {
      res.status(503).type('text/plain').send('The dashboard has not been built yet: run "npm run build" (npm start does this).');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(index);
  });
  return router;
}
