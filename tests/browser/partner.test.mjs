// SPDX-License-Identifier: EUPL-1.2
//
// partner.test.mjs: "a partner sees only what consent allows, and after revocation nothing", in
// chromium at 768×1024 against the harness's demo database (main.c). A casemanager grants the
// demo partner's organisation (Tactus) consent for basisgegevens of a demo household through the
// API; the partner finds it on their start page, opens it and sees exactly its members (compared
// with PostgreSQL), their own organisation's consent and nothing more (no contacts, intakes or
// timeline, and no request the API refuses); the casemanager revokes; the list no longer has it
// and the household's page says there is no (longer) access. Each read and the refusal are in
// the access log; axe-core on every state, a screenshot of each.
//
// One file, so its tests run in order.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { TABLET, assertAccessible, assertMembersShown, launch, newPage, psql, psqlValue, screenshot, signIn } from './helpers.mjs';

const GEMEENTE = 'GM0164';
const PARTNER = 'tactus.partner';
const ORGANISATION = 'Tactus';
// The Bakker household of the demo (cli/demo-stories.json): not shielded by the other tests.
const BAKKER = { postcode: '7555RT', huisnummer: 118 };
const ADDRESS = '7555RT 118 B, Hasseler Es';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The CSRF token of @page's session, for a change through the API. */
async function csrf(page) {
  return (await (await page.request.get('/api/v1/me')).json()).csrf_token;
}

/** The partner's access-log rows for household @id: "action outcome", oldest first. */
function partnerLog(id) {
  return psql(`SELECT action || ' ' || entity_type || ' ' || outcome FROM access_log
    WHERE gemeente = '${GEMEENTE}' AND actor_id = '${PARTNER}' AND household_id = '${id}' ORDER BY id`)
    .map((r) => r[0]);
}

