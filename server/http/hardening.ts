import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { fail } from '../../shared/result';
import { sendFailure } from './respond';

/**
 * Browser-facing protections (helmet): a Content-Security-Policy that runs only Vigil's own
 * scripts (no inline script, no eval) and lets no other site frame the app (clickjacking of
 * Acknowledge or Discharge), `nosniff`, and no Referer leaving the app. HSTS only when served
 * over HTTPS (VIGIL_SECURE_COOKIES), since a clinic LAN may run plain HTTP.
 */
export function securityHeaders(options: { https: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        mediaSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 31_536_000 } : false,
    xFrameOptions: { action: 'deny' },
  });
}

/** API answers carry patient data or sign-in state: no browser or proxy may keep a copy. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request sent by a page of another site is refused, whatever cookie it
 * carries (SameSite=Strict is the first guard, this the second). Browsers name the page's
 * origin in `Origin` (and `Sec-Fetch-Site`); tools that send neither are not browsers.
 */
export const refuseForeignOrigin: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  let foreign = site === 'cross-site' || site === 'same-site';
  if (origin !== undefined) {
    try {
      foreign = foreign || origin === 'null' || new URL(origin).host !== req.headers.host;
    } catch {
      foreign = true;
    }
  }
  if (foreign) return sendFailure(res, fail('forbidden', 'Requests from another site are refused'));
  next();
};
