// SPDX-License-Identifier: EUPL-1.2
//
// pages/households.ts: Huishouden zoeken (/huishoudens) — by address (postcode, and a house number
// if known) or by a member's BSN (POST /api/v1/households/search: the BSN goes in the request
// body, never in a URL, and is not kept in the state). Each household found links to its page; a
// shielded one the user may not open is shown as such, without its address, so that a regisseur
// or supervisor can open it with noodtoegang.

import { ApiError, api } from '../api';
import { h, replace } from '../dom';
import { checkRequired, errorSummary, showFieldErrors, textField, whileBusy, type Field } from '../form';
import type { Page } from '../page';
import { getState, setState } from '../state';
import { type Household, address, memberName } from './household';
import { dataTable, link, section } from '../ui';

interface Found { items: Household[]; next_cursor: string | null }

function kept(): Record<string, string> {
  return getState().forms.huishoudens ?? {};
}

function keep(name: string, value: string): void {
  const forms = getState().forms;
  setState({ forms: { ...forms, huishoudens: { ...kept(), [name]: value } } });
}

function results(found: Household[]): HTMLElement {
  if (found.length === 0) return h('p', { class: 'utrecht-paragraph' }, 'Geen huishouden gevonden.');
  return dataTable('Gevonden huishoudens', [
    { title: 'Adres', cell: (hh) => (hh.postcode ? address(hh) : 'Afgeschermd huishouden') },
    { title: 'Huidige leden', cell: (hh) => (hh.members ?? []).filter((m) => !m.to).map(memberName).join(', ') },
    { title: 'Afgeschermd', cell: (hh) => (hh.afgeschermd ? 'Ja' : 'Nee') },
    { title: 'Huishouden', cell: (hh) => link(`/huishoudens/${encodeURIComponent(hh.id)}`, 'Openen',
      h('span', { class: 'ep-visually-hidden' }, `: ${hh.postcode ? address(hh) : 'afgeschermd huishouden'}`)) },
  ], found, (hh) => ({ 'data-huishouden': hh.id }));
}

export const householdsPage: Page = {
  path: '/huishoudens',
  title: 'Huishouden zoeken',
  menu: 'Huishoudens',
  roles: ['casemanager', 'regisseur', 'supervisor'],
  render({ main }) {
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Huishouden zoeken'),
      h('p', { class: 'utrecht-paragraph utrecht-paragraph--lead' },
        'Zoek op adres of op het BSN van een lid. Elke zoekopdracht wordt vastgelegd.'));
    const out = h('div', { class: 'ep-stack', 'aria-live': 'polite', 'data-testid': 'resultaten' });

    const search = async (body: Record<string, unknown>, fields: Field[], summary: ReturnType<typeof errorSummary>) => {
      try {
        const found = await api.post<Found>('/api/v1/households/search', { ...body, limit: 50 });
        replace(out, h('h2', { class: 'utrecht-heading-2' }, `Gevonden: ${found.items.length}${found.next_cursor ? '+' : ''}`),
          results(found.items));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const placed = showFieldErrors(fields, error.fieldErrors);
        summary.show(placed.length > 0 ? null : error.message, placed);
        replace(out);
      }
    };

    // By address.
    const postcode = textField({
      name: 'postcode', label: 'Postcode', noun: 'De postcode', required: true, autocomplete: 'off',
      description: 'Bijvoorbeeld 7552BD.', value: kept().postcode ?? '', onInput: (v) => keep('postcode', v),
    });
    const huisnummer = textField({
      name: 'huisnummer', label: 'Huisnummer (als u het weet)', noun: 'Het huisnummer', autocomplete: 'off',
      value: kept().huisnummer ?? '', onInput: (v) => keep('huisnummer', v),
    });
    const byAddressSummary = errorSummary();
    const byAddressButton = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Zoek op adres');
    const byAddress = h('form', { novalidate: true, 'aria-label': 'Zoeken op adres' },
      byAddressSummary.root, h('div', { class: 'ep-columns' }, postcode.root, huisnummer.root),
      h('div', { class: 'utrecht-button-group' }, byAddressButton));
    byAddress.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!checkRequired([postcode], byAddressSummary)) return;
      const number = huisnummer.value().trim();
      if (number && !/^[0-9]{1,5}$/.test(number)) {
        const message = 'Het huisnummer is een getal, zonder toevoeging';
        huisnummer.setError(message);
        byAddressSummary.show(null, [{ field: huisnummer, message }]);
        return;
      }
      huisnummer.setError(null);
      await whileBusy(byAddressButton, () => search({
        postcode: postcode.value().replace(/\s+/g, '').toUpperCase(),
        ...(number ? { huisnummer: Number(number) } : {}),
      }, [postcode, huisnummer], byAddressSummary));
    });

    // By BSN: in the body of a POST only, and forgotten once sent.
    const bsn = textField({
      name: 'bsn', label: 'BSN van een lid', noun: 'Het BSN', required: true, autocomplete: 'off',
      description: '9 cijfers. Het BSN wordt niet bewaard en staat nooit in een adres van een pagina.',
    });
    const byBsnSummary = errorSummary();
    const byBsnButton = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Zoek op BSN');
    const byBsn = h('form', { novalidate: true, 'aria-label': 'Zoeken op BSN', autocomplete: 'off' },
      byBsnSummary.root, bsn.root, h('div', { class: 'utrecht-button-group' }, byBsnButton));
    byBsn.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!checkRequired([bsn], byBsnSummary)) return;
      await whileBusy(byBsnButton, () => search({ bsn: bsn.value().replace(/\s+/g, '') }, [bsn], byBsnSummary));
    });

    main.append(h('div', { class: 'ep-stack' },
      section('adres', 'Op adres', byAddress),
      section('bsn', 'Op BSN', byBsn),
      out));
  },
};
