// SPDX-License-Identifier: EUPL-1.2
//
// unsaved.test.mjs: nothing typed in the intake form is lost (web/src/unsaved.ts). The session
// ends in PostgreSQL before the autosave fires: the sign-in page, the same user signs in again,
// the typed text is back with a notice and is then saved (the row has it, with If-Match); a
// different user signing in on that tab sees none of it, and it is gone from the tab; an explicit
// sign-out saves what is pending first and leaves nothing in the tab; a network failure (the PUT
// aborted) keeps the text over a reload and retries until it is saved; a confirmation of a
// carried item ("bekend — bevestigen") survives a reload.
//
// One file, so its tests run in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { DEMO_PASSWORD, TABLET, launch, newPage, psql, psqlValue, saved, signIn } from './helpers.mjs';

const GEMEENTE = 'GM0164';
const SANNE = 'sanne.casemanager';
const AHMED = 'ahmed.casemanager';
const MAIN_PROBLEM = /grootste probleem/;
const VINDPLAATS = '0190a000-0000-7000-8000-000000000001';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** An intake as the API gave it, without what only the server sets (as the form sends it). */
function serverless(intake) {
  const { id: _, version, status, created_by, created_at, updated_at, finalised_by, finalised_at, addenda, ...rest } = intake;
  return rest;
}

/** Signs in through the form the page shows now (no new load: the ?terug= stays). */
async function signInHere(page, username) {
  await page.getByRole('heading', { name: 'Aanmelden bij eenplan' }).waitFor();
  await page.getByLabel('Gemeente', { exact: true }).fill(GEMEENTE);
  await page.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/aanmelden'));
}

/** Ends @page's session in PostgreSQL, as an administrator or a time-out would. */
async function endSession(page) {
  const me = await (await page.request.get('/api/v1/me')).json();
  psql(`UPDATE user_session SET ended_at = now(), ended_why = 'ended_by_user' WHERE id = '${me.session.id}'`);
  return me.session.id;
}

/** What this tab keeps in its sessionStorage, as one text. */
function tabStorage(page) {
  return page.evaluate(() => JSON.stringify(Object.fromEntries(Object.entries(sessionStorage))));
}

/** A draft of @page's user through the API: a new household with one person; returns its id. */
async function newDraft(page, mainProblem) {
  const csrf = (await (await page.request.get('/api/v1/me')).json()).csrf_token;
  // A test BSN (999900006–999999990, elfproef) no other draft of this file used.
  const run = Date.now() % 60000;
  let n = 999930000 + run;
  let bsn;
  for (;; n++) {
    const d = String(n).split('').map(Number);
    if ((d.slice(0, 8).reduce((s, x, i) => s + x * (9 - i), 0) - d[8]) % 11 === 0) { bsn = String(n); break; }
  }
  const answer = await page.request.post('/api/v1/intakes', {
    headers: { 'X-CSRF-Token': csrf },
    data: {
      household: { postcode: '7554AB', huisnummer: 1 + (run % 9999) },
      vindplaats_id: VINDPLAATS, template_version: 'brede-uitvraag/1', form: 'huisbezoek',
      date: '2026-11-20', place: 'thuis', main_problem: mainProblem,
      persons: [{ ref: 'p1', bsn, given_names: 'Noor', surname: 'Bewaartest', role: 'ouder_verzorger' }],
    },
  });
  assert.equal(answer.status(), 201, await answer.text());
  return (await answer.json()).id;
}