describe('a partner sees only what consent allows, and after revocation nothing', () => {
  let worker;
  let partner;
  let id;
  let consentId;

  test('a casemanager grants Tactus consent for basisgegevens', async () => {
    id = psqlValue(`SELECT id FROM household WHERE gemeente = '${GEMEENTE}'
      AND postcode = '${BAKKER.postcode}' AND huisnummer = ${BAKKER.huisnummer}`);
    assert.equal(psqlValue(`SELECT count(*) FROM consent WHERE household_id = '${id}' AND organisatie = '${ORGANISATION}'`), '0');
    worker = await newPage(browser, TABLET);
    await signIn(worker, GEMEENTE, 'sanne.casemanager');
    const today = psqlValue('SELECT current_date::text');
    const granted = await worker.request.post('/api/v1/consents', {
      headers: { 'X-CSRF-Token': await csrf(worker) },
      data: {
        household_id: id, organisation: ORGANISATION, data: ['basisgegevens'],
        purpose: 'Afstemming verslavingszorg en gezinsplan', valid_until: '2027-12-31', granted_on: today,
      },
    });
    assert.equal(granted.status(), 201, await granted.text());
    consentId = (await granted.json()).id;
    assert.equal(psqlValue(`SELECT verleend_door FROM consent WHERE id = '${consentId}'`), 'sanne.casemanager');
  });

  test('the partner finds the household on their start page', async () => {
    partner = await newPage(browser, TABLET);
    await signIn(partner, GEMEENTE, PARTNER);
    await partner.waitForURL('**/start');
    await partner.getByRole('heading', { level: 1, name: 'Huishoudens met toestemming' }).waitFor();
    const rows = partner.locator('[data-testid=toestemmingen] tbody tr');
    await rows.first().waitFor();
    // Every household a consent in effect gives Tactus, and only those.
    const want = psql(`SELECT DISTINCT c.household_id FROM consent c JOIN household h ON h.id = c.household_id
      WHERE c.gemeente = '${GEMEENTE}' AND c.organisatie = '${ORGANISATION}' AND c.ingetrokken_op IS NULL
        AND c.verleend_op <= current_date AND c.geldig_tot >= current_date ORDER BY 1`).map((r) => r[0]);
    assert.deepEqual(want, [id]);
    assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.huishouden).sort()), want);
    // Its current members by name, as PostgreSQL has them, and what the consent gives.
    const names = psql(`SELECT concat_ws(' ', p.voornamen, p.tussenvoegsel, p.achternaam) FROM household_member hm
      JOIN person p ON p.gemeente = hm.gemeente AND p.id = hm.person_id
      WHERE hm.household_id = '${id}' AND hm.valid_to IS NULL ORDER BY hm.valid_from, hm.created_at`).map((r) => r[0]);
    const cells = await partner.locator(`tr[data-huishouden="${id}"] td`).allTextContents();
    assert.equal(cells[0], ADDRESS);
    assert.equal(cells[1], names.join(', '));
    assert.equal(cells[2], 'Basisgegevens van het huishouden');
    assert.match(cells[3], /^\d{1,2} [a-z]+ \d{4} t\/m 31 december 2027$/);
    // Shown, so in the access log.
    assert.deepEqual(partnerLog(id), ['search household success']);
    await assertAccessible(partner, "the partner's start page with a household");
    await screenshot(partner, 'partner-huishoudens');
  });

  test('the partner opens it read-only: exactly its members and their own consent, nothing more', async () => {
    await partner.locator(`tr[data-huishouden="${id}"]`).getByRole('link', { name: /^Openen/ }).click();
    await partner.waitForURL(`**/huishoudens/${id}`);
    await partner.getByRole('heading', { level: 1, name: `Huishouden ${ADDRESS}` }).waitFor();
    await partner.locator('[data-sectie=leden] tbody tr').first().waitFor();
    // Only the members and the consents: no contacts, intakes or timeline.
    assert.deepEqual(await partner.locator('[data-sectie]').evaluateAll((els) => els.map((e) => e.dataset.sectie)),
      ['leden', 'toestemmingen']);
    await partner.getByText('U ziet dit huishouden alleen-lezen').waitFor();
    // The members, with their history, exactly as PostgreSQL has them.
    await assertMembersShown(partner, id);
    // Of the consents, only Tactus's: the household's others (Welbions) are not theirs to know.
    assert.ok(Number(psqlValue(`SELECT count(*) FROM consent WHERE household_id = '${id}' AND organisatie <> '${ORGANISATION}'`)) >= 1);
    assert.deepEqual(await partner.locator('[data-sectie=toestemmingen] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.dataset.toestemming, tr.cells[0].textContent, tr.cells[4].textContent])),
    [[consentId, ORGANISATION, 'Geldig']]);
    // Nothing was asked that the API refuses a partner (a 403 would be a console error).
    assert.deepEqual(partner.problems, []);
    assert.deepEqual(partnerLog(id), ['search household success', 'read household success', 'read household_consents success']);
    await assertAccessible(partner, 'the household as a partner sees it');
    await screenshot(partner, 'partner-huishouden');
  });

  test('after the casemanager revokes, the list no longer has it and the page refuses', async () => {
    const revoked = await worker.request.post(`/api/v1/consents/${consentId}/revoke`, {
      headers: { 'X-CSRF-Token': await csrf(worker) },
    });
    assert.equal(revoked.status(), 204, await revoked.text());
    assert.equal(psqlValue(`SELECT ingetrokken_door FROM consent WHERE id = '${consentId}'`), 'sanne.casemanager');

    await partner.getByRole('link', { name: 'Terug naar de huishoudens met toestemming' }).click();
    await partner.waitForURL('**/start');
    await partner.getByText('Er is op dit moment geen huishouden dat uw organisatie toestemming geeft.').waitFor();
    assert.equal(await partner.locator(`tr[data-huishouden="${id}"]`).count(), 0);
    await assertAccessible(partner, "the partner's start page, empty");
    await screenshot(partner, 'partner-huishoudens-leeg');

    await partner.goto(`/huishoudens/${id}`);
    await partner.getByText('U heeft geen toegang (meer) tot dit huishouden.').waitFor();
    assert.equal(await partner.locator('[data-sectie]').count(), 0);
    assert.equal(await partner.getByText(ADDRESS).count(), 0);
    // The refusal is in the access log, as a denied read of the household.
    assert.equal(psqlValue(`SELECT concat_ws(' ', action, entity_type, entity_id, purpose, outcome) FROM access_log
      WHERE actor_id = '${PARTNER}' ORDER BY id DESC LIMIT 1`), `read household ${id} toestemming partner denied`);
    await assertAccessible(partner, 'the household refused to the partner');
    await screenshot(partner, 'partner-geen-toegang');
    assert.deepEqual(partner.problems, []);
    await partner.context().close();
    await worker.context().close();
  });
});
