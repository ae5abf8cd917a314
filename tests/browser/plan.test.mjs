// SPDX-License-Identifier: EUPL-1.2
//
// plan.test.mjs: the household plan's page (web/src/plan/) in chromium, against the harness's
// server and demo database (main.c). Jolanda's case (docs/plan.md; DOMAIN.md, "A worked case"):
// her finalised intake with needs under PW, WMO, JW and WGS (recorded through the API, on a
// household of her own so that the demo's is left alone), then, as the demo regisseur on a tablet
// (768×1024): the plan made from the household page, one goal linking needs under two laws (one
// goal, two law tags), a maatwerk WMO 02 action of 102 minutes per week (eenheid 01, frequentie
// 2), a network action, a need's law changed with a reason, a stale write (the conflict message,
// nothing typed lost), an API error beside its field, the warm handover to a colleague regisseur
// (the history shows both), who then records the resident's agreement and reads a diff in
// Dutch; a casemanager reads it without any control to change it; the werkbak's plan lists; a
// partner reads it only with a consent that lists plan; the regisseur closes it and the household
// page then offers Plan maken again. Colleagues are chosen from GET /api/v1/medewerkers. What
// the page shows is held to the API's plan and to the rows in PostgreSQL; axe-core on every
// state, the dialogs included; no horizontal scroll at 768×1024 and at 1280×800.
//
// One file, so its tests run in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  DESKTOP, TABLET, assertAccessible, assertNoHorizontalScroll, launch, newPage, psql, psqlValue, screenshot, signIn, testBsn,
} from './helpers.mjs';

const GEMEENTE = 'GM0164';
const SANNE = 'sanne.casemanager';
const MARIEKE = 'marieke.regisseur';
const RANA = 'rana.regisseur';
const PARTNER = 'tactus.partner';
const VINDPLAATS = '0190a000-0000-7000-8000-000000000001';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const sql = (s) => s.replaceAll("'", "''");

const GOAL = 'Jolanda heeft betaald werk en grip op haar geld';
const BEGELEIDING = 'Individuele begeleiding thuis';
const NETWERK = 'Mark en zijn familie helpen bij de post en afspraken';
const LAW_REASON = 'Jolanda is volwassen: de steun bij het contact met haar zoon valt onder de Wmo';
const HANDOVER = 'Warme overdracht: kennismaking met Jolanda op 10 december, Mark is erbij.';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function csrf(page) {
  return (await (await page.request.get('/api/v1/me')).json()).csrf_token;
}

/** Jolanda's intake (docs/examples/intake-jolanda.json) on a new household, finalised through
 *  the API by @page's casemanager; returns the household's id. */
