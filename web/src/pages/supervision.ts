// SPDX-License-Identifier: EUPL-1.2
//
// pages/supervision.ts: Toezicht (/toezicht), for supervisors: the chain's verification (GET
// /api/v1/audit/verification; "Nieuwe controle" asks for a run with POST and follows GET until
// it is done, showing that it runs), the emergency accesses still to review (GET
// /api/v1/audit/emergency-accesses?reviewed=false; each can be marked reviewed, with a note), the
// audit log with its filters (GET /api/v1/audit: huishouden, actor, action, entity_type, van,
// tot; "Meer laden" for older events; the filters can come in the page's query, e.g.
// ?huishouden=ID from a household's page) and the signed checkpoints. First, the AVE ladder's
// regie op regie (issue 18): the requests waiting (approve or reject with a reason, held to the
// plan's version the list gave), overdue evaluations per regisseur of the team, and for a period
// (Van and Tot, the last twelve months by default; kept in the page's query, ?van=&tot=, dates
// only, so the page can be reloaded and shared) the escalations and de-escalations with who asked
// and who decided, the days at each level, and who holds regie of which plan at which level. Each
// list shows "Meer laden" while the server gives a next_cursor. Every look is access-logged by
// the server.

import { ApiError, api, exchange } from '../api';
import { chainText, formatMoment, stepText } from '../audit-text';
import { loadReference } from '../data';
import { type Child, h, replace } from '../dom';
import { errorSummary, showFieldErrors, textField, whileBusy } from '../form';
import { type NiveauAanvraagStatus, levelChangeText, levelStatusBadge } from '../ladder-text';
import type { Page } from '../page';
import { getState, setState } from '../state';
import { formatDate, roleLabel, today } from '../texts';
import { type TableColumn, alertBox, appendRows, dataTable, errorText, link, section } from '../ui';

interface Verification {
  gemeente: string; queued: boolean; running: boolean; runs: number;
  last: null | {
    started_at: string; finished_at: string; outcome: 'intact' | 'not_intact' | 'could_not_run';
    finding: string | null; broken_seq: number | null; detail: string | null; events: number | null;
    head_seq: number | null; pending: number | null; checkpoint_seq: number | null;
    checkpoint_checked: boolean; rows_checked: boolean;
  };
}

interface AuditEvent {
  id: number; seq: number; chain: string; occurred_at: string; actor_id: string;
  actor_role: string | null; action: string; entity_type: string; entity_id: string | null;
  household_id: string | null; purpose: string | null; outcome: string | null;
}

interface EmergencyAccess {
  id: string; household_id: string; actor_id: string; actor_role: string; reason: string;
  opened_at: string; expires_at: string; reviewed: boolean;
}

interface Checkpoint { seq: number; hash: string; signed_at: string; key_id: string }

const POLL_MS = 1000;

function role(r: string | null): string {
  return r && r in roleLabel ? roleLabel[r as keyof typeof roleLabel] : (r ?? '');
}

// ---- verification ----------------------------------------------------------------------------

function verificationText(v: Verification): HTMLElement {
  const last = v.last;
  if (!last) return alertBox('info', 'De server heeft de keten sinds zijn start nog niet gecontroleerd.');
  const when = `Gecontroleerd op ${formatMoment(last.finished_at)}`;
  const count = last.events !== null ? `; ${last.events} gebeurtenissen nagerekend tot en met volgnummer ${last.head_seq}` : '';
  if (last.outcome === 'intact') {
    return alertBox('ok', h('strong', null, 'Intact. '), `De keten is ongeschonden. ${when}${count}.`,
      last.checkpoint_seq !== null ? ` Het laatste controlepunt (volgnummer ${last.checkpoint_seq}) ${last.checkpoint_checked ? 'is met zijn handtekening gecontroleerd' : 'kon niet met zijn handtekening worden gecontroleerd'}.` : '');
  }
  if (last.outcome === 'not_intact') {
    return alertBox('error', h('strong', null, 'Niet intact. '),
      `De keten is gebroken bij volgnummer ${last.broken_seq ?? '?'}: de eerste gebeurtenis die niet klopt. `,
      last.detail ? `${last.detail}. ` : '', `${when}. Meld dit direct bij de functionaris gegevensbescherming.`);
  }
  return alertBox('warning', h('strong', null, 'Niet uitgevoerd. '),
    `De controle kon niet draaien (de database was niet bereikbaar). ${when}. Probeer het opnieuw.`);
}

