// SPDX-License-Identifier: EUPL-1.2
//
// pages/werkbak.ts: the start page of case workers and supervisors (GET /api/v1/werkbak): my
// drafts, the new contacts without an intake, and — when the server gives them — the consents
// about to expire. Each list shows its count, can be filtered (a search over its text) and
// sorted by any column (a button in the column's header, aria-sort telling which). Filter and
// sort live in the state (forms.werkbak), so they survive a visit to another page. A draft links
// to its intake form (Verder), a new contact to starting one (Intake starten, pages/intake.ts).
// Beside them the plans where I am regisseur or aanspreekpunt (GET /api/v1/werkbak/plannen) and
// their open needs without a goal (GET /api/v1/werkbak/open-hulpvragen), each linking to the plan;
// the plans' regisseurs and aanspreekpunten are named from the colleagues (GET /api/v1/medewerkers).

import { ApiError, api } from '../api';
import { type Child, h, replace } from '../dom';
import { label, loadReference } from '../data';
import type { Page } from '../page';
import { type Codelists, type Vindplaats, getState, setState, takeNotice } from '../state';
import { formatDate } from '../texts';

interface ListPage<T> { count: number; items: T[]; next_cursor: string | null }

interface Draft {
  id: string; household_id: string; date: string; form: string; status: string; version: number;
  created_by: string; created_at: string;
}

interface Contact {
  id: string; household_id?: string; vindplaats_id: string; channel: string; type: string;
  question: string; date: string; received_by: string;
}

interface Consent {
  id: string; household_id: string; organisation: string; data?: string[]; valid_until: string;
}

interface Werkbak {
  drafts: ListPage<Draft>;
  new_contacts: ListPage<Contact>;
  expiring_consents?: ListPage<Consent>;
}

interface MyPlan {
  plan_id: string; household_id: string; version: number; regisseur: string; aanspreekpunt: string;
  rollen: ('regisseur' | 'aanspreekpunt')[]; open_hulpvragen: number; created_at: string;
}

interface OpenNeed {
  plan_id: string; household_id: string; id: string; lid: string | null; leefgebied: string;
  omschrijving: string; urgentie: string; status: string; wet: string;
}

/** The werkbak's plan lists (undefined: the list could not be loaded), and the colleagues' names
 *  by username. */
interface PlanLists { plannen?: ListPage<MyPlan>; open?: ListPage<OpenNeed>; names: Map<string, string> }

/** A list the server pages without a count: its first page (the most the API gives at once),
 *  counted; undefined when it cannot be loaded (the rest of the werkbak is shown). */
async function firstPage<T>(path: string): Promise<ListPage<T> | undefined> {
  try {
    const page = await api.get<{ items: T[]; next_cursor: string | null }>(`${path}?limit=200`);
    return { items: page.items, next_cursor: page.next_cursor, count: page.items.length };
  } catch {
    return undefined;
  }
}

/** The colleagues' names by username (empty when they cannot be loaded: usernames are shown). */
async function colleagueNames(): Promise<Map<string, string>> {
  try {
    const answer = await api.get<{ items: { username: string; naam: string }[] }>('/api/v1/medewerkers');
    return new Map(answer.items.map((u) => [u.username, u.naam]));
  } catch {
    return new Map();
  }
}

interface Column<T> {
  key: string;
  title: string;
  /** The value sorted and searched by. */
  value(item: T): string | number;
  /** What the cell shows (the value when absent). */
  cell?(item: T): Child;
}

interface ListSpec<T> {
  name: string;
  title: string;
  empty: string;
  page: ListPage<T> | undefined;
  columns: Column<T>[];
  unavailable?: string;
}

function viewState(): Record<string, string> {
  return getState().forms.werkbak ?? {};
}

function setView(key: string, value: string): void {
  const forms = getState().forms;
  setState({ forms: { ...forms, werkbak: { ...(forms.werkbak ?? {}), [key]: value } } });
}

/** Made once (localeCompare() with a locale makes a collator on every comparison). */
let collator: Intl.Collator | null = null;

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  collator ??= new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });
  return collator.compare(String(a), String(b));
}