async function jolandasIntake(page) {
  const token = await csrf(page);
  // BSNs 999900006–999909999: a range no other test file draws from.
  const run = Date.now() % 9000;
  const created = await page.request.post('/api/v1/intakes', {
    headers: { 'X-CSRF-Token': token },
    data: {
      household: { postcode: '7551PL', huisnummer: 1 + run, wijk: 'Hengelo-Centrum' },
      vindplaats_id: VINDPLAATS, template_version: 'brede-uitvraag/1', form: 'huisbezoek',
      date: '2026-11-20', place: 'bij Jolanda thuis',
      main_problem: 'Ik wil betaald werk, maar de schulden groeien me boven het hoofd en ik mis mijn zoon.',
      persons: [{ ref: 'jolanda', bsn: testBsn(999900006 + run), given_names: 'Jolanda', surname: 'Voorbeeld', birth_date: '1998-03-14', role: 'ouder_verzorger' }],
      participants: [{ kind: 'bewoner', person: 'jolanda' }, { kind: 'netwerk', name: 'Mark', role: 'vriend' }],
      strengths: [{ kind: 'netwerk', description: 'Mark en zijn familie helpen bij post en afspraken.' }],
      needs: [
        { person: 'jolanda', domain: 'werk_opleiding', description: 'Begeleiding naar betaald werk.', law: 'PW', urgency: 'normaal', status: 'open' },
        { person: 'jolanda', domain: 'instrumentele_adl', description: 'Individuele begeleiding thuis voortzetten (Wmo 02).', law: 'WMO', urgency: 'normaal', status: 'in_behandeling' },
        { person: 'jolanda', domain: 'huiselijke_relaties', description: 'Contact met haar zoon in de jeugdhulp.', law: 'JW', urgency: 'hoog', status: 'open' },
        { person: 'jolanda', domain: 'financien', description: 'Schuldhulpverlening naast de bewindvoering.', law: 'WGS', urgency: 'hoog', status: 'open' },
      ],
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const intake = await created.json();
  const finalised = await page.request.post(`/api/v1/intakes/${intake.id}/finalise`, {
    headers: { 'X-CSRF-Token': token, 'If-Match': created.headers().etag },
  });
  assert.equal(finalised.status(), 200, await finalised.text());
  return psqlValue(`SELECT household_id FROM intake WHERE id = '${intake.id}'`);
}

/** A colleague regisseur, added by the demo administrator through the API (once). */
async function colleagueRegisseur() {
  const admin = await newPage(browser, TABLET);
  await signIn(admin, GEMEENTE, 'beheer');
  const added = await admin.request.post('/api/v1/users', {
    headers: { 'X-CSRF-Token': await csrf(admin) },
    data: { username: RANA, display_name: 'Rana Demir', role: 'regisseur', password: 'welkom bij eenplan' },
  });
  assert.ok(added.status() === 201 || added.status() === 409, await added.text());
  await admin.context().close();
}

/** The options (value, text) of the select @label of @scope, the empty placeholder left out. */
async function options(scope, label) {
  return scope.getByLabel(label, { exact: true }).locator('option').evaluateAll((os) =>
    os.filter((o) => o.value).map((o) => [o.value, o.textContent]));
}

/** The colleagues of @rol (or all) as GET /api/v1/medewerkers gives them to @page, as the page's
 *  options should show them: [username, "naam (rol)"]. */
async function colleagues(page, rol) {
  const answer = await page.request.get(`/api/v1/medewerkers${rol ? `?rol=${rol}` : ''}`);
  assert.equal(answer.status(), 200, await answer.text());
  const words = { casemanager: 'casemanager', regisseur: 'regisseur', supervisor: 'toezichthouder' };
  return (await answer.json()).items.map((u) => [u.username, `${u.naam} (${words[u.rol]})`]);
}

/** The plan as the API gives it to @page. */
async function apiPlan(page, hid) {
  const answer = await page.request.get(`/api/v1/households/${hid}/plan`);
  assert.equal(answer.status(), 200, await answer.text());
  return answer.json();
}

/** Waits for the page's notice after a save. */
async function notice(page, text) {
  await page.locator('.ep-notice').getByText(text).waitFor();
}

/** The buttons of the plan page that change something (none for a reader). */
const CHANGE = /wijzigen|toevoegen|overdragen|vastleggen|beëindigen|ophalen|afsluiten|^Plan maken$/i;

describe('Jolanda\'s plan, built by the regisseur on a tablet', () => {
  let page;
  let hid;
  let planPath;
  const need = {};

  before(async () => {
    const worker = await newPage(browser, TABLET);
    await signIn(worker, GEMEENTE, SANNE);
    hid = await jolandasIntake(worker);
    await worker.context().close();
    await colleagueRegisseur();
    planPath = `/huishoudens/${hid}/plan`;
    page = await newPage(browser, TABLET);
  });
  after(async () => { await page?.context().close(); });

  test('the household page offers Plan maken; the regisseur makes the plan, every need in it', async () => {
    await signIn(page, GEMEENTE, MARIEKE);
    await page.goto(`/huishoudens/${hid}`);
    await page.locator('[data-sectie=plan]').getByText('Dit huishouden heeft geen actief plan.').waitFor();
    await page.getByRole('link', { name: 'Plan maken' }).click();
    await page.waitForURL(`**${planPath}`);
    await page.getByRole('heading', { name: 'Plan maken' }).waitFor();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Plan maken' }) });
    await form.getByLabel('Reden van de wijziging').waitFor();
    // The regisseur and the aanspreekpunt are chosen from the colleagues the API gives (the
    // active regisseurs; every casemanager, regisseur and supervisor), each defaulting to me.
    assert.deepEqual(await options(form, 'Regisseur'), await colleagues(page, 'regisseur'));
    assert.deepEqual(await options(form, 'Aanspreekpunt voor de bewoner'), await colleagues(page, null));
    assert.ok((await colleagues(page, 'regisseur')).some(([u]) => u === RANA), 'the colleague regisseur is offered');
    assert.equal(await form.getByLabel('Regisseur', { exact: true }).inputValue(), MARIEKE);
    assert.equal(await form.getByLabel('Aanspreekpunt voor de bewoner').inputValue(), MARIEKE);
    assert.equal(await form.getByLabel('Reden van de wijziging').inputValue(), 'Plan opgesteld na de intake');
    await assertAccessible(page, 'the plan page without a plan');
    await screenshot(page, 'plan-maken');
    await form.getByRole('button', { name: 'Plan maken' }).click();
    await notice(page, 'Het plan is gemaakt.');
    await page.getByRole('heading', { level: 1, name: /^Plan van huishouden 7551PL/ }).waitFor();

    const plan = await apiPlan(page, hid);
    assert.equal(plan.regisseur.username, MARIEKE);
    assert.equal(plan.aanspreekpunt.username, MARIEKE);
    assert.equal(plan.version, 1);
    assert.deepEqual(plan.hulpvragen.map((n) => n.wet), ['PW', 'WMO', 'JW', 'WGS']);
    for (const n of plan.hulpvragen) need[n.wet] = n;
    // Grouped by law, in the code list's order, each need in its group with its member.
    assert.deepEqual(await page.locator('[data-sectie=hulpvragen] section[data-wet]').evaluateAll((els) => els.map((e) => e.dataset.wet)),
      ['JW', 'WMO', 'PW', 'WGS']);
    for (const n of plan.hulpvragen) {
      const row = page.locator(`section[data-wet=${n.wet}] tr[data-hulpvraag="${n.id}"]`);
      assert.equal(await row.count(), 1);
      assert.match(await row.textContent(), new RegExp(`^Jolanda Voorbeeld.*${n.omschrijving.replace(/[.()]/g, '\\$&')}`));
    }
    // Every open need is without a goal yet: highlighted.
    assert.deepEqual((await page.getByTestId('open-zonder-doel').locator('li').evaluateAll((els) => els.map((e) => e.dataset.hulpvraag))).sort(),
      [...plan.open_hulpvragen].sort());
    assert.equal(plan.open_hulpvragen.length, 4);
    await assertAccessible(page, 'the new plan');
    await assertNoHorizontalScroll(page, 'the new plan at 768×1024');
    assert.deepEqual(psql(`SELECT status, aanspreekpunt, version, created_by FROM plan WHERE household_id = '${hid}'`),
      [['actief', MARIEKE, '1', MARIEKE]]);
    assert.equal(psqlValue(`SELECT count(*) FROM plan_need pn JOIN plan p ON p.id = pn.plan_id WHERE p.household_id = '${hid}'`), '4');
  });

  test('one goal linking needs under two laws shows as one goal with two law tags', async () => {
    await page.getByRole('button', { name: 'Doel toevoegen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Doel toevoegen' });
    await dialog.waitFor();
    await assertAccessible(page, 'the dialog to add a goal');
    await dialog.getByLabel('Wat wil het huishouden bereiken?').fill(GOAL);
    // Her only member is chosen already; the needs are grouped by law.
    assert.equal(await dialog.getByRole('checkbox', { name: 'Jolanda Voorbeeld', exact: true }).isChecked(), true);
    await dialog.getByRole('group', { name: 'Participatiewet (PW)' }).getByRole('checkbox', { name: /^Begeleiding naar betaald werk/ }).check();
    await dialog.getByRole('group', { name: 'Wet gemeentelijke schuldhulpverlening (WGS)' }).getByRole('checkbox', { name: /^Schuldhulpverlening/ }).check();
    await dialog.getByLabel('Streefdatum').fill('2027-06-30');
    assert.equal(await dialog.getByLabel('Reden van de wijziging').inputValue(), `Doel toegevoegd: ${GOAL}`);
    await screenshot(page, 'plan-doel-dialoog');
    await dialog.getByRole('button', { name: 'Doel toevoegen' }).click();
    await notice(page, 'Het doel is toegevoegd (versie 2).');
    await dialog.waitFor({ state: 'detached' });

    const goals = page.locator('[data-doel]');
    assert.equal(await goals.count(), 1);
    assert.equal(await goals.getByRole('heading').textContent(), GOAL);
    assert.deepEqual((await goals.locator('[data-wet]').evaluateAll((els) => els.map((e) => e.dataset.wet))).sort(), ['PW', 'WGS']);
    assert.deepEqual(await goals.getByTestId('doel-hulpvragen').locator('li').allTextContents(), [
      'Begeleiding naar betaald werk. (Jolanda Voorbeeld, PW)',
      'Schuldhulpverlening naast de bewindvoering. (Jolanda Voorbeeld, WGS)',
    ]);
    const plan = await apiPlan(page, hid);
    assert.equal(plan.doelen.length, 1);
    const [goal] = plan.doelen;
    assert.deepEqual([goal.omschrijving, goal.streefdatum, goal.status, [...goal.wetten].sort(), [...goal.hulpvragen].sort()],
      [GOAL, '2027-06-30', 'open', ['PW', 'WGS'], [need.PW.id, need.WGS.id].sort()]);
    assert.deepEqual([...plan.open_hulpvragen].sort(), [need.WMO.id, need.JW.id].sort());
    // The needs under both laws name the goal; the list of needs without one has two left.
    assert.match(await page.locator(`tr[data-hulpvraag="${need.WGS.id}"]`).textContent(), new RegExp(GOAL));
    assert.equal(await page.getByTestId('open-zonder-doel').locator('li').count(), 2);
    await assertAccessible(page, 'the plan with a goal');
    assert.equal(psqlValue(`SELECT count(*) FROM plan_goal_need WHERE plan_id = '${plan.id}'`), '2');
    assert.equal(psqlValue(`SELECT reden FROM plan_version WHERE plan_id = '${plan.id}' AND version = 2`), `Doel toegevoegd: ${GOAL}`);
  });

  test('a maatwerk action WMO 02 of 102 minutes per week, its choices from the code lists', async () => {
    await page.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Afspraak toevoegen' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'Maatwerkvoorziening' }).check();
    await dialog.getByLabel('Wat wordt er gedaan?').fill(BEGELEIDING);
    await dialog.getByLabel('Wie doet het?').fill('Zorgaanbieder De Linde');
    // The product categories follow the law: WMO 01–18, JW 40–55.
    const categories = () => dialog.getByLabel('Productcategorie').locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    await dialog.getByLabel('Wet', { exact: true }).selectOption('JW');
    assert.deepEqual(await categories(), Array.from({ length: 16 }, (_, i) => String(40 + i)));
    await dialog.getByLabel('Wet', { exact: true }).selectOption('WMO');
    assert.deepEqual(await categories(), Array.from({ length: 18 }, (_, i) => String(i + 1).padStart(2, '0')));
    await dialog.getByLabel('Productcategorie').selectOption('02');
    await dialog.getByLabel('Aanbieder').fill('De Linde');
    await dialog.getByLabel('Begindatum').fill('2026-12-07');
    await dialog.getByLabel('Volume').fill('102');
    await dialog.getByLabel('Eenheid').selectOption('01');
    await dialog.getByLabel('Frequentie').selectOption('2');
    assert.equal(await dialog.getByTestId('omvang-voorbeeld').textContent(), 'Omvang: 102 minuten per week');
    await assertAccessible(page, 'the dialog to add an action');
    await screenshot(page, 'plan-afspraak-dialoog');
    await dialog.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    await notice(page, 'De afspraak is toegevoegd (versie 3).');

    const card = page.locator('[data-afspraak]', { has: page.getByRole('heading', { name: BEGELEIDING }) });
    assert.equal(await card.getByTestId('omvang').textContent(), '102 minuten per week');
    assert.match(await card.textContent(), /Productcategorie02 Begeleiding/);
    const plan = await apiPlan(page, hid);
    const action = plan.afspraken.find((a) => a.omschrijving === BEGELEIDING);
    assert.deepEqual([action.soort, action.wet, action.productcategorie, action.aanbieder, action.begindatum, action.omvang, action.einddatum],
      ['maatwerkvoorziening', 'WMO', '02', 'De Linde', '2026-12-07', { volume: 102, eenheid: '01', frequentie: '2' }, null]);
    assert.deepEqual(psql(`SELECT soort, wet, productcategorie, volume, eenheid, frequentie, begindatum FROM plan_action WHERE id = '${action.id}'`),
      [['maatwerkvoorziening', 'WMO', '02', '102', '01', '2', '2026-12-07']]);
  });

  test('a network action serving the goal has no maatwerk fields', async () => {
    await page.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Afspraak toevoegen' });
    await dialog.getByRole('radio', { name: 'Netwerk' }).check();
    assert.equal(await dialog.getByRole('group', { name: 'Maatwerkvoorziening' }).count(), 0, 'the maatwerk fields are hidden');
    await dialog.getByLabel('Wat wordt er gedaan?').fill(NETWERK);
    await dialog.getByLabel('Wie doet het?').fill('Mark (vriend) en zijn familie');
    await dialog.getByLabel('Bij welk doel').selectOption({ label: GOAL });
    await dialog.getByRole('button', { name: 'Afspraak toevoegen' }).click();
    await notice(page, 'De afspraak is toegevoegd (versie 4).');
    const plan = await apiPlan(page, hid);
    const action = plan.afspraken.find((a) => a.omschrijving === NETWERK);
    assert.deepEqual([action.soort, action.doel_id, action.wet, action.omvang, action.productcategorie],
      ['netwerk', plan.doelen[0].id, null, null, null]);
    assert.match(await page.locator('[data-doel]').textContent(), new RegExp(NETWERK));
  });

  test('a need\'s law changes with a reason, and its history is kept and shown', async () => {
    await page.getByRole('button', { name: `Wet wijzigen van ${need.JW.omschrijving}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Wet van de hulpvraag wijzigen' });
    await dialog.getByText('De wet is nog niet gewijzigd; de intake noemde Jeugdwet.').waitFor();
    await dialog.getByLabel('Nieuwe wet').selectOption('WMO');
    // Without a reason: the error beside the field and in the summary, which takes the focus.
    await dialog.getByRole('button', { name: 'Wet wijzigen' }).click();
    await dialog.getByRole('alert').getByText('De reden is verplicht').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert');
    assert.equal(await dialog.getByLabel('Reden van de wijziging').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'the law dialog with an error');
    await dialog.getByLabel('Reden van de wijziging').fill(LAW_REASON);
    await dialog.getByRole('button', { name: 'Wet wijzigen' }).click();
    await notice(page, 'De wet is gewijzigd in Wet maatschappelijke ondersteuning 2015 (versie 5).');
    assert.equal(await page.locator('section[data-wet=JW]').count(), 0);
    const row = page.locator(`section[data-wet=WMO] tr[data-hulpvraag="${need.JW.id}"]`);
    assert.match(await row.textContent(), new RegExp(`Wet gewijzigd van JW naar WMO op .*: ${LAW_REASON}`));
    const plan = await apiPlan(page, hid);
    const changed = plan.hulpvragen.find((n) => n.id === need.JW.id);
    assert.equal(changed.wet, 'WMO');
    assert.equal(changed.wet_intake, 'JW');
    assert.deepEqual(changed.wet_historie.map((w) => [w.van, w.naar, w.reden, w.door]), [['JW', 'WMO', LAW_REASON, MARIEKE]]);
    // The dialog shows the history now.
    await page.getByRole('button', { name: `Wet wijzigen van ${need.JW.omschrijving}` }).click();
    const again = page.getByRole('dialog', { name: 'Wet van de hulpvraag wijzigen' });
    assert.match(await again.locator('table').textContent(), new RegExp(`JeugdwetWet maatschappelijke ondersteuning 2015${LAW_REASON}${MARIEKE}`));
    await assertAccessible(page, 'the law dialog with its history');
    await again.getByRole('button', { name: 'Annuleren' }).click();
    await again.waitFor({ state: 'detached' });
    assert.deepEqual(psql(`SELECT van, naar, reden, changed_by FROM plan_need_law WHERE need_id = '${need.JW.id}'`),
      [['JW', 'WMO', LAW_REASON, MARIEKE]]);
  });

  test('a stale write says someone else changed the plan, reloads it and loses nothing typed', async () => {
    const goed = 'Jolanda komt trouw naar de dagbesteding en wil graag werken.';
    await page.getByRole('button', { name: 'Situatie wijzigen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Situatie wijzigen' });
    await dialog.getByLabel('Wat goed gaat').fill(goed);
    await dialog.getByRole('button', { name: 'Probleem toevoegen' }).click();
    await dialog.getByLabel('Omschrijving').fill('Schulden lopen op');
    // Meanwhile the plan changes elsewhere (the same regisseur, in another tab).
    const before = await apiPlan(page, hid);
    const other = await page.request.post(`/api/v1/households/${hid}/plan/doelen`, {
      headers: { 'X-CSRF-Token': await csrf(page), 'If-Match': `"${before.version}"` },
      data: { omschrijving: 'Jolanda ziet haar zoon elke maand', leden: before.doelen[0].leden, streefdatum: null, status: 'open',
        hulpvragen: [need.JW.id], reden: 'Doel toegevoegd in een ander tabblad' },
    });
    assert.equal(other.status(), 201, await other.text());
    await dialog.getByRole('button', { name: 'Situatie opslaan' }).click();
    const summary = dialog.getByRole('alert');
    await summary.getByText(/Iemand anders heeft het plan intussen gewijzigd \(nu versie 6\)/).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert');
    // Nothing typed is lost; behind the dialog the plan shows the other change.
    assert.equal(await dialog.getByLabel('Wat goed gaat').inputValue(), goed);
    assert.equal(await dialog.getByLabel('Omschrijving').inputValue(), 'Schulden lopen op');
    assert.equal(await page.locator('[data-doel]').count(), 2);
    await assertAccessible(page, 'the situation dialog after a stale write');
    await screenshot(page, 'plan-conflict');
    await dialog.getByRole('button', { name: 'Situatie opslaan' }).click();
    await notice(page, 'De situatie is opgeslagen (versie 7).');
    const plan = await apiPlan(page, hid);
    assert.equal(plan.goed_gaat, goed);
    assert.deepEqual(plan.problemen, [{ omschrijving: 'Schulden lopen op', prioriteit: 1 }]);
    assert.deepEqual(plan.doelen.map((d) => d.omschrijving), [GOAL, 'Jolanda ziet haar zoon elke maand']);
    assert.equal(psqlValue(`SELECT goed_gaat FROM plan WHERE id = '${plan.id}'`), goed);
  });

  test('an error the API gives for a field is shown beside it', async () => {
    // The select offers only valid units: the request is altered on its way to show the API's.
    await page.route('**/plan/afspraken/*', async (route) => {
      const body = route.request().postDataJSON();
      await route.continue({ postData: JSON.stringify({ ...body, omvang: { ...body.omvang, eenheid: '99' } }) });
    });
    await page.getByRole('button', { name: `Afspraak wijzigen ‘${BEGELEIDING}’` }).click();
    const dialog = page.getByRole('dialog', { name: 'Afspraak wijzigen' });
    await dialog.getByRole('button', { name: 'Afspraak opslaan' }).click();
    const eenheid = dialog.getByLabel('Eenheid');
    await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', await eenheid.elementHandle());
    const message = await dialog.locator('.utrecht-form-field--invalid .utrecht-form-field-error-message').first().textContent();
    assert.match(message, /^De eenheid /);
    assert.equal(await dialog.getByRole('alert').getByRole('link', { name: message }).count(), 1);
    await assertAccessible(page, 'the action dialog with an API error');
    await page.unroute('**/plan/afspraken/*');
    await dialog.getByRole('button', { name: 'Annuleren' }).click();
    assert.equal((await apiPlan(page, hid)).version, 7, 'nothing was written');
  });

  test('the warm handover to a colleague regisseur; the history shows both', async () => {
    await page.getByRole('button', { name: 'Regie overdragen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Regie overdragen' });
    await dialog.waitFor();
    // Every regisseur but the current one.
    assert.deepEqual(await options(dialog, 'Naar regisseur'), (await colleagues(page, 'regisseur')).filter(([u]) => u !== MARIEKE));
    await dialog.getByLabel('Naar regisseur', { exact: true }).selectOption(RANA);
    await dialog.getByLabel('Notitie bij de warme overdracht').fill(HANDOVER);
    await assertAccessible(page, 'the handover dialog');
    await dialog.getByRole('button', { name: 'Regie overdragen' }).click();
    await notice(page, 'De regie is overgedragen aan Rana Demir (versie 8).');
    assert.match(await page.getByTestId('regisseur').textContent(), /^Rana Demir, sinds /);
    const history = await page.getByTestId('regie-historie').locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent, tr.cells[3].textContent, tr.cells[4].textContent]));
    assert.equal(history.length, 2);
    assert.deepEqual(history[0], ['Rana Demir', 'Marieke Jansen', 'Nu', HANDOVER]);
    assert.equal(history[1][0], 'Marieke Jansen');
    assert.notEqual(history[1][2], 'Nu');
    // Marieke reads it now: no controls to change it.
    await page.getByText('U kunt dit plan lezen. Alleen de regisseur (Rana Demir) of een toezichthouder kan het wijzigen.').waitFor();
    assert.deepEqual(await page.locator('main').getByRole('button', { name: CHANGE }).allTextContents(), []);
    const plan = await apiPlan(page, hid);
    assert.deepEqual(plan.regie.map((r) => [r.regisseur, r.van, r.notitie, r.tot === null]),
      [[MARIEKE, null, null, false], [RANA, MARIEKE, HANDOVER, true]]);
    await assertAccessible(page, 'the plan after the handover');
    assert.deepEqual(psql(`SELECT regisseur, van, notitie, tot IS NULL FROM plan_regie WHERE plan_id = '${plan.id}' ORDER BY position`),
      [[MARIEKE, '', '', 'f'], [RANA, MARIEKE, HANDOVER, 't']]);
  });

  describe('the new regisseur', () => {
    let rana;
    before(async () => {
      rana = await newPage(browser, TABLET);
      await signIn(rana, GEMEENTE, RANA);
    });
    after(async () => { await rana?.context().close(); });

    test('finds the plan in the werkbak, with its open need without a goal', async () => {
      await rana.goto('/werkbak');
      const plans = rana.locator('[data-lijst=plannen] tbody tr');
      await plans.first().waitFor();
      const mine = await (await rana.request.get('/api/v1/werkbak/plannen')).json();
      assert.equal(await plans.count(), mine.items.length);
      assert.ok(mine.items.some((p) => p.household_id === hid));
      const open = await (await rana.request.get('/api/v1/werkbak/open-hulpvragen')).json();
      assert.deepEqual(open.items.filter((n) => n.household_id === hid).map((n) => n.omschrijving), [need.WMO.omschrijving]);
      await rana.getByLabel('Zoek in open hulpvragen zonder doel').fill('begeleiding thuis');
      const rows = rana.locator('[data-lijst=open-hulpvragen] tbody tr');
      assert.equal(await rows.count(), open.items.filter((n) => /begeleiding thuis/i.test(n.omschrijving)).length);
      await assertAccessible(rana, 'the werkbak with plans');
      await screenshot(rana, 'werkbak-plannen');
      await rows.locator(`a[href="${planPath}"]`).click();
      await rana.waitForURL(`**${planPath}`);
      await rana.getByTestId('plan-stand').waitFor();
    });

    test('records the resident\'s agreement with the current version', async () => {
      await rana.getByRole('button', { name: 'Akkoord met bewoner vastleggen' }).click();
      const dialog = rana.getByRole('dialog', { name: 'Akkoord met bewoner vastleggen' });
      assert.equal(await dialog.getByLabel('Welke versie').inputValue(), '8');
      await dialog.getByLabel('Datum van het akkoord').fill('2026-12-03');
      await dialog.getByRole('radio', { name: 'Mondeling' }).check();
      await assertAccessible(rana, 'the agreement dialog');
      await dialog.getByRole('button', { name: 'Akkoord vastleggen' }).click();
      await notice(rana, 'Het akkoord van de bewoner met versie 8 is vastgelegd.');
      await rana.getByTestId('plan-stand').getByText('Versie 8 is op 3 december 2026 mondeling akkoord bevonden met de bewoner.').waitFor();
      await rana.locator('[data-versie="8"]').getByText('Akkoord 3 december 2026, mondeling').waitFor();
      const plan = await apiPlan(rana, hid);
      assert.deepEqual(plan.akkoord, { versie: 8, datum: '2026-12-03', wijze: 'mondeling' });
      assert.equal(plan.version, 8, 'an agreement makes no version');
      assert.deepEqual(psql(`SELECT akkoord_datum, akkoord_wijze, akkoord_door FROM plan_version WHERE plan_id = '${plan.id}' AND version = 8`),
        [['2026-12-03', 'mondeling', RANA]]);
    });

    test('reads the difference between two versions in Dutch, each goal by its description', async () => {
      const versions = rana.getByTestId('versies').locator('tbody tr');
      assert.deepEqual(await versions.evaluateAll((trs) => trs.map((tr) => tr.dataset.versie)), ['8', '7', '6', '5', '4', '3', '2', '1']);
      assert.match(await versions.first().textContent(), new RegExp(`^8.*Marieke Jansen${HANDOVER.replace(/[.,]/g, '\\$&')}`));
      await rana.getByLabel('Van versie').selectOption('1');
      await rana.getByLabel('Naar versie').selectOption('8');
      await rana.getByRole('button', { name: 'Verschil tonen' }).click();
      const diff = rana.getByTestId('verschil');
      await diff.locator('tbody tr').first().waitFor();
      const rows = await diff.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      const api = await (await rana.request.get(`/api/v1/households/${hid}/plan/verschil?van=1&naar=8`)).json();
      assert.equal(rows.length, api.wijzigingen.length);
      const text = rows.map((r) => r.join(' | ')).join('\n');
      assert.doesNotMatch(text, UUID, 'no ids in the difference, only names');
      assert.ok(rows.some((r) => r[0] === `Doel ‘${GOAL}’` && r[2] === 'Toegevoegd'), text);
      assert.ok(rows.some((r) => r[0] === `Hulpvraag ‘${need.JW.omschrijving}’` && r[1] === 'wet'
        && r[3] === 'Jeugdwet' && r[4] === 'Wet maatschappelijke ondersteuning 2015'), text);
      assert.ok(rows.some((r) => r[0] === 'Regisseur' && r[3] === 'Marieke Jansen' && r[4] === 'Rana Demir'), text);
      assert.ok(rows.some((r) => r[0] === 'Wat goed gaat' && r[4] === 'Jolanda komt trouw naar de dagbesteding en wil graag werken.'), text);
      await assertAccessible(rana, 'the plan with a difference shown');
      await screenshot(rana, 'plan-verschil');
      await rana.evaluate(() => window.scrollTo(0, 0));
      await screenshot(rana, 'plan', { readme: 'plan', scrollTo: '[data-sectie=doelen]' });
      await assertNoHorizontalScroll(rana, 'the plan at 768×1024');
      await rana.setViewportSize(DESKTOP);
      await assertNoHorizontalScroll(rana, 'the plan at 1280×800');
      await assertAccessible(rana, 'the plan at 1280×800');
      await screenshot(rana, 'plan-1280');
      assert.deepEqual(rana.problems, []);
    });
  });

  test('a casemanager reads the plan without any control to change it', async () => {
    const sanne = await newPage(browser, TABLET);
    await signIn(sanne, GEMEENTE, SANNE);
    await sanne.goto(planPath);
    await sanne.getByTestId('plan-stand').waitFor();
    await sanne.getByText('U kunt dit plan lezen. Alleen de regisseur (Rana Demir) of een toezichthouder kan het wijzigen.').waitFor();
    assert.deepEqual(await sanne.locator('main').getByRole('button', { name: CHANGE }).allTextContents(), []);
    assert.equal(await sanne.locator('[data-doel]').count(), 2);
    assert.equal(await sanne.locator('[data-afspraak]').count(), 2);
    // The versions and their difference are hers to read.
    await sanne.getByRole('button', { name: 'Verschil tonen' }).waitFor();
    await assertAccessible(sanne, 'the plan read by a casemanager');
    await screenshot(sanne, 'plan-casemanager');
    assert.deepEqual(sanne.problems, []);
    assert.deepEqual(page.problems, []);
    await sanne.context().close();
  });

  test('a partner reads the plan only with a consent that lists plan, and changes nothing', async () => {
    const sanne = await newPage(browser, TABLET);
    await signIn(sanne, GEMEENTE, SANNE);
    const grant = async (data) => {
      const granted = await sanne.request.post('/api/v1/consents', {
        headers: { 'X-CSRF-Token': await csrf(sanne) },
        data: { household_id: hid, organisation: 'Tactus', data, purpose: 'Afstemming begeleiding en gezinsplan',
          valid_until: '2027-12-31', granted_on: psqlValue('SELECT current_date::text') },
      });
      assert.equal(granted.status(), 201, await granted.text());
      return (await granted.json()).id;
    };
    const revoke = async (id) => {
      const revoked = await sanne.request.post(`/api/v1/consents/${id}/revoke`, { headers: { 'X-CSRF-Token': await csrf(sanne) } });
      assert.equal(revoked.status(), 204, await revoked.text());
    };
    // The partner's refusals (a read of the household, denied) and reads of the plan, in the access log.
    const denied = () => Number(psqlValue(`SELECT count(*) FROM access_log WHERE actor_id = '${PARTNER}'
      AND entity_type = 'household' AND entity_id = '${hid}' AND outcome = 'denied'`));
    const planReads = () => Number(psqlValue(`SELECT count(*) FROM access_log WHERE actor_id = '${PARTNER}'
      AND entity_type = 'plan' AND household_id = '${hid}' AND action = 'read' AND outcome = 'success'`));

    // A consent for basisgegevens only: the plan page says there is none to see, and shows none.
    const basis = await grant(['basisgegevens']);
    const partner = await newPage(browser, TABLET);
    await signIn(partner, GEMEENTE, PARTNER);
    await partner.goto(planPath);
    await partner.getByText('Er is geen plan dat u mag inzien.').waitFor();
    assert.equal(await partner.getByTestId('plan-stand').count(), 0);
    assert.equal(await partner.locator('[data-sectie]').count(), 0);
    assert.equal(await partner.getByRole('button', { name: /^Plan maken$/ }).count(), 0);
    assert.equal((await partner.request.get(`/api/v1/households/${hid}/plan`)).status(), 404);
    // The page's request and ours, each refused and logged; nothing of the plan read.
    assert.equal(denied(), 2);
    assert.equal(planReads(), 0);
    await assertAccessible(partner, 'the plan page refused to a partner');
    await screenshot(partner, 'plan-partner-geen-toegang');

    // With a consent that lists plan: the plan, read only, as the API gives it to the partner.
    const withPlan = await grant(['basisgegevens', 'plan']);
    await partner.goto(planPath);
    await partner.getByTestId('plan-stand').waitFor();
    await partner.getByText('U kunt dit plan lezen. Alleen de regisseur (Rana Demir) of een toezichthouder kan het wijzigen.').waitFor();
    assert.deepEqual(await partner.locator('main').getByRole('button', { name: CHANGE }).allTextContents(), []);
    const plan = await apiPlan(partner, hid);
    assert.match(await partner.getByTestId('plan-stand').textContent(), new RegExp(`^Versie ${plan.version}\\. Regisseur: Rana Demir\\.`));
    assert.deepEqual(await partner.locator('[data-doel]').evaluateAll((els) => els.map((e) => e.dataset.doel)), plan.doelen.map((d) => d.id));
    assert.deepEqual(await partner.locator('[data-afspraak]').evaluateAll((els) => els.map((e) => e.dataset.afspraak)), plan.afspraken.map((a) => a.id));
    await partner.getByTestId('versies').locator('tbody tr').first().waitFor();
    assert.equal(await partner.getByRole('link', { name: 'Terug naar de huishoudens met toestemming' }).count(), 1);
    // The page's reads of the plan and its versions, and ours; no refusal more.
    assert.equal(denied(), 2);
    assert.equal(planReads(), 3);
    await assertAccessible(partner, 'the plan read by a partner');
    await screenshot(partner, 'plan-partner');
    assert.deepEqual(partner.problems, []);
    await partner.context().close();
    // Tactus's households as they were for the other files.
    await revoke(withPlan);
    await revoke(basis);
    await sanne.context().close();
  });

  test('ending an action after a colleague changed it keeps the colleague\'s change', async () => {
    const rana = await newPage(browser, TABLET);
    await signIn(rana, GEMEENTE, RANA);
    await rana.goto(planPath);
    await rana.getByTestId('plan-stand').waitFor();
    const before = await apiPlan(rana, hid);
    const action = before.afspraken.find((a) => a.omschrijving === BEGELEIDING);
    await rana.getByRole('button', { name: `Beëindigen ‘${BEGELEIDING}’` }).click();
    const dialog = rana.getByRole('dialog', { name: 'Afspraak beëindigen' });
    await dialog.getByLabel('Einddatum').fill('2027-01-31');
    await dialog.getByLabel('Reden van beëindigen').selectOption('19');
    // Meanwhile a colleague (the same regisseur, another tab) raises the volume to 120 minutes.
    const { id: _, ...rest } = action;
    const other = await rana.request.put(`/api/v1/households/${hid}/plan/afspraken/${action.id}`, {
      headers: { 'X-CSRF-Token': await csrf(rana), 'If-Match': `"${before.version}"` },
      data: { ...rest, omvang: { ...action.omvang, volume: 120 }, reden: 'Meer begeleiding in een ander tabblad' },
    });
    assert.equal(other.status(), 200, await other.text());
    await dialog.getByRole('button', { name: 'Afspraak beëindigen' }).click();
    await dialog.getByRole('alert').getByText(/Iemand anders heeft het plan intussen gewijzigd/).waitFor();
    await dialog.getByRole('button', { name: 'Afspraak beëindigen' }).click();
    await notice(rana, `De afspraak is beëindigd (versie ${before.version + 2}).`);
    const ended = (await apiPlan(rana, hid)).afspraken.find((a) => a.id === action.id);
    assert.deepEqual([ended.einddatum, ended.reden_einde, ended.omvang], ['2027-01-31', '19', { volume: 120, eenheid: '01', frequentie: '2' }]);
    assert.deepEqual(psql(`SELECT volume, einddatum, reden_einde FROM plan_action WHERE id = '${action.id}'`), [['120', '2027-01-31', '19']]);
    await rana.context().close();
  });

  test('the regisseur closes the plan with a reason; the household then has no active plan', async () => {
    const rana = await newPage(browser, TABLET);
    await signIn(rana, GEMEENTE, RANA);
    await rana.goto(planPath);
    await rana.getByTestId('plan-stand').waitFor();
    const before = await apiPlan(rana, hid);
    await rana.getByRole('button', { name: 'Plan afsluiten' }).click();
    const dialog = rana.getByRole('dialog', { name: 'Plan afsluiten' });
    await dialog.getByText(`Weet u zeker dat u het plan (versie ${before.version}) wilt afsluiten?`).waitFor();
    await assertAccessible(rana, 'the dialog to close the plan');
    // A reason of fewer than 5 characters is refused beside the field; nothing is written.
    await dialog.getByLabel('Reden van afsluiten').fill('klaar');
    await dialog.getByLabel('Reden van afsluiten').fill('kla');
    await dialog.getByRole('button', { name: 'Plan afsluiten' }).click();
    await dialog.getByRole('alert').getByText('De reden moet ten minste 5 tekens zijn (nu 3)').waitFor();
    assert.equal(await dialog.getByLabel('Reden van afsluiten').getAttribute('aria-invalid'), 'true');
    await assertAccessible(rana, 'the close dialog with an error');
    assert.equal(psqlValue(`SELECT status FROM plan WHERE id = '${before.id}'`), 'actief');
    const reason = 'Doelen behaald: Jolanda werkt en haar schulden zijn geregeld';
    await dialog.getByLabel('Reden van afsluiten').fill(reason);
    await screenshot(rana, 'plan-afsluiten-dialoog');
    await dialog.getByRole('button', { name: 'Plan afsluiten' }).click();
    // Back on the household's page: the notice, no active plan, and Plan maken for a regisseur.
    await rana.waitForURL((url) => url.pathname === `/huishoudens/${hid}`);
    await rana.getByText('Het plan is afgesloten. Het huishouden heeft nu geen actief plan.').waitFor();
    const section = rana.locator('[data-sectie=plan]');
    await section.getByText('Dit huishouden heeft geen actief plan.').waitFor();
    assert.equal(await section.getByRole('link', { name: 'Plan maken' }).getAttribute('href'), planPath);
    // Its timeline names the plan's steps in Dutch, the closing first, by the regisseur.
    const first = rana.locator('[data-sectie=tijdlijn] li').first();
    await first.getByText('Plan afgesloten', { exact: true }).waitFor();
    assert.equal(await first.getByTestId('wie').textContent(), 'Rana Demir (regisseur)');
    assert.equal(await rana.locator('[data-sectie=tijdlijn] li').getByText('Plan gemaakt', { exact: true }).count(), 1);
    await assertAccessible(rana, 'the household after its plan was closed');
    await screenshot(rana, 'plan-afgesloten');
    assert.equal((await rana.request.get(`/api/v1/households/${hid}/plan`)).status(), 404);
    assert.deepEqual(psql(`SELECT status, reden_afsluiting, version FROM plan WHERE id = '${before.id}'`),
      [['afgesloten', reason, String(before.version + 1)]]);
    assert.equal(psqlValue(`SELECT actor_id FROM audit_event WHERE entity_id = '${before.id}' AND action = 'plan_close'`), RANA);
    assert.deepEqual(rana.problems, []);
    await rana.context().close();
  });
});