function verification(isCurrent: () => boolean): HTMLElement {
  const result = h('div', { 'data-testid': 'controle' });
  const progress = h('p', { class: 'utrecht-paragraph', role: 'status', 'data-testid': 'controle-voortgang' });
  const ask = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'button' }, 'Nieuwe controle starten');
  const show = (v: Verification) => {
    replace(result, verificationText(v));
    replace(progress, v.running ? 'Controle loopt…' : v.queued ? 'Controle staat in de wachtrij…' : '');
  };
  const poll = async (runsBefore: number): Promise<void> => {
    for (;;) {
      await new Promise((resolve) => window.setTimeout(resolve, POLL_MS));
      if (!isCurrent()) return;
      const v = await api.get<Verification>('/api/v1/audit/verification');
      if (!isCurrent()) return;
      show(v);
      if (!v.queued && !v.running && v.runs > runsBefore) {
        replace(progress, 'Controle klaar.');
        return;
      }
    }
  };
  ask.addEventListener('click', () => void whileBusy(ask, async () => {
    try {
      const before = await api.get<Verification>('/api/v1/audit/verification');
      const v = await api.post<Verification>('/api/v1/audit/verification', {});
      show(v);
      if (!v.queued && !v.running && v.runs > before.runs) return;
      replace(progress, 'Controle gevraagd…');
      await poll(before.runs);
    } catch (error) {
      replace(progress, alertBox('error', errorText(error)));
    }
  }));
  api.get<Verification>('/api/v1/audit/verification').then((v) => { if (isCurrent()) show(v); },
    (error) => { if (isCurrent()) replace(result, alertBox('error', errorText(error))); });
  return section('controle', 'Controle van het auditspoor',
    h('p', { class: 'utrecht-paragraph' }, 'De server rekent de hele keten van het auditspoor na bij zijn start, elke dag, en wanneer u erom vraagt.'),
    result, h('div', { class: 'utrecht-button-group' }, ask), progress);
}

// ---- emergency accesses --------------------------------------------------------------------

function emergencies(isCurrent: () => boolean): HTMLElement {
  const body = h('div', null, h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De noodtoegangen worden geladen…'));
  const status = h('p', { class: 'utrecht-paragraph', role: 'status', 'data-testid': 'noodtoegang-status' });
  const me = getState().me!.user.username;
  const review = (a: EmergencyAccess) => {
    const button = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button' },
      'Beoordeeld', h('span', { class: 'ep-visually-hidden' }, `: noodtoegang van ${a.actor_id} op ${formatMoment(a.opened_at)}`));
    if (a.actor_id === me) {
      return h('span', null, 'Uw eigen noodtoegang: een collega beoordeelt die.');
    }
    button.addEventListener('click', () => void whileBusy(button, async () => {
      try {
        await api.post(`/api/v1/audit/emergency-accesses/${encodeURIComponent(a.id)}/review`, {});
        button.closest('tr')?.remove();
        replace(status, `De noodtoegang van ${a.actor_id} is als beoordeeld vastgelegd.`);
      } catch (error) {
        replace(status, alertBox('error', errorText(error)));
      }
    }));
    return button;
  };
  const columns: TableColumn<EmergencyAccess>[] = [
    { title: 'Geopend', cell: (a) => formatMoment(a.opened_at) },
    { title: 'Door', cell: (a) => `${a.actor_id} (${role(a.actor_role).toLocaleLowerCase('nl')})` },
    { title: 'Reden', cell: (a) => a.reason },
    { title: 'Huishouden', cell: (a) => link(`/huishoudens/${encodeURIComponent(a.household_id)}`, 'Openen') },
    { title: 'Beoordelen', cell: review },
  ];
  api.get<{ items: EmergencyAccess[]; next_cursor: string | null }>('/api/v1/audit/emergency-accesses?reviewed=false&limit=200')
    .then((page) => {
      if (!isCurrent()) return;
      replace(body, page.items.length === 0
        ? h('p', { class: 'utrecht-paragraph' }, 'Er zijn geen noodtoegangen om te beoordelen.')
        : dataTable('Noodtoegangen die nog beoordeeld moeten worden', columns, page.items, (a) => ({ 'data-noodtoegang': a.id })));
    }, (error) => { if (isCurrent()) replace(body, alertBox('error', errorText(error))); });
  return section('noodtoegang', 'Noodtoegang om te beoordelen',
    h('p', { class: 'utrecht-paragraph' }, 'Elke noodtoegang tot een afgeschermd huishouden wordt door een andere toezichthouder beoordeeld.'),
    body, status);
}

// ---- audit log -----------------------------------------------------------------------------

const FILTERS = [
  { name: 'huishouden', label: 'Huishouden (id)', noun: 'Het huishouden' },
  { name: 'actor', label: 'Gebruiker (gebruikersnaam)', noun: 'De gebruiker' },
  { name: 'action', label: 'Actie (code, bijvoorbeeld finalise)', noun: 'De actie' },
  { name: 'entity_type', label: 'Soort gegeven (code, bijvoorbeeld intake)', noun: 'De soort' },
  { name: 'van', label: 'Van (datum)', noun: 'De begindatum', type: 'date' },
  { name: 'tot', label: 'Tot en met (datum)', noun: 'De einddatum', type: 'date' },
] as const;

