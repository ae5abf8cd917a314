// SPDX-License-Identifier: EUPL-1.2
//
// pages/household.ts: one household at a glance (/huishoudens/:id) — its members with their
// history (joined, left), its contacts, its intakes (each a link to the intake), its consents
// with their status today, and its timeline: everything that happened to it, from the audit
// trail, each step with who and when (GET /api/v1/households/{id}/timeline, newest first, "Meer
// laden" for older steps). Every read is access-logged by the server.
//
// A shielded household the user may not open says so in plain Dutch. A regisseur or supervisor
// is offered noodtoegang (break-the-glass: POST …/emergency-access with a reason of at least 20
// characters), with the warning that it is logged and reviewed; once granted, the page opens.
//
// Its plan (docs/plan.md): a link to the plan page with who is regisseur, or, when it has none,
// "Plan maken" for a regisseur or supervisor (the plan page holds the form).
//
// A partner opens it read-only, through a consent that names their organisation and gives
// basisgegevens (otherwise the API answers 404, and the page says plainly that there is no
// (longer) access): the members, their own organisation's consents (the API gives no others),
// and the intakes only where a consent in effect gives `intake` (as a list: the intake page is
// not theirs). No contacts, no timeline: the API refuses those to a partner, so they are not
// asked for.

import { ApiError, api } from '../api';
import { formatMoment, stepText } from '../audit-text';
import { type Child, h, replace } from '../dom';
import { label, loadReference } from '../data';
import { errorSummary, fieldMessage, textField, whileBusy } from '../form';
import type { Page, PageContext } from '../page';
import { type Codelists, type Vindplaats, getState, setState, takeNotice } from '../state';
import { formatDate, roleLabel } from '../texts';
import { type TableColumn, alertBox, dataTable, errorText, link, section } from '../ui';

interface ListPage<T> { items: T[]; next_cursor: string | null }

export interface Member {
  person_id: string; given_names?: string; surname_prefix?: string; surname?: string;
  birth_date?: string; role?: string; from?: string; to?: string;
}

export interface Household {
  id: string; afgeschermd?: boolean; postcode?: string; huisnummer?: number;
  huisnummer_toevoeging?: string; wijk?: string;
  members?: Member[];
  intakes?: { id: string; date: string; form: string; status: string }[];
}

interface Contact {
  id: string; vindplaats_id: string; channel: string; type: string; question: string; date: string;
  received_by: string;
}

interface Consent {
  id: string; organisation: string; data: string[]; purpose: string; valid_until: string;
  granted_on: string; revoked_at?: string; status: string;
}

export interface Step {
  id: number; occurred_at: string; action: string; entity_type: string; entity_id?: string;
  actor_id: string; actor_role?: string; actor_name?: string;
}

const EMERGENCY_MIN = 20;

export function address(h: Household): string {
  const number = h.huisnummer ? ` ${h.huisnummer}${h.huisnummer_toevoeging ? ` ${h.huisnummer_toevoeging}` : ''}` : '';
  return `${h.postcode ?? ''}${number}${h.wijk ? `, ${h.wijk}` : ''}`.trim();
}

/** The kinds of data @consents give, in Dutch: "Basisgegevens van het huishouden, Hulpvragen". */
export function kindsOf(codelists: Codelists, consents: { data: string[] }[]): string {
  const kinds = [...new Set(consents.flatMap((c) => c.data))];
  return kinds.map((k) => label(codelists, 'gegevenssoort', k)).join(', ');
}

export function memberName(m: Member): string {
  return [m.given_names, m.surname_prefix, m.surname].filter(Boolean).join(' ');
}

const statusLabel: Record<string, string> = {
  draft: 'Concept', finalised: 'Definitief',
  geldig: 'Geldig', verlopen: 'Verlopen', ingetrokken: 'Ingetrokken', toekomstig: 'Nog niet ingegaan',
};

/** Who did a step: "Sanne de Vries (casemanager)". */
function who(step: Step): string {
  const role = step.actor_role && step.actor_role in roleLabel
    ? roleLabel[step.actor_role as keyof typeof roleLabel].toLocaleLowerCase('nl') : step.actor_role;
  const name = step.actor_name ?? (step.actor_id === 'system' ? 'eenplan' : step.actor_id);
  return role ? `${name} (${role})` : name;
}

function timelineItem(step: Step): HTMLElement {
  return h('li', { class: 'utrecht-unordered-list__item ep-step', 'data-stap': String(step.id) },
    h('p', { class: 'utrecht-paragraph' },
      h('strong', null, stepText(step.action, step.entity_type))),
    h('p', { class: 'utrecht-paragraph utrecht-paragraph--small' },
      h('time', { datetime: step.occurred_at }, formatMoment(step.occurred_at)), ' — ',
      h('span', { 'data-testid': 'wie' }, who(step))));
}

