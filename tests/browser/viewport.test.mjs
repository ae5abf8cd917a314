// SPDX-License-Identifier: EUPL-1.2
//
// viewport.test.mjs: every page at 1280×800 (a laptop at the office), as the demo user whose role
// works there: the sign-in, the werkbak, the contact form, starting an intake, an intake form
// filled in, a household, the supervisor's page, the users and the password page. Each without
// a horizontal scroll bar (the document no wider than the window), with 0 violations of axe-core,
// and a screenshot NAME-1280.png beside the tablet ones.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DESKTOP, assertAccessible, assertNoHorizontalScroll, launch, newPage, psqlValue, screenshot, signIn } from './helpers.mjs';

const GEMEENTE = 'GM0164';
const VINDPLAATS = '0190a000-0000-7000-8000-000000000001';
const JOLANDA = { postcode: '7551AB', huisnummer: 12 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function jolandasHousehold() {
  return psqlValue(`SELECT id FROM household WHERE gemeente = '${GEMEENTE}'
    AND postcode = '${JOLANDA.postcode}' AND huisnummer = ${JOLANDA.huisnummer}`);
}

/** The demo user of @role in Hengelo, as the sign-in page lists them. */
async function demoUser(page, role) {
  const demo = await (await page.request.get('/api/v1/demo')).json();
  const user = demo.users.find((u) => u.gemeente === GEMEENTE && u.role === role);
  assert.ok(user, `a demo ${role}`);
  return user.username;
}

/** The checks of a page at 1280×800, and its screenshot. */
async function check(page, name, what) {
  assert.deepEqual(page.viewportSize(), DESKTOP);
  await assertNoHorizontalScroll(page, what);
  await assertAccessible(page, `${what} at 1280×800`);
  await screenshot(page, `${name}-1280`);
  assert.deepEqual(page.problems, [], `${what}: no errors in the console`);
}

describe('every page at 1280×800', () => {
  test('the sign-in page', async () => {
    const page = await newPage(browser, DESKTOP);
    await page.goto('/aanmelden');
    await page.getByRole('heading', { name: 'Demogebruikers' }).waitFor();
    await check(page, 'aanmelden', 'the sign-in page');
    await page.context().close();
  });

  test('the casemanager: werkbak, contact, starting an intake, the intake form filled in, a household', async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, GEMEENTE, await demoUser(page, 'casemanager'));
    await page.waitForURL('**/werkbak');
    await page.getByTestId('samenvatting').waitFor();
    await check(page, 'werkbak', 'the werkbak');

    await page.goto('/contact');
    await page.getByLabel('Vraag van de inwoner').waitFor();
    await check(page, 'contact', 'the contact form');

    await page.goto('/intake/nieuw');
    await page.getByRole('button', { name: 'Zoeken op adres' }).waitFor();
    await check(page, 'intake-starten', 'starting an intake');

    // An intake with everything in it: Jolanda's household carried forward, with a main
    // problem, ZRM scores, a participant, a need and a safety signal with a step.
    const csrf = (await (await page.request.get('/api/v1/me')).json()).csrf_token;
    const household = jolandasHousehold();
    const draft = await (await page.request.post(`/api/v1/households/${household}/draft`, {
      headers: { 'X-CSRF-Token': csrf }, data: { vindplaats_id: VINDPLAATS, date: '2026-11-23' },
    })).json();
    const { id: _, version, status, created_by, created_at, updated_at, ...doc } = draft;
    const person = doc.persons[0].ref;
    const created = await page.request.post('/api/v1/intakes', {
      headers: { 'X-CSRF-Token': csrf },
      data: {
        ...doc, form: 'huisbezoek', place: 'bij de familie thuis, aan de keukentafel',
        main_problem: 'De schulden lopen op en de post blijft ongeopend liggen; ik weet niet meer waar ik moet beginnen.',
        participants: [{ kind: 'netwerk', name: 'Mark', role: 'vriend' }],
        assessments: [
          { person, domain: 'financien', score: 1, explanation: 'Schulden bij de woningcorporatie en de zorgverzekeraar.' },
          { person, domain: 'huisvesting', score: 3 },
          { person, domain: 'middelengebruik', explanation: 'Niet besproken; geen aanleiding.' },
        ],
        safety_signals: [{
          description: 'Spanningen thuis rond het geld', severity: 'zorg', closed: false,
          steps: [{ step: 'signaleren', date: '2026-11-23', by: 'Sanne (casemanager)', note: 'Besproken met Jolanda.' }],
        }],
      },
    });
    assert.equal(created.status(), 201, await created.text());
    const id = (await created.json()).id;
    await page.goto(`/intakes/${id}`);
    await page.locator('#sectie-afronden').waitFor();
    await check(page, 'intake-ingevuld', 'the intake form filled in');

    await page.goto(`/huishoudens/${household}`);
    await page.getByRole('heading', { level: 1, name: /^Huishouden 7551AB 12/ }).waitFor();
    await page.getByRole('heading', { name: 'Tijdlijn' }).waitFor();
    await page.locator('ol.ep-timeline li').first().waitFor();
    await check(page, 'huishouden', 'the household');
    await page.context().close();
  });

  test('the supervisor\'s page', async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, GEMEENTE, await demoUser(page, 'supervisor'));
    await page.goto(`/toezicht?huishouden=${jolandasHousehold()}`);
    await page.getByTestId('auditlog-status').getByText(/getoond/).waitFor();
    await check(page, 'toezicht', 'the supervisor\'s page');
    await page.context().close();
  });

  test('the users, as the administrator; the password page', async () => {
    const page = await newPage(browser, DESKTOP);
    const admin = await demoUser(page, 'admin');
    await signIn(page, GEMEENTE, admin);
    await page.waitForURL('**/beheer');
    await page.locator(`[data-gebruiker="${admin}"]`).waitFor();
    await check(page, 'beheer', 'the users');

    await page.goto('/wachtwoord');
    await page.getByLabel('Huidig wachtwoord').waitFor();
    await check(page, 'wachtwoord', 'the password page');
    await page.context().close();
  });
});