function auditLog(query: URLSearchParams, isCurrent: () => boolean): HTMLElement {
  const saved = { ...(getState().forms.auditlog ?? {}) };
  // The query's van and tot are the ladder's period (below), not the audit log's dates.
  for (const f of FILTERS) if (query.has(f.name) && f.name !== 'van' && f.name !== 'tot') saved[f.name] = query.get(f.name) ?? '';
  const fields = FILTERS.map((f) => textField({
    name: f.name, label: f.label, noun: f.noun, type: 'type' in f ? f.type : 'text', autocomplete: 'off',
    value: saved[f.name] ?? '',
  }));
  const summary = errorSummary();
  const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Zoeken in het auditlog');
  const form = h('form', { novalidate: true, 'aria-label': 'Filters van het auditlog' },
    summary.root, h('div', { class: 'ep-columns' }, fields.map((f) => f.root)),
    h('div', { class: 'utrecht-button-group' }, submit));
  const out = h('div', { class: 'ep-stack', 'data-testid': 'auditlog' });
  const more = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button', hidden: true }, 'Meer laden');
  const status = h('p', { class: 'utrecht-paragraph', role: 'status', 'data-testid': 'auditlog-status' });
  const columns: TableColumn<AuditEvent>[] = [
    { title: 'Tijd', cell: (e) => h('time', { datetime: e.occurred_at }, formatMoment(e.occurred_at)) },
    { title: 'Wie', cell: (e) => `${e.actor_id}${e.actor_role ? ` (${role(e.actor_role).toLocaleLowerCase('nl')})` : ''}` },
    { title: 'Wat', cell: (e) => stepText(e.action, e.entity_type) },
    { title: 'Gegeven', cell: (e) => `${e.entity_type}${e.entity_id ? ` ${e.entity_id}` : ''}` },
    { title: 'Huishouden', cell: (e) => (e.household_id ? link(`/huishoudens/${encodeURIComponent(e.household_id)}`, 'Openen') : '—') },
    { title: 'Keten', cell: (e) => chainText[e.chain] ?? e.chain },
  ];
  let params = new URLSearchParams();
  let cursor: string | null = null;
  let table: HTMLElement | null = null;
  let shown = 0;

  const load = async (first: boolean) => {
    const q = new URLSearchParams(params);
    q.set('limit', '50');
    if (!first && cursor) q.set('cursor', cursor);
    try {
      const page = await api.get<{ events: AuditEvent[]; next_cursor: string | null }>(`/api/v1/audit?${q}`);
      if (!isCurrent()) return;
      if (first || !table) {
        shown = 0;
        table = dataTable('Gebeurtenissen in het auditlog, nieuwste eerst', columns, page.events, (e) => ({ 'data-gebeurtenis': String(e.id) }));
        replace(out, page.events.length ? table : h('p', { class: 'utrecht-paragraph' }, 'Geen gebeurtenissen met deze filters.'));
      } else {
        appendRows(table, columns, page.events, (e) => ({ 'data-gebeurtenis': String(e.id) }));
      }
      shown += page.events.length;
      cursor = page.next_cursor;
      more.hidden = !cursor;
      replace(status, `${shown} ${shown === 1 ? 'gebeurtenis' : 'gebeurtenissen'} getoond${cursor ? '; er zijn oudere' : ''}.`);
    } catch (error) {
      if (!isCurrent()) return;
      if (error instanceof ApiError) {
        const placed = showFieldErrors(fields, error.fieldErrors);
        summary.show(placed.length ? null : error.message, placed);
      } else throw error;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    summary.clear();
    const values: Record<string, string> = {};
    params = new URLSearchParams();
    for (const f of fields) {
      f.setError(null);
      const v = f.value().trim();
      values[f.name] = v;
      if (v) params.set(f.name, v);
    }
    setState({ forms: { ...getState().forms, auditlog: values } });
    void whileBusy(submit, () => load(true));
  });
  more.addEventListener('click', () => void whileBusy(more, () => load(false)));
  for (const f of FILTERS) if (saved[f.name]) params.set(f.name, saved[f.name]!);
  void load(true);
  return section('auditlog', 'Auditlog',
    h('p', { class: 'utrecht-paragraph' }, 'Elke wijziging, nieuwste eerst; elke gebeurtenis is nagerekend tegen de keten.'),
    form, status, out, more);
}

// ---- the ladder: regie op regie (issue 18; docs/ladder.md, "The supervisor's views") -------

