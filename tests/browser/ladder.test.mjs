// SPDX-License-Identifier: EUPL-1.2
//
// ladder.test.mjs: the AVE ladder on the plan page (web/src/plan/ladder.ts; docs/ladder.md;
// issue 18) in chromium, against the harness's server and demo database (main.c), on a tablet
// (768×1024). Jolanda's demo plan (level 2, regisseur Marieke Jansen): the regisseur asks for
// level 3 in the "Niveau wijzigen" dialog — the plan stays at 2 with the request waiting, and she
// has no way to approve it; Joost Bakker (supervisor of the team) approves it on the plan page —
// the plan is at 3, its history shows both levels; the household's timeline shows the request
// and the approval, each with its actor. Then the evaluation form, from the page to PostgreSQL:
// Marieke records an evaluation (an outcome per goal, a ZRM re-score, bijstellen, the next date)
// after the form refused a missing decision and a date in the future, and the server refused one
// too (the request altered on its way) — each refusal beside its field, with nothing recorded;
// the rows, the plan's next date and the ZRM change beside the intake on the page. A second
// evaluation decides afschalen, and "Niveau wijzigen" names it to take the plan from 3 to 2 at
// once. Last, /toezicht's period (Van and Tot, the last twelve months by default): its
// Op- en afschalingen exactly as PostgreSQL has the team's requests, with the counts; a period
// whose Tot lies before Van refused by the server beside Tot, nothing else changed; the month
// before today (none of today's changes) kept in the address over a reload; "Meer laden" with a
// next_cursor (today's server pages nothing: page.route splits its answer in two). Each state is
// held to PostgreSQL; axe-core on every state, the dialogs included; no horizontal scroll at
// 768×1024.
//
// One file, so its tests run in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  TABLET, assertAccessible, assertNoHorizontalScroll, launch, newPage, psql, psqlValue, screenshot, signIn,
} from './helpers.mjs';

const GEMEENTE = 'GM0164';
const MARIEKE = 'marieke.regisseur';
const JOOST = 'joost.supervisor';
// The demo's Jolanda (cli/demo-stories.json; pages.test.mjs finds her household the same way).
const JOLANDA = { postcode: '7551AB', huisnummer: 12 };
const REASON = 'Schulden, werk en het contact met haar zoon lopen door elkaar: casusregie nodig';
const APPROVAL = 'Akkoord: casusregie door Marieke, evaluatie over drie maanden';
const DOWN = 'Afschalen van niveau 3 naar niveau 2 na de evaluatie: de schulden zijn in beeld bij de bewindvoerder';

/** A date as YYYY-MM-DD in the local time zone (the page's today()), @days from today, or
 *  @months months from today. */
