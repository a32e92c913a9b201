import { recordVitals } from './server/commands/recordVitals';
import { BEDSIDE_MONITOR, monitorVitals, startWithMonitoredSession } from './test/support/longSession';
import { CLIENT_DIR, launchChromium, signInAs } from './test/support/browser';
import { TEST_PASSWORD } from './test/support/server';
const { vigil, sessionId } = await startWithMonitoredSession(14_400, { clientDir: CLIENT_DIR });
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, serviceWorkers: 'block' });
const page = await context.newPage();
await signInAs(page, vigil.url, 'nurse', TEST_PASSWORD);
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
const phase = process.argv[2] ?? 'reading';
if (phase === 'load') await cdp.send('Profiler.start');
await page.goto(`${vigil.url}/sessions/${sessionId}`);
await page.waitForSelector('path.recharts-line-curve:not([stroke="none"])', { timeout: 120000 });
await page.waitForTimeout(1500);
if (phase !== 'load') await cdp.send('Profiler.start');
const ctx = { actor: BEDSIDE_MONITOR, user: null, remoteAddress: null, clock: vigil.clock, sessions: vigil.sessions, audit: null };
if (phase !== 'load') for (let i = 0; i < 5; i++) {
  await recordVitals(ctx, { commandId: `p-${i}`, sessionId, observedAt: vigil.clock.now(), vitals: monitorVitals(i) });
  await page.waitForFunction((n) => document.querySelector('.chart figcaption')?.textContent?.includes(`${n} readings charted`), 14_401 + i);
  await page.waitForTimeout(300);
}
const { profile } = await cdp.send('Profiler.stop');
const self = new Map<string, number>();
const total = profile.samples!.length;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map<number, number>();
for (const s of profile.samples!) counts.set(s, (counts.get(s) ?? 0) + 1);
for (const [id, c] of counts) { const n = byId.get(id)!; const cf = n.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url.split('/').pop()}:${cf.lineNumber}`; self.set(k, (self.get(k) ?? 0) + c); }
const dt = (profile.endTime - profile.startTime) / total / 1000;
console.log('total ms', (profile.endTime - profile.startTime) / 1000);
[...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30).forEach(([k, v]) => console.log((v * dt).toFixed(1).padStart(8), k));
await browser.close(); await vigil.close();