interface Pending {
  aanvraag_id: string; plan_id: string; household_id: string; version: number; richting: string;
  van: number; naar: number; reden: string; aangevraagd_door: string; aangevraagd_door_naam: string;
  aangevraagd_op: string; regisseur: string; regisseur_naam: string;
}
/** What every list of the supervisor's views may answer: the cursor of the next page (a string),
 *  null or absent on the last. */
interface Paged { next_cursor?: string | null }
interface LevelChange {
  aanvraag_id: string; plan_id: string; household_id: string; richting: string; van: number; naar: number;
  reden: string; status: NiveauAanvraagStatus; evaluatie_id: string | null; aangevraagd_door: string;
  aangevraagd_door_naam: string; aangevraagd_op: string; besloten_door: string | null; besloten_door_naam: string | null;
  besloten_op: string | null; besluit_reden: string | null;
}
interface Levels extends Paged {
  team: { naam: string } | null; van: string; tot: string; opgeschaald: number; afgeschaald: number;
  afgewezen: number; in_afwachting: number; wijzigingen: LevelChange[];
}
interface Overdue extends Paged {
  team: { naam: string } | null; datum: string; aantal: number;
  /** Every regisseur of the team with overdue plans, counted; the plans come a page at a time. */
  regisseurs: { regisseur: string; naam: string; aantal: number }[];
  plannen: {
    plan_id: string; household_id: string; regisseur: string; regisseur_naam: string; volgende_evaluatie: string;
    dagen_te_laat: number; niveau: number;
  }[];
}
type Days = Record<'1' | '2' | '3' | '4', number>;
interface TimeAtLevel extends Paged {
  team: { naam: string } | null; van: string; tot: string;
  plannen: { plan_id: string; household_id: string; regisseur: string; regisseur_naam: string; niveau: number; dagen: Days }[];
  totaal: { dagen: Days };
}
interface Regie extends Paged { van: string; tot: string; plannen: RegieRow[] }
interface RegieRow {
  plan_id: string; household_id: string; status: string; regisseur: string; regisseur_naam: string; regie_sinds: string;
  niveau: number; niveau_sinds: string; volgende_evaluatie: string | null; te_laat: boolean; evaluaties: number;
  op_tijd: number; opgeschaald: number; afgeschaald: number;
}

const planLink = (hid: string, text = 'Plan openen') => link(`/huishoudens/${encodeURIComponent(hid)}/plan`, text);

const paragraph = (...text: Child[]) => h('p', { class: 'utrecht-paragraph' }, text);

/** A list of one of the supervisor's views, a page at a time. */
interface PagedList<R extends Paged, T> {
  /** The view with its query (the period); the next page adds cursor=. */
  path: string;
  /** What stands above the list, from the first page (counts, the period). */
  head: (first: R) => Child;
  items: (page: R) => T[];
  caption: string;
  columns: TableColumn<T>[];
  rowAttrs?: (item: T) => Record<string, string>;
  /** What identifies an item: a page asked after the data changed may repeat one (the cursor is
   *  an offset), and it is shown once. */
  key: (item: T) => string;
  /** Said instead of the table when the first page has nothing. */
  empty: string;
}

/** Draws @list into @body: its head and the first page's items as a table, then "Meer laden"
 *  while the server gives a next_cursor (a string; absent or null: the last page), which appends
 *  the rows of the page asked with cursor=. Rejects with the first page's error, leaving @body as
 *  it was (the caller says it: beside the period's field, or in @body). */
async function pagedList<R extends Paged, T>(body: HTMLElement, list: PagedList<R, T>, isCurrent: () => boolean): Promise<void> {
  const first = await api.get<R>(list.path);
  if (!isCurrent()) return;
  const items = list.items(first);
  const shown = new Set(items.map(list.key));
  let cursor = typeof first.next_cursor === 'string' ? first.next_cursor : null;
  const table = dataTable(list.caption, list.columns, items, list.rowAttrs);
  const more = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button', hidden: !cursor },
    'Meer laden', h('span', { class: 'ep-visually-hidden' }, `: ${list.caption}`));
  const status = h('div', { role: 'status', tabindex: '-1' });
  more.addEventListener('click', () => void whileBusy(more, async () => {
    try {
      const next = await api.get<R>(`${list.path}${list.path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor ?? '')}`);
      if (!isCurrent()) return;
      const added = list.items(next).filter((item) => !shown.has(list.key(item)));
      for (const item of added) shown.add(list.key(item));
      appendRows(table, list.columns, added, list.rowAttrs);
      cursor = typeof next.next_cursor === 'string' ? next.next_cursor : null;
      more.hidden = !cursor;
      replace(status, `${added.length} ${added.length === 1 ? 'regel' : 'regels'} toegevoegd${cursor ? '' : '; dit is alles'}.`);
      // The button is gone on the last page: keep the keyboard where the list says so.
      if (!cursor) status.focus();
    } catch (error) {
      replace(status, alertBox('error', errorText(error)));
    }
  }));
  replace(body, list.head(first), items.length || cursor ? table : paragraph(list.empty),
    h('div', { class: 'utrecht-button-group' }, more), status);
}