function section<T>(spec: ListSpec<T>): HTMLElement {
  const headingId = `werkbak-${spec.name}`;
  const count = spec.page?.count;
  const body = h('div');
  const root = h('section', { class: 'ep-stack', 'aria-labelledby': headingId, 'data-lijst': spec.name },
    h('h2', { class: 'utrecht-heading-2', id: headingId }, `${spec.title} `,
      h('span', { class: 'utrecht-number-badge', 'data-testid': `aantal-${spec.name}` },
        count === undefined ? '–' : String(count),
        h('span', { class: 'ep-visually-hidden' }, count === 1 ? ' item' : ' items'))),
    body);
  if (!spec.page) {
    body.append(h('p', { class: 'utrecht-paragraph' }, spec.unavailable ?? ''));
    return root;
  }
  const pageData = spec.page;
  const filterId = `${headingId}-zoek`;
  const filter = h('input', {
    class: 'utrecht-textbox utrecht-textbox--html-input', id: filterId, type: 'search',
    name: `${spec.name}-zoek`, autocomplete: 'off',
  });
  filter.value = viewState()[`${spec.name}.zoek`] ?? '';
  const status = h('p', { class: 'utrecht-paragraph utrecht-paragraph--small', role: 'status' });
  const table = h('div', { class: 'utrecht-table-container utrecht-table-container--overflow-inline' });

  const draw = () => {
    const view = viewState();
    const sortKey = view[`${spec.name}.sorteer`] ?? spec.columns[0]!.key;
    const descending = view[`${spec.name}.richting`] === 'aflopend';
    const needle = (view[`${spec.name}.zoek`] ?? '').trim().toLocaleLowerCase('nl');
    const column = spec.columns.find((c) => c.key === sortKey) ?? spec.columns[0]!;
    const rows = pageData.items
      .filter((item) => !needle || spec.columns.some((c) =>
        String(c.value(item)).toLocaleLowerCase('nl').includes(needle)))
      .sort((a, b) => (descending ? -1 : 1) * compare(column.value(a), column.value(b)));

    const shownText = pageData.items.length < pageData.count
      ? `De eerste ${pageData.items.length} van ${pageData.count} worden getoond.`
      : pageData.next_cursor ? `De eerste ${pageData.items.length} worden getoond.` : '';
    replace(status, needle
      ? `${rows.length} van ${pageData.items.length} passen bij “${view[`${spec.name}.zoek`]}”. ${shownText}`
      : shownText);

    if (pageData.items.length === 0) {
      replace(table, h('p', { class: 'utrecht-paragraph' }, spec.empty));
      return;
    }
    replace(table, h('table', { class: 'utrecht-table utrecht-table--html-table' },
      h('caption', { class: 'utrecht-table__caption ep-visually-hidden' }, spec.title),
      h('thead', { class: 'utrecht-table__header' }, h('tr', { class: 'utrecht-table__row' },
        spec.columns.map((c) => {
          const sorted = c.key === column.key;
          return h('th', {
            class: 'utrecht-table__header-cell', scope: 'col',
            'aria-sort': sorted ? (descending ? 'descending' : 'ascending') : null,
          }, h('button', {
            class: 'utrecht-table__header-cell-button utrecht-button utrecht-button--subtle', type: 'button',
            onclick: (() => {
              setView(`${spec.name}.richting`, sorted && !descending ? 'aflopend' : 'oplopend');
              setView(`${spec.name}.sorteer`, c.key);
              draw();
              table.querySelector<HTMLButtonElement>(`th[aria-sort] button`)?.focus();
            }) as EventListener,
          }, c.title, sorted ? (descending ? ' ▼' : ' ▲') : ''));
        }))),
      h('tbody', { class: 'utrecht-table__body' }, rows.map((item) =>
        h('tr', { class: 'utrecht-table__row' }, spec.columns.map((c) =>
          h('td', { class: 'utrecht-table__cell' }, c.cell ? c.cell(item) : String(c.value(item)))))))));
  };
  filter.addEventListener('input', () => {
    setView(`${spec.name}.zoek`, filter.value);
    draw();
  });
  body.append(
    h('div', { class: 'ep-toolbar' },
      h('div', { class: 'utrecht-form-field utrecht-form-field--text' },
        h('div', { class: 'utrecht-form-field__label' },
          h('label', { class: 'utrecht-form-label', for: filterId }, `Zoek in ${spec.title.toLocaleLowerCase('nl')}`)),
        h('div', { class: 'utrecht-form-field__input' }, filter))),
    status, table);
  draw();
  return root;
}

/** The household of an item, a link to its page (/huishoudens/:id), when it has one. */
function householdColumn<T extends { household_id?: string }>(): Column<T> {
  return {
    key: 'huishouden', title: 'Huishouden', value: (item) => item.household_id ?? '',
    cell: (item) => (item.household_id
      ? h('a', { class: 'utrecht-link utrecht-link--html-a', href: `/huishoudens/${encodeURIComponent(item.household_id)}` }, 'Openen')
      : '—'),
  };
}

