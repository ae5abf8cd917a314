// SPDX-License-Identifier: EUPL-1.2
//
// web-load.mjs: the browser side of the web-load benchmark (bench-web.c starts the server and
// prints the figures). Prints one JSON line:
// {"kb": K, "tti_ms": {"werkbak": [T, …], "intake": [T, …]}}.
//
//   kb      JS + CSS of the first load of the sign-in page in an empty cache: the sum of the
//           Resource Timing encodedBodySize (the gzip-encoded bodies as sent) of every .js and
//           .css, in KiB
//   tti_ms  per page and run, in a fresh context (empty cache) with a signed-in user and the
//           CPU throttled 4×: from the start of the navigation until the page is drawn (the
//           werkbak: its lists' summary; the intake form: its last section), or until the end of the last long task (> 50 ms) after that if later — a
//           simplified time to interactive: the page answers input from then on. The runs of
//           the two pages alternate, so that drift of a shared machine falls on both.
//
// The intake form is EP_INTAKE_ID, a draft of the signed-in user's (bench-web.c made it).
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

// What says that a page is drawn: the werkbak's summary of its lists; the intake form's last
// section (the form is drawn in one go once its data came).
const READY = { werkbak: '[data-testid=samenvatting]', intake: '#sectie-afronden' };

// Watches for the page's @selector and for long tasks; runs before the page's own scripts
// (given by the browser, not as a <script>: the CSP would refuse that, rightly).
const watch = (selector) => {
  window.__ep = { ready: null, longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__ep.longTasks.push(e.startTime + e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector(selector)) {
      window.__ep.ready = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

// EP_TRACE=DIR (optional): the second run of each page also writes a Chrome trace of it
// (DIR/NAME.json, for chrome://tracing or DevTools) and DIR/NAME.txt: its requests as they came
// and went, and the page's main-thread CPU time by kind of work — where the time goes. (The
// tracing itself slows the traced run; its figures are in tti_ms all the same.)
const traceDir = process.env.EP_TRACE;

/** DIR/@name.txt from the trace in DIR/@name.json and @p's resource timing: the requests, and the
 *  CPU time of the page's main thread by kind of work (self time of each trace event, so nested
 *  work is not counted twice; CPU rather than wall time, which a busy shared machine inflates). */
async function summarise(p, name, ready) {
  const { readFileSync, writeFileSync } = await import('node:fs');
  const trace = JSON.parse(readFileSync(join(traceDir, `${name}.json`), 'utf8'));
  const events = trace.traceEvents ?? trace;
  // The page's renderer: the process that asked the server for something (Chromium's own pages,
  // e.g. its omnibox, run in renderers of their own).
  const host = new URL(base).host;
  const ours = new Set(events.filter((e) => e.name === 'ResourceSendRequest' && e.args?.data?.url?.includes(host)).map((e) => e.pid));
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && ours.has(e.pid))
    .map((e) => `${e.pid}/${e.tid}`));
  const spans = events.filter((e) => e.ph === 'X' && e.tdur !== undefined && main.has(`${e.pid}/${e.tid}`))
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const e of spans) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    if (stack.length) stack.at(-1).inner = (stack.at(-1).inner ?? 0) + e.tdur;
    stack.push(e);
  }
  const cpu = new Map();
  for (const e of spans) cpu.set(e.name, (cpu.get(e.name) ?? 0) + (e.tdur - (e.inner ?? 0)) / 1000);
  const total = [...cpu.values()].reduce((x, y) => x + y, 0);
  const resources = await p.evaluate(() => performance.getEntriesByType('resource').map((r) =>
    `${Math.round(r.startTime)}–${Math.round(r.responseEnd)} ms  ${new URL(r.name).pathname}  ${r.encodedBodySize} B`));
  const lines = [`${name}: ready at ${Math.round(ready)} ms`, '', 'requests (start–end after the navigation):', ...resources, '',
    `main thread CPU by work (ms; ${Math.round(total)} in all):`,
    ...[...cpu].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, ms]) => `${String(Math.round(ms)).padStart(6)}  ${n}`)];
  writeFileSync(join(traceDir, `${name}.txt`), `${lines.join('\n')}\n`);
}

const credentials = () => ({ gemeente: env('EP_GEMEENTE'), username: env('EP_USERNAME'), password: env('EP_PASSWORD') });

/** One cold load of @path in a fresh context, signed in, with the CPU throttled 4×: its TTI. */
async function measure(browser, path, selector, traceName = null) {
  const context = await browser.newContext({ viewport, baseURL: base });
  try {
    const signIn = await context.request.post('/api/v1/session', { data: credentials() });
    if (signIn.status() !== 201) throw new Error(`sign-in: ${signIn.status()}`);
    const p = await context.newPage();
    await p.addInitScript(watch, selector);
    const cdp = await context.newCDPSession(p);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    if (traceName) {
      await browser.startTracing(p, { path: join(traceDir, `${traceName}.json`), screenshots: false,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'loading', 'toplevel'] });
    }
    await p.goto(path, { waitUntil: 'commit' });
    await p.locator(selector).first().waitFor({ state: 'attached', timeout: 60000 });
    await p.waitForTimeout(500);
    const { ready, longTasks } = await p.evaluate(() => window.__ep);
    if (traceName) {
      await browser.stopTracing();
      await summarise(p, traceName, ready);
    }
    return Math.round(Math.max(ready, ...longTasks.filter((end) => end > ready)));
  } finally {
    await context.close();
  }
}

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

  const id = env('EP_INTAKE_ID');
  const tti = { werkbak: [], intake: [] };
  for (let i = 0; i < runs; i++) {
    const trace = traceDir && i === 1;
    tti.werkbak.push(await measure(browser, '/werkbak', READY.werkbak, trace ? 'werkbak' : null));
    tti.intake.push(await measure(browser, `/intakes/${id}`, READY.intake, trace ? 'intake' : null));
  }
  console.log(JSON.stringify({ kb: Math.round((bytes / 1024) * 10) / 10, tti_ms: tti }));
} finally {
  await browser.close();
}