/** A loader of a section: draws into its body, rejecting with the error it could not draw. */
type Loader = () => Promise<void>;

/** The server's refusal of the period itself (422 at van or tot), which the period's form places;
 *  any other refusal (e.g. 403 at team: a supervisor of no team) belongs to the section. */
const refusesPeriod = (error: unknown): error is ApiError => error instanceof ApiError && error.status === 422
  && error.fieldErrors.some((f) => f.path === 'van' || f.path === 'tot');

/** Runs @load for @body: an error other than the period's refusal is said in @body. Rejects with
 *  the period's refusal, for the period's form to place. */
async function loadInto(body: HTMLElement, load: Loader, isCurrent: () => boolean): Promise<void> {
  try {
    await load();
  } catch (error) {
    if (refusesPeriod(error)) throw error;
    if (isCurrent()) replace(body, alertBox('error', errorText(error)));
  }
}

function pendingRequests(isCurrent: () => boolean): HTMLElement {
  const body = h('div', { 'data-testid': 'aanvragen' }, h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De aanvragen worden geladen…'));
  const status = h('div', { role: 'status', 'data-testid': 'aanvragen-status' });
  const me = getState().me!.user.username;
  const load = () => api.get<{ aanvragen: Pending[] }>('/api/v1/toezicht/aanvragen').then((r) => {
    if (!isCurrent()) return;
    replace(body, r.aanvragen.length === 0
      ? h('p', { class: 'utrecht-paragraph' }, 'Er wachten geen aanvragen op uw besluit.')
      : dataTable('Aanvragen voor een hoger niveau die op goedkeuring wachten, oudste eerst', [
        { title: 'Gevraagd', cell: (a: Pending) => [formatMoment(a.aangevraagd_op), h('span', { class: 'ep-block utrecht-paragraph--small' }, `door ${a.aangevraagd_door_naam}`)] },
        { title: 'Niveau', cell: (a) => `Van ${a.van} naar ${a.naar}` },
        { title: 'Reden', cell: (a) => a.reden },
        { title: 'Regisseur', cell: (a) => a.regisseur_naam },
        { title: 'Besluit', cell: (a) => (a.aangevraagd_door === me
          ? h('span', null, 'U vroeg dit zelf aan: een andere toezichthouder beslist.')
          : decideForm(a, () => { void load(); }, status)) },
        { title: 'Plan', cell: (a) => planLink(a.household_id) },
      ], r.aanvragen, (a) => ({ 'data-aanvraag': a.aanvraag_id })));
  }, (error) => { if (isCurrent()) replace(body, alertBox('error', errorText(error))); });
  void load();
  return section('aanvragen', 'Aanvragen om goed te keuren',
    h('p', { class: 'utrecht-paragraph' }, 'Opschalen naar niveau 3 of 4 wacht op een toezichthouder van het team, nooit op wie het vroeg (vier ogen).'),
    status, body);
}

/** Approve or reject @a with a reason, held to the plan's version the list gave (If-Match). */
function decideForm(a: Pending, done: () => void, status: HTMLElement): HTMLElement {
  const reden = textField({ name: 'reden', label: 'Reden van het besluit', noun: 'De reden', rows: 2,
    description: 'Ten minste 5 tekens; bij afwijzen ziet de regisseur deze reden.' });
  const summary = errorSummary();
  const send = (what: 'goedkeuren' | 'afwijzen', b: HTMLButtonElement) => void whileBusy(b, async () => {
    summary.clear();
    reden.setError(null);
    const text = reden.value().trim();
    if (text.length < 5) {
      const message = text ? `De reden moet ten minste 5 tekens zijn (nu ${text.length})` : 'De reden is verplicht';
      reden.setError(message);
      summary.show(null, [{ field: reden, message }]);
      return;
    }
    try {
      await exchange('POST', `/api/v1/households/${encodeURIComponent(a.household_id)}/plan/niveau/${what}`,
        { reden: text, aanvraag_id: a.aanvraag_id }, { 'If-Match': `"${a.version}"` });
      replace(status, alertBox('ok', what === 'goedkeuren'
        ? `De aanvraag voor niveau ${a.naar} (regisseur ${a.regisseur_naam}) is goedgekeurd.`
        : `De aanvraag voor niveau ${a.naar} (regisseur ${a.regisseur_naam}) is afgewezen; het plan blijft op niveau ${a.van}.`));
      done();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      summary.show(error.status === 412 ? 'Het plan is intussen gewijzigd. De lijst is opnieuw geladen; bekijk de aanvraag opnieuw.' : error.message,
        showFieldErrors([reden], error.fieldErrors));
      if (error.status === 412) done();
    }
  });
  const approve: HTMLButtonElement = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'button' }, 'Goedkeuren');
  const reject: HTMLButtonElement = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button' }, 'Afwijzen');
  approve.addEventListener('click', () => send('goedkeuren', approve));
  reject.addEventListener('click', () => send('afwijzen', reject));
  return h('div', { class: 'ep-stack', role: 'group', 'aria-label': `Besluit over niveau ${a.naar} voor het plan van ${a.regisseur_naam}` },
    summary.root, reden.root, h('div', { class: 'utrecht-button-group' }, approve, reject));
}

