import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Vigil } from '../../../server/app';
import type { Clock } from '../../../server/clock';
import type { Config } from '../../../server/config';
import { CLIENT_DIR, launchChromium, signInAs } from '../../support/browser';
import { startTestServer, TEST_PASSWORD } from '../../support/server';

/** A test server serving the built client and one Chromium, shared by the tests of a describe block. */
export interface ChromiumAndServer {
  readonly vigil: Vigil;
  readonly browser: Browser;
  /**
   * A page in its own browser context (`options`), signed in through the login form as `username`
   * with the test password; `prepare` runs on the context before the page opens (init scripts).
   */
  signedInPage(username: string, options?: BrowserContextOptions, prepare?: (context: BrowserContext) => Promise<void>): Promise<Page>;
  /**
   * A signed-in page of `width` x `height` whose single reads give up after 10 s instead of
   * Playwright's 30 s default, so that a read inside a poll does not block it (the poll retries).
   */
  screen(username: string, width: number, height: number): Promise<Page>;
}

/**
 * Starts the server (with startTestServer's arguments, serving dist/client) and Chromium before the
 * block's tests and closes both after them. Hooks the test file registers after this call run
 * after the start (seed data there) and, in vitest's stack order, before the close.
 */
export function useChromiumAndServer(
  overrides: Partial<Config> = {},
  clock?: Clock,
  start?: Parameters<typeof startTestServer>[2],
): ChromiumAndServer {
  let vigil: Vigil | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    vigil = await startTestServer({ clientDir: CLIENT_DIR, ...overrides }, clock, start);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await vigil?.close();
  });
  const started = {
    get vigil(): Vigil {
      if (!vigil) throw new Error('The test server is not started yet (use it inside a test or a later hook)');
      return vigil;
    },
    get browser(): Browser {
      if (!browser) throw new Error('Chromium is not launched yet (use it inside a test or a later hook)');
      return browser;
    },
    async signedInPage(username: string, options?: BrowserContextOptions, prepare?: (context: BrowserContext) => Promise<void>) {
      const context = await started.browser.newContext(options);
      await prepare?.(context);
      const page = await context.newPage();
      await signInAs(page, started.vigil.url, username, TEST_PASSWORD);
      return page;
    },
    async screen(username: string, width: number, height: number) {
      const page = await started.signedInPage(username, { viewport: { width, height } });
      page.setDefaultTimeout(10_000);
      return page;
    },
  };
  return started;
}