/** A link to the plan of an item's household. */
function planColumn<T extends { household_id: string }>(text: (item: T) => string): Column<T> {
  return {
    key: 'plan', title: 'Plan', value: () => '',
    cell: (item) => h('a', { class: 'utrecht-link utrecht-link--html-a ep-nowrap', href: `/huishoudens/${encodeURIComponent(item.household_id)}/plan` },
      'Plan openen', h('span', { class: 'ep-visually-hidden' }, ` ${text(item)}`)),
  };
}

const roleWords: Record<MyPlan['rollen'][number], string> = { regisseur: 'Regisseur', aanspreekpunt: 'Aanspreekpunt' };

function planLists(p: PlanLists, codelists: Codelists): HTMLElement[] {
  return [
    section<MyPlan>({
      name: 'plannen', title: 'Mijn plannen', page: p.plannen,
      empty: 'U bent van geen plan regisseur of aanspreekpunt.',
      unavailable: 'Deze lijst kon niet worden geladen.',
      columns: [
        { key: 'open', title: 'Open zonder doel', value: (x) => x.open_hulpvragen },
        { key: 'rol', title: 'Mijn rol', value: (x) => x.rollen.map((r) => roleWords[r]).join(', ') },
        { key: 'regisseur', title: 'Regisseur', value: (x) => p.names.get(x.regisseur) ?? x.regisseur },
        { key: 'aanspreekpunt', title: 'Aanspreekpunt', value: (x) => p.names.get(x.aanspreekpunt) ?? x.aanspreekpunt },
        { key: 'versie', title: 'Versie', value: (x) => x.version },
        { key: 'sinds', title: 'Plan sinds', value: (x) => x.created_at, cell: (x) => formatDate(x.created_at) },
        householdColumn<MyPlan>(),
        planColumn<MyPlan>((x) => `van ${formatDate(x.created_at)}`),
      ],
    }),
    section<OpenNeed>({
      name: 'open-hulpvragen', title: 'Open hulpvragen zonder doel', page: p.open,
      empty: 'In uw plannen hoort elke open hulpvraag bij een doel.',
      unavailable: 'Deze lijst kon niet worden geladen.',
      columns: [
        { key: 'hulpvraag', title: 'Hulpvraag', value: (x) => x.omschrijving },
        { key: 'wet', title: 'Wet', value: (x) => label(codelists, 'wet', x.wet) },
        { key: 'leefgebied', title: 'Leefgebied', value: (x) => label(codelists, 'leefgebied', x.leefgebied) },
        { key: 'urgentie', title: 'Urgentie', value: (x) => label(codelists, 'urgentie', x.urgentie) },
        { key: 'status', title: 'Status', value: (x) => label(codelists, 'hulpvraag_status', x.status) },
        planColumn<OpenNeed>((x) => `met de hulpvraag ${x.omschrijving}`),
      ],
    }),
  ];
}

function lists(w: Werkbak, codelists: Codelists, vindplaatsen: Vindplaats[]): HTMLElement[] {
  const vindplaats = (id: string) => vindplaatsen.find((v) => v.id === id)?.naam ?? id;
  return [
    section<Draft>({
      name: 'concepten', title: 'Mijn concepten', page: w.drafts,
      empty: 'U heeft geen intakes in concept.',
      columns: [
        { key: 'datum', title: 'Gesprek', value: (d) => d.date, cell: (d) => formatDate(d.date) },
        { key: 'vorm', title: 'Vorm', value: (d) => label(codelists, 'intake_vorm', d.form) },
        { key: 'versie', title: 'Versie', value: (d) => d.version },
        { key: 'aangemaakt', title: 'Begonnen', value: (d) => d.created_at, cell: (d) => formatDate(d.created_at) },
        householdColumn<Draft>(),
        {
          key: 'verder', title: 'Intake', value: () => '',
          cell: (d) => h('a', { class: 'utrecht-link utrecht-link--html-a', href: `/intakes/${d.id}` },
            'Verder', h('span', { class: 'ep-visually-hidden' }, ` met de intake van ${formatDate(d.date)}`)),
        },
      ],
    }),
    section<Contact>({
      name: 'contacten', title: 'Nieuwe contacten zonder intake', page: w.new_contacts,
      empty: 'Er zijn geen nieuwe contacten zonder intake.',
      columns: [
        { key: 'datum', title: 'Datum', value: (c) => c.date, cell: (c) => formatDate(c.date) },
        { key: 'soort', title: 'Soort', value: (c) => label(codelists, 'contact_type', c.type) },
        { key: 'kanaal', title: 'Kanaal', value: (c) => label(codelists, 'kanaal', c.channel) },
        { key: 'vindplaats', title: 'Vindplaats', value: (c) => vindplaats(c.vindplaats_id) },
        { key: 'vraag', title: 'Vraag', value: (c) => c.question },
        { key: 'door', title: 'Ontvangen door', value: (c) => c.received_by },
        householdColumn<Contact>(),
        {
          key: 'intake', title: 'Intake', value: () => '',
          cell: (c) => h('a', { class: 'utrecht-link utrecht-link--html-a', href: `/intake/nieuw?contact=${encodeURIComponent(c.id)}` },
            'Intake starten', h('span', { class: 'ep-visually-hidden' }, ` bij het contact van ${formatDate(c.date)}`)),
        },
      ],
    }),
    section<Consent>({
      name: 'toestemmingen', title: 'Toestemmingen die binnenkort verlopen', page: w.expiring_consents,
      empty: 'Er verlopen binnenkort geen toestemmingen.',
      unavailable: 'Deze lijst geeft de server nog niet.',
      columns: [
        { key: 'tot', title: 'Geldig tot', value: (c) => c.valid_until, cell: (c) => formatDate(c.valid_until) },
        { key: 'organisatie', title: 'Organisatie', value: (c) => c.organisation },
        { key: 'soorten', title: 'Gegevens', value: (c) => (c.data ?? []).map((k) => label(codelists, 'gegevenssoort', k)).join(', ') },
        householdColumn<Consent>(),
      ],
    }),
  ];
}

