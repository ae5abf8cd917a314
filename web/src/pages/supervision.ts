// SPDX-License-Identifier: EUPL-1.2
//
// pages/supervision.ts: Toezicht (/toezicht), for supervisors: the chain's verification (GET
// /api/v1/audit/verification; "Nieuwe controle" asks for a run with POST and follows GET until
// it is done, showing that it runs), the emergency accesses still to review (GET
// /api/v1/audit/emergency-accesses?reviewed=false; each can be marked reviewed, with a note), the
// audit log with its filters (GET /api/v1/audit: huishouden, actor, action, entity_type, van,
// tot; "Meer laden" for older events; the filters can come in the page's query, e.g.
// ?huishouden=ID from a household's page) and the signed checkpoints. Every look is access-logged
// by the server.

import { ApiError, api } from '../api';
import { chainText, formatMoment, stepText } from '../audit-text';
import { h, replace } from '../dom';
import { errorSummary, showFieldErrors, textField, whileBusy } from '../form';
import type { Page } from '../page';
import { getState, setState } from '../state';
import { roleLabel } from '../texts';
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
  for (const f of FILTERS) if (query.has(f.name)) saved[f.name] = query.get(f.name) ?? '';
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
        verification(isCurrent), emergencies(isCurrent), auditLog(query, isCurrent), checkpoints(isCurrent)));
  },
};