function isoDate({ days = 0, months = 0 } = {}) {
  const d = new Date();
  d.setMonth(d.getMonth() + months);
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
/** "2026-12-05" → "5 december 2026", as the pages write a date (texts.ts). */
const dutchDate = (iso) => new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  .format(new Date(`${iso}T00:00:00Z`));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** PostgreSQL: the requests asked in the last twelve months in the plans of Joost's team, oldest
 *  first, as [id, richting, status]. */
function teamRequests() {
  return psql(`SELECT q.id, q.richting, q.status FROM plan_level_request q
    JOIN plan_regie r ON r.gemeente = q.gemeente AND r.plan_id = q.plan_id AND r.tot IS NULL
    JOIN app_user u ON u.gemeente = r.gemeente AND u.username = r.regisseur
    WHERE q.gemeente = '${GEMEENTE}'
      AND u.team_id = (SELECT team_id FROM app_user WHERE gemeente = '${GEMEENTE}' AND username = '${JOOST}')
      AND q.requested_at >= ('${isoDate({ months: -12 })}'::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'
    ORDER BY q.requested_at, q.id`);
}

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
    // Counted per regisseur, as PostgreSQL has the active plans due before today (Amsterdam's).
    const perRegisseur = psql(`SELECT r.regisseur, count(*) FROM plan p
      JOIN plan_regie r ON r.gemeente = p.gemeente AND r.plan_id = p.id AND r.tot IS NULL
      WHERE p.gemeente = '${GEMEENTE}' AND p.status = 'actief'
        AND p.volgende_evaluatie < (now() AT TIME ZONE 'Europe/Amsterdam')::date
      GROUP BY 1 ORDER BY 1`);
    const counted = await late.getByTestId('achterstallig-per-regisseur').locator('li').evaluateAll((lis) =>
      lis.map((li) => [li.dataset.regisseur, li.textContent.replace(/^.*: /, '')]).sort());
    assert.deepEqual(counted, perRegisseur);
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

  // ---- the evaluation form (issue 18): from the page to PostgreSQL -------------------------------

  const evaluationCounts = () => psql(`SELECT
      (SELECT count(*) FROM plan_evaluation WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}'),
      (SELECT count(*) FROM plan_evaluation_goal WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}'),
      (SELECT count(*) FROM plan_evaluation_score WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}'),
      (SELECT version || ' ' || coalesce(volgende_evaluatie::text, '-') FROM plan WHERE gemeente = '${GEMEENTE}' AND id = '${planId}')`)[0].join(',');
  const nextEvaluation = () => psqlValue(`SELECT volgende_evaluatie FROM plan WHERE gemeente = '${GEMEENTE}' AND id = '${planId}'`);
  const lastEvaluation = () => psqlValue(`SELECT id FROM plan_evaluation WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}'
    ORDER BY position DESC LIMIT 1`);
  /** The error shown beside the field labelled @label in @dialog (aria-describedby), with the
   *  field marked invalid. */
  const fieldError = async (field) => {
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const ids = (await field.getAttribute('aria-describedby')).split(' ');
    const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  };

  test('the regisseur records an evaluation in the form: outcomes per goal, a ZRM re-score, bijstellen; bad input changes nothing', async () => {
    const page = regisseur;
    await page.goto(`/huishoudens/${hid}/plan`);
    await page.getByTestId('volgende-evaluatie').waitFor();
    const before = evaluationCounts();
    const planned = nextEvaluation();
    const goals = psql(`SELECT id, omschrijving FROM plan_goal WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}'
      AND status = 'open' ORDER BY position`);
    assert.ok(goals.length >= 2, 'the demo gives Jolanda’s plan open goals');
    // An outcome per goal; the second stays open (for the next evaluation).
    const results = [
      ['deels_behaald', 'Jolanda werkt twee dagen per week via het Werkplein; nog geen betaald contract.'],
      ['open', 'De begeleiding thuis loopt; het huishouden houdt zij vol.'],
      ['behaald', 'Vaste afspraken met haar zoon, alle drie nagekomen.'],
      ['niet_behaald', 'Er kwam een nieuwe achterstand bij de zorgverzekeraar bij.'],
    ];
    const outcomes = goals.map(([goal], i) => [goal, ...results[i % results.length]]);
    const jolanda = psqlValue(`SELECT person_id FROM household_member WHERE household_id = '${hid}' AND valid_to IS NULL`);
    const jolandaName = psqlValue(`SELECT concat_ws(' ', voornamen, tussenvoegsel, achternaam) FROM person
      WHERE gemeente = '${GEMEENTE}' AND id = '${jolanda}'`);
    const next = isoDate({ months: 2 });

    await page.getByRole('button', { name: 'Evaluatie vastleggen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Evaluatie vastleggen' });
    await dialog.waitFor();
    const datum = dialog.getByLabel('Datum van de evaluatie');
    assert.equal(await datum.inputValue(), isoDate());
    for (const [i, [, status, uitkomst]] of outcomes.entries()) {
      const group = dialog.getByRole('group', { name: `Doel: ${goals[i][1]}` });
      await group.getByLabel('Status').selectOption(status);
      await group.getByLabel('Uitkomst').fill(uitkomst);
    }
    await dialog.getByRole('button', { name: 'ZRM-score toevoegen' }).click();
    const score = dialog.getByRole('group', { name: 'ZRM-score 1' });
    await score.getByLabel('Lid').selectOption(jolanda);
    await score.getByLabel('Leefgebied').selectOption('financien');
    await score.getByLabel('Score').selectOption('3');
    await dialog.getByLabel('Volgende evaluatie').fill(next);
    await assertAccessible(page, 'the evaluation form');
    await assertNoHorizontalScroll(page, 'the evaluation form');

    // No decision: said beside the field and in the summary; nothing sent.
    const submit = dialog.getByRole('button', { name: 'Evaluatie vastleggen' });
    await submit.click();
    const summary = dialog.getByRole('alert').filter({ hasText: 'Er is een probleem' });
    await summary.getByText('Het besluit is verplicht').waitFor();
    await dialog.getByRole('group', { name: 'Besluit' }).getByText('Het besluit is verplicht').waitFor();
    await assertAccessible(page, 'the evaluation form with a missing decision');
    assert.equal(evaluationCounts(), before, 'nothing recorded without a decision');

    // A date in the future: the form says so beside the date.
    await dialog.getByLabel('Bijstellen', { exact: true }).check();
    await datum.fill(isoDate({ days: 1 }));
    await submit.click();
    await summary.getByText(/^De datum ligt in de toekomst/).waitFor();
    assert.match(await fieldError(datum), /De datum ligt in de toekomst: leg een evaluatie vast als ze gehouden is/);
    assert.equal(evaluationCounts(), before, 'nothing recorded with a date in the future');

    // The server refuses it too (the request altered on its way): its 422 beside the date.
    await datum.fill(isoDate());
    const route = '**/api/v1/households/*/plan/evaluaties';
    await page.route(route, (r) => r.continue({ postData: JSON.stringify({ ...r.request().postDataJSON(), datum: isoDate({ days: 1 }) }) }));
    await submit.click();
    await summary.getByRole('link', { name: /^De datum .*niet vooraf/ }).waitFor();
    assert.match(await fieldError(datum), /^De datum .*niet vooraf/);
    await page.unroute(route);
    assert.equal(evaluationCounts(), before, 'nothing recorded when the server refuses');
    await assertAccessible(page, 'the evaluation form with the server’s refusal');
    await screenshot(page, 'ladder-evaluatie-fout');

    await submit.click();
    await page.getByText(`De volgende evaluatie is op ${dutchDate(next)}.`).waitFor();
    assert.equal(await dialog.count(), 0);

    // PostgreSQL: one evaluation, an outcome per goal, the re-score, the plan's next date.
    const id = lastEvaluation();
    assert.deepEqual(psql(`SELECT datum, gepland, besluit, volgende_evaluatie, recorded_by FROM plan_evaluation
      WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}' AND id = '${id}'`), [[isoDate(), planned, 'bijstellen', next, MARIEKE]]);
    assert.deepEqual(psql(`SELECT goal_id, status, uitkomst FROM plan_evaluation_goal
      WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}' AND evaluation_id = '${id}' ORDER BY goal_id`),
    [...outcomes].sort((a, b) => a[0].localeCompare(b[0])));
    assert.deepEqual(psql(`SELECT person_id, leefgebied, score FROM plan_evaluation_score
      WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}' AND evaluation_id = '${id}'`), [[jolanda, 'financien', '3']]);
    assert.equal(nextEvaluation(), next);
    assert.notEqual(next, planned);
    assert.deepEqual(psql(`SELECT status FROM plan_goal WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}' ORDER BY position`)
      .map((r) => r[0]), outcomes.map((o) => o[1]));

    // The page: the next date, the evaluation with its outcomes and the ZRM change since the intake.
    assert.equal(await page.getByTestId('volgende-evaluatie').textContent(), `Volgende evaluatie: ${dutchDate(next)}`);
    const item = page.locator(`[data-evaluatie="${id}"]`);
    await item.getByRole('heading', { name: `Evaluatie van ${dutchDate(isoDate())}` }).waitFor();
    await item.getByText('Bijstellen', { exact: true }).waitFor();
    for (const [, , uitkomst] of outcomes) await item.getByText(uitkomst).waitFor();
    // Beside the household's first finalised intake that scored her on financien.
    const [[intakeScore, intakeDate]] = psql(`SELECT a.score, i.datum FROM intake i
      JOIN intake_person ip ON ip.gemeente = i.gemeente AND ip.intake_id = i.id AND ip.person_id = '${jolanda}'
      JOIN intake_assessment a ON a.gemeente = i.gemeente AND a.intake_id = i.id AND a.person_ref = ip.ref
        AND a.leefgebied = 'financien' AND a.score IS NOT NULL
      WHERE i.gemeente = '${GEMEENTE}' AND i.household_id = '${hid}' AND i.status = 'finalised'
      ORDER BY i.datum, i.created_at, i.id LIMIT 1`);
    assert.equal(intakeScore, '1', 'Jolanda’s intake scored financien 1');
    const row = item.locator(`tr[data-lid="${jolanda}"][data-leefgebied="financien"]`);
    assert.deepEqual(await row.locator('td').allTextContents(),
      [jolandaName, 'Financiën', `1 (${dutchDate(intakeDate)})`, '3', '+2']);
    await assertAccessible(page, 'the plan page with an evaluation');
    await assertNoHorizontalScroll(page, 'the plan page with an evaluation');
    await screenshot(page, 'ladder-evaluatie', { readme: 'plan-evaluatie', scrollTo: `[data-evaluatie="${id}"]` });
  });

  test('an evaluation that decided afschalen takes the plan from level 3 to 2 through "Niveau wijzigen", at once', async () => {
    const page = regisseur;
    assert.equal(level(), 3);
    const before = evaluationCounts();
    await page.getByRole('button', { name: 'Evaluatie vastleggen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Evaluatie vastleggen' });
    await dialog.waitFor();
    // Only the goal still open is asked about.
    assert.equal(await dialog.getByLabel('Uitkomst').count(), 1);
    await dialog.getByLabel('Uitkomst').fill('De begeleiding thuis volstaat; regie kan terug naar Jolanda met steun.');
    await dialog.getByLabel('Afschalen', { exact: true }).check();
    await assertAccessible(page, 'the evaluation form deciding afschalen');
    await dialog.getByRole('button', { name: 'Evaluatie vastleggen' }).click();
    await page.getByText(/De evaluatie is vastgelegd/).waitFor();
    assert.notEqual(evaluationCounts(), before);
    const id = lastEvaluation();
    assert.equal(psqlValue(`SELECT besluit FROM plan_evaluation WHERE gemeente = '${GEMEENTE}' AND plan_id = '${planId}' AND id = '${id}'`), 'afschalen');
    assert.equal(level(), 3, 'an evaluation alone does not move the level');

    await page.getByRole('button', { name: 'Niveau wijzigen' }).click();
    const change = page.getByRole('dialog', { name: 'Niveau wijzigen' });
    await change.waitFor();
    await change.getByLabel(/^Niveau 2: /).check();
    const evaluation = change.getByLabel('Evaluatie die tot afschalen besloot');
    await evaluation.waitFor();
    await evaluation.selectOption(id);
    const reason = change.getByLabel('Reden van de wijziging');
    assert.equal(await reason.inputValue(), 'Afschalen van niveau 3 naar niveau 2 na de evaluatie');
    await reason.fill(DOWN);
    await assertAccessible(page, 'the level dialog going down');
    await change.getByRole('button', { name: 'Niveauwijziging aanvragen' }).click();
    await page.getByText(/Het plan is nu op niveau 2/).waitFor();

    // Going down needs no approval: carried out at once, naming the evaluation.
    assert.equal(level(), 2);
    assert.equal(request('status'), 'doorgevoerd');
    assert.equal(request('richting || \' \' || van || \'→\' || naar'), 'af 3→2');
    assert.equal(request('evaluatie_id'), id);
    assert.equal(request('reden'), DOWN);
    assert.equal(await page.getByTestId('niveau').getAttribute('data-niveau'), '2');
    assert.deepEqual(await page.locator('[data-testid=niveau-historie] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.niveau)),
      ['2', '3', '2']);
    const asked = page.locator('[data-testid=niveau-aanvragen] tbody tr').first();
    assert.equal(await asked.getAttribute('data-status'), 'doorgevoerd');
    await asked.getByText(`Evaluatie van ${dutchDate(isoDate())}`).waitFor();
    await assertAccessible(page, 'the plan page after afschalen');
    await assertNoHorizontalScroll(page, 'the plan page after afschalen');
    await screenshot(page, 'ladder-afgeschaald', { readme: 'plan-niveau', scrollTo: '[data-sectie=niveau]' });
  });

  // ---- /toezicht: the period and the Op- en afschalingen in it -----------------------------------

  test('/toezicht: the period (Van, Tot) and its Op- en afschalingen as PostgreSQL has them; a bad period beside Tot; the period in the address', async () => {
    const page = supervisor;
    await page.goto('/toezicht');
    const form = page.getByTestId('periode');
    const van = form.getByLabel('Van', { exact: true });
    const tot = form.getByLabel('Tot', { exact: true });
    assert.equal(await van.inputValue(), isoDate({ months: -12 }), 'the last twelve months');
    assert.equal(await tot.inputValue(), isoDate());
    const changes = page.getByTestId('niveaus');
    await changes.locator('tr[data-aanvraag]').first().waitFor();

    const asked = teamRequests();
    assert.ok(asked.length >= 3, 'the demo’s Yilmaz request, and Jolanda’s up and down');
    assert.deepEqual(await changes.locator('tr[data-aanvraag]').evaluateAll((trs) => trs.map((tr) => tr.dataset.aanvraag)), asked.map((a) => a[0]));
    const count = (richting, ...statuses) => String(asked.filter((a) => (!richting || a[1] === richting) && statuses.includes(a[2])).length);
    assert.deepEqual(await changes.getByTestId('niveaus-tellingen').locator('tbody td').allTextContents(), [
      count('op', 'goedgekeurd', 'doorgevoerd'), count('af', 'goedgekeurd', 'doorgevoerd'), count(null, 'afgewezen'), count(null, 'aangevraagd'),
    ]);
    const up = changes.locator(`tr[data-aanvraag="${psqlValue(`SELECT id FROM plan_level_request WHERE gemeente = '${GEMEENTE}'
      AND plan_id = '${planId}' AND richting = 'op'`)}"]`);
    assert.deepEqual((await up.locator('td').allTextContents()).slice(1, 4), ['Opschalen: van 2 naar 3', REASON, 'Goedgekeurd']);
    await up.getByText('door Marieke Jansen').waitFor();
    await up.getByText(/^Joost Bakker, /).waitFor();
    await up.getByText(APPROVAL).waitFor();
    const down = changes.locator(`tr[data-aanvraag="${request('id')}"]`);
    assert.deepEqual((await down.locator('td').allTextContents()).slice(1, 5), [
      'Afschalen: van 3 naar 2', `${DOWN}Na een evaluatie die tot afschalen besloot`, 'Doorgevoerd (geen goedkeuring nodig)', '—',
    ]);
    await page.getByTestId('tijd-per-niveau').getByText(`In dagen, van ${dutchDate(isoDate({ months: -12 }))} tot en met ${dutchDate(isoDate())}.`).waitFor();
    // The regisseur by name, as the view gives it.
    assert.equal(await page.getByTestId('tijd-per-niveau').locator(`tr[data-plan="${planId}"] td`).nth(1).textContent(), 'Marieke Jansen');
    await assertAccessible(page, 'the supervisor’s page with the period');
    await assertNoHorizontalScroll(page, 'the supervisor’s page with the period');
    await screenshot(page, 'ladder-toezicht-periode', { readme: 'toezicht-niveaus', scrollTo: '[data-sectie=periode]' });

    // Tot before Van: the server's refusal beside Tot; nothing else changes.
    await van.fill(isoDate());
    await tot.fill(isoDate({ days: -1 }));
    await form.getByRole('button', { name: 'Toon' }).click();
    await form.getByRole('alert').getByRole('link', { name: /^De einddatum ligt vóór het begin/ }).waitFor();
    assert.equal(await fieldError(tot), `De einddatum ligt vóór het begin (${isoDate()})`);
    assert.equal(new URL(page.url()).search, '', 'the address keeps no refused period');
    assert.equal(await changes.locator('tr[data-aanvraag]').count(), asked.length);
    await assertAccessible(page, 'the supervisor’s page with a refused period');

    // The month before today: none of today's changes; the address keeps the period, a reload too.
    const month = { van: isoDate({ months: -1 }), tot: isoDate({ days: -1 }) };
    await van.fill(month.van);
    await tot.fill(month.tot);
    await form.getByRole('button', { name: 'Toon' }).click();
    await changes.getByText('Geen op- of afschalingen in deze periode.').waitFor();
    assert.equal(await tot.getAttribute('aria-invalid'), null);
    assert.equal(new URL(page.url()).search, `?van=${month.van}&tot=${month.tot}`);
    await page.getByTestId('regie-op-regie').getByText(`van ${dutchDate(month.van)} tot en met ${dutchDate(month.tot)}.`, { exact: false }).waitFor();
    await page.reload();
    await page.getByTestId('niveaus').getByText('Geen op- of afschalingen in deze periode.').waitFor();
    assert.equal(await page.getByTestId('periode').getByLabel('Van', { exact: true }).inputValue(), month.van);
    assert.equal(await page.getByTestId('periode').getByLabel('Tot', { exact: true }).inputValue(), month.tot);
    await assertAccessible(page, 'the supervisor’s page for the month before');
  });

  test('/toezicht: "Meer laden" appends the next page while the server gives a next_cursor', async () => {
    const page = supervisor;
    const all = teamRequests().map((r) => r[0]);
    assert.ok(all.length >= 3, `the demo and the tests above made ${all.length} requests`);
    // The page asks for pages of 50; ask the server for pages of one, to walk them all.
    const isView = (url) => url.pathname === '/api/v1/toezicht/niveaus';
    const cursors = [];
    await page.route(isView, async (route) => {
      const url = new URL(route.request().url());
      cursors.push(url.searchParams.get('cursor'));
      url.searchParams.set('limit', '1');
      await route.continue({ url: url.toString() });
    });
    await page.goto('/toezicht');
    const changes = page.getByTestId('niveaus');
    await changes.locator('tr[data-aanvraag]').first().waitFor();
    const shown = () => changes.locator('tr[data-aanvraag]').evaluateAll((trs) => trs.map((tr) => tr.dataset.aanvraag));
    assert.deepEqual(await shown(), all.slice(0, 1));
    const more = changes.getByRole('button', { name: 'Meer laden' });
    await assertAccessible(page, 'the supervisor’s page with "Meer laden"');
    for (let n = 2; n <= all.length; n++) {
      await more.click();
      await changes.locator('tr[data-aanvraag]').nth(n - 1).waitFor();
      assert.deepEqual(await shown(), all.slice(0, n));
    }
    await changes.getByText('1 regel toegevoegd; dit is alles.').waitFor();
    assert.ok(await more.isHidden());
    assert.equal(cursors.length, all.length);
    assert.equal(cursors[0], null);
    assert.ok(cursors.slice(1).every((c) => typeof c === 'string' && c.length > 0), cursors.join(','));
    await page.unroute(isView);
    // The ladder's other lists, whole on their first page of 50 here, show no "Meer laden".
    for (const list of ['achterstallig', 'tijd-per-niveau', 'regie-op-regie']) {
      await page.getByTestId(list).locator('table').first().waitFor();
      assert.equal(await page.getByTestId(list).getByRole('button', { name: 'Meer laden' }).count(), 0, list);
    }
  });

  test('/toezicht for a supervisor of no team: each view says so in its own section; the period is not blamed', async () => {
    const page = supervisor;
    const team = psqlValue(`SELECT team_id FROM app_user WHERE gemeente = '${GEMEENTE}' AND username = '${JOOST}'`);
    psql(`UPDATE app_user SET team_id = NULL WHERE gemeente = '${GEMEENTE}' AND username = '${JOOST}'`);
    try {
      await page.goto('/toezicht');
      for (const list of ['aanvragen', 'achterstallig', 'niveaus', 'tijd-per-niveau', 'regie-op-regie']) {
        await page.getByTestId(list).getByRole('alert').getByText(/geen toezichthouder van dit team/).waitFor();
      }
      const form = page.getByTestId('periode');
      assert.equal(await form.getByRole('alert').count(), 0, 'no error beside the period');
      assert.equal(await page.getByText('Kies hierboven een geldige periode.').count(), 0);
      await assertAccessible(page, 'the supervisor’s page for a supervisor of no team');
      // The browser logs each refused view (403): five, asked for here, and nothing else.
      const refused = page.problems.filter((p) => /status of 403\b/.test(p));
      assert.equal(refused.length, 5, page.problems.join('\n'));
      page.problems = page.problems.filter((p) => !refused.includes(p));
    } finally {
      psql(`UPDATE app_user SET team_id = '${team}' WHERE gemeente = '${GEMEENTE}' AND username = '${JOOST}'`);
    }
  });
});
