// SPDX-License-Identifier: EUPL-1.2
//
// ui.test.mjs: the web UI in Debian's chromium, against the server and the demo database the
// harness (main.c) started: signing in (the demo users listed, a wrong password), the werkbak
// with its exact counts, recording a contact and finding its row in PostgreSQL, a field error of
// the API beside its field, signing out (the session ended in the database too), the menu per
// role; axe-core on every page, and a screenshot of each at tablet size.
//
// One file, so its tests run in order: the counts they check are the database's at that moment.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  DESKTOP, TABLET, assertAccessible, baseUrl, launch, newPage, psql, psqlValue, screenshot, signIn,
} from './helpers.mjs';

const GEMEENTE = 'GM0164';
const SANNE = 'sanne.casemanager';

/** The werkbak's counts in the database, as GET /api/v1/werkbak counts them for @username. */
function werkbakCounts(username) {
  return {
    drafts: Number(psqlValue(`SELECT count(*) FROM intake WHERE gemeente = '${GEMEENTE}'
      AND created_by = '${username}' AND status = 'draft'`)),
    contacts: Number(psqlValue(`SELECT count(*) FROM contact c WHERE gemeente = '${GEMEENTE}'
      AND NOT EXISTS (SELECT FROM intake i WHERE i.gemeente = c.gemeente AND i.contact_id = c.id)`)),
  };
}

