// SPDX-License-Identifier: EUPL-1.2
//
// pages.test.mjs: the household, supervisor, admin and password pages in chromium, against the
// demo database the harness (main.c) loaded: a demo household as a casemanager sees it (its
// members, contacts, intakes, consents and timeline, each compared with PostgreSQL), the audit
// log of a household and a verification run as a supervisor, break-the-glass by the demo
// regisseur and its review, adding, using and disabling a user as the administrator, changing
// one's own password; axe-core on every page, a screenshot of each at tablet size.
//
// One file, so its tests run in order: the emergency access the regisseur opens is the one the
// supervisor reviews.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  TABLET, assertAccessible, assertMembersShown, launch, newPage, psql, psqlValue, screenshot, signIn,
} from './helpers.mjs';

const GEMEENTE = 'GM0164';
// The demo households (cli/demo-stories.json): Jolanda's (Sanne's finalised intake) and the
// Yilmaz family's (Ahmed's draft), shielded below.
const JOLANDA = { postcode: '7551AB', huisnummer: 12 };
const YILMAZ = { postcode: '7553KL', huisnummer: 41 };

function householdAt({ postcode, huisnummer }) {
  return psqlValue(`SELECT id FROM household WHERE gemeente = '${GEMEENTE}'
    AND postcode = '${postcode}' AND huisnummer = ${huisnummer}`);
}

const roleNl = { casemanager: 'casemanager', regisseur: 'regisseur', supervisor: 'toezichthouder', partner: 'partner', admin: 'functioneel beheer' };

/** The timeline's steps as PostgreSQL has them for household @id: id and who, newest first. */
function trail(id) {
  return psql(`SELECT e.id, u.display_name, e.actor_role FROM audit_event e
    JOIN app_user u ON u.gemeente = e.gemeente AND u.username = e.actor_id
    WHERE e.gemeente = '${GEMEENTE}' AND e.household_id = '${id}' ORDER BY e.id DESC`)
    .map(([eid, name, role]) => ({ id: eid, who: `${name} (${roleNl[role] ?? role})` }));
}

