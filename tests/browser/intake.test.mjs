// SPDX-License-Identifier: EUPL-1.2
//
// intake.test.mjs: the intake form in Debian's chromium, against the harness's server and demo
// database (main.c). Jolanda's case end to end at 768×1024 — the contact, the intake started from
// it with her known household carried forward, her four needs under PW, WMO, JW and WGS,
// finalised after the confirmation, consent to the debt-relief organisation — held to the rows in
// PostgreSQL and to the audit trail, which a supervisor then reads step by step on /toezicht; two
// case workers saving the same draft (the per-field choice, nothing lost); an API error beside
// its field; the autosave's version in the database; axe-core on every state of the form, with a
// screenshot of each.
//
// One file, so its tests run in order (the harness runs the files one at a time as well).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TABLET, assertAccessible, launch, newPage, psql, psqlValue, saved, screenshot, signIn, testBsn } from './helpers.mjs';

const GEMEENTE = 'GM0164';
const SANNE = 'sanne.casemanager';
const AHMED = 'ahmed.casemanager';
const MAIN_PROBLEM = /grootste probleem/;
const sql = (s) => s.replaceAll("'", "''");

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The id of the intake the page shows (/intakes/ID). */
function intakeId(page) {
  const match = /\/intakes\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
  assert.ok(match, `an intake's address: ${page.url()}`);
  return match[1];
}

