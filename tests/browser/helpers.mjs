// SPDX-License-Identifier: EUPL-1.2
//
// helpers.mjs: what the browser tests share — chromium through playwright-core (from
// web/node_modules: the harness, main.c, says where web/ is), axe-core, screenshots kept as test
// artefacts, psql against the test cluster, and signing in through the page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const need = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser suite through meson (tests/browser/main.c)`);
  return value;
};

export const baseUrl = need('EP_BASE_URL');
const databaseUrl = need('EP_DATABASE_URL');
const screenshots = need('EP_SCREENSHOTS');
const require = createRequire(join(need('EP_WEB_ROOT'), 'package.json'));
const { chromium } = require('playwright-core');
// Given to the page as an evaluation of the test, not a <script> tag: the page's
// Content-Security-Policy refuses inline scripts, as it should.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const DEMO_PASSWORD = 'welkom bij eenplan';
export const TABLET = { width: 768, height: 1024 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/** A page of a fresh context (its own cookies) at @viewport; console errors and page errors are
 *  collected in page.problems. The browser's line for an error answer the tests ask for is not
 *  one: 401 (GET /api/v1/me before sign-in, a wrong password), 404 (GET /api/v1/demo where there
 *  is no demo, a household without a plan), 412 (a stale write), 422 (a field the API refuses). */
export async function newPage(browser, viewport = TABLET) {
  const context = await browser.newContext({ viewport, locale: 'nl-NL', baseURL: baseUrl });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|404|412|422)\b/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

/** axe-core's violations on the page as it is now: none expected, each described when found. */
export async function assertAccessible(page, what) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.evaluate(axeSource);
  }
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe-core on ${what}`);
}

/** No horizontal scroll: the document is no wider than the window, and neither is the body. */
export async function assertNoHorizontalScroll(page, what) {
  const { scroll, client, widest } = await page.evaluate(() => {
    const root = document.documentElement;
    // The element that sticks out furthest, to name in the failure.
    let widest = '';
    let right = root.clientWidth;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right + 0.5) {
        right = r;
        widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} (${Math.round(r)} px)`;
      }
    }
    return { scroll: root.scrollWidth, client: root.clientWidth, widest };
  });
  assert.ok(scroll <= client, `${what}: scrollWidth ${scroll} > clientWidth ${client}; widest: ${widest}`);
}

/** A full-page screenshot kept under meson-logs/screenshots/@name.png. With @readme, also what
 *  the tablet shows (the viewport, 768×1024) as readme-@readme.png, one of the README's
 *  screenshots (`./dev screenshots` copies each to docs/screenshots/@readme.png): scrolled to
 *  the top, or to the element the CSS selector @scrollTo names. */
export async function screenshot(page, name, { readme = null, scrollTo = null } = {}) {
  // A full-page screenshot leaves chromium scrolled elsewhere than the page was (it resizes the
  // view to take it), and the next click's focus change snaps it back between the mouse's down
  // and up, which then land on different elements: the scroll is put back as it was.
  const scrolled = await page.evaluate(() => [window.scrollX, window.scrollY]);
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  await page.evaluate(([x, y]) => window.scrollTo(x, y), scrolled);
  if (!readme) return;
  if (scrollTo) await page.locator(scrollTo).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(screenshots, `readme-${readme}.png`) });
}

/** The rows @sql returns in the test cluster (as the owner, who sees every municipality), each
 *  a list of its columns as text. */
export function psql(sql) {
  const out = execFileSync('psql', [databaseUrl, '-X', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line !== '').map((line) => line.split('\t'));
}

/** A single value of @sql. */
export function psqlValue(sql) {
  const rows = psql(sql);
  assert.equal(rows.length, 1, `one row of: ${sql}`);
  return rows[0][0];
}

/** Asserts that the household page @page shows (its section "leden") exactly the members of
 *  household @id as PostgreSQL has them, current and past: person, name, whether current. */
export async function assertMembersShown(page, id) {
  const members = psql(`SELECT hm.person_id, concat_ws(' ', p.voornamen, p.tussenvoegsel, p.achternaam),
      hm.valid_to IS NULL FROM household_member hm JOIN person p ON p.gemeente = hm.gemeente AND p.id = hm.person_id
    WHERE hm.household_id = '${id}' ORDER BY hm.person_id`);
  assert.ok(members.length >= 1);
  const shown = await page.locator('[data-sectie=leden] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [tr.dataset.persoon, tr.cells[0].textContent, tr.cells[4].textContent === 'Huidig lid' ? 't' : 'f'])
      .sort((a, b) => a[0].localeCompare(b[0])));
  assert.deepEqual(shown, members);
}

/** A test BSN (999900006–999999990) that passes the elfproef, from @start up. */
export function testBsn(start) {
  for (let n = start; ; n++) {
    const d = String(n).padStart(9, '0').split('').map(Number);
    const sum = d.slice(0, 8).reduce((s, x, i) => s + x * (9 - i), 0) - d[8];
    if (sum % 11 === 0) return String(n).padStart(9, '0');
  }
}

/** Signs in through the form as @username of @gemeente; waits for the start page. */
export async function signIn(page, gemeente, username, password = DEMO_PASSWORD) {
  await page.goto('/aanmelden');
  await page.getByLabel('Gemeente', { exact: true }).fill(gemeente);
  await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/aanmelden'));
}

/** Waits until the intake form on @page has saved everything typed (its status says so), at
 *  most @timeout ms; returns what the status says. */
export async function saved(page, timeout = 15000) {
  const status = page.getByTestId('opslaan-status');
  try {
    await page.waitForFunction((el) => el.dataset.state === 'saved' && el.dataset.dirty === 'false',
      await status.elementHandle(), { timeout });
  } catch (error) {
    const now = await status.evaluate((el) => `${el.textContent} (${el.dataset.state}, dirty ${el.dataset.dirty})`);
    throw new Error(`the form did not save: ${now}`, { cause: error });
  }
  return status.textContent();
}
