// SPDX-License-Identifier: EUPL-1.2
//
// pages/start.ts: a partner's start page, Huishoudens met toestemming (/start): the households
// whose consent in effect today names the partner's organisation (GET /api/v1/partner/households,
// a page at a time, "Meer laden" for the next), each with what that consent gives — the address
// and current members where it gives basisgegevens, otherwise only which kinds of data and the
// period — and a link to the household's page, which shows the same read-only. A household whose
// consent was revoked or has ended is not in the list. The server logs every household shown.
// An administrator starts at Gebruikers beheren (admin.ts).

import { api } from '../api';
import { h, replace } from '../dom';
import { loadReference } from '../data';
import { whileBusy } from '../form';
import type { Page } from '../page';
import { type Codelists, getState } from '../state';
import { formatDate } from '../texts';
import { alertBox, appendRows, dataTable, errorText, link, type TableColumn } from '../ui';
import { type Household, address, kindsOf, memberName } from './household';

/** A consent as the partner's list gives it. */
interface PartnerConsent {
  id: string; organisation: string; data: string[]; purpose: string; valid_until: string;
  granted_on: string;
}

/** A household of the partner's list (intake/ep-household.h, EpPartnerHousehold). */
interface PartnerHousehold extends Household { consents: PartnerConsent[] }

interface ListPage { items: PartnerHousehold[]; next_cursor: string | null }

/** The periods of a list of consents: "20-11-2026 t/m 31-12-2027". */
function periodsOf(consents: PartnerConsent[]): string {
  return consents.map((c) => `${formatDate(c.granted_on)} t/m ${formatDate(c.valid_until)}`).join('; ');
}

function columns(codelists: Codelists): TableColumn<PartnerHousehold>[] {
  return [
    { title: 'Adres', cell: (hh) => (hh.postcode ? address(hh) : 'Geen basisgegevens') },
    { title: 'Huidige leden', cell: (hh) => (hh.members ? hh.members.map(memberName).join(', ') : '—') },
    { title: 'Toestemming voor', cell: (hh) => kindsOf(codelists, hh.consents) },
    { title: 'Geldig', cell: (hh) => periodsOf(hh.consents) },
    { title: 'Huishouden', cell: (hh) => link(`/huishoudens/${encodeURIComponent(hh.id)}`, 'Openen',
      h('span', { class: 'ep-visually-hidden' }, `: ${hh.postcode ? address(hh) : 'huishouden zonder basisgegevens'}`)) },
  ];
}

export const startPage: Page = {
  path: '/start',
  title: 'Huishoudens met toestemming',
  menu: 'Huishoudens',
  roles: ['partner'],
  prefetch: () => api.get<ListPage>('/api/v1/partner/households'),
  async render({ main, isCurrent, prefetched }) {
    const me = getState().me!;
    const organisation = me.user.partner_organisation ?? me.user.display_name;
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Huishoudens met toestemming'),
      h('p', { class: 'utrecht-paragraph utrecht-paragraph--lead' },
        `De huishoudens die ${organisation} vandaag mag zien, omdat het huishouden daar toestemming voor gaf. `
        + 'U ziet alleen de gegevens waarvoor de toestemming geldt. Na intrekking of na de einddatum verdwijnt een huishouden uit deze lijst.'));
    const status = h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De huishoudens worden geladen…');
    const out = h('div', { class: 'ep-stack', 'data-testid': 'toestemmingen' });
    main.append(status, out);
    let first: ListPage;
    let codelists: Codelists;
    try {
      [first, { codelists }] = await Promise.all([
        (prefetched as Promise<ListPage> | undefined) ?? api.get<ListPage>('/api/v1/partner/households'),
        loadReference(),
      ]);
    } catch (error) {
      if (!isCurrent()) return;
      replace(status, alertBox('error', errorText(error)));
      return;
    }
    if (!isCurrent()) return;
    if (first.items.length === 0) {
      replace(status, 'Er is op dit moment geen huishouden dat uw organisatie toestemming geeft.');
      return;
    }
    const cols = columns(codelists);
    const table = dataTable('Huishoudens met een geldige toestemming voor uw organisatie', cols, first.items,
      (hh) => ({ 'data-huishouden': hh.id }));
    const more = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button' }, 'Meer laden');
    let cursor = first.next_cursor;
    let shown = first.items.length;
    const count = () => replace(status, `${shown} ${shown === 1 ? 'huishouden' : 'huishoudens'}${cursor ? '; er zijn er meer' : ''}.`);
    more.hidden = !cursor;
    more.addEventListener('click', () => void whileBusy(more, async () => {
      try {
        const next = await api.get<ListPage>(`/api/v1/partner/households?cursor=${encodeURIComponent(cursor!)}`);
        if (!isCurrent()) return;
        appendRows(table, cols, next.items, (hh) => ({ 'data-huishouden': hh.id }));
        shown += next.items.length;
        cursor = next.next_cursor;
        more.hidden = !cursor;
        count();
      } catch (error) {
        if (isCurrent()) replace(status, alertBox('error', errorText(error)));
      }
    }));
    count();
    out.append(table, more);
  },
};