type WerkbakData = [Werkbak, Awaited<ReturnType<typeof loadReference>>, PlanLists];

function load(): Promise<WerkbakData> {
  const plans = Promise.all([
    firstPage<MyPlan>('/api/v1/werkbak/plannen'), firstPage<OpenNeed>('/api/v1/werkbak/open-hulpvragen'), colleagueNames(),
  ]).then(([plannen, open, names]) => ({ plannen, open, names }));
  return Promise.all([api.get<Werkbak>('/api/v1/werkbak'), loadReference(), plans]);
}

export const werkbakPage: Page = {
  path: '/werkbak',
  title: 'Werkbak',
  menu: 'Werkbak',
  roles: ['casemanager', 'regisseur', 'supervisor'],
  prefetch: load,
  async render({ main, isCurrent, prefetched }) {
    const notice = takeNotice();
    const me = getState().me!;
    const canWrite = me.user.role === 'casemanager' || me.user.role === 'regisseur';
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Werkbak'));
    if (notice) {
      main.append(h('div', { class: `utrecht-alert utrecht-alert--${notice.kind}`, role: 'status' },
        h('div', { class: 'utrecht-alert__message' }, notice.text)));
    }
    if (canWrite) {
      main.append(h('p', { class: 'utrecht-paragraph' },
        h('a', { class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action', href: '/contact' },
          'Contact vastleggen')));
    }
    const loading = h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De werkbak wordt geladen…');
    main.append(loading);
    try {
      const [w, ref, plans] = await ((prefetched as Promise<WerkbakData> | undefined) ?? load());
      if (!isCurrent()) return;
      loading.remove();
      const counts = h('p', { class: 'utrecht-paragraph utrecht-paragraph--lead', 'data-testid': 'samenvatting' },
        `${w.drafts.count} ${w.drafts.count === 1 ? 'concept' : 'concepten'}, `
        + `${w.new_contacts.count} ${w.new_contacts.count === 1 ? 'nieuw contact' : 'nieuwe contacten'} zonder intake`
        + (w.expiring_consents ? `, ${w.expiring_consents.count} ${w.expiring_consents.count === 1 ? 'toestemming verloopt' : 'toestemmingen verlopen'} binnenkort` : '')
        + (plans.plannen ? `, ${plans.plannen.count} ${plans.plannen.count === 1 ? 'plan' : 'plannen'}` : '')
        + (plans.open ? ` met ${plans.open.count} open ${plans.open.count === 1 ? 'hulpvraag' : 'hulpvragen'} zonder doel` : '')
        + '.');
      main.append(h('div', { class: 'ep-stack' }, counts, lists(w, ref.codelists, ref.vindplaatsen),
        planLists(plans, ref.codelists)));
    } catch (error) {
      if (!isCurrent()) return;
      loading.remove();
      main.append(h('div', { class: 'utrecht-alert utrecht-alert--error', role: 'alert' },
        h('div', { class: 'utrecht-alert__message' },
          error instanceof ApiError ? error.message : String(error))));
    }
  },
};