/** The CSRF token of @page's session, for a change through the API. */
async function csrf(page) {
  return (await (await page.request.get('/api/v1/me')).json()).csrf_token;
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('het huishouden', () => {
  test('a casemanager finds a demo household by address and sees it as PostgreSQL has it', async () => {
    const page = await newPage(browser, TABLET);
    await signIn(page, GEMEENTE, 'sanne.casemanager');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Huishoudens' }).click();
    await page.waitForURL('**/huishoudens');
    await page.getByLabel('Postcode').fill(JOLANDA.postcode);
    await page.getByLabel('Huisnummer (als u het weet)').fill(String(JOLANDA.huisnummer));
    await page.getByRole('button', { name: 'Zoek op adres' }).click();
    const id = householdAt(JOLANDA);
    const found = page.locator('[data-testid=resultaten] tbody tr');
    await found.first().waitFor();
    assert.deepEqual(await found.evaluateAll((trs) => trs.map((tr) => tr.dataset.huishouden)), [id]);
    await assertAccessible(page, 'the household search with its result');
    await screenshot(page, 'huishoudens');

    await found.getByRole('link', { name: /^Openen/ }).click();
    await page.waitForURL(`**/huishoudens/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Huishouden 7551AB 12 A, Hengelo-Centrum' }).waitFor();

    // Members, with their history: each person of the household, current or past.
    await assertMembersShown(page, id);

    // Intakes, each a link to the intake.
    const intakes = psql(`SELECT id, CASE status WHEN 'finalised' THEN 'Definitief' ELSE 'Concept' END
      FROM intake WHERE household_id = '${id}' ORDER BY datum, created_at`);
    assert.deepEqual(await page.locator('[data-sectie=intakes] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.dataset.intake, tr.cells[2].textContent])), intakes);
    assert.equal(await page.locator('[data-sectie=intakes] tbody a').first().getAttribute('href'), `/intakes/${intakes[0][0]}`);

    // Consents, with their status today.
    const consents = psql(`SELECT id, organisatie, CASE WHEN ingetrokken_op IS NOT NULL THEN 'Ingetrokken'
        WHEN geldig_tot < current_date THEN 'Verlopen' WHEN verleend_op > current_date THEN 'Nog niet ingegaan'
        ELSE 'Geldig' END FROM consent WHERE household_id = '${id}'
      ORDER BY created_at, coalesce(intake_position, -1), id`);
    assert.ok(consents.length >= 1);
    assert.deepEqual(await page.locator('[data-sectie=toestemmingen] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.dataset.toestemming, tr.cells[0].textContent, tr.cells[4].textContent])), consents);

    // Contacts: the household's own and those its intakes follow from.
    const contacts = psql(`SELECT c.id FROM contact c WHERE c.household_id = '${id}'
      OR EXISTS (SELECT FROM intake i WHERE i.contact_id = c.id AND i.household_id = '${id}') ORDER BY c.created_at, c.id`).map((r) => r[0]);
    assert.ok(contacts.length >= 1);
    assert.deepEqual(await page.locator('[data-sectie=contacten] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => tr.dataset.contact)), contacts);

    // The timeline: every audit event of the household, newest first, with who did it.
    const want = trail(id);
    assert.ok(want.length >= 3);
    const steps = page.locator('[data-sectie=tijdlijn] li');
    await page.getByText(/stappen getoond/).waitFor();
    while (await page.getByRole('button', { name: 'Meer laden' }).isVisible()) {
      await page.getByRole('button', { name: 'Meer laden' }).click();
      await page.getByText(/stappen getoond\.$/).waitFor();
    }
    const shown = await steps.evaluateAll((lis) => lis.map((li) => ({
      id: li.dataset.stap, who: li.querySelector('[data-testid=wie]').textContent,
    })));
    assert.deepEqual(shown, want);
    assert.ok(shown.some((s) => s.who === 'Sanne de Vries (casemanager)'));
    assert.ok(await page.locator('[data-sectie=tijdlijn]').getByText('Intake definitief gemaakt').count() >= 1);
    // Reading it is in the access log.
    assert.ok(Number(psqlValue(`SELECT count(*) FROM access_log WHERE actor_id = 'sanne.casemanager'
      AND entity_type = 'household_timeline' AND entity_id = '${id}'`)) >= 1);
    await assertAccessible(page, 'the household page');
    await screenshot(page, 'huishouden', { readme: 'huishouden-tijdlijn', scrollTo: '[data-sectie=tijdlijn]' });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('toezicht', () => {
  test('the audit log of a household shows exactly its events; the chain verifies as intact', async () => {
    const page = await newPage(browser, TABLET);
    await signIn(page, GEMEENTE, 'joost.supervisor');
    const id = householdAt(JOLANDA);
    await page.goto(`/toezicht?huishouden=${id}`);
    await page.getByTestId('auditlog-status').getByText(/getoond/).waitFor();
    const events = psql(`SELECT id FROM audit_event WHERE gemeente = '${GEMEENTE}' AND household_id = '${id}'
      ORDER BY id DESC LIMIT 50`).map((r) => r[0]);
    assert.deepEqual(await page.locator('[data-testid=auditlog] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => tr.dataset.gebeurtenis)), events);
    assert.equal(await page.getByLabel('Huishouden (id)').inputValue(), id);

    // A filter by hand: the finalisations only.
    await page.getByLabel('Actie (code, bijvoorbeeld finalise)').fill('finalise');
    await page.getByRole('button', { name: 'Zoeken in het auditlog' }).click();
    const finalised = psql(`SELECT id FROM audit_event WHERE gemeente = '${GEMEENTE}' AND household_id = '${id}'
      AND action = 'finalise' ORDER BY id DESC`).map((r) => r[0]);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=auditlog] tbody tr').length === n, finalised.length);
    assert.deepEqual(await page.locator('[data-testid=auditlog] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => tr.dataset.gebeurtenis)), finalised);

    // A new verification run, followed until it is done: intact.
    await page.getByRole('button', { name: 'Nieuwe controle starten' }).click();
    await page.getByTestId('controle-voortgang').getByText('Controle klaar.').waitFor({ timeout: 60000 });
    assert.match(await page.getByTestId('controle').textContent(), /^Intact\. De keten is ongeschonden\./);
    await assertAccessible(page, 'the supervisor page');
    await screenshot(page, 'toezicht');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  test('break-the-glass by the demo regisseur, through the page, and its review', async () => {
    const boss = await newPage(browser, TABLET);
    await signIn(boss, GEMEENTE, 'joost.supervisor');
    const id = householdAt(YILMAZ);
    const shielded = await boss.request.post(`/api/v1/households/${id}/shield`, {
      headers: { 'X-CSRF-Token': await csrf(boss) },
      data: { reason: 'Opvangadres: vertrouwelijk (browsertest)', users: ['ahmed.casemanager'] },
    });
    assert.equal(shielded.status(), 201);

    // A casemanager the shield does not name: told so, without noodtoegang.
    const sanne = await newPage(browser, TABLET);
    await signIn(sanne, GEMEENTE, 'sanne.casemanager');
    await sanne.goto(`/huishoudens/${id}`);
    await sanne.getByText(/Dit huishouden is afgeschermd, of u heeft er geen toegang toe/).waitFor();
    assert.equal(await sanne.getByRole('button', { name: 'Noodtoegang openen' }).count(), 0);
    await sanne.context().close();

    const page = await newPage(browser, TABLET);
    await signIn(page, GEMEENTE, 'marieke.regisseur');
    await page.goto(`/huishoudens/${id}`);
    await page.getByText('Dit huishouden is afgeschermd. Alleen de medewerkers die bij de afscherming zijn genoemd kunnen het openen.').waitFor();
    await page.getByText(/wordt vastgelegd|worden vastgelegd/).waitFor();
    await assertAccessible(page, 'the shielded household with noodtoegang');
    await screenshot(page, 'noodtoegang');
    // Too short a reason: said beside the field, nothing opened.
    const reasonField = page.getByLabel('Reden voor noodtoegang');
    await reasonField.fill('Even kijken');
    await page.getByRole('button', { name: 'Noodtoegang openen' }).click();
    assert.equal(await reasonField.getAttribute('aria-invalid'), 'true');
    const ids = (await reasonField.getAttribute('aria-describedby')).split(' ');
    assert.equal(await page.locator(`#${ids.at(-1)}`).textContent(), 'De reden moet ten minste 20 tekens zijn (nu 11)');
    assert.equal(psqlValue(`SELECT count(*) FROM emergency_access WHERE household_id = '${id}'`), '0');

    const reason = 'Melding Veilig Thuis vannacht: acuut plan nodig (browsertest)';
    await reasonField.fill(reason);
    await page.getByRole('button', { name: 'Noodtoegang openen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Huishouden 7553KL 41, Hengelo-Zuid' }).waitFor();
    await page.getByText('Noodtoegang is geopend en vastgelegd. Een toezichthouder beoordeelt het.').waitFor();
    const access = psql(`SELECT id, actor_id, actor_role, reason, reviewed_by IS NULL FROM emergency_access
      WHERE household_id = '${id}'`);
    assert.equal(access.length, 1);
    assert.deepEqual(access[0].slice(1), ['marieke.regisseur', 'regisseur', reason, 't']);
    // Her reads are logged as emergency access, with the reason.
    assert.ok(Number(psqlValue(`SELECT count(*) FROM access_log WHERE actor_id = 'marieke.regisseur'
      AND household_id = '${id}' AND emergency AND emergency_reason = '${reason}'`)) >= 2);
    await page.getByText(/stappen getoond/).waitFor();
    assert.ok(await page.locator('[data-sectie=tijdlijn]').getByText('Noodtoegang geopend').count() >= 1);
    await page.context().close();

    // The supervisor sees it in the review list and marks it reviewed.
    await boss.goto('/toezicht');
    const row = boss.locator(`[data-noodtoegang="${access[0][0]}"]`);
    await row.waitFor();
    assert.deepEqual((await row.locator('td').allTextContents()).slice(1, 3), ['marieke.regisseur (regisseur)', reason]);
    await row.getByRole('button', { name: /^Beoordeeld/ }).click();
    await boss.getByTestId('noodtoegang-status').getByText('De noodtoegang van marieke.regisseur is als beoordeeld vastgelegd.').waitFor();
    assert.equal(await row.count(), 0);
    assert.deepEqual(psql(`SELECT reviewed_by, reviewed_at IS NOT NULL FROM emergency_access WHERE id = '${access[0][0]}'`),
      [['joost.supervisor', 't']]);
    await assertAccessible(boss, 'the supervisor page after a review');

    const lifted = await boss.request.post(`/api/v1/households/${id}/shield/lift`, {
      headers: { 'X-CSRF-Token': await csrf(boss) }, data: { reason: 'Browsertest afgerond' },
    });
    assert.equal(lifted.status(), 204);
    assert.deepEqual(boss.problems, []);
    await boss.context().close();
  });
});

describe('beheer', () => {
  const username = `jan.browsertest${Date.now() % 100000}`;
  const password = 'een lange zin als wachtwoord';

  test('an administrator adds a user (a field error first) who can then sign in', async () => {
    const page = await newPage(browser, TABLET);
    await signIn(page, GEMEENTE, 'beheer');
    await page.waitForURL('**/beheer');
    await page.locator('[data-gebruiker=beheer]').waitFor();
    const users = psql(`SELECT username FROM app_user WHERE gemeente = '${GEMEENTE}' ORDER BY username LIMIT 50`).map((r) => r[0]);
    assert.deepEqual(await page.locator('[data-sectie=gebruikers] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => tr.dataset.gebruiker)), users);
    await assertAccessible(page, 'the admin page');

    // A username with a space: the server's rule beside the field, nothing added.
    const field = page.getByLabel('Gebruikersnaam', { exact: true });
    await field.fill('jan jansen');
    await page.getByLabel('Naam', { exact: true }).fill('Jan Jansen');
    await page.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
    await page.getByRole('alert').getByText('Er is een probleem').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const described = (await field.getAttribute('aria-describedby')).split(' ');
    assert.equal(await page.locator(`#${described.at(-1)}`).textContent(),
      'Gebruikersnaam: 2–64 kleine letters, cijfers, punt, _ of -');
    assert.equal(psqlValue(`SELECT count(*) FROM app_user WHERE display_name = 'Jan Jansen'`), '0');
    await assertAccessible(page, 'the admin page with a field error');
    await screenshot(page, 'beheer-fout');

    await field.fill(username);
    await page.getByLabel('Regisseur').check();
    await page.getByLabel('Wachtwoord (mag leeg blijven)').fill(password);
    await page.getByRole('button', { name: 'Gebruiker toevoegen' }).click();
    await page.getByText(`Jan Jansen (${username}) is toegevoegd.`).waitFor();
    assert.deepEqual(psql(`SELECT display_name, role, active FROM app_user WHERE gemeente = '${GEMEENTE}' AND username = '${username}'`),
      [['Jan Jansen', 'regisseur', 't']]);
    await page.locator(`[data-gebruiker="${username}"]`).waitFor();
    await screenshot(page, 'beheer');

    const jan = await newPage(browser, TABLET);
    await signIn(jan, GEMEENTE, username, password);
    await jan.waitForURL('**/werkbak');
    assert.match(await jan.getByTestId('wie').textContent(), /^Jan Jansen · Regisseur · GM0164$/);

    // Jan changes his own password: a wrong current one is said beside its field.
    await jan.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Wachtwoord wijzigen' }).click();
    await jan.waitForURL('**/wachtwoord');
    await assertAccessible(jan, 'the password page');
    await screenshot(jan, 'wachtwoord');
    const hashBefore = psqlValue(`SELECT password_hash FROM app_user WHERE username = '${username}'`);
    const current = jan.getByLabel('Huidig wachtwoord');
    await current.fill('niet mijn wachtwoord');
    await jan.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een nieuwe lange zin als wachtwoord');
    await jan.getByLabel('Nieuw wachtwoord nog een keer').fill('een nieuwe lange zin als wachtwoord');
    await jan.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await jan.getByRole('alert').getByText('Er is een probleem').waitFor();
    const currentIds = (await current.getAttribute('aria-describedby')).split(' ');
    assert.equal(await jan.locator(`#${currentIds.at(-1)}`).textContent(), 'Het huidige wachtwoord klopt niet');
    assert.equal(psqlValue(`SELECT password_hash FROM app_user WHERE username = '${username}'`), hashBefore);
    await current.fill(password);
    await jan.getByLabel('Nieuw wachtwoord', { exact: true }).fill('een nieuwe lange zin als wachtwoord');
    await jan.getByLabel('Nieuw wachtwoord nog een keer').fill('een nieuwe lange zin als wachtwoord');
    await jan.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
    await jan.getByText('Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.').waitFor();
    assert.notEqual(psqlValue(`SELECT password_hash FROM app_user WHERE username = '${username}'`), hashBefore);
    assert.deepEqual(jan.problems, []);
    await jan.context().close();
    await page.context().close();
  });

  test('an administrator disables the user, after confirming; signing in then fails in Dutch', async () => {
    const page = await newPage(browser, TABLET);
    await signIn(page, GEMEENTE, 'beheer');
    const row = page.locator(`[data-gebruiker="${username}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: /^Uitschakelen/ }).click();
    await row.getByText('Weet u zeker dat u Jan Jansen wilt uitschakelen?', { exact: false }).waitFor();
    assert.equal(psqlValue(`SELECT active FROM app_user WHERE username = '${username}'`), 't');
    await assertAccessible(page, 'the confirmation of disabling');
    await row.getByRole('button', { name: `Ja, ${username} uitschakelen` }).click();
    await page.getByText(`Jan Jansen (${username}) is uitgeschakeld; de sessies zijn beëindigd.`).waitFor();
    assert.equal(psqlValue(`SELECT active FROM app_user WHERE username = '${username}'`), 'f');
    assert.equal(await row.locator('[data-kolom=actief]').textContent(), 'Nee');
    await page.context().close();

    const jan = await newPage(browser, TABLET);
    await jan.goto('/aanmelden');
    await jan.getByLabel('Gemeente', { exact: true }).fill(GEMEENTE);
    await jan.getByLabel('Gebruikersnaam', { exact: true }).fill(username);
    await jan.getByLabel('Wachtwoord', { exact: true }).fill('een nieuwe lange zin als wachtwoord');
    await jan.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await jan.getByRole('alert').getByText('De combinatie van gemeente, gebruikersnaam en wachtwoord klopt niet.').waitFor();
    assert.equal(new URL(jan.url()).pathname, '/aanmelden');
    await jan.context().close();
  });
});