function overdue(isCurrent: () => boolean): HTMLElement {
  const body = h('div', { 'data-testid': 'achterstallig' }, h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De evaluaties worden geladen…'));
  type Row = Overdue['plannen'][number];
  void loadInto(body, () => pagedList<Overdue, Row>(body, {
    path: '/api/v1/toezicht/achterstallig',
    head: (r) => h('div', {},
      paragraph(`${r.team ? `Team ${r.team.naam}: ` : ''}${r.aantal} ${r.aantal === 1 ? 'plan' : 'plannen'} met een te late evaluatie op ${formatDate(r.datum)}.`),
      r.regisseurs.length
        ? h('ul', { class: 'utrecht-unordered-list', 'data-testid': 'achterstallig-per-regisseur' },
          r.regisseurs.map((x) => h('li', { class: 'utrecht-unordered-list__item', 'data-regisseur': x.regisseur }, `${x.naam}: ${x.aantal}`)))
        : null),
    items: (r) => r.plannen,
    caption: 'Te late evaluaties, de langst verlopen eerst',
    columns: [
      { title: 'Regisseur', cell: (p) => p.regisseur_naam },
      { title: 'Evaluatie gepland', cell: (p) => formatDate(p.volgende_evaluatie) },
      { title: 'Te laat', cell: (p) => `${p.dagen_te_laat} ${p.dagen_te_laat === 1 ? 'dag' : 'dagen'}` },
      { title: 'Niveau', cell: (p) => String(p.niveau) },
      { title: 'Plan', cell: (p) => planLink(p.household_id) },
    ],
    rowAttrs: (p) => ({ 'data-plan': p.plan_id }),
    key: (p) => p.plan_id,
    empty: 'Geen enkele evaluatie is te laat.',
  }, isCurrent), isCurrent);
  return section('achterstallig', 'Te late evaluaties', body);
}

// ---- the period: Van and Tot, for the three views below -----------------------------------

interface Period { van: string; tot: string }

/** A section the period applies to: load() draws it for a period while current() holds. */
interface PeriodView { root: HTMLElement; body: HTMLElement; load: (p: Period, current: () => boolean) => Promise<void> }

/** The date @months months before the ISO date @iso. */
function monthsBefore(iso: string, months: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

/** The period the page's query names (?van=&tot=, as they are: the server checks them), else the
 *  last twelve months up to today. */
function periodOf(query: URLSearchParams): Period {
  const tot = query.get('tot') || today();
  return { van: query.get('van') || monthsBefore(today(), 12), tot };
}

const periodQuery = (p: Period) => `van=${encodeURIComponent(p.van)}&tot=${encodeURIComponent(p.tot)}`;
const periodText = (r: { van: string; tot: string }) => `van ${formatDate(r.van)} tot en met ${formatDate(r.tot)}`;

/** The period's form and the views it applies to (each a section with a load(period)). "Toon"
 *  asks every view for the period; when the server refuses the period (422: tot before van, a
 *  date that is none) its words go beside the field and in the summary, and the views and the
 *  page's address stay as they were. Otherwise the address gets ?van=&tot= (replaceState). */
function period(query: URLSearchParams, isCurrent: () => boolean, views: PeriodView[]): HTMLElement[] {
  const start = periodOf(query);
  const van = textField({ name: 'van', label: 'Van', noun: 'De begindatum', type: 'date', value: start.van });
  const tot = textField({ name: 'tot', label: 'Tot', noun: 'De einddatum', type: 'date', value: start.tot });
  const summary = errorSummary();
  const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Toon');
  const form = h('form', { novalidate: true, 'aria-label': 'Periode van het overzicht', 'data-testid': 'periode' },
    summary.root, h('div', { class: 'ep-columns' }, van.root, tot.root), h('div', { class: 'utrecht-button-group' }, submit));
  // Each show is a generation: an answer for a period asked before the last is dropped.
  let generation = 0;
  const show = async (p: Period, fromForm: boolean) => {
    const mine = ++generation;
    const current = () => isCurrent() && mine === generation;
    summary.clear();
    van.setError(null);
    tot.setError(null);
    const results = await Promise.allSettled(views.map((v) => v.load(p, current)));
    if (!current()) return;
    const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
    if (refusesPeriod(refused)) {
      const placed = showFieldErrors([van, tot], refused.fieldErrors);
      summary.show(placed.length ? null : refused.message, placed);
      // The first look (a period from the address the server refused): nothing to keep showing.
      if (!fromForm) for (const v of views) replace(v.body, paragraph('Kies hierboven een geldige periode.'));
      return;
    }
    if (fromForm) {
      const q = new URLSearchParams(location.search);
      q.set('van', p.van);
      q.set('tot', p.tot);
      history.replaceState(null, '', `${location.pathname}?${q}`);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void whileBusy(submit, () => show({ van: van.value().trim(), tot: tot.value().trim() }, true));
  });
  void whileBusy(submit, () => show(start, false));
  return [section('periode', 'Periode',
    paragraph('De op- en afschalingen, de tijd op elk niveau en regie op regie gaan over deze periode: van de dag Van tot en met de dag Tot.'),
    form), ...views.map((v) => v.root)];
}

function levels(): PeriodView {
  const body = h('div', { 'data-testid': 'niveaus' }, h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De op- en afschalingen worden geladen…'));
  const root = section('op-en-afschalingen', 'Op- en afschalingen',
    paragraph('Elke aanvraag voor een ander niveau in de periode, oudste eerst: waarom, wie het vroeg, en wie besloot.'), body);
  const load = (p: Period, current: () => boolean) => loadInto(body, async () => {
    const { codelists: c } = await loadReference();
    await pagedList<Levels, LevelChange>(body, {
      path: `/api/v1/toezicht/niveaus?${periodQuery(p)}`,
      head: (r) => [paragraph(`${r.team ? `Team ${r.team.naam}, ` : ''}${periodText(r)}.`),
        h('div', { 'data-testid': 'niveaus-tellingen' }, dataTable('Aantallen in de periode', ([
          ['Opgeschaald', 'opgeschaald'], ['Afgeschaald', 'afgeschaald'], ['Afgewezen', 'afgewezen'], ['In afwachting', 'in_afwachting'],
        ] as const).map(([title, key]) => ({ title, cell: (t: Levels) => String(t[key]) })), [r]))],
      items: (r) => r.wijzigingen,
      caption: 'Op- en afschalingen in de periode, oudste eerst',
      columns: [
        { title: 'Gevraagd', cell: (a) => [formatMoment(a.aangevraagd_op), h('span', { class: 'ep-block utrecht-paragraph--small' }, `door ${a.aangevraagd_door_naam}`)] },
        { title: 'Wijziging', cell: (a) => levelChangeText(c, a) },
        { title: 'Reden', cell: (a) => [a.reden, a.evaluatie_id ? h('span', { class: 'ep-block utrecht-paragraph--small' }, 'Na een evaluatie die tot afschalen besloot') : null] },
        { title: 'Status', cell: (a) => levelStatusBadge(c, a.status) },
        { title: 'Besluit', cell: (a) => (a.besloten_door
          ? [`${a.besloten_door_naam ?? a.besloten_door}, ${formatMoment(a.besloten_op ?? '')}`,
            a.besluit_reden ? h('span', { class: 'ep-block utrecht-paragraph--small' }, a.besluit_reden) : null]
          : '—') },
        { title: 'Plan', cell: (a) => planLink(a.household_id) },
      ],
      rowAttrs: (a) => ({ 'data-aanvraag': a.aanvraag_id, 'data-status': a.status }),
      key: (a) => a.aanvraag_id,
      empty: 'Geen op- of afschalingen in deze periode.',
    }, current);
  }, current);
  return { root, body, load };
}

function timeAtLevel(): PeriodView {
  const body = h('div', { 'data-testid': 'tijd-per-niveau' }, h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De tijd per niveau wordt geladen…'));
  const levelNames = ['1', '2', '3', '4'] as const;
  type Row = TimeAtLevel['plannen'][number];
  const load = (p: Period, current: () => boolean) => loadInto(body, () => pagedList<TimeAtLevel, Row>(body, {
    path: `/api/v1/toezicht/tijd-per-niveau?${periodQuery(p)}`,
    head: (r) => [paragraph(`In dagen, ${periodText(r)}.`),
      dataTable('Dagen op elk niveau, voor het team samen', levelNames.map((l) => ({ title: `Niveau ${l}`, cell: (t: TimeAtLevel['totaal']) => String(t.dagen[l] ?? 0) })), [r.totaal])],
    items: (r) => r.plannen,
    caption: 'Dagen op elk niveau per plan',
    columns: [
      { title: 'Plan', cell: (x) => planLink(x.household_id, `Plan (nu niveau ${x.niveau})`) },
      { title: 'Regisseur', cell: (x) => x.regisseur_naam },
      ...levelNames.map((l) => ({ title: `Niveau ${l}`, cell: (x: Row) => String(x.dagen[l] ?? 0) })),
    ],
    rowAttrs: (x) => ({ 'data-plan': x.plan_id }),
    key: (x) => x.plan_id,
    empty: 'Geen plan van het team had in deze periode een niveau.',
  }, current), current);
  return { root: section('tijd-per-niveau', 'Tijd op elk niveau', body), body, load };
}

function regieOpRegie(): PeriodView {
  const body = h('div', { 'data-testid': 'regie-op-regie' }, h('p', { class: 'utrecht-paragraph', role: 'status' }, 'Het overzicht wordt geladen…'));
  const load = (period: Period, current: () => boolean) => loadInto(body, () => pagedList<Regie, RegieRow>(body, {
    path: `/api/v1/toezicht/regie?${periodQuery(period)}`,
    head: (r) => paragraph(`Wie de regie heeft over welk plan, op welk niveau, en of er op tijd geëvalueerd wordt; ${periodText(r)}.`),
    items: (r) => r.plannen,
    caption: 'Regie op regie: de plannen van het team',
    columns: [
      { title: 'Regisseur', cell: (p) => [p.regisseur_naam, h('span', { class: 'ep-block utrecht-paragraph--small' }, `sinds ${formatDate(p.regie_sinds)}`)] },
      { title: 'Niveau', cell: (p) => [`${p.niveau}`, h('span', { class: 'ep-block utrecht-paragraph--small' }, `sinds ${formatMoment(p.niveau_sinds)}`)] },
      { title: 'Volgende evaluatie', cell: (p) => [p.volgende_evaluatie ? formatDate(p.volgende_evaluatie) : '—',
        p.te_laat ? [' ', h('span', { class: 'utrecht-status-badge utrecht-status-badge--danger' }, 'Te laat')] : null] },
      { title: 'Evaluaties', cell: (p) => `${p.evaluaties} (${p.op_tijd} op tijd)` },
      { title: 'Op / af', cell: (p) => `${p.opgeschaald} op, ${p.afgeschaald} af` },
      { title: 'Plan', cell: (p) => planLink(p.household_id, p.status === 'actief' ? 'Plan openen' : 'Plan (afgesloten)') },
    ],
    rowAttrs: (p) => ({ 'data-plan': p.plan_id }),
    key: (p) => p.plan_id,
    empty: 'Het team heeft geen plannen in deze periode.',
  }, current), current);
  return { root: section('regie-op-regie', 'Regie op regie', body), body, load };
}

// ---- checkpoints ---------------------------------------------------------------------------

function checkpoints(isCurrent: () => boolean): HTMLElement {
  const body = h('div', null, h('p', { class: 'utrecht-paragraph', role: 'status' }, 'De controlepunten worden geladen…'));
  api.get<{ items: Checkpoint[] }>('/api/v1/audit/checkpoints?limit=10').then((page) => {
    if (!isCurrent()) return;
    replace(body, page.items.length === 0
      ? h('p', { class: 'utrecht-paragraph' }, 'Er zijn nog geen ondertekende controlepunten.')
      : dataTable('De laatste ondertekende controlepunten', [
        { title: 'Volgnummer', cell: (c) => String(c.seq) },
        { title: 'Ondertekend', cell: (c) => formatMoment(c.signed_at) },
        { title: 'Sleutel', cell: (c) => c.key_id },
        { title: 'Hash (begin)', cell: (c) => h('code', null, c.hash.slice(0, 16)) },
      ], page.items));
  }, (error) => { if (isCurrent()) replace(body, alertBox('error', errorText(error))); });
  return section('controlepunten', 'Controlepunten',
    h('p', { class: 'utrecht-paragraph' }, 'Ondertekende koppen van de keten, nieuwste eerst: een auditor kan de keten daaraan toetsen.'),
    body);
}

export const supervisionPage: Page = {
  path: '/toezicht',
  title: 'Toezicht',
  menu: 'Toezicht',
  roles: ['supervisor'],
  render({ main, query, isCurrent }) {
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Toezicht'),
      h('div', { class: 'ep-stack' },
        pendingRequests(isCurrent), overdue(isCurrent),
        period(query, isCurrent, [levels(), timeAtLevel(), regieOpRegie()]),
        verification(isCurrent), emergencies(isCurrent), auditLog(query, isCurrent), checkpoints(isCurrent)));
  },
};
