// SPDX-License-Identifier: EUPL-1.2
//
// ladder.test.mjs: the AVE ladder on the plan page (web/src/plan/ladder.ts; docs/ladder.md;
// issue 18) in chromium, against the harness's server and demo database (main.c), on a tablet
// (768×1024). Jolanda's demo plan (level 2, regisseur Marieke Jansen): the regisseur asks for
// level 3 in the "Niveau wijzigen" dialog — the plan stays at 2 with the request waiting, and she
// has no way to approve it; Joost Bakker (supervisor of the team) approves it on the plan page —
// the plan is at 3, its history shows both levels; the household's timeline shows the request
// and the approval, each with its actor. Each state is held to PostgreSQL; axe-core on every
// state, the dialogs included; no horizontal scroll at 768×1024.
//
// One file, so its tests run in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  TABLET, assertAccessible, assertNoHorizontalScroll, launch, newPage, psqlValue, screenshot, signIn,
} from './helpers.mjs';

const GEMEENTE = 'GM0164';
const MARIEKE = 'marieke.regisseur';
const JOOST = 'joost.supervisor';
// The demo's Jolanda (cli/demo-stories.json; pages.test.mjs finds her household the same way).
const JOLANDA = { postcode: '7551AB', huisnummer: 12 };
const REASON = 'Schulden, werk en het contact met haar zoon lopen door elkaar: casusregie nodig';
const APPROVAL = 'Akkoord: casusregie door Marieke, evaluatie over drie maanden';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('the ladder: Jolanda’s plan to level 3 with a supervisor’s approval', () => {
  let hid;
  let planId;
  let regisseur;
  let supervisor;

  before(async () => {
    hid = psqlValue(`SELECT id FROM household WHERE gemeente = '${GEMEENTE}'
      AND postcode = '${JOLANDA.postcode}' AND huisnummer = ${JOLANDA.huisnummer}`);
    planId = psqlValue(`SELECT id FROM plan WHERE gemeente = '${GEMEENTE}' AND household_id = '${hid}' AND status = 'actief'`);
    regisseur = await newPage(browser, TABLET);
    supervisor = await newPage(browser, TABLET);
  });
  after(async () => {
    for (const page of [regisseur, supervisor]) {
      if (page) assert.deepEqual(page.problems, [], 'no console or page errors');
    }
  });

  const level = () => Number(psqlValue(`SELECT niveau FROM plan WHERE gemeente = '${GEMEENTE}' AND id = '${planId}'`));
  const request = (column) => psqlValue(`SELECT ${column} FROM plan_level_request
    WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}' ORDER BY requested_at DESC LIMIT 1`);

  test('the regisseur sees level 2 and asks for level 3; the plan stays at 2 with the request waiting', async () => {
    assert.equal(level(), 2, 'the demo leaves Jolanda’s plan at level 2');
    const page = regisseur;
    await signIn(page, GEMEENTE, MARIEKE);
    await page.goto(`/huishoudens/${hid}/plan`);
    const niveau = page.getByTestId('niveau');
    await niveau.waitFor();
    assert.equal(await niveau.getAttribute('data-niveau'), '2');
    assert.match(await niveau.textContent(), /^Niveau 2: Een vraag of een probleem\. Regie: de bewoner, met professionele steun\.$/);
    assert.equal(await page.getByTestId('niveau-aanvraag').count(), 0);
    await assertAccessible(page, 'the plan page at level 2');
    await assertNoHorizontalScroll(page, 'the plan page at level 2');

    await page.getByRole('button', { name: 'Niveau wijzigen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Niveau wijzigen' });
    await dialog.waitFor();
    // Level 2 itself is no choice; going down needs an evaluation that decided afschalen.
    assert.equal(await dialog.getByRole('radio').count(), 3);
    await dialog.getByLabel(/^Niveau 3: /).check();
    await dialog.getByText('Niveau 3 vraagt goedkeuring van een toezichthouder van het team. Tot dan blijft het plan op niveau 2.').waitFor();
    const reason = dialog.getByLabel('Reden van de wijziging');
    assert.equal(await reason.inputValue(), 'Opschalen van niveau 2 naar niveau 3: ');
    assert.ok(await dialog.getByLabel('Evaluatie die tot afschalen besloot').isHidden(), 'no evaluation going up');
    await reason.fill(REASON);
    await assertAccessible(page, 'the level dialog');
    await assertNoHorizontalScroll(page, 'the level dialog');
    await screenshot(page, 'ladder-aanvraag-dialoog');
    await dialog.getByRole('button', { name: 'Niveauwijziging aanvragen' }).click();
    await page.getByText(/De aanvraag voor niveau 3 wacht op goedkeuring van een toezichthouder; het plan blijft op niveau 2/).waitFor();
    assert.equal(await dialog.count(), 0);

    // PostgreSQL: the plan at 2, the request waiting, asked by Marieke.
    assert.equal(level(), 2);
    assert.equal(request('status'), 'aangevraagd');
    assert.equal(request('requested_by'), MARIEKE);
    assert.equal(request('reden'), REASON);
    assert.equal(request('van || \'→\' || naar'), '2→3');

    const box = page.getByTestId('niveau-aanvraag');
    assert.match(await box.textContent(), /Aanvraag wacht op goedkeuring: van niveau 2 naar niveau 3/);
    assert.match(await box.textContent(), new RegExp(REASON));
    assert.match(await box.textContent(), /Gevraagd door Marieke Jansen/);
    assert.equal(await page.getByTestId('niveau').getAttribute('data-niveau'), '2');
    // No approval for the regisseur, and no second request while one waits.
    assert.equal(await page.getByRole('button', { name: 'Goedkeuren' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Niveau wijzigen' }).count(), 0);
    await assertAccessible(page, 'the plan page with a request waiting');
    await assertNoHorizontalScroll(page, 'the plan page with a request waiting');
  });

  test('the supervisor’s page lists the requests waiting, overdue evaluations, time at level and regie op regie', async () => {
    const page = supervisor;
    await signIn(page, GEMEENTE, JOOST);
    await page.goto('/toezicht');
    const pending = page.getByTestId('aanvragen');
    await pending.locator('tbody tr').first().waitFor();
    // The demo's Yilmaz request (Thomas) and Jolanda's (Marieke), oldest first.
    const waiting = psqlValue(`SELECT string_agg(id::text, ',' ORDER BY requested_at) FROM plan_level_request
      WHERE gemeente = '${GEMEENTE}' AND status = 'aangevraagd'`).split(',');
    assert.deepEqual(await pending.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.aanvraag)), waiting);
    await pending.getByText(REASON).waitFor();
    // De Boer's overdue evaluation (the demo: a week late on the day of the load).
    const late = page.getByTestId('achterstallig');
    await late.locator('tbody tr').first().waitFor();
    assert.ok(await late.locator('tbody tr').count() >= 1);
    await page.getByTestId('tijd-per-niveau').locator('table').first().waitFor();
    await page.getByTestId('regie-op-regie').locator('tbody tr').first().waitFor();
    await page.getByTestId('regie-op-regie').getByText('Te laat').first().waitFor();
    await assertAccessible(page, 'the supervisor’s page with the ladder');
    await assertNoHorizontalScroll(page, 'the supervisor’s page with the ladder');
    await screenshot(page, 'ladder-toezicht');
  });

  test('the supervisor approves it: the plan is at level 3, its history shows 2 and 3', async () => {
    const page = supervisor;
    await page.goto(`/huishoudens/${hid}/plan`);
    const box = page.getByTestId('niveau-aanvraag');
    await box.waitFor();
    await box.getByRole('button', { name: 'Goedkeuren' }).click();
    const dialog = page.getByRole('dialog', { name: 'Niveau 3 goedkeuren' });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), new RegExp(REASON));
    const reason = dialog.getByLabel('Reden van het besluit');
    assert.equal(await reason.inputValue(), 'Akkoord met opschalen naar niveau 3');
    await reason.fill(APPROVAL);
    await assertAccessible(page, 'the approval dialog');
    await assertNoHorizontalScroll(page, 'the approval dialog');
    await dialog.getByRole('button', { name: 'Goedkeuren' }).click();
    await page.getByText(/De aanvraag is goedgekeurd: het plan is nu op niveau 3/).waitFor();

    assert.equal(level(), 3);
    assert.equal(request('status'), 'goedgekeurd');
    assert.equal(request('decided_by'), JOOST);
    assert.equal(request('besluit_reden'), APPROVAL);
    assert.equal(await page.getByTestId('niveau').getAttribute('data-niveau'), '3');
    assert.equal(await page.getByTestId('niveau-aanvraag').count(), 0);
    await assertAccessible(page, 'the plan page at level 3 (supervisor)');
    await assertNoHorizontalScroll(page, 'the plan page at level 3 (supervisor)');
  });

  test('the plan page shows level 3 and its history to the regisseur', async () => {
    const page = regisseur;
    await page.reload();
    const niveau = page.getByTestId('niveau');
    await niveau.waitFor();
    assert.equal(await niveau.getAttribute('data-niveau'), '3');
    assert.match(await niveau.textContent(), /^Niveau 3: Complexe problemen op meerdere leefgebieden en onder meerdere wetten\. Regie: de regisseur \(casusregie\)\.$/);
    const rows = page.locator('[data-testid=niveau-historie] tbody tr');
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.niveau)), ['3', '2']);
    assert.equal(psqlValue(`SELECT string_agg(niveau::text, ',' ORDER BY position) FROM plan_level_period
      WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}'`), '2,3');
    const top = rows.first();
    await top.getByText(REASON).waitFor();
    await top.getByText('Gevraagd door Marieke Jansen, goedgekeurd door Joost Bakker').waitFor();
    const asked = page.locator('[data-testid=niveau-aanvragen] tbody tr').first();
    assert.equal(await asked.getAttribute('data-status'), 'goedgekeurd');
    await asked.getByText(APPROVAL).waitFor();
    await assertAccessible(page, 'the plan page at level 3 (regisseur)');
    await assertNoHorizontalScroll(page, 'the plan page at level 3 (regisseur)');
    await screenshot(page, 'ladder-niveau-3', { scrollTo: '[data-sectie=niveau]' });
  });

  test('the household’s timeline shows the request and the approval with their actors', async () => {
    const page = regisseur;
    await page.goto(`/huishoudens/${hid}`);
    await page.getByText(/stappen getoond/).waitFor();
    const step = (text) => page.locator('[data-sectie=tijdlijn] li').filter({ hasText: text }).first();
    await step('Niveauwijziging van het plan aangevraagd').getByText('Marieke Jansen (regisseur)').waitFor();
    await step('Niveauwijziging van het plan goedgekeurd').getByText('Joost Bakker (toezichthouder)').waitFor();
    // The approval is the newer of the two.
    const order = await page.locator('[data-sectie=tijdlijn] li strong').evaluateAll((s) => s.map((x) => x.textContent));
    assert.ok(order.indexOf('Niveauwijziging van het plan goedgekeurd') < order.indexOf('Niveauwijziging van het plan aangevraagd'));
    await assertAccessible(page, 'the household page with the ladder in its timeline');
    await assertNoHorizontalScroll(page, 'the household page with the ladder in its timeline');
  });
});