describe('the session ends while the case worker types', () => {
  let page, id;
  const typed = `Het water staat tot aan de lippen, sinds de zomer (bewaartest ${Date.now()})`;

  before(async () => { page = await newPage(browser, TABLET); });
  after(async () => { await page.context().close(); });

  test('the sign-in page, then the same user: the text is back, said so, and saved with If-Match', async () => {
    await signIn(page, GEMEENTE, SANNE);
    id = await newDraft(page, 'Eerste versie van het hoofdprobleem.');
    await page.goto(`/intakes/${id}`);
    await page.getByLabel(MAIN_PROBLEM).fill(typed);
    // Before the autosave (1.5 s after the last change) fires.
    await endSession(page);
    await page.waitForURL((url) => url.pathname === '/aanmelden');
    assert.equal(new URL(page.url()).searchParams.get('terug'), `/intakes/${id}`);
    await page.getByText('Uw sessie is verlopen of beëindigd. Meld u opnieuw aan; wat u nog niet had opgeslagen, wordt daarna teruggezet.').waitFor();
    assert.equal(psqlValue(`SELECT hoofdprobleem FROM intake WHERE id = '${id}'`), 'Eerste versie van het hoofdprobleem.');
    assert.match(await tabStorage(page), /bewaartest/, 'kept in the tab while signed out');

    const puts = [];
    page.on('request', (r) => { if (r.method() === 'PUT' && r.url().endsWith(`/api/v1/intakes/${id}`)) puts.push(r); });
    await signInHere(page, SANNE);
    await page.waitForURL(`**/intakes/${id}`);
    await page.getByTestId('teruggezet').getByText('Uw niet-opgeslagen wijzigingen zijn teruggezet.').waitFor();
    assert.equal(await page.getByLabel(MAIN_PROBLEM).inputValue(), typed);
    await saved(page);
    assert.deepEqual(psql(`SELECT hoofdprobleem, version FROM intake WHERE id = '${id}'`), [[typed, '2']]);
    assert.equal(puts.length, 1);
    assert.equal(await puts[0].headerValue('if-match'), '"1"');
    // Saved: the tab keeps nothing of it any more.
    await page.waitForFunction((text) => !JSON.stringify(sessionStorage).includes(text), 'bewaartest');
  });

  test('a colleague saved in between: the restored text goes through the per-field choice', async () => {
    const mine = `${typed} — tweede keer`;
    await page.getByLabel(MAIN_PROBLEM).fill(mine);
    await endSession(page);
    await page.waitForURL((url) => url.pathname === '/aanmelden');
    // Ahmed saves the same draft meanwhile, through the API.
    const ahmed = await newPage(browser, TABLET);
    await signIn(ahmed, GEMEENTE, AHMED);
    const theirs = await (await ahmed.request.get(`/api/v1/intakes/${id}`)).json();
    const csrf = (await (await ahmed.request.get('/api/v1/me')).json()).csrf_token;
    const put = await ahmed.request.put(`/api/v1/intakes/${id}`, {
      headers: { 'X-CSRF-Token': csrf, 'If-Match': '"2"' },
      data: { ...serverless(theirs), main_problem: 'Ahmed schreef dit intussen.' },
    });
    assert.equal(put.status(), 200, await put.text());
    await ahmed.context().close();

    await signInHere(page, SANNE);
    await page.waitForURL(`**/intakes/${id}`);
    await page.getByRole('heading', { name: 'Een collega heeft dit concept intussen opgeslagen' }).waitFor();
    const main = page.getByRole('group', { name: 'Het hoofdprobleem' });
    await main.getByLabel(`Uw versie: ${mine}`).check();
    await page.getByRole('button', { name: 'Keuzes opslaan' }).click();
    await saved(page);
    assert.deepEqual(psql(`SELECT hoofdprobleem, version FROM intake WHERE id = '${id}'`), [[mine, '4']]);
  });

  test('a different user signing in on the tab sees none of it, and it is gone from the tab', async () => {
    const secret = `Alleen voor Sanne bedoeld (${Date.now()})`;
    await page.getByLabel(MAIN_PROBLEM).fill(secret);
    await endSession(page);
    await page.waitForURL((url) => url.pathname === '/aanmelden');
    assert.match(await tabStorage(page), /Alleen voor Sanne/);

    await signInHere(page, AHMED);
    // Ahmed goes to his own start page, not to Sanne's intake.
    await page.waitForURL('**/werkbak');
    assert.doesNotMatch(await tabStorage(page), /Alleen voor Sanne/);
    await page.goto(`/intakes/${id}`);
    await page.getByLabel(MAIN_PROBLEM).waitFor();
    assert.notEqual(await page.getByLabel(MAIN_PROBLEM).inputValue(), secret);
    assert.equal(await page.getByTestId('teruggezet').count(), 0);
    assert.equal(await page.getByText(secret).count(), 0);
    assert.notEqual(psqlValue(`SELECT hoofdprobleem FROM intake WHERE id = '${id}'`), secret);
  });

  test('an explicit sign-out saves what is pending first, and leaves nothing in the tab', async () => {
    const last = `Ahmed vult aan en meldt zich meteen af (${Date.now()})`;
    await page.getByLabel(MAIN_PROBLEM).fill(last);
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByText('U bent afgemeld.').waitFor();
    assert.equal(psqlValue(`SELECT hoofdprobleem FROM intake WHERE id = '${id}'`), last);
    assert.equal(await tabStorage(page), '{}');
  });
});