async function badge(page, list) {
  return Number(await page.getByTestId(`aantal-${list}`).evaluate((el) => el.firstChild.textContent));
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('aanmelden', () => {
  test('the sign-in page lists the demo users of each role, as GET /api/v1/demo gives them', async () => {
    const page = await newPage(browser, TABLET);
    const response = await page.goto('/');
    assert.equal(response.status(), 200);
    assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
    await page.waitForURL('**/aanmelden');
    await page.getByRole('heading', { name: 'Demogebruikers' }).waitFor();
    const demo = await (await page.request.get('/api/v1/demo')).json();
    assert.equal(demo.password, 'welkom bij eenplan');
    const rows = await page.locator('table.ep-demo-users tbody tr').evaluateAll((trs) =>
      trs.map((tr) => `${tr.dataset.gemeente}/${tr.dataset.username}`));
    assert.deepEqual(rows, demo.users.map((u) => `${u.gemeente}/${u.username}`));
    // Every role of Hengelo is there, the casemanagers first.
    assert.deepEqual([...new Set(demo.users.filter((u) => u.gemeente === GEMEENTE).map((u) => u.role))],
      ['casemanager', 'regisseur', 'supervisor', 'partner', 'admin']);
    assert.equal(await page.title(), 'Aanmelden — eenplan');
    await assertAccessible(page, 'the sign-in page');
    await screenshot(page, 'aanmelden');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('a wrong password shows the Dutch error, and nobody is signed in', async () => {
    const page = await newPage(browser, TABLET);
    await signInExpectingError(page, SANNE, 'niet het goede wachtwoord');
    const alert = page.getByRole('alert');
    await assert.doesNotReject(alert.getByText('De combinatie van gemeente, gebruikersnaam en wachtwoord klopt niet.').waitFor());
    assert.equal(await alert.evaluate((el) => el === document.activeElement), true, 'the error takes the focus');
    assert.equal(new URL(page.url()).pathname, '/aanmelden');
    assert.equal((await page.request.get('/api/v1/me')).status(), 401);
    await assertAccessible(page, 'the sign-in page with its error');
    await screenshot(page, 'aanmelden-fout');
    await page.context().close();
  });

  test('empty fields are named beside each field before anything is sent', async () => {
    const page = await newPage(browser, TABLET);
    await page.goto('/aanmelden');
    await page.getByLabel('Gemeente', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    const username = page.getByLabel('Gebruikersnaam', { exact: true });
    assert.equal(await username.getAttribute('aria-invalid'), 'true');
    const describedBy = await username.getAttribute('aria-describedby');
    assert.equal(await page.locator(`#${describedBy}`).textContent(), 'De gebruikersnaam is verplicht');
    await page.context().close();
  });
});

async function signInExpectingError(page, username, password) {
  await page.goto('/aanmelden');
  await page.getByLabel('Gemeente', { exact: true }).fill(GEMEENTE);
  await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
}

describe('de casemanager op een tablet', () => {
  let page;
  before(async () => { page = await newPage(browser, TABLET); });
  after(async () => { await page.context().close(); });

  test('signs in with the demo list and sees the werkbak with its exact counts', async () => {
    await page.goto('/aanmelden');
    await page.getByRole('button', { name: /^Invullen: Sanne de Vries, Casemanager, Hengelo$/ }).click();
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await page.waitForURL('**/werkbak');
    await page.getByTestId('samenvatting').waitFor();

    const want = werkbakCounts(SANNE);
    const api = await (await page.request.get('/api/v1/werkbak')).json();
    assert.equal(api.drafts.count, want.drafts);
    assert.equal(api.new_contacts.count, want.contacts);
    assert.equal(await badge(page, 'concepten'), want.drafts);
    assert.equal(await badge(page, 'contacten'), want.contacts);
    assert.equal(await page.locator('[data-lijst=contacten] tbody tr').count(), Math.min(want.contacts, 50));

    const menu = await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents();
    assert.deepEqual(menu, ['Werkbak', 'Contact vastleggen', 'Intake starten', 'Huishoudens', 'Wachtwoord wijzigen']);
    assert.match(await page.getByTestId('wie').textContent(), /^Sanne de Vries · Casemanager · GM0164$/);
    assert.equal(await page.title(), 'Werkbak — eenplan');
    await assertAccessible(page, 'the werkbak');
    assert.deepEqual(page.problems, []);
  });

  test('records a contact through the form; its row is in PostgreSQL, exactly', async () => {
    const before = werkbakCounts(SANNE);
    const question = `Mevrouw belt: de huur is twee maanden achter en haar zoon gaat niet meer naar school (browsertest ${Date.now()})`;
    await page.getByRole('link', { name: 'Contact vastleggen' }).first().click();
    await page.waitForURL('**/contact');
    const field = page.getByLabel('Vraag van de inwoner');
    assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'the question takes the focus');
    // The defaults: today, a hulpvraag, by telephone.
    assert.equal(await page.getByLabel('Hulpvraag').isChecked(), true);
    assert.equal(await page.getByLabel('Telefoon').isChecked(), true);
    await assertAccessible(page, 'the contact form');
    await screenshot(page, 'contact');

    await field.fill(question);
    await page.getByLabel('Vindplaats').selectOption({ label: 'Wijkteam Berflo Es (Berflo Es)' });
    await page.getByLabel('Huisbezoek').check();
    await page.getByLabel('Zorgsignaal').check();
    await page.getByLabel('Datum van het contact').fill('2026-11-18');
    await page.getByRole('button', { name: 'Contact vastleggen' }).click();

    await page.waitForURL('**/werkbak');
    await page.getByText('Het contact is vastgelegd.').waitFor();
    await page.getByTestId('samenvatting').waitFor();
    const rows = psql(`SELECT gemeente, vindplaats_id, kanaal, type, vraag, datum, ontvangen_door, household_id IS NULL
      FROM contact WHERE vraag = '${question.replaceAll("'", "''")}'`);
    assert.deepEqual(rows, [[GEMEENTE, '0190a000-0000-7000-8000-000000000002', 'huisbezoek', 'zorgsignaal',
      question, '2026-11-18', SANNE, 't']]);
    const now = werkbakCounts(SANNE);
    assert.deepEqual(now, { drafts: before.drafts, contacts: before.contacts + 1 });
    assert.equal(await badge(page, 'contacten'), now.contacts);
    // Its row in the werkbak, found by the filter.
    await page.getByLabel('Zoek in nieuwe contacten zonder intake').fill('browsertest');
    const row = page.locator('[data-lijst=contacten] tbody tr');
    assert.equal(await row.count(), 1);
    assert.deepEqual((await row.locator('td').allTextContents()).slice(0, 4),
      ['18 november 2026', 'Zorgsignaal', 'Huisbezoek', 'Wijkteam Berflo Es']);
    await assertAccessible(page, 'the werkbak after recording a contact');
    await screenshot(page, 'werkbak');
  });

  test('sorts a list by a column, and says so to a screen reader', async () => {
    await page.getByLabel('Zoek in nieuwe contacten zonder intake').fill('');
    const list = page.locator('[data-lijst=contacten]');
    const header = (title) => list.locator('th').filter({ hasText: title });
    const column = (n) => list.locator(`tbody tr td:nth-child(${n})`).allTextContents();
    const byNl = (a, b) => a.localeCompare(b, 'nl', { numeric: true, sensitivity: 'base' });
    const dates = psql(`SELECT datum FROM contact c WHERE gemeente = '${GEMEENTE}' AND NOT EXISTS
      (SELECT FROM intake i WHERE i.gemeente = c.gemeente AND i.contact_id = c.id) ORDER BY datum`).map((r) => r[0]);
    assert.ok(dates.length >= 1);
    assert.equal(await header('Datum').getAttribute('aria-sort'), 'ascending');
    await header('Datum').getByRole('button').click();
    assert.equal(await header('Datum').getAttribute('aria-sort'), 'descending');
    const shown = await list.locator('tbody tr').evaluateAll((trs) => trs.length);
    assert.equal(shown, dates.length);
    await header('Vindplaats').getByRole('button').click();
    assert.equal(await header('Vindplaats').getAttribute('aria-sort'), 'ascending');
    assert.equal(await header('Datum').getAttribute('aria-sort'), null);
    const names = await column(4);
    assert.deepEqual(names, [...names].sort(byNl));
    // The sort is kept in the state: back from another page, the list is still by vindplaats.
    await page.getByRole('link', { name: 'Contact vastleggen' }).first().click();
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkbak' }).click();
    await page.getByTestId('samenvatting').waitFor();
    assert.equal(await header('Vindplaats').getAttribute('aria-sort'), 'ascending');
  });

  test('a field error of the API shows beside its field, and nothing is recorded', async () => {
    const before = werkbakCounts(SANNE);
    await page.goto('/contact');
    await page.getByLabel('Vraag van de inwoner').fill('x'.repeat(10001));
    await page.getByLabel('Vindplaats').selectOption({ label: 'Zorgloket stadhuis' });
    await page.getByRole('button', { name: 'Contact vastleggen' }).click();
    const field = page.getByLabel('Vraag van de inwoner');
    await page.getByRole('alert').getByText('Er is een probleem').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const ids = (await field.getAttribute('aria-describedby')).split(' ');
    const message = await page.locator(`#${ids.at(-1)}`).textContent();
    assert.equal(message, 'De vraag is langer dan 10000 tekens');
    // The summary links to the field.
    await page.getByRole('alert').getByRole('link', { name: message }).click();
    assert.equal(await field.evaluate((el) => el === document.activeElement), true);
    assert.equal(new URL(page.url()).pathname, '/contact');
    assert.deepEqual(werkbakCounts(SANNE), before);
    await assertAccessible(page, 'the contact form with an error');
    await screenshot(page, 'contact-fout');
  });

  test('signing out returns to the sign-in page and ends the session in the database', async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'eenplan_session');
    assert.ok(cookie, 'a session cookie');
    const sessionId = (await (await page.request.get('/api/v1/me')).json()).session.id;
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.waitForURL('**/aanmelden');
    await page.getByText('U bent afgemeld.').waitFor();
    assert.deepEqual(psql(`SELECT ended_why FROM user_session WHERE id = '${sessionId}'`), [['sign_out']]);
    // The old cookie no longer opens anything.
    const replay = await fetch(`${baseUrl}/api/v1/me`, { headers: { Cookie: `eenplan_session=${cookie.value}` } });
    assert.equal(replay.status, 401);
    assert.equal((await replay.json()).type, '/problems/signed-out');
    // And the app's pages send one back to the sign-in.
    await page.goto('/werkbak');
    await page.waitForURL('**/aanmelden?terug=%2Fwerkbak');
    assert.deepEqual(page.problems, []);
  });
});

describe('the menu per role', () => {
  test('a supervisor sees the werkbak but cannot record a contact', async () => {
    const page = await newPage(browser, DESKTOP);
    await signIn(page, GEMEENTE, 'joost.supervisor');
    await page.waitForURL('**/werkbak');
    await page.getByTestId('samenvatting').waitFor();
    const menu = await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents();
    assert.deepEqual(menu, ['Werkbak', 'Huishoudens', 'Toezicht', 'Wachtwoord wijzigen']);
    assert.equal(await page.getByRole('link', { name: 'Contact vastleggen' }).count(), 0);
    await screenshot(page, 'werkbak-toezichthouder-1280');
    await page.goto('/contact');
    await page.getByRole('heading', { name: 'Geen toegang' }).waitFor();
    await assertAccessible(page, 'the refusal');
    await page.context().close();
  });

  test('a partner lands on their start page, an administrator on the users; neither has a werkbak', async () => {
    for (const [username, path, heading, menuWant] of [
      ['tactus.partner', '/start', 'Huishoudens met toestemming', ['Huishoudens', 'Wachtwoord wijzigen']],
      ['beheer', '/beheer', 'Gebruikers beheren', ['Gebruikers', 'Wachtwoord wijzigen']],
    ]) {
      const page = await newPage(browser, TABLET);
      await signIn(page, GEMEENTE, username);
      await page.waitForURL(`**${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      const menu = await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents();
      assert.deepEqual(menu, menuWant);
      await page.goto('/werkbak');
      await page.getByRole('heading', { name: 'Geen toegang' }).waitFor();
      await page.goto('/toezicht');
      await page.getByRole('heading', { name: 'Geen toegang' }).waitFor();
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await assertAccessible(page, `the start page of ${username}`);
      if (username === 'tactus.partner') await screenshot(page, 'start');
      await page.context().close();
    }
  });
});

describe('keyboard', () => {
  test('the skip link comes first and moves to the content', async () => {
    const page = await newPage(browser, TABLET);
    await page.goto('/aanmelden');
    await page.getByRole('heading', { name: 'Aanmelden bij eenplan' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Direct naar de inhoud');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'inhoud');
    await page.context().close();
  });

  test('an unknown page says so, in Dutch', async () => {
    const page = await newPage(browser, TABLET);
    await signIn(page, GEMEENTE, SANNE);
    await page.goto('/bestaat-niet');
    await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
    await assertAccessible(page, 'the not-found page');
    await page.context().close();
  });
});
