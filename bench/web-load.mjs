// SPDX-License-Identifier: EUPL-1.2
//
// web-load.mjs: the browser side of the web-load benchmark (bench-web.c starts the server and
// prints the figures). Prints one JSON line: {"kb": K, "tti_ms": [T, …]}.
//
//   kb      JS + CSS of the first load of the sign-in page in an empty cache: the sum of the
//           Resource Timing encodedBodySize (the gzip-encoded bodies as sent) of every .js and
//           .css, in KiB
//   tti_ms  per run, in a fresh context (empty cache) with a signed-in user and the CPU
//           throttled 4×: from the start of the navigation to /werkbak until its lists are
//           drawn, or until the end of the last long task (> 50 ms) after that if later — a
//           simplified time to interactive: the page answers input from then on
import { createRequire } from 'node:module';
import { join } from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (bench-web.c sets it)`);
  return value;
};
const base = env('EP_BASE_URL');
const require = createRequire(join(env('EP_WEB_ROOT'), 'package.json'));
const { chromium } = require('playwright-core');
const runs = Number(process.env.EP_RUNS ?? '5');
const viewport = { width: 768, height: 1024 };

// Watches for the werkbak's summary and for long tasks; runs before the page's own scripts
// (given by the browser, not as a <script>: the CSP would refuse that, rightly).
const watch = () => {
  window.__ep = { ready: null, longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__ep.longTasks.push(e.startTime + e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-testid=samenvatting]')) {
      window.__ep.ready = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  // The first load's bytes.
  const first = await browser.newContext({ viewport, baseURL: base });
  const page = await first.newPage();
  await page.goto('/aanmelden', { waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Aanmelden bij eenplan' }).waitFor();
  const bytes = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((r) => /\.(js|css)$/.test(new URL(r.name).pathname))
    .reduce((sum, r) => sum + r.encodedBodySize, 0));
  await first.close();

  const tti = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport, baseURL: base });
    const signIn = await context.request.post('/api/v1/session', {
      data: { gemeente: env('EP_GEMEENTE'), username: env('EP_USERNAME'), password: env('EP_PASSWORD') },
    });
    if (signIn.status() !== 201) throw new Error(`sign-in: ${signIn.status()}`);
    const p = await context.newPage();
    await p.addInitScript(watch);
    const cdp = await context.newCDPSession(p);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await p.goto('/werkbak', { waitUntil: 'commit' });
    await p.getByTestId('samenvatting').waitFor({ timeout: 60000 });
    await p.waitForTimeout(500);
    const { ready, longTasks } = await p.evaluate(() => window.__ep);
    tti.push(Math.round(Math.max(ready, ...longTasks.filter((end) => end > ready))));
    await context.close();
  }
  console.log(JSON.stringify({ kb: Math.round((bytes / 1024) * 10) / 10, tti_ms: tti }));
} finally {
  await browser.close();
}