describe('the network fails while saving', () => {
  test('the text stays (over a reload too) and is saved once the network is back', async () => {
    const page = await newPage(browser, TABLET);
    page.on('dialog', (d) => void d.accept()); // (the warning of unsaved work, on the reload)
    await signIn(page, GEMEENTE, SANNE);
    const id = await newDraft(page, 'Voor de storing.');
    await page.goto(`/intakes/${id}`);
    let aborted = 0;
    await page.route(`**/api/v1/intakes/${id}`, (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      aborted++;
      return route.abort('internetdisconnected');
    });
    const typed = `Getypt zonder netwerk (${Date.now()})`;
    await page.getByLabel(MAIN_PROBLEM).fill(typed);
    const status = page.getByTestId('opslaan-status');
    await page.waitForFunction((el) => el.dataset.state === 'failed', await status.elementHandle(), { timeout: 10000 });
    assert.match(await status.textContent(), /^Niet opgeslagen: .*Het wordt zo opnieuw geprobeerd\.$/);
    // It tries again by itself (after 2 s).
    await page.waitForTimeout(2500);
    assert.ok(aborted >= 2, `tried again (${aborted})`);

    await page.reload();
    await page.getByTestId('teruggezet').waitFor();
    assert.equal(await page.getByLabel(MAIN_PROBLEM).inputValue(), typed);
    assert.equal(psqlValue(`SELECT hoofdprobleem FROM intake WHERE id = '${id}'`), 'Voor de storing.');

    await page.unroute(`**/api/v1/intakes/${id}`);
    await saved(page, 40000);
    assert.equal(psqlValue(`SELECT hoofdprobleem FROM intake WHERE id = '${id}'`), typed);
    await page.context().close();
  });
});

describe('typing while a refused save is on its way', () => {
  test('what was typed meanwhile is saved once the refusal arrives', async () => {
    const page = await newPage(browser, TABLET);
    await signIn(page, GEMEENTE, SANNE);
    const id = await newDraft(page, 'Een hulpvraag komt erbij.');
    await page.goto(`/intakes/${id}`);
    // The first PUT (a need with only its life area: refused, 422) is held until the rest is typed.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    let puts = 0;
    await page.route(`**/api/v1/intakes/${id}`, async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      if (++puts === 1) await held;
      return route.continue();
    });
    await page.getByRole('button', { name: 'Hulpvraag toevoegen' }).click();
    const need = page.getByRole('group', { name: 'Hulpvraag 1' });
    await need.getByLabel('Leefgebied').selectOption('financien');
    await page.waitForFunction(() => document.querySelector('[data-testid="opslaan-status"]')?.dataset.state === 'saving');
    await need.getByLabel('Omschrijving').fill('Hulp bij de huurachterstand.');
    await need.getByLabel('Wet').selectOption('WGS');
    await page.waitForTimeout(2500); // the autosave of what was typed now waits for the held one
    release();
    await saved(page, 20000);
    assert.ok(puts >= 2, `saved again after the refusal (${puts} PUTs)`);
    assert.deepEqual(psql(`SELECT leefgebied, omschrijving, wet FROM intake_need WHERE intake_id = '${id}'`),
      [['financien', 'Hulp bij de huurachterstand.', 'WGS']]);
    await page.unroute(`**/api/v1/intakes/${id}`);
    await page.context().close();
  });
});

describe('carried items', () => {
  test('a confirmation ("bekend — bevestigen") survives a reload of the tab', async () => {
    const page = await newPage(browser, TABLET);
    page.on('dialog', (d) => void d.accept());
    await signIn(page, GEMEENTE, SANNE);
    const csrf = (await (await page.request.get('/api/v1/me')).json()).csrf_token;
    const found = await (await page.request.post('/api/v1/households/search', {
      headers: { 'X-CSRF-Token': csrf }, data: { bsn: '999990020' },
    })).json();
    const household = found.items[0].id;
    const draft = await (await page.request.post(`/api/v1/households/${household}/draft`, {
      headers: { 'X-CSRF-Token': csrf }, data: { vindplaats_id: VINDPLAATS, date: '2026-11-21' },
    })).json();
    const created = await page.request.post('/api/v1/intakes', {
      headers: { 'X-CSRF-Token': csrf },
      data: { ...serverless(draft), main_problem: 'Vervolggesprek (bevestigingstest).', form: 'huisbezoek', place: 'thuis' },
    });
    assert.equal(created.status(), 201, await created.text());
    const id = (await created.json()).id;

    await page.goto(`/intakes/${id}`);
    const open = page.getByText('bekend — bevestigen of wijzigen');
    await open.first().waitFor();
    const before = await open.count();
    await page.getByRole('button', { name: 'Bevestigen kracht 1' }).click();
    await page.getByRole('group', { name: /^Kracht 1/ }).getByText('bekend — bevestigd').waitFor();
    assert.equal(await open.count(), before - 1);

    await page.reload();
    await page.getByLabel(MAIN_PROBLEM).waitFor();
    await page.getByRole('group', { name: /^Kracht 1/ }).getByText('bekend — bevestigd').waitFor();
    assert.equal(await open.count(), before - 1);
    assert.equal(await page.getByRole('button', { name: 'Bevestigen kracht 1' }).count(), 0);
    // Nothing to save: only the form's own mark, which the API has no field for.
    assert.equal(await page.getByTestId('teruggezet').count(), 0);
    await page.context().close();
  });
});