/** The timeline: the first page, and "Meer laden" for the next. */
function timeline(id: string, isCurrent: () => boolean): HTMLElement {
  const list = h('ol', { class: 'utrecht-unordered-list ep-timeline', 'aria-label': 'Tijdlijn, nieuwste eerst' });
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De tijdlijn wordt geladen…');
  const more = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button', hidden: true }, 'Meer laden');
  let cursor: string | null = null;
  const load = async () => {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    try {
      const page = await api.get<ListPage<Step>>(`/api/v1/households/${encodeURIComponent(id)}/timeline${query}`);
      if (!isCurrent()) return;
      list.append(...page.items.map(timelineItem));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      const n = list.children.length;
      replace(status, n === 0 ? 'Er is nog niets vastgelegd over dit huishouden.'
        : `${n} ${n === 1 ? 'stap' : 'stappen'} getoond${cursor ? '; er zijn oudere' : ''}.`);
    } catch (error) {
      if (!isCurrent()) return;
      replace(status, alertBox('error', errorText(error)));
    }
  };
  more.addEventListener('click', () => void whileBusy(more, load));
  void load();
  return section('tijdlijn', 'Tijdlijn',
    h('p', { class: 'utrecht-paragraph' }, 'Alles wat met dit huishouden gebeurde, uit het auditspoor: wie, wat en wanneer.'),
    status, list, more);
}