describe('Jolanda, end to end, as the casemanager on a tablet', () => {
  let page;
  let contactId;
  let id;
  const stamp = Date.now();
  const question = `De begeleider van Jolanda meldt dat de schulden oplopen en dat zij haar zoon mist (intaketest ${stamp})`;

  before(async () => { page = await newPage(browser, TABLET); });
  after(async () => { await page.context().close(); });

  test('records the contact and starts the intake from it in the werkbak', async () => {
    await signIn(page, GEMEENTE, SANNE);
    await page.waitForURL('**/werkbak');
    const menu = await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link').allTextContents();
    assert.deepEqual(menu, ['Werkbak', 'Contact vastleggen', 'Intake starten', 'Huishoudens', 'Wachtwoord wijzigen']);
    await page.getByRole('link', { name: 'Contact vastleggen' }).first().click();
    await page.getByLabel('Vraag van de inwoner').fill(question);
    await page.getByLabel('Vindplaats').selectOption({ label: psqlValue("SELECT naam || coalesce(' (' || wijk || ')', '') FROM vindplaats WHERE id = '0190a000-0000-7000-8000-000000000001'") });
    await page.getByLabel('Datum van het contact').fill('2026-11-16');
    await page.getByRole('button', { name: 'Contact vastleggen' }).click();
    await page.getByText('Het contact is vastgelegd.').waitFor();
    contactId = psqlValue(`SELECT id FROM contact WHERE vraag = '${sql(question)}'`);
    await page.locator(`[data-lijst=contacten] tbody tr`).first().waitFor();
    await screenshot(page, 'werkbak-contact', { readme: 'werkbak' });

    await page.getByLabel('Zoek in nieuwe contacten zonder intake').fill(`intaketest ${stamp}`);
    const row = page.locator('[data-lijst=contacten] tbody tr');
    assert.equal(await row.count(), 1);
    await row.getByRole('link', { name: /^Intake starten/ }).click();
    await page.waitForURL(`**/intake/nieuw?contact=${contactId}`);
    await page.getByText(question).waitFor();
    await assertAccessible(page, 'starting an intake');
    await screenshot(page, 'intake-starten');
  });

  test('finds her household by BSN, sent in the body and never in the address', async () => {
    const searches = [];
    page.on('request', (r) => { if (r.url().includes('/households/search')) searches.push(r); });
    await page.getByLabel('BSN', { exact: true }).fill('999990020');
    await page.getByRole('button', { name: 'Zoeken op BSN' }).click();
    await page.getByRole('heading', { name: '1 huishouden gevonden' }).waitFor();
    assert.equal(searches.length, 1);
    assert.equal(searches[0].method(), 'POST');
    assert.doesNotMatch(searches[0].url(), /999990020/);
    assert.deepEqual(searches[0].postDataJSON(), { bsn: '999990020' });
    await page.getByRole('button', { name: /^Intake met dit huishouden/ }).click();
    await page.waitForURL('**/intake/nieuw/formulier');
    await page.getByLabel(MAIN_PROBLEM).waitFor();
    // What is known is carried forward and marked.
    assert.equal(await page.getByText('bekend — bevestigen of wijzigen').count(), 1 + 2 + 5 + 1);
    assert.equal(await page.getByTestId('opslaan-status').textContent(), 'Nog niet opgeslagen');
    await assertAccessible(page, 'the empty intake form');
    await screenshot(page, 'intake-leeg');
  });

  test('records the home visit with her four needs; the draft saves itself', async () => {
    await page.getByLabel(MAIN_PROBLEM).fill('Ik wil betaald werk, maar de schulden groeien me boven het hoofd en ik mis mijn zoon.');
    await saved(page);
    id = intakeId(page);
    assert.deepEqual(psql(`SELECT status, contact_id, created_by, vorm FROM intake WHERE id = '${id}'`),
      [['draft', contactId, SANNE, 'huisbezoek']]);

    await page.getByLabel('Plaats', { exact: true }).fill('bij Jolanda thuis');
    assert.equal(await page.getByLabel('Vindplaats').evaluate((s) => s.selectedOptions[0].textContent), 'Wijkteam Hengelo-Noord');
    await page.getByRole('button', { name: 'Bevestigen persoon 1: jolanda voorbeeld' }).click();

    await page.getByRole('button', { name: 'Deelnemer toevoegen' }).click();
    const mark = page.getByRole('group', { name: 'Deelnemer 1' });
    await mark.getByLabel('Naam').fill('Mark');
    await mark.getByLabel('Rol', { exact: true }).fill('vriend');

    const zrm = page.getByRole('group', { name: 'Zelfredzaamheid van Jolanda Voorbeeld' });
    await zrm.getByLabel('Financiën: score').selectOption('1');
    await zrm.getByLabel('Financiën: toelichting').fill('Schulden in het afgelopen jaar; bewindvoering net aanvaard.');
    await zrm.getByLabel('Werk & opleiding: score').selectOption('2');
    // A domain without a score, only explained.
    await zrm.getByLabel('Middelengebruik: toelichting').fill('Niet besproken; geen aanleiding.');

    for (const n of [1, 2]) await page.getByRole('button', { name: `Bevestigen kracht ${n}` }).click();
    for (const n of [1, 2, 3, 4]) await page.getByRole('button', { name: `Bevestigen hulpvraag ${n}` }).click();
    // The fifth carried need (network, no law) is not part of this intake.
    await page.getByRole('button', { name: 'Verwijderen hulpvraag 5' }).click();
    await page.getByRole('button', { name: 'Bevestigen toestemming 1' }).click();
    const laws = [];
    for (const n of [1, 2, 3, 4]) {
      laws.push(await page.getByRole('group', { name: `Hulpvraag ${n}` }).getByLabel('Wet').evaluate((s) => s.value));
    }
    assert.deepEqual(laws, ['PW', 'WMO', 'JW', 'WGS']);
    await page.getByRole('heading', { name: 'Afronden' }).scrollIntoViewIfNeeded();
    await saved(page);
    assert.equal(psqlValue(`SELECT count(*) FROM intake_need WHERE intake_id = '${id}'`), '4');
    assert.deepEqual(psql(`SELECT leefgebied, score, toelichting FROM intake_assessment WHERE intake_id = '${id}' ORDER BY leefgebied`).map((r) => r.join('|')).sort(),
      ['financien|1|Schulden in het afgelopen jaar; bewindvoering net aanvaard.', 'middelengebruik||Niet besproken; geen aanleiding.', 'werk_opleiding|2|'].sort());
    await assertAccessible(page, 'the filled intake form');
    await screenshot(page, 'intake-ingevuld', { readme: 'intake' });
  });

  test('finalises after the confirmation, with the keyboard; afterwards read only', async () => {
    await page.getByRole('button', { name: 'Intake afronden' }).click();
    const dialog = page.getByRole('dialog', { name: 'Intake afronden?' });
    await dialog.waitFor();
    // The safe choice has the focus; Escape closes without finalising.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Annuleren');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(psqlValue(`SELECT status FROM intake WHERE id = '${id}'`), 'draft');
    await page.getByRole('button', { name: 'Intake afronden' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Ja, intake afronden');
    await page.keyboard.press('Enter');
    await page.getByText('De intake is afgerond.').waitFor();
    await page.getByTestId('afgerond').waitFor();
    assert.equal(await page.getByLabel(MAIN_PROBLEM).count(), 0, 'no form fields any more');
    const rows = await page.getByTestId('hulpvragen').locator('tbody tr td:nth-child(4)').allTextContents();
    assert.deepEqual(rows, ['Participatiewet', 'Wet maatschappelijke ondersteuning 2015', 'Jeugdwet', 'Wet gemeentelijke schuldhulpverlening']);
    await assertAccessible(page, 'the finalised intake');
    await screenshot(page, 'intake-afgerond');
  });

  test('grants consent to the debt-relief organisation', async () => {
    await page.getByLabel('Organisatie', { exact: true }).fill('Schuldhulpverlening Hengelo');
    await page.getByRole('checkbox', { name: 'Basisgegevens' }).check();
    await page.getByRole('checkbox', { name: 'Hulpvragen' }).check();
    await page.getByLabel('Doel', { exact: true }).fill('Schuldhulpverlening afstemmen met het gezinsplan');
    await page.getByLabel('Geldig tot').fill('2027-11-20');
    await page.getByRole('button', { name: 'Toestemming vastleggen' }).click();
    await page.getByText('Toestemming voor Schuldhulpverlening Hengelo is vastgelegd.').waitFor();
  });

  test('an addendum corrects the finalised intake', async () => {
    await page.getByLabel('Reden van de correctie').fill('Plaats aangevuld');
    await page.getByLabel('Correctie', { exact: true }).fill('Het gesprek was bij Jolanda thuis, met Mark erbij.');
    await page.getByRole('button', { name: 'Addendum toevoegen' }).click();
    await page.getByText('Het addendum is toegevoegd.').waitFor();
    assert.match(await page.getByTestId('addenda').textContent(), /sanne\.casemanager — Plaats aangevuld: Het gesprek was bij Jolanda thuis, met Mark erbij\./);
  });

  test('PostgreSQL holds the finalised intake with exactly her four needs, the consent and each step by the casemanager', async () => {
    const household = psqlValue(`SELECT household_id FROM intake WHERE id = '${id}'`);
    assert.deepEqual(psql(`SELECT status, created_by, finalised_by, vorm, plaats, hoofdprobleem, contact_id FROM intake WHERE id = '${id}'`),
      [['finalised', SANNE, SANNE, 'huisbezoek', 'bij Jolanda thuis',
        'Ik wil betaald werk, maar de schulden groeien me boven het hoofd en ik mis mijn zoon.', contactId]]);
    assert.deepEqual(psql(`SELECT wet, leefgebied, omschrijving, urgentie, status FROM intake_need WHERE intake_id = '${id}' ORDER BY position`), [
      ['PW', 'werk_opleiding', 'Begeleiding naar betaald werk.', 'normaal', 'open'],
      ['WMO', 'instrumentele_adl', 'Individuele begeleiding thuis voortzetten (Wmo 02).', 'normaal', 'in_behandeling'],
      ['JW', 'huiselijke_relaties', 'Contact met haar zoon in de jeugdhulp.', 'hoog', 'open'],
      ['WGS', 'financien', 'Schuldhulpverlening naast de bewindvoering.', 'hoog', 'open'],
    ]);
    assert.deepEqual(psql(`SELECT soort, naam, rol FROM intake_participant WHERE intake_id = '${id}'`).map((r) => r.join('|')), ['netwerk|Mark|vriend']);
    assert.deepEqual(psql(`SELECT household_id, gegevens, doel, geldig_tot, verleend_op = current_date, verleend_door, intake_id IS NULL, ingetrokken_op IS NULL
      FROM consent WHERE organisatie = 'Schuldhulpverlening Hengelo'`),
    [[household, '{basisgegevens,hulpvragen}', 'Schuldhulpverlening afstemmen met het gezinsplan', '2027-11-20', 't', SANNE, 't', 't']]);
    const consent = psqlValue(`SELECT id FROM consent WHERE organisatie = 'Schuldhulpverlening Hengelo'`);
    // The audit trail: each step, by the casemanager (the supervisor's page shows them below).
    const events = psql(`SELECT action, entity_type, actor_id, actor_role FROM audit_event
      WHERE gemeente = '${GEMEENTE}' AND entity_id IN ('${contactId}', '${id}', '${consent}') ORDER BY id`);
    const steps = [...new Set(events.map((e) => `${e[0]} ${e[1]}`))];
    assert.deepEqual(steps, ['create contact', 'create intake', 'update intake', 'finalise intake', 'grant consent', 'addendum intake']);
    assert.deepEqual([...new Set(events.map((e) => `${e[2]}/${e[3]}`))], [`${SANNE}/casemanager`]);
  });

  test('signed in as a supervisor, the audit log shows each step by the case worker', async () => {
    const household = psqlValue(`SELECT household_id FROM intake WHERE id = '${id}'`);
    const consent = psqlValue(`SELECT id FROM consent WHERE organisatie = 'Schuldhulpverlening Hengelo'`);
    const boss = await newPage(browser, TABLET);
    await signIn(boss, GEMEENTE, 'joost.supervisor');
    await boss.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Toezicht' }).click();
    await boss.waitForURL('**/toezicht');
    const rows = boss.locator('[data-testid=auditlog] tbody tr');
    const status = boss.getByTestId('auditlog-status');
    /** Searches the audit log with @filters (label → value; the others emptied), loads every
     *  page, and returns its rows: [id, Wie, Wat, Gegeven], newest first. */
    const search = async (filters) => {
      for (const label of ['Huishouden (id)', 'Gebruiker (gebruikersnaam)', 'Soort gegeven (code, bijvoorbeeld intake)']) {
        await boss.getByLabel(label).fill(filters[label] ?? '');
      }
      // (a button is busy from its click until the page has shown the answer: form.ts, whileBusy)
      const done = (name) => boss.waitForFunction((n) => ![...document.querySelectorAll('[data-sectie=auditlog] button')]
        .some((b) => b.textContent === n && b.hasAttribute('aria-busy')), name);
      await status.getByText(/getoond/).waitFor();
      await boss.getByRole('button', { name: 'Zoeken in het auditlog' }).click();
      await done('Zoeken in het auditlog');
      while (await boss.getByRole('button', { name: 'Meer laden' }).isVisible()) {
        await boss.getByRole('button', { name: 'Meer laden' }).click();
        await done('Meer laden');
      }
      return rows.evaluateAll((trs) => trs.map((tr) =>
        [tr.dataset.gebeurtenis, tr.cells[1].textContent, tr.cells[2].textContent, tr.cells[3].textContent]));
    };

    // Jolanda's household: exactly its events, as PostgreSQL has them, newest first; among them
    // the intake's and the consent's steps, each by the casemanager.
    const shown = await search({ 'Huishouden (id)': household });
    assert.deepEqual(shown.map((r) => r[0]), psql(`SELECT id FROM audit_event WHERE gemeente = '${GEMEENTE}'
      AND household_id = '${household}' ORDER BY id DESC`).map((r) => r[0]));
    const hers = psql(`SELECT id, action, entity_type, entity_id FROM audit_event WHERE gemeente = '${GEMEENTE}'
      AND household_id = '${household}' AND entity_id IN ('${id}', '${consent}') ORDER BY id DESC`);
    const byId = new Map(shown.map((r) => [r[0], r]));
    const text = { 'create intake': 'Intake begonnen (concept)', 'update intake': 'Intake opgeslagen',
      'finalise intake': 'Intake definitief gemaakt', 'grant consent': 'Toestemming gegeven',
      'addendum intake': 'Aanvulling op de intake', 'create contact': 'Contact vastgelegd' };
    for (const [eid, action, entity, entityId] of hers) {
      assert.deepEqual(byId.get(eid), [eid, `${SANNE} (casemanager)`, text[`${action} ${entity}`], `${entity} ${entityId}`]);
    }
    assert.deepEqual([...new Set(hers.map((e) => `${e[1]} ${e[2]}`).reverse())],
      ['create intake', 'update intake', 'finalise intake', 'grant consent', 'addendum intake']);
    await assertAccessible(boss, "the audit log of Jolanda's household");
    await screenshot(boss, 'toezicht-jolanda');

    // The contact came in before anyone knew her household, so its event names none: found by
    // who recorded it and what it is.
    const contacts = await search({ 'Gebruiker (gebruikersnaam)': SANNE, 'Soort gegeven (code, bijvoorbeeld intake)': 'contact' });
    assert.deepEqual(contacts.map((r) => r[0]), psql(`SELECT id FROM audit_event WHERE gemeente = '${GEMEENTE}'
      AND actor_id = '${SANNE}' AND entity_type = 'contact' ORDER BY id DESC`).map((r) => r[0]));
    const contactEvent = psqlValue(`SELECT id FROM audit_event WHERE entity_id = '${contactId}' AND action = 'create'`);
    assert.deepEqual(contacts.find((r) => r[0] === contactEvent),
      [contactEvent, `${SANNE} (casemanager)`, 'Contact vastgelegd', `contact ${contactId}`]);
    assert.deepEqual(boss.problems, []);
    await boss.context().close();
  });
});

describe('two case workers save the same draft', () => {
  let a, b, id, versionA, today;
  // A household and a person no earlier run made (the harness's database is new each time; a
  // development database is not).
  const run = Date.now() % 9000;
  const bsn = testBsn(999910000 + run * 9);
  const huisnummer = String(100 + run);

  after(async () => { await a?.context().close(); await b?.context().close(); });

  test('Ahmed starts an intake for a new household; Sanne opens the same draft', async () => {
    a = await newPage(browser, TABLET);
    await signIn(a, GEMEENTE, AHMED);
    await a.goto('/intake/nieuw');
    await a.getByLabel('Postcode').fill('7553 AA');
    await a.getByLabel('Huisnummer').fill(huisnummer);
    await a.getByRole('button', { name: 'Zoeken op adres' }).click();
    await a.getByRole('heading', { name: 'Geen huishouden gevonden' }).waitFor();
    await a.getByRole('button', { name: 'Nieuw huishouden' }).click();
    await a.waitForURL('**/intake/nieuw/formulier');
    const person = a.getByRole('group', { name: /^Persoon 1/ });
    await person.getByLabel('Voornamen').fill('Sevda');
    await person.getByLabel('Achternaam').fill('Testgezin');
    await person.getByLabel('BSN').fill(bsn);
    await a.getByLabel('Plaats', { exact: true }).fill('Bij het gezin thuis');
    await a.getByLabel(MAIN_PROBLEM).fill('De huur is achter.');
    await saved(a);
    id = intakeId(a);
    assert.deepEqual(psql(`SELECT created_by, version, hoofdprobleem FROM intake WHERE id = '${id}'`), [[AHMED, '1', 'De huur is achter.']]);
    today = psqlValue(`SELECT to_char(datum, 'FMDD') || ' ' || (ARRAY['januari','februari','maart','april','mei','juni','juli','augustus','september','oktober','november','december'])[extract(month FROM datum)] || ' ' || extract(year FROM datum) FROM intake WHERE id = '${id}'`);
    assert.deepEqual(psql(`SELECT h.postcode, h.huisnummer FROM intake i JOIN household h ON h.id = i.household_id WHERE i.id = '${id}'`), [['7553AA', huisnummer]]);

    b = await newPage(browser, TABLET);
    await signIn(b, GEMEENTE, SANNE);
    await b.goto(`/intakes/${id}`);
    assert.equal(await b.getByLabel(MAIN_PROBLEM).inputValue(), 'De huur is achter.');
  });

  test('Ahmed changes the main problem and the place and saves; Sanne changes the main problem and the date', async () => {
    await a.getByLabel(MAIN_PROBLEM).fill('De huur is twee maanden achter (Ahmed).');
    await a.getByLabel('Plaats', { exact: true }).fill('Bij het gezin thuis, met de buurvrouw (Ahmed)');
    await saved(a);
    versionA = Number(psqlValue(`SELECT version FROM intake WHERE id = '${id}'`));
    assert.equal(psqlValue(`SELECT plaats FROM intake WHERE id = '${id}'`), 'Bij het gezin thuis, met de buurvrouw (Ahmed)');

    await b.getByLabel(MAIN_PROBLEM).fill('Huurachterstand en zorgen om de kinderen (Sanne).');
    await b.getByLabel('Datum van het gesprek').fill('2026-12-01');
    await b.getByRole('heading', { name: 'Een collega heeft dit concept intussen opgeslagen' }).waitFor();
    await b.waitForFunction(() => document.querySelectorAll('[data-veld]').length === 3);
    assert.match(await b.getByTestId('opslaan-status').textContent(), /^Niet opgeslagen: een collega/);
    // Nothing of Sanne's was written.
    assert.deepEqual(psql(`SELECT hoofdprobleem, plaats FROM intake WHERE id = '${id}'`),
      [['De huur is twee maanden achter (Ahmed).', 'Bij het gezin thuis, met de buurvrouw (Ahmed)']]);
  });

  test('Sanne sees both versions of each differing field, chooses, and the merge is saved', async () => {
    const choice = (name) => b.getByRole('group', { name });
    const main = choice('Het hoofdprobleem');
    assert.equal(await main.getByLabel('Versie van uw collega: De huur is twee maanden achter (Ahmed).').isChecked(), false);
    assert.equal(await main.getByLabel('Uw versie: Huurachterstand en zorgen om de kinderen (Sanne).').isChecked(), false);
    const place = choice('De plaats');
    assert.equal(await place.getByLabel('Versie van uw collega: Bij het gezin thuis, met de buurvrouw (Ahmed)').isChecked(), true);
    assert.equal(await place.getByLabel('Uw versie: Bij het gezin thuis').isChecked(), false);
    const date = choice('De datum');
    assert.equal(await date.getByLabel('Uw versie: 1 december 2026').isChecked(), true);
    assert.equal(await date.getByLabel(`Versie van uw collega: ${today}`).isChecked(), false);
    assert.equal(await b.locator('[data-veld]').count(), 3);

    // Saving without choosing the one both changed is refused beside it.
    await b.getByRole('button', { name: 'Keuzes opslaan' }).click();
    await b.getByRole('alert').getByRole('link', { name: 'Kies een versie: Het hoofdprobleem' }).waitFor();
    await assertAccessible(b, 'the conflict choice');
    await screenshot(b, 'intake-conflict');

    await main.getByLabel('Uw versie: Huurachterstand en zorgen om de kinderen (Sanne).').check();
    await b.getByRole('button', { name: 'Keuzes opslaan' }).click();
    await saved(b);
    assert.deepEqual(psql(`SELECT hoofdprobleem, plaats, datum, version FROM intake WHERE id = '${id}'`),
      [['Huurachterstand en zorgen om de kinderen (Sanne).', 'Bij het gezin thuis, met de buurvrouw (Ahmed)', '2026-12-01', String(versionA + 1)]]);
    assert.equal(await b.getByLabel(MAIN_PROBLEM).inputValue(), 'Huurachterstand en zorgen om de kinderen (Sanne).');
    assert.equal(await b.getByLabel('Plaats', { exact: true }).inputValue(), 'Bij het gezin thuis, met de buurvrouw (Ahmed)');
  });

  test('a need without a law: the Dutch error beside that need\'s law, summarised with a link', async () => {
    await b.getByRole('button', { name: 'Hulpvraag toevoegen' }).click();
    const need = b.getByRole('group', { name: 'Hulpvraag 1' });
    await need.getByLabel('Leefgebied').selectOption('financien');
    await need.getByLabel('Omschrijving').fill('Hulp bij de huurachterstand.');
    const law = need.getByLabel('Wet');
    // The server names one problem at a time: the law's comes once the description is there.
    await need.locator('select[name="needs[0].law"][aria-invalid=true]').waitFor();
    assert.equal(await b.getByTestId('opslaan-status').textContent(), 'Niet opgeslagen: niet alle velden zijn goed ingevuld');
    assert.equal(await law.getAttribute('aria-invalid'), 'true');
    const ids = (await law.getAttribute('aria-describedby')).split(' ');
    assert.equal(await b.locator(`#${ids.at(-1)}`).textContent(), 'De wet is verplicht');
    const link = b.getByRole('alert').getByRole('link', { name: 'De wet is verplicht' });
    await link.click();
    assert.equal(await law.evaluate((el) => el === document.activeElement), true, 'the link moves the focus to the field');
    assert.equal(psqlValue(`SELECT count(*) FROM intake_need WHERE intake_id = '${id}'`), '0');
    await assertAccessible(b, 'the intake form with an error');
    await screenshot(b, 'intake-fout');

    await law.selectOption('WGS');
    await saved(b);
    assert.deepEqual(psql(`SELECT wet, leefgebied FROM intake_need WHERE intake_id = '${id}'`), [['WGS', 'financien']]);
    assert.equal(await law.getAttribute('aria-invalid'), null);
  });

  test('autosave: typing, then waiting, raises the version in PostgreSQL and says so', async () => {
    const before = Number(psqlValue(`SELECT version FROM intake WHERE id = '${id}'`));
    const place = b.getByLabel('Plaats', { exact: true });
    await place.focus();
    await place.press('End');
    await place.pressSequentially(' en de kinderen', { delay: 20 });
    assert.equal(await b.getByTestId('opslaan-status').getAttribute('aria-live'), 'polite');
    await b.waitForTimeout(300);
    assert.equal(Number(psqlValue(`SELECT version FROM intake WHERE id = '${id}'`)), before, 'not saved on every keystroke');
    const status = await saved(b);
    assert.match(status, /^Opgeslagen om \d\d:\d\d$/);
    assert.deepEqual(psql(`SELECT version, plaats FROM intake WHERE id = '${id}'`),
      [[String(before + 1), 'Bij het gezin thuis, met de buurvrouw (Ahmed) en de kinderen']]);
  });
});