/** The household's plan: a link to it, or "Plan maken" for those who may make one. */
function planSection(id: string, role: string, isCurrent: () => boolean): HTMLElement {
  const body = h('div', { class: 'ep-stack' }, h('p', { class: 'utrecht-paragraph', role: 'status' }, 'Het plan wordt geladen…'));
  const href = `/huishoudens/${encodeURIComponent(id)}/plan`;
  api.get<{ version: number; regisseur: { naam: string }; aanspreekpunt: { naam: string } }>(`/api/v1/households/${encodeURIComponent(id)}/plan`)
    .then((plan) => {
      if (!isCurrent()) return;
      replace(body,
        h('p', { class: 'utrecht-paragraph' }, `Versie ${plan.version}. Regisseur: ${plan.regisseur.naam}. Aanspreekpunt: ${plan.aanspreekpunt.naam}.`),
        h('p', { class: 'utrecht-paragraph' }, link(href, 'Plan openen')));
    }, (error) => {
      if (!isCurrent()) return;
      if (error instanceof ApiError && error.status === 404) {
        replace(body, h('p', { class: 'utrecht-paragraph' }, 'Dit huishouden heeft geen actief plan.'),
          role === 'regisseur' || role === 'supervisor'
            ? h('p', { class: 'utrecht-paragraph' },
              h('a', { class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action', href }, 'Plan maken'))
            : null);
      } else {
        replace(body, alertBox('warning', `Het plan kon niet worden geladen: ${errorText(error)}`));
      }
    });
  return section('plan', 'Plan', body);
}

/** What a partner is shown beside the members (the rest of the page is for case workers). */
interface PartnerView { intakes: boolean }

function details(hh: Household, contacts: Contact[] | null, consents: Consent[] | null,
  codelists: Codelists, vindplaatsen: Vindplaats[], partner: PartnerView | null): HTMLElement[] {
  const members = hh.members ?? [];
  const current = members.filter((m) => !m.to).length;
  const memberColumns: TableColumn<Member>[] = [
    { title: 'Naam', cell: (m) => memberName(m) },
    { title: 'Geboortedatum', cell: (m) => formatDate(m.birth_date) },
    { title: 'Rol', cell: (m) => label(codelists, 'gezinsrol', m.role) },
    { title: 'Lid sinds', cell: (m) => formatDate(m.from) },
    { title: 'Lid tot', cell: (m) => (m.to ? formatDate(m.to) : 'Huidig lid') },
  ];
  const vindplaats = (vid: string) => vindplaatsen.find((v) => v.id === vid)?.naam ?? vid;
  const contactColumns: TableColumn<Contact>[] = [
    { title: 'Datum', cell: (c) => formatDate(c.date) },
    { title: 'Soort', cell: (c) => label(codelists, 'contact_type', c.type) },
    { title: 'Kanaal', cell: (c) => label(codelists, 'kanaal', c.channel) },
    { title: 'Vindplaats', cell: (c) => vindplaats(c.vindplaats_id) },
    { title: 'Vraag', cell: (c) => c.question },
  ];
  const intakes = hh.intakes ?? [];
  const intakeColumns: TableColumn<NonNullable<Household['intakes']>[number]>[] = [
    { title: 'Datum', cell: (i) => formatDate(i.date) },
    { title: 'Vorm', cell: (i) => label(codelists, 'intake_vorm', i.form) },
    { title: 'Status', cell: (i) => statusLabel[i.status] ?? i.status },
    ...(partner ? [] : [{ title: 'Intake', cell: (i: NonNullable<Household['intakes']>[number]) =>
      link(`/intakes/${encodeURIComponent(i.id)}`, 'Intake openen',
        h('span', { class: 'ep-visually-hidden' }, ` van ${formatDate(i.date)}`)) }]),
  ];
  const consentColumns: TableColumn<Consent>[] = [
    { title: 'Organisatie', cell: (c) => c.organisation },
    { title: 'Gegevens', cell: (c) => c.data.map((d) => label(codelists, 'gegevenssoort', d)).join(', ') },
    { title: 'Doel', cell: (c) => c.purpose },
    { title: 'Geldig', cell: (c) => `${formatDate(c.granted_on)} t/m ${formatDate(c.valid_until)}` },
    { title: 'Status', cell: (c) => statusLabel[c.status] ?? c.status },
  ];
  const empty = (text: string) => h('p', { class: 'utrecht-paragraph' }, text);
  const memberSection = section('leden', `Leden (${current} ${current === 1 ? 'huidig lid' : 'huidige leden'})`,
    members.length ? dataTable('Leden van het huishouden, met wie vertrok', memberColumns, members,
      (m) => ({ 'data-persoon': m.person_id })) : empty('Dit huishouden heeft geen leden.'));
  const intakeSection = section('intakes', 'Intakes',
    intakes.length ? dataTable('Intakes van het huishouden', intakeColumns, intakes,
      (i) => ({ 'data-intake': i.id })) : empty('Er is nog geen intake.'));
  if (partner) {
    return [
      memberSection,
      partner.intakes ? intakeSection : null,
      section('toestemmingen', 'Toestemmingen voor uw organisatie',
        consents === null ? alertBox('warning', 'De toestemmingen konden niet worden geladen.')
          : dataTable('Toestemmingen van het huishouden voor uw organisatie', consentColumns, consents,
            (c) => ({ 'data-toestemming': c.id }))),
    ].filter((e): e is HTMLElement => e !== null);
  }
  return [
    memberSection,
    section('contacten', 'Contacten',
      contacts === null ? alertBox('warning', 'De contacten konden niet worden geladen.')
        : contacts.length ? dataTable('Contacten van het huishouden', contactColumns, contacts,
          (c) => ({ 'data-contact': c.id })) : empty('Er zijn geen contacten vastgelegd.')),
    intakeSection,
    section('toestemmingen', 'Toestemmingen',
      consents === null ? alertBox('warning', 'De toestemmingen konden niet worden geladen.')
        : consents.length ? dataTable('Toestemmingen van het huishouden', consentColumns, consents,
          (c) => ({ 'data-toestemming': c.id })) : empty('Er is geen toestemming vastgelegd.')),
  ];
}

/** The noodtoegang form, for a regisseur or supervisor refused by a shield. */
function emergencyForm(id: string, ctx: PageContext): HTMLElement {
  const reason = textField({
    name: 'reason', label: 'Reden voor noodtoegang', noun: 'De reden', rows: 4, required: true,
    description: `Waarom moet u dit huishouden nu openen? Ten minste ${EMERGENCY_MIN} tekens. Noem geen namen: de reden wordt jarenlang bewaard.`,
  });
  const summary = errorSummary();
  const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Noodtoegang openen');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'noodtoegang-kop' },
    h('h2', { class: 'utrecht-heading-2', id: 'noodtoegang-kop' }, 'Noodtoegang'),
    alertBox('warning',
      'Noodtoegang geeft u 8 uur toegang tot dit afgeschermde huishouden. ',
      'Het openen en elke keer dat u iets bekijkt worden vastgelegd met uw naam en uw reden, ',
      'en een toezichthouder beoordeelt het achteraf. Gebruik het alleen als het echt nodig is.'),
    summary.root, reason.root,
    h('div', { class: 'utrecht-button-group' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    summary.clear();
    const text = reason.value().trim();
    if (text.length < EMERGENCY_MIN) {
      const message = text ? `De reden moet ten minste ${EMERGENCY_MIN} tekens zijn (nu ${text.length})` : 'De reden is verplicht';
      reason.setError(message);
      summary.show(null, [{ field: reason, message }]);
      return;
    }
    await whileBusy(submit, async () => {
      try {
        await api.post(`/api/v1/households/${encodeURIComponent(id)}/emergency-access`, { reason: text });
        setState({ notice: { kind: 'warning', text: 'Noodtoegang is geopend en vastgelegd. Een toezichthouder beoordeelt het.' } });
        ctx.navigate(`/huishoudens/${encodeURIComponent(id)}`, { replace: true });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const field = error.fieldErrors.find((e) => e.path === 'reason');
        if (field) reason.setError(fieldMessage(reason, field.detail));
        summary.show(field ? null : error.message,
          field ? [{ field: reason, message: fieldMessage(reason, field.detail) }] : []);
      }
    });
  });
  return form;
}

function refused(error: ApiError, id: string, ctx: PageContext): Child[] {
  const role = getState().me!.user.role;
  if (error.type === 'shielded') {
    return [
      alertBox('warning', 'Dit huishouden is afgeschermd. Alleen de medewerkers die bij de afscherming zijn genoemd kunnen het openen.'),
      role === 'regisseur' || role === 'supervisor' ? emergencyForm(id, ctx) : null,
    ];
  }
  if (error.type === 'forbidden') {
    return [alertBox('warning', 'Dit huishouden is afgeschermd, of u heeft er geen toegang toe. Vraag een toezichthouder als u het voor uw werk nodig heeft.')];
  }
  if (error.status === 404 && role === 'partner') {
    return [alertBox('warning', 'U heeft geen toegang (meer) tot dit huishouden. ',
      'Er is geen geldige toestemming van het huishouden voor uw organisatie: ',
      'de toestemming is ingetrokken of verlopen, of is er nooit geweest.')];
  }
  if (error.status === 404) return [alertBox('warning', 'Dit huishouden bestaat niet (meer) in uw gemeente.')];
  return [alertBox('error', error.message)];
}

export const householdPage: Page = {
  path: '/huishoudens/:id',
  title: 'Huishouden',
  roles: ['casemanager', 'regisseur', 'supervisor', 'partner'],
  async render(ctx) {
    const { main, params, isCurrent } = ctx;
    const id = params.id!;
    const heading = h('h1', { class: 'utrecht-heading-1' }, 'Huishouden');
    main.append(heading);
    const notice = takeNotice();
    if (notice) main.append(alertBox(notice.kind, notice.text));
    const loading = h('p', { class: 'utrecht-paragraph', role: 'status' }, 'Het huishouden wordt geladen…');
    main.append(loading);
    const path = `/api/v1/households/${encodeURIComponent(id)}`;
    let hh: Household;
    let ref;
    try {
      [hh, ref] = await Promise.all([api.get<Household>(path), loadReference()]);
    } catch (error) {
      if (!isCurrent()) return;
      loading.remove();
      main.append(...(error instanceof ApiError ? refused(error, id, ctx) : [alertBox('error', String(error))])
        .filter((c): c is HTMLElement => c instanceof HTMLElement));
      main.append(h('p', { class: 'utrecht-paragraph' }, getState().me!.user.role === 'partner'
        ? link('/start', 'Terug naar de huishoudens met toestemming')
        : link('/huishoudens', 'Een ander huishouden zoeken')));
      return;
    }
    const role = getState().me!.user.role;
    const partner = role === 'partner';
    // Contacts and consents beside it; a failure of one leaves the rest of the page. A partner
    // may not read contacts: they are not asked for.
    const [contacts, consents] = await Promise.all([
      partner ? Promise.resolve(null)
        : api.get<ListPage<Contact>>(`/api/v1/contacts?huishouden=${encodeURIComponent(id)}&limit=200`)
          .then((p) => p.items, () => null),
      api.get<ListPage<Consent>>(`${path}/consents?limit=200`).then((p) => p.items, () => null),
    ]);
    if (!isCurrent()) return;
    loading.remove();
    replace(heading, `Huishouden ${address(hh)}`);
    document.title = `Huishouden ${address(hh)} — eenplan`;
    const valid = (consents ?? []).filter((c) => c.status === 'geldig');
    const view = partner ? { intakes: valid.some((c) => c.data.includes('intake')) } : null;
    main.append(h('div', { class: 'ep-stack' },
      hh.afgeschermd ? alertBox('info', 'Dit huishouden is afgeschermd: alleen wie de afscherming noemt, of wie noodtoegang heeft, kan het openen.') : null,
      partner ? alertBox('info', 'U ziet dit huishouden alleen-lezen, en alleen de gegevens waarvoor het uw organisatie toestemming gaf: ',
        kindsOf(ref.codelists, valid).toLocaleLowerCase('nl'), '.') : null,
      role === 'supervisor' ? h('p', { class: 'utrecht-paragraph' },
        link(`/toezicht?huishouden=${encodeURIComponent(id)}`, 'Auditlog van dit huishouden')) : null,
      !partner || valid.some((c) => c.data.includes('plan')) ? planSection(id, role, isCurrent) : null,
      details(hh, contacts, consents, ref.codelists, ref.vindplaatsen, view),
      partner ? h('p', { class: 'utrecht-paragraph' }, link('/start', 'Terug naar de huishoudens met toestemming'))
        : timeline(id, isCurrent)));
  },
};
