// SPDX-License-Identifier: EUPL-1.2
//
// plan/view.ts: the household plan's page (/huishoudens/:id/plan, docs/plan.md; docs/web.md,
// "The plan page"). One plan per household with one regisseur: the situation, the needs of every
// member grouped by law (open needs without a goal marked), the goals with the needs, members and
// laws they link (a goal across laws is one goal with several law tags), the actions with the
// iStandaarden code lists as choices, regie with the warm handover and its history, and the
// versions with who, when and why, their difference in Dutch and the resident's agreement.
//
// Every change is made in a modal dialog: its fields, a "Reden van de wijziging" prefilled with a
// suggestion the user may edit, and one write with If-Match of the version the page shows. A 412
// (a colleague changed the plan) reloads the plan behind the dialog and keeps what was typed; a
// 422 puts each error beside its field and in the summary, which takes the focus; a 403 says the
// user is not (or no longer) the plan's regisseur. Only the plan's regisseur and a supervisor
// see the controls; casemanagers, other regisseurs and partners (with a consent for `plan`) read.

import { ApiError, api, exchange } from '../api';
import { formatMoment } from '../audit-text';
import { label } from '../data';
import { type Child, h, replace, uid } from '../dom';
import {
  type Field, checkboxField, errorSummary, radioField, selectField, showFieldErrors, textField, whileBusy,
} from '../form';
import type { PageContext } from '../page';
import type { PlanRequests } from '../pages/plan';
import { type Code, type Codelists, type Me, getState, setState, takeNotice } from '../state';
import { formatDate, roleLabel, today } from '../texts';
import { alertBox, button, dataList, dataTable, errorText, hidden, link, section } from '../ui';
import {
  type Afspraak, type Doel, type Hulpvraag, type Plan, type Versie, type Verschil, categoriesOf,
  categoryLabel, diffRows, goalLaws, hasCategories, lidName, memberName, needText, needsByLaw, omvangText, openWithoutGoal,
} from './model';
import { evaluationsSection, levelSection } from './ladder';

/** A colleague the plan can name (regisseur, aanspreekpunt). */
interface Staff { username: string; naam: string; rol: string }

const REASON_MIN = 5;

type Problem = { field: Field; message: string };

function codes(codelists: Codelists, list: string): Code[] {
  return codelists[list] ?? [];
}

function lawTag(codelists: Codelists, wet: string): HTMLElement {
  return h('span', { class: 'utrecht-status-badge utrecht-status-badge--neutral ep-tag', 'data-wet': wet },
    wet, hidden(` (${label(codelists, 'wet', wet)})`));
}

function paragraph(...text: Child[]): HTMLElement {
  return h('p', { class: 'utrecht-paragraph' }, text);
}

/** The input of a text or select field (to read or set its value). */
function inputOf(field: Field): HTMLInputElement {
  return field.focusTarget as HTMLInputElement;
}

/** The colleagues the plan may name (GET /api/v1/medewerkers: the active casemanagers,
 *  regisseurs and supervisors). */
async function loadStaff(): Promise<Staff[]> {
  return (await api.get<{ items: Staff[] }>('/api/v1/medewerkers')).items;
}

/** A choice of a colleague of @roles: a select of the API's list. */
function staffField(staff: Staff[], roles: string[], common: {
  name: string; label: string; noun: string; value?: string; placeholder?: string; required?: boolean;
  description?: string; leaveOut?: string;
}): Field {
  const options = staff.filter((s) => s.username !== common.leaveOut && roles.includes(s.rol)).map((s) => ({
    code: s.username,
    label: s.rol in roleLabel ? `${s.naam} (${roleLabel[s.rol as keyof typeof roleLabel].toLocaleLowerCase('nl')})` : s.naam,
  }));
  return selectField({ ...common, options });
}

// ---- a change in a dialog -----------------------------------------------------------------------

interface Write { method: 'POST' | 'PUT'; path: string; body: Record<string, unknown> }

interface DialogSpec {
  name: string;
  title: string;
  submitText: string;
  content: Child[];
  /** Every field of the dialog, for the API's errors (the reason is added). */
  fields: () => Field[];
  /** The fields that may not be empty. */
  required?: () => Field[];
  /** Further checks before sending. */
  check?: () => Problem[];
  /** The reason field: its suggestion (recomputed while the user has not changed it); null: the
   *  write takes no reason (the handover's note is its reason, an agreement makes no version). */
  reason: { suggest: () => string; label?: string; description?: string; min?: number } | null;
  /** What to send, with the reason typed. */
  send: (reden: string | null) => Write;
  /** The notice after a successful write. */
  done: (plan: Plan) => string;
  /** What follows once the dialog has closed after a successful write (another page). */
  after?: () => void;
}

export class PlanView {
  plan: Plan;
  etag: string;
  readonly root = h('div', { class: 'ep-stack' });
  readonly notice = h('div', { role: 'status', class: 'ep-notice' });
  private staff: Promise<Staff[]> | null = null;
  private versions: Versie[] = [];
  private versionsCursor: string | null = null;
  private diffChoice: { van: number; naar: number } | null = null;

  constructor(readonly ctx: PageContext, readonly hid: string, readonly codelists: Codelists,
    readonly me: Me, plan: Plan, etag: string | null) {
    this.plan = plan;
    this.etag = etag ?? `"${plan.version}"`;
  }

  get base(): string { return `/api/v1/households/${encodeURIComponent(this.hid)}/plan`; }

  get canEdit(): boolean {
    const role = this.me.user.role;
    return this.plan.status === 'actief'
      && (role === 'supervisor' || (role === 'regisseur' && this.plan.regisseur.username === this.me.user.username));
  }

  /** The colleagues, asked for once (again after a failure). */
  staffList(): Promise<Staff[]> {
    this.staff ??= loadStaff();
    this.staff.catch(() => { this.staff = null; });
    return this.staff;
  }

  /** Opens the dialog @open makes of the colleagues, once they are loaded; says so when they
   *  cannot be. */
  async withStaff(opener: HTMLButtonElement, open: (staff: Staff[]) => void): Promise<void> {
    try {
      open(await whileBusy(opener, () => this.staffList()));
    } catch (error) {
      replace(this.notice, alertBox('error', `De medewerkers konden niet worden geladen: ${errorText(error)}`));
    }
  }

  set(plan: Plan, etag: string | null): void {
    this.plan = plan;
    this.etag = etag ?? `"${plan.version}"`;
    this.draw();
  }

  async reload(): Promise<void> {
    const { body, etag } = await exchange<Plan>('GET', this.base);
    this.set(body, etag);
  }

  /** Sends @w with If-Match; shows what went wrong in @summary and beside @fields. Returns the
   *  plan on success, null otherwise. */
  async write(w: Write, fields: Field[], summary: ReturnType<typeof errorSummary>, status: HTMLElement): Promise<Plan | null> {
    replace(status, 'Opslaan…');
    try {
      // Every write answers the plan as it now stands, but closing: 204, the plan is no more.
      const answer = await exchange<Plan | undefined>(w.method, `${this.base}${w.path}`, w.body, { 'If-Match': this.etag });
      replace(status, '');
      for (const f of fields) f.setError(null);
      if (!answer.body) return this.plan;
      this.set(answer.body, answer.etag);
      return answer.body;
    } catch (error) {
      replace(status, '');
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 412) {
        let now = '';
        try {
          await this.reload();
          now = ` (nu versie ${this.plan.version})`;
        } catch { /* the message below still holds */ }
        summary.show(`Iemand anders heeft het plan intussen gewijzigd${now}. Het plan is opnieuw geladen; `
          + 'wat u hier invulde staat er nog. Controleer het en sla opnieuw op.', []);
        return null;
      }
      if (error.status === 403 && error.type === 'not-regisseur') {
        summary.show('U bent niet (meer) de regisseur van dit plan. Alleen de regisseur van het plan '
          + 'of een toezichthouder kan het wijzigen; wat u invulde is niet opgeslagen.', []);
        void this.reload().catch(() => {});
        return null;
      }
      const shown = showFieldErrors(fields, error.fieldErrors);
      const rest = error.fieldErrors.filter((e) => !fields.some((f) => f.name === e.path
        || e.path.startsWith(`${f.name}.`) || e.path.startsWith(`${f.name}[`)));
      const general = shown.length === 0 || rest.length > 0
        ? [error.message, ...rest.map((e) => e.detail)].join(' ') : null;
      summary.show(general, shown);
      return null;
    }
  }

  /** Opens a modal dialog for one change (@spec); @opener gets the focus back when it closes. */
  dialog(spec: DialogSpec, opener: HTMLElement | null): void {
    const titleId = uid(`dialoog-${spec.name}`);
    const summary = errorSummary();
    const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
    let reasonTouched = false;
    const reason = spec.reason ? textField({
      name: 'reden', label: spec.reason.label ?? 'Reden van de wijziging', noun: 'De reden', rows: 2, required: true,
      description: spec.reason.description ?? 'Komt bij de versie van het plan: waarom verandert dit? U kunt de suggestie aanpassen.',
      value: spec.reason.suggest(), onInput: () => { reasonTouched = true; },
    }) : null;
    const fields = () => [...spec.fields(), ...(reason ? [reason] : [])];
    const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, spec.submitText);
    const cancel = button('Annuleren', 'secondary', () => dialog.close());
    const form = h('form', { novalidate: true, class: 'ep-stack' },
      summary.root, spec.content, reason?.root, status,
      h('div', { class: 'utrecht-button-group' }, submit, cancel));
    const dialog = h('dialog', { class: 'ep-dialog ep-dialog--wide', 'aria-labelledby': titleId, 'data-dialoog': spec.name },
      h('h2', { class: 'utrecht-heading-2', id: titleId }, spec.title), form);
    form.addEventListener('input', (event) => {
      if (reason && !reasonTouched && !reason.root.contains(event.target as Node)) inputOf(reason).value = spec.reason!.suggest();
    });
    form.addEventListener('change', (event) => {
      if (reason && !reasonTouched && !reason.root.contains(event.target as Node)) inputOf(reason).value = spec.reason!.suggest();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      summary.clear();
      const all = fields();
      for (const f of all) f.setError(null);
      const problems: Problem[] = [];
      for (const f of [...(spec.required?.() ?? []), ...(reason ? [reason] : [])]) {
        if (f.value().trim() === '') problems.push({ field: f, message: `${f.noun} is verplicht` });
      }
      const min = spec.reason?.min;
      if (reason && min && reason.value().trim() && reason.value().trim().length < min) {
        problems.push({ field: reason, message: `De reden moet ten minste ${min} tekens zijn (nu ${reason.value().trim().length})` });
      }
      problems.push(...(spec.check?.() ?? []).filter((p) => !problems.some((q) => q.field === p.field)));
      if (problems.length > 0) {
        for (const p of problems) p.field.setError(p.message);
        summary.show(null, problems);
        return;
      }
      void whileBusy(submit, async () => {
        const w = spec.send(reason ? reason.value().trim() : null);
        const plan = await this.write(w, all, summary, status);
        if (!plan) return;
        this.say(spec.done(plan));
        dialog.close();
        spec.after?.();
      });
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      const back = opener?.isConnected ? opener
        : opener?.dataset.terug ? this.root.querySelector<HTMLElement>(`[data-terug="${opener.dataset.terug}"]`) : null;
      (back ?? this.notice).focus();
    });
    this.ctx.main.append(dialog);
    dialog.showModal();
    const first = form.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea');
    first?.focus();
  }

  say(text: string): void {
    replace(this.notice, alertBox('ok', text));
    this.notice.tabIndex = -1;
  }

  // ---- the page -------------------------------------------------------------------------------

  draw(): void {
    const p = this.plan;
    const c = this.codelists;
    const akkoord = p.akkoord
      ? `Versie ${p.akkoord.versie} is op ${formatDate(p.akkoord.datum)} ${label(c, 'akkoord_wijze', p.akkoord.wijze).toLocaleLowerCase('nl') || p.akkoord.wijze} akkoord bevonden met de bewoner.`
      : 'Nog geen versie is akkoord bevonden met de bewoner.';
    const readOnly = !this.canEdit
      ? alertBox('info', p.status !== 'actief'
        ? `Dit plan is afgesloten${p.reden_afsluiting ? `: ${p.reden_afsluiting}` : ''}. Het is alleen nog te lezen.`
        : `U kunt dit plan lezen. Alleen de regisseur (${p.regisseur.naam}) of een toezichthouder kan het wijzigen.`)
      : null;
    replace(this.root,
      h('p', { class: 'utrecht-paragraph utrecht-paragraph--lead', 'data-testid': 'plan-stand' },
        `Versie ${p.version}. Regisseur: ${p.regisseur.naam}. Aanspreekpunt: ${p.aanspreekpunt.naam}. `, akkoord),
      readOnly,
      h('nav', { 'aria-label': 'Onderdelen van het plan', class: 'ep-toc' },
        h('ul', { class: 'utrecht-unordered-list' }, [
          ['niveau', 'Niveau'], ['situatie', 'Situatie'], ['hulpvragen', 'Hulpvragen per wet'], ['doelen', 'Doelen'],
          ['afspraken', 'Afspraken'], ['evaluaties', 'Evaluaties'], ['regie', 'Regie en aanspreekpunt'], ['versies', 'Versies'],
        ].map(([id, text]) => h('li', { class: 'utrecht-unordered-list__item' }, link(`#sectie-${id}`, text!))))),
      levelSection(this), this.situation(), this.needs(), this.goals(), this.actions(), evaluationsSection(this), this.regie(), this.versionsSection(), this.closeSection());
  }

  editButton(text: Child, onclick: (b: HTMLButtonElement) => void, key: string): HTMLButtonElement | null {
    if (!this.canEdit) return null;
    const b: HTMLButtonElement = button(text, 'secondary', () => onclick(b), { 'data-terug': key });
    return b;
  }

  // ---- situation ------------------------------------------------------------------------------

  private situation(): HTMLElement {
    const p = this.plan;
    const empty = (v: string | null) => (v && v.trim() ? v : 'Nog niet ingevuld.');
    const problems = [...p.problemen].sort((a, b) => a.prioriteit - b.prioriteit);
    return section('situatie', 'Situatie',
      dataList([
        ['Wat goed gaat', empty(p.goed_gaat)],
        ['Problemen', problems.length
          ? h('ol', { class: 'utrecht-unordered-list', 'data-testid': 'problemen' }, problems.map((x) =>
            h('li', { class: 'utrecht-unordered-list__item' }, `${x.omschrijving} `,
              h('span', { class: 'utrecht-paragraph--small' }, `(prioriteit ${x.prioriteit})`))))
          : 'Nog geen problemen vastgelegd.'],
        ['Eigen kracht en netwerk', empty(p.eigen_kracht)],
        ['Waar professionele steun nodig is', empty(p.professionele_steun)],
      ]),
      h('div', { class: 'utrecht-button-group' }, this.editButton('Situatie wijzigen', (b) => this.situationDialog(b), 'situatie')));
  }

  private situationDialog(opener: HTMLElement): void {
    const p = this.plan;
    const goed = textField({ name: 'goed_gaat', label: 'Wat goed gaat', noun: 'Wat goed gaat', rows: 3, value: p.goed_gaat ?? '' });
    const kracht = textField({ name: 'eigen_kracht', label: 'Eigen kracht en netwerk', noun: 'Eigen kracht en netwerk', rows: 3, value: p.eigen_kracht ?? '',
      description: 'Wat het huishouden en zijn netwerk zelf doen.' });
    const steun = textField({ name: 'professionele_steun', label: 'Waar professionele steun nodig is', noun: 'Dit veld', rows: 3, value: p.professionele_steun ?? '' });
    const rows: { omschrijving: Field; prioriteit: Field; root: HTMLElement }[] = [];
    const list = h('div', { class: 'ep-stack' });
    const renumber = () => rows.forEach((r, i) => {
      r.root.querySelector('legend')!.textContent = `Probleem ${i + 1}`;
    });
    const addRow = (omschrijving = '', prioriteit = rows.length + 1) => {
      const i = rows.length;
      const text = textField({ name: `problemen[${i}].omschrijving`, label: 'Omschrijving', noun: 'De omschrijving', value: omschrijving });
      const prio = selectField({ name: `problemen[${i}].prioriteit`, label: 'Prioriteit', noun: 'De prioriteit',
        options: [1, 2, 3, 4, 5].map((n) => ({ code: String(n), label: n === 1 ? '1 (hoogste)' : String(n) })), value: String(Math.min(prioriteit, 5)) });
      const row = { omschrijving: text, prioriteit: prio, root: h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group' }) };
      row.root.append(h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, `Probleem ${i + 1}`),
        h('div', { class: 'ep-columns' }, text.root, prio.root),
        button(['Verwijderen', hidden(` probleem ${i + 1}`)], 'subtle', () => {
          rows.splice(rows.indexOf(row), 1);
          row.root.remove();
          renumber();
          add.focus();
        }));
      rows.push(row);
      list.append(row.root);
      return row;
    };
    for (const x of [...p.problemen].sort((a, b) => a.prioriteit - b.prioriteit)) addRow(x.omschrijving, x.prioriteit);
    const add = button('Probleem toevoegen', 'secondary', () => inputOf(addRow().omschrijving).focus());
    this.dialog({
      name: 'situatie', title: 'Situatie wijzigen', submitText: 'Situatie opslaan',
      content: [goed.root,
        h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset' },
          h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, 'Problemen, met hun prioriteit'),
          list, add),
        kracht.root, steun.root],
      fields: () => [goed, kracht, steun, ...rows.flatMap((r) => [r.omschrijving, r.prioriteit])],
      reason: { suggest: () => 'Situatie bijgewerkt' },
      send: (reden) => ({
        method: 'PUT', path: '/situatie', body: {
          // An empty text is null: the API refuses one that is empty.
          goed_gaat: goed.value().trim() || null, eigen_kracht: kracht.value().trim() || null,
          professionele_steun: steun.value().trim() || null,
          problemen: rows.filter((r) => r.omschrijving.value().trim())
            .map((r) => ({ omschrijving: r.omschrijving.value().trim(), prioriteit: Number(r.prioriteit.value()) })),
          reden,
        },
      }),
      done: (plan) => `De situatie is opgeslagen (versie ${plan.version}).`,
    }, opener);
  }

  // ---- needs by law ---------------------------------------------------------------------------

  private needs(): HTMLElement {
    const p = this.plan;
    const c = this.codelists;
    const open = openWithoutGoal(p);
    const goalName = (id: string) => p.doelen.find((d) => d.id === id)?.omschrijving ?? id;
    const openList = p.hulpvragen.filter((n) => open.has(n.id));
    const fetchButton = this.editButton('Hulpvragen ophalen', (b) => this.importDialog(b), 'ophalen');
    return section('hulpvragen', 'Hulpvragen per wet',
      paragraph('De hulpvragen van alle leden uit de afgeronde intakes, per wet. De intake zelf blijft zoals zij is vastgelegd.'),
      openList.length
        ? h('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-testid': 'open-zonder-doel' },
          h('div', { class: 'utrecht-alert__content' }, h('div', { class: 'utrecht-alert__message' },
            h('h3', { class: 'utrecht-heading-3' }, `Open hulpvragen zonder doel (${openList.length})`),
            h('ul', { class: 'utrecht-unordered-list' }, openList.map((n) =>
              h('li', { class: 'utrecht-unordered-list__item', 'data-hulpvraag': n.id }, needText(p, n)))))))
        : paragraph('Elke open hulpvraag hoort bij een doel.'),
      p.hulpvragen.length === 0 ? paragraph('Er zijn nog geen hulpvragen in het plan.') : null,
      needsByLaw(c, p).map(({ wet, needs }) => h('section', { class: 'ep-stack', 'data-wet': wet, 'aria-labelledby': `wet-${wet}` },
        h('h3', { class: 'utrecht-heading-3', id: `wet-${wet}` }, `${label(c, 'wet', wet)} (${wet})`),
        dataTable(`Hulpvragen onder de ${label(c, 'wet', wet)}`, [
          { title: 'Lid', cell: (n: Hulpvraag) => memberName(p, n.lid) },
          { title: 'Leefgebied', cell: (n) => label(c, 'leefgebied', n.leefgebied) },
          { title: 'Hulpvraag', cell: (n) => [n.omschrijving,
            n.wet_historie.length ? h('span', { class: 'ep-block utrecht-paragraph--small' },
              n.wet_historie.map((w) => `Wet gewijzigd van ${w.van} naar ${w.naar} op ${formatMoment(w.op)}: ${w.reden}`).join(' · ')) : null,
            this.canEdit ? h('span', { class: 'ep-block' }, this.editButton(['Wet wijzigen', hidden(` van ${n.omschrijving}`)],
              (b) => this.lawDialog(n, b), `wet-${n.id}`)) : null] },
          { title: 'Urgentie', cell: (n) => label(c, 'urgentie', n.urgentie) },
          { title: 'Status', cell: (n) => [label(c, 'hulpvraag_status', n.status),
            open.has(n.id) ? [' ', h('span', { class: 'utrecht-status-badge utrecht-status-badge--warning' }, 'Zonder doel')] : null] },
          { title: 'Doelen', cell: (n) => (n.doelen.length ? n.doelen.map(goalName).join('; ') : '—') },
        ], needs, (n) => ({ 'data-hulpvraag': n.id, ...(open.has(n.id) ? { 'data-zonder-doel': '' } : {}) })))),
      h('div', { class: 'utrecht-button-group' }, fetchButton));
  }

  private lawDialog(n: Hulpvraag, opener: HTMLElement): void {
    const c = this.codelists;
    const wet = selectField({ name: 'wet', label: 'Nieuwe wet', noun: 'De wet', options: codes(c, 'wet'), value: n.wet });
    const history = n.wet_historie.length
      ? dataTable('Eerdere wijzigingen van de wet', [
        { title: 'Van', cell: (w: Hulpvraag['wet_historie'][number]) => label(c, 'wet', w.van) },
        { title: 'Naar', cell: (w) => label(c, 'wet', w.naar) },
        { title: 'Reden', cell: (w) => w.reden },
        { title: 'Door', cell: (w) => w.door },
        { title: 'Wanneer', cell: (w) => formatMoment(w.op) },
      ], n.wet_historie)
      : paragraph(`De wet is nog niet gewijzigd; de intake noemde ${label(c, 'wet', n.wet_intake ?? n.wet)}.`);
    this.dialog({
      name: 'wet', title: 'Wet van de hulpvraag wijzigen', submitText: 'Wet wijzigen',
      content: [
        dataList([['Hulpvraag', n.omschrijving], ['Lid', memberName(this.plan, n.lid)], ['Huidige wet', label(c, 'wet', n.wet)]]),
        wet.root,
        h('h3', { class: 'utrecht-heading-3' }, 'Geschiedenis van de wet'), history,
      ],
      fields: () => [wet],
      required: () => [wet],
      check: () => (wet.value() === n.wet ? [{ field: wet, message: 'Kies een andere wet dan de huidige' }] : []),
      reason: { suggest: () => '', label: 'Reden van de wijziging', min: REASON_MIN,
        description: `Waarom valt deze hulpvraag onder een andere wet? Ten minste ${REASON_MIN} tekens; komt in de geschiedenis van de hulpvraag.` },
      send: (reden) => ({ method: 'PUT', path: `/hulpvragen/${encodeURIComponent(n.id)}/wet`, body: { wet: wet.value(), reden } }),
      done: (plan) => `De wet is gewijzigd in ${label(c, 'wet', wet.value())} (versie ${plan.version}).`,
    }, opener);
  }

  private importDialog(opener: HTMLElement): void {
    this.dialog({
      name: 'ophalen', title: 'Hulpvragen ophalen', submitText: 'Hulpvragen ophalen',
      content: [paragraph('Haalt de hulpvragen op uit intakes die zijn afgerond nadat het plan werd gemaakt.')],
      fields: () => [],
      reason: { suggest: () => 'Hulpvragen van nieuwe intakes opgehaald' },
      send: (reden) => ({ method: 'POST', path: '/hulpvragen/ophalen', body: { reden } }),
      done: (plan) => `De hulpvragen zijn opgehaald (versie ${plan.version}).`,
    }, opener);
  }

  // ---- goals ----------------------------------------------------------------------------------

  private goals(): HTMLElement {
    const p = this.plan;
    const c = this.codelists;
    return section('doelen', 'Doelen',
      p.doelen.length === 0 ? paragraph('Er zijn nog geen doelen.') : null,
      h('div', { class: 'ep-stack' }, p.doelen.map((d) => {
        const headingId = `doel-${d.id}`;
        const laws = goalLaws(p, d);
        const actions = p.afspraken.filter((a) => a.doel_id === d.id);
        return h('article', { class: 'ep-card ep-stack', 'data-doel': d.id, 'aria-labelledby': headingId },
          h('h3', { class: 'utrecht-heading-3', id: headingId }, d.omschrijving),
          h('ul', { class: 'ep-tags', 'aria-label': 'Wetten van dit doel', 'data-testid': 'wetten' },
            laws.map((w) => h('li', null, lawTag(c, w)))),
          dataList([
            ['Voor wie', d.leden.map((id) => memberName(p, id)).join(', ')],
            ['Streefdatum', d.streefdatum ? formatDate(d.streefdatum) : 'Geen'],
            ['Status', label(c, 'doel_status', d.status) || d.status],
            ['Hulpvragen', h('ul', { class: 'utrecht-unordered-list', 'data-testid': 'doel-hulpvragen' }, d.hulpvragen.map((id) => {
              const n = p.hulpvragen.find((x) => x.id === id);
              return h('li', { class: 'utrecht-unordered-list__item' }, n ? needText(p, n) : id);
            }))],
            ['Afspraken', actions.length ? actions.map((a) => a.omschrijving).join('; ') : 'Nog geen'],
          ]),
          h('div', { class: 'utrecht-button-group' },
            this.editButton(['Doel wijzigen', hidden(` ‘${d.omschrijving}’`)], (b) => this.goalDialog(d, b), `doel-${d.id}`)));
      })),
      h('div', { class: 'utrecht-button-group' }, this.editButton('Doel toevoegen', (b) => this.goalDialog(null, b), 'doel-nieuw')));
  }

  private goalDialog(d: Doel | null, opener: HTMLElement): void {
    const p = this.plan;
    const c = this.codelists;
    const omschrijving = textField({ name: 'omschrijving', label: 'Wat wil het huishouden bereiken?', noun: 'De omschrijving', value: d?.omschrijving ?? '', required: true });
    const leden = checkboxField({ name: 'leden', label: 'Voor wie', noun: 'Voor wie',
      options: p.leden.map((l) => ({ code: l.id, label: lidName(l) })), value: d?.leden ?? (p.leden.length === 1 ? [p.leden[0]!.id] : []) });
    const streefdatum = textField({ name: 'streefdatum', label: 'Streefdatum', noun: 'De streefdatum', type: 'date', value: d?.streefdatum ?? '',
      description: 'Niet verplicht.' });
    const status = selectField({ name: 'status', label: 'Status', noun: 'De status', options: codes(c, 'doel_status'), value: d?.status ?? 'open' });
    // The needs, checkboxes grouped by law, as one field for the errors.
    const groups = needsByLaw(c, p).map(({ wet, needs }) => checkboxField({
      name: 'hulpvragen', label: `${label(c, 'wet', wet)} (${wet})`, noun: 'De hulpvragen',
      options: needs.map((n) => ({ code: n.id, label: `${n.omschrijving} (${memberName(p, n.lid)})` })), value: d?.hulpvragen ?? [],
    }));
    const needsError = h('div', { class: 'utrecht-form-field-error-message', id: uid('hulpvragen-fout'), hidden: true });
    const needsRoot = h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset' },
      h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, 'Welke hulpvragen beantwoordt dit doel?'),
      h('div', { class: 'utrecht-form-field-description' }, 'Eén of meer, van elk lid en onder elke wet.'),
      needsError, groups.map((g) => g.root));
    const needsField: Field = {
      name: 'hulpvragen', noun: 'De hulpvragen', root: needsRoot,
      get focusTarget() { return groups[0]?.focusTarget ?? needsRoot; },
      value: () => groups.flatMap((g) => g.values()).join(','),
      setError(message) {
        replace(needsError, message ?? '');
        needsError.hidden = !message;
        if (message) needsRoot.setAttribute('aria-describedby', needsError.id); else needsRoot.removeAttribute('aria-describedby');
      },
    };
    const statusText = () => label(c, 'doel_status', status.value()).toLocaleLowerCase('nl');
    this.dialog({
      name: 'doel', title: d ? 'Doel wijzigen' : 'Doel toevoegen', submitText: d ? 'Doel opslaan' : 'Doel toevoegen',
      content: [omschrijving.root, leden.root, h('div', { class: 'ep-columns' }, streefdatum.root, status.root), needsRoot],
      fields: () => [omschrijving, leden, streefdatum, status, needsField],
      required: () => [omschrijving, leden, needsField],
      reason: {
        suggest: () => {
          const what = omschrijving.value().trim() || 'nieuw doel';
          if (!d) return `Doel toegevoegd: ${what}`;
          if (status.value() !== d.status) return `Doel ‘${what}’: ${statusText()}`;
          return `Doel gewijzigd: ${what}`;
        },
      },
      send: (reden) => ({
        method: d ? 'PUT' : 'POST', path: d ? `/doelen/${encodeURIComponent(d.id)}` : '/doelen',
        body: {
          omschrijving: omschrijving.value().trim(), leden: leden.values(), streefdatum: streefdatum.value() || null,
          status: status.value(), hulpvragen: groups.flatMap((g) => g.values()), reden,
        },
      }),
      done: (plan) => `${d ? 'Het doel is opgeslagen' : 'Het doel is toegevoegd'} (versie ${plan.version}).`,
    }, opener);
  }

  // ---- actions --------------------------------------------------------------------------------

  private actions(): HTMLElement {
    const p = this.plan;
    const c = this.codelists;
    const goalName = (id: string | null) => (id ? p.doelen.find((d) => d.id === id)?.omschrijving ?? id : 'Geen');
    return section('afspraken', 'Afspraken',
      paragraph('Wie doet wat: de bewoner, het netwerk, een algemene voorziening, een maatwerkvoorziening of een partner.'),
      p.afspraken.length === 0 ? paragraph('Er zijn nog geen afspraken.') : null,
      h('div', { class: 'ep-stack' }, p.afspraken.map((a) => {
        const headingId = `afspraak-${a.id}`;
        const maatwerk = a.soort === 'maatwerkvoorziening';
        const ended = !!a.einddatum;
        return h('article', { class: 'ep-card ep-stack', 'data-afspraak': a.id, 'aria-labelledby': headingId },
          h('h3', { class: 'utrecht-heading-3', id: headingId }, a.omschrijving),
          h('p', { class: 'utrecht-paragraph' },
            h('span', { class: 'utrecht-status-badge utrecht-status-badge--neutral' }, label(c, 'afspraak_soort', a.soort) || a.soort),
            a.wet ? [' ', lawTag(c, a.wet)] : null,
            ended ? [' ', h('span', { class: 'utrecht-status-badge utrecht-status-badge--neutral' }, 'Beëindigd')] : null),
          dataList([
            ['Uitvoerder', a.uitvoerder],
            ['Doel', goalName(a.doel_id)],
            ...(maatwerk ? [
              ['Wet', label(c, 'wet', a.wet)],
              ...(a.productcategorie ? [['Productcategorie', `${a.productcategorie} ${categoryLabel(c, a.productcategorie)}`]] : []),
              ['Aanbieder', a.aanbieder ?? ''],
              ['Omvang', h('span', { 'data-testid': 'omvang' }, omvangText(c, a.omvang))],
              ['Begindatum', formatDate(a.begindatum)],
            ] as [string, Child][] : []),
            ...(ended ? [
              ['Einddatum', formatDate(a.einddatum)],
              ...(a.reden_einde ? [['Reden einde', `${a.reden_einde} ${label(c, 'reden_einde', a.reden_einde)}`]] : []),
            ] as [string, Child][] : []),
          ]),
          h('div', { class: 'utrecht-button-group' },
            ended ? null : this.editButton(['Afspraak wijzigen', hidden(` ‘${a.omschrijving}’`)], (b) => this.actionDialog(a, b), `afspraak-${a.id}`),
            ended || !maatwerk ? null : this.editButton(['Beëindigen', hidden(` ‘${a.omschrijving}’`)], (b) => this.endDialog(a, b), `einde-${a.id}`)));
      })),
      h('div', { class: 'utrecht-button-group' }, this.editButton('Afspraak toevoegen', (b) => this.actionDialog(null, b), 'afspraak-nieuw')));
  }

  /** The body of a PUT or POST of an action: @a as the plan has it now, with @patch. After a 412 the
   * plan was read again: what the user did not change in the dialog is taken from that reading, so
   * sending again keeps a colleague's change (and does not reopen an action they ended). */
  private actionBody(shown: Afspraak | null, patch: Partial<Afspraak>, reden: string | null): Record<string, unknown> {
    const a = shown ? this.plan.afspraken.find((x) => x.id === shown.id) ?? shown : null;
    const base = {
      doel_id: a?.doel_id ?? null, soort: a?.soort ?? '', omschrijving: a?.omschrijving ?? '', uitvoerder: a?.uitvoerder ?? '',
      wet: a?.wet ?? null, productcategorie: a?.productcategorie ?? null, aanbieder: a?.aanbieder ?? null,
      omvang: a?.omvang ?? null, begindatum: a?.begindatum ?? null, einddatum: a?.einddatum ?? null, reden_einde: a?.reden_einde ?? null,
    };
    return { ...base, ...patch, reden };
  }

  private actionDialog(a: Afspraak | null, opener: HTMLElement): void {
    const p = this.plan;
    const c = this.codelists;
    const soort = radioField({ name: 'soort', label: 'Soort afspraak', noun: 'De soort', options: codes(c, 'afspraak_soort'), value: a?.soort ?? '' });
    const omschrijving = textField({ name: 'omschrijving', label: 'Wat wordt er gedaan?', noun: 'De omschrijving', value: a?.omschrijving ?? '', required: true });
    const uitvoerder = textField({ name: 'uitvoerder', label: 'Wie doet het?', noun: 'De uitvoerder', value: a?.uitvoerder ?? '', required: true,
      description: 'De bewoner, iemand uit het netwerk, een organisatie.' });
    const doel = selectField({ name: 'doel_id', label: 'Bij welk doel', noun: 'Het doel', required: false, placeholder: 'Geen doel',
      options: p.doelen.filter((d) => d.status === 'open' || d.id === a?.doel_id).map((d) => ({ code: d.id, label: d.omschrijving })), value: a?.doel_id ?? '' });
    // The maatwerkvoorziening's fields: shown only for that kind.
    const wet = selectField({ name: 'wet', label: 'Wet', noun: 'De wet', placeholder: 'Kies een wet',
      options: codes(c, 'wet').filter((w) => w.code !== 'GEEN'), value: a?.wet ?? '' });
    const categoryHolder = h('div');
    let category: Field | null = null;
    const drawCategory = () => {
      const chosen = category?.value() || a?.productcategorie || '';
      const options = categoriesOf(c, wet.value());
      category = options.length ? selectField({ name: 'productcategorie', label: 'Productcategorie', noun: 'De productcategorie',
        placeholder: 'Kies een productcategorie', options,
        description: wet.value() === 'WMO' ? 'Wmo: 01 tot en met 18.' : 'Jeugdwet: 40 tot en met 55.',
        value: options.some((o) => o.code === chosen) ? chosen : '' }) : null;
      replace(categoryHolder, category?.root);
    };
    drawCategory();
    inputOf(wet).addEventListener('change', drawCategory);
    const aanbieder = textField({ name: 'aanbieder', label: 'Aanbieder', noun: 'De aanbieder', value: a?.aanbieder ?? '', required: true });
    const begindatum = textField({ name: 'begindatum', label: 'Begindatum', noun: 'De begindatum', type: 'date', value: a?.begindatum ?? today(), required: true });
    const volume = textField({ name: 'omvang.volume', label: 'Volume', noun: 'Het volume', type: 'number', value: a?.omvang ? String(a.omvang.volume) : '',
      description: 'Een heel getal, zoals iStandaarden het schrijven: 1,7 uur is 102 minuten.' });
    const eenheid = selectField({ name: 'omvang.eenheid', label: 'Eenheid', noun: 'De eenheid', placeholder: 'Kies een eenheid',
      options: codes(c, 'eenheid').map((u) => ({ code: u.code, label: `${u.code} ${u.label}` })), value: a?.omvang?.eenheid ?? '' });
    const frequentie = selectField({ name: 'omvang.frequentie', label: 'Frequentie', noun: 'De frequentie', placeholder: 'Kies een frequentie',
      options: codes(c, 'frequentie').map((u) => ({ code: u.code, label: `${u.code} ${u.label}` })), value: a?.omvang?.frequentie ?? '' });
    const omvang = () => (volume.value() && eenheid.value() && frequentie.value()
      ? { volume: Number(volume.value()), eenheid: eenheid.value(), frequentie: frequentie.value() } : null);
    const preview = h('p', { class: 'utrecht-paragraph', 'aria-live': 'polite', 'data-testid': 'omvang-voorbeeld' });
    const drawPreview = () => {
      const o = omvang();
      replace(preview, o ? ['Omvang: ', h('strong', null, omvangText(c, o))] : '');
    };
    drawPreview();
    const maatwerk = h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group' },
      h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, 'Maatwerkvoorziening'),
      h('div', { class: 'ep-columns' }, wet.root, categoryHolder),
      h('div', { class: 'ep-columns' }, aanbieder.root, begindatum.root),
      h('div', { class: 'ep-columns' }, volume.root, eenheid.root, frequentie.root), preview);
    const isMaatwerk = () => soort.value() === 'maatwerkvoorziening';
    const showMaatwerk = () => { maatwerk.hidden = !isMaatwerk(); };
    showMaatwerk();
    soort.root.addEventListener('change', showMaatwerk);
    maatwerk.addEventListener('input', drawPreview);
    maatwerk.addEventListener('change', drawPreview);
    this.dialog({
      name: 'afspraak', title: a ? 'Afspraak wijzigen' : 'Afspraak toevoegen', submitText: a ? 'Afspraak opslaan' : 'Afspraak toevoegen',
      content: [soort.root, omschrijving.root, uitvoerder.root, doel.root, maatwerk],
      fields: () => [soort, omschrijving, uitvoerder, doel, wet, ...(category ? [category] : []), aanbieder, begindatum, volume, eenheid, frequentie],
      required: () => [soort, omschrijving, uitvoerder,
        ...(isMaatwerk() ? [wet, ...(category ? [category] : []), aanbieder, begindatum, volume, eenheid, frequentie] : [])],
      check: () => (isMaatwerk() && volume.value() && !/^[1-9][0-9]*$/.test(volume.value())
        ? [{ field: volume, message: 'Het volume is een heel getal groter dan 0 (1,7 uur per week: 102 minuten per week)' }] : []),
      reason: {
        suggest: () => {
          const what = omschrijving.value().trim() || 'nieuwe afspraak';
          return a ? `Afspraak gewijzigd: ${what}` : `Afspraak toegevoegd: ${what}`;
        },
      },
      send: (reden) => {
        const m = isMaatwerk();
        return {
          method: a ? 'PUT' : 'POST', path: a ? `/afspraken/${encodeURIComponent(a.id)}` : '/afspraken',
          body: this.actionBody(a, {
            soort: soort.value(), omschrijving: omschrijving.value().trim(), uitvoerder: uitvoerder.value().trim(),
            doel_id: doel.value() || null,
            wet: m ? wet.value() : null, productcategorie: m && hasCategories(wet.value()) ? category?.value() ?? null : null,
            aanbieder: m ? aanbieder.value().trim() : null, begindatum: m ? begindatum.value() : null, omvang: m ? omvang() : null,
          }, reden),
        };
      },
      done: (plan) => `${a ? 'De afspraak is opgeslagen' : 'De afspraak is toegevoegd'} (versie ${plan.version}).`,
    }, opener);
  }

  private endDialog(a: Afspraak, opener: HTMLElement): void {
    const c = this.codelists;
    const einddatum = textField({ name: 'einddatum', label: 'Einddatum', noun: 'De einddatum', type: 'date', value: today(), required: true });
    const reden = selectField({ name: 'reden_einde', label: 'Reden van beëindigen', noun: 'De reden van beëindigen', placeholder: 'Kies een reden',
      options: codes(c, 'reden_einde').map((r) => ({ code: r.code, label: `${r.code} ${r.label}` })) });
    this.dialog({
      name: 'einde', title: 'Afspraak beëindigen', submitText: 'Afspraak beëindigen',
      content: [dataList([['Afspraak', a.omschrijving], ['Omvang', omvangText(c, a.omvang)]]), einddatum.root, reden.root],
      fields: () => [einddatum, reden],
      required: () => [einddatum, reden],
      reason: { suggest: () => `Afspraak beëindigd: ${a.omschrijving}${reden.value() ? ` (${label(c, 'reden_einde', reden.value()).toLocaleLowerCase('nl')})` : ''}` },
      send: (r) => ({ method: 'PUT', path: `/afspraken/${encodeURIComponent(a.id)}`,
        body: this.actionBody(a, { einddatum: einddatum.value(), reden_einde: reden.value() }, r) }),
      done: (plan) => `De afspraak is beëindigd (versie ${plan.version}).`,
    }, opener);
  }

  // ---- regie ----------------------------------------------------------------------------------

  private regie(): HTMLElement {
    const p = this.plan;
    const history = [...p.regie].reverse();
    return section('regie', 'Regie en aanspreekpunt',
      dataList([
        ['Regisseur', h('span', { 'data-testid': 'regisseur' }, `${p.regisseur.naam}${p.regisseur.sinds ? `, sinds ${formatDate(p.regisseur.sinds)}` : ''}`)],
        ['Aanspreekpunt voor de bewoner', h('span', { 'data-testid': 'aanspreekpunt' }, p.aanspreekpunt.naam)],
      ]),
      h('h3', { class: 'utrecht-heading-3' }, 'Geschiedenis van de regie'),
      h('div', { 'data-testid': 'regie-historie' }, dataTable('Geschiedenis van de regie, nieuwste eerst', [
        { title: 'Regisseur', cell: (r: Plan['regie'][number]) => r.naam },
        { title: 'Overgedragen door', cell: (r) => r.van_naam ?? '—' },
        { title: 'Vanaf', cell: (r) => formatDate(r.vanaf) },
        { title: 'Tot', cell: (r) => (r.tot ? formatDate(r.tot) : 'Nu') },
        { title: 'Notitie bij de overdracht', cell: (r) => r.notitie ?? '—' },
        { title: 'Vastgelegd', cell: (r) => `${formatMoment(r.vastgelegd_op)} door ${r.vastgelegd_door}` },
      ], history)),
      h('div', { class: 'utrecht-button-group' },
        this.editButton('Regie overdragen', (b) => void this.withStaff(b, (staff) => this.handoverDialog(staff, b)), 'overdracht'),
        this.editButton('Aanspreekpunt wijzigen', (b) => void this.withStaff(b, (staff) => this.contactDialog(staff, b)), 'aanspreekpunt')));
  }

  private handoverDialog(staff: Staff[], opener: HTMLButtonElement): void {
    const p = this.plan;
    const naar = staffField(staff, ['regisseur'], { name: 'naar', label: 'Naar regisseur', noun: 'De nieuwe regisseur',
      placeholder: 'Kies een regisseur', leaveOut: p.regisseur.username });
    const datum = textField({ name: 'datum', label: 'Datum van de overdracht', noun: 'De datum', type: 'date', value: today(), required: true });
    const notitie = textField({ name: 'notitie', label: 'Notitie bij de warme overdracht', noun: 'De notitie', rows: 4, required: true,
      description: 'Wat moet de nieuwe regisseur weten? Dit is ook de reden van de wijziging.' });
    const aanspreekpunt = staffField(staff, ['casemanager', 'regisseur', 'supervisor'], { name: 'aanspreekpunt',
      label: 'Aanspreekpunt voor de bewoner', noun: 'Het aanspreekpunt', required: false,
      placeholder: `Niet wijzigen (${p.aanspreekpunt.naam})` });
    this.dialog({
      name: 'overdracht', title: 'Regie overdragen', submitText: 'Regie overdragen',
      content: [paragraph(`Nu is ${p.regisseur.naam} de regisseur. Na de overdracht kan alleen de nieuwe regisseur (of een toezichthouder) het plan wijzigen.`),
        naar.root, datum.root, notitie.root, aanspreekpunt.root],
      fields: () => [naar, datum, notitie, aanspreekpunt],
      required: () => [naar, datum, notitie],
      check: () => (notitie.value().trim() && notitie.value().trim().length < REASON_MIN
        ? [{ field: notitie, message: `De notitie moet ten minste ${REASON_MIN} tekens zijn` }] : []),
      reason: null,
      send: () => ({ method: 'POST', path: '/overdracht', body: {
        naar: naar.value(), datum: datum.value(), notitie: notitie.value().trim(),
        ...(aanspreekpunt.value() ? { aanspreekpunt: aanspreekpunt.value() } : {}),
      } }),
      done: (plan) => `De regie is overgedragen aan ${plan.regisseur.naam} (versie ${plan.version}).`,
    }, opener);
  }

  private contactDialog(staff: Staff[], opener: HTMLButtonElement): void {
    const p = this.plan;
    const aanspreekpunt = staffField(staff, ['casemanager', 'regisseur', 'supervisor'], { name: 'aanspreekpunt',
      label: 'Aanspreekpunt voor de bewoner', noun: 'Het aanspreekpunt', value: p.aanspreekpunt.username });
    const nameOf = (username: string) => staff.find((s) => s.username === username)?.naam ?? username;
    this.dialog({
      name: 'aanspreekpunt', title: 'Aanspreekpunt wijzigen', submitText: 'Aanspreekpunt opslaan',
      content: [aanspreekpunt.root],
      fields: () => [aanspreekpunt],
      required: () => [aanspreekpunt],
      reason: { suggest: () => `Aanspreekpunt gewijzigd naar ${nameOf(aanspreekpunt.value())}` },
      send: (reden) => ({ method: 'PUT', path: '/aanspreekpunt', body: { aanspreekpunt: aanspreekpunt.value(), reden } }),
      done: (plan) => `Het aanspreekpunt is nu ${plan.aanspreekpunt.naam} (versie ${plan.version}).`,
    }, opener);
  }

  // ---- versions -------------------------------------------------------------------------------

  private versionsSection(): HTMLElement {
    const list = h('div', { 'data-testid': 'versies' }, paragraph('De versies worden geladen…'));
    const diff = h('div', { class: 'ep-stack' });
    const agree = this.editButton('Akkoord met bewoner vastleggen', (b) => this.agreeDialog(b), 'akkoord');
    const root = section('versies', 'Versies', paragraph('Elke wijziging maakt een nieuwe versie, met wie, wanneer en waarom.'),
      list, h('div', { class: 'utrecht-button-group' }, agree), diff);
    void this.loadVersions(list, diff);
    return root;
  }

  private async loadVersions(list: HTMLElement, diff: HTMLElement, more = false): Promise<void> {
    try {
      const query = more && this.versionsCursor ? `?cursor=${encodeURIComponent(this.versionsCursor)}` : '';
      const page = await api.get<{ items: Versie[]; next_cursor: string | null }>(`${this.base}/versies${query}`);
      if (!this.ctx.isCurrent() || !list.isConnected) return;
      this.versions = more ? [...this.versions, ...page.items] : page.items;
      this.versionsCursor = page.next_cursor;
    } catch (error) {
      if (!list.isConnected) return;
      replace(list, alertBox('warning', `De versies konden niet worden geladen: ${errorText(error)}`));
      return;
    }
    const c = this.codelists;
    const moreButton = this.versionsCursor ? button('Meer laden', 'secondary', () => void whileBusy(moreButton!, () => this.loadVersions(list, diff, true))) : null;
    replace(list, dataTable('Versies van het plan, nieuwste eerst', [
      { title: 'Versie', cell: (v: Versie) => String(v.versie) },
      { title: 'Wanneer', cell: (v) => formatMoment(v.op) },
      { title: 'Door', cell: (v) => v.naam ?? v.door },
      { title: 'Reden', cell: (v) => v.reden },
      { title: 'Akkoord bewoner', cell: (v) => (v.akkoord
        ? h('strong', null,
          `Akkoord ${formatDate(v.akkoord.datum)}, ${label(c, 'akkoord_wijze', v.akkoord.wijze).toLocaleLowerCase('nl') || v.akkoord.wijze}`)
        : '—') },
    ], this.versions, (v) => ({ 'data-versie': String(v.versie) })), moreButton);
    this.diffForm(diff);
  }

  private diffForm(holder: HTMLElement): void {
    const numbers = this.versions.map((v) => v.versie);
    if (numbers.length < 2) {
      replace(holder, paragraph('Er is nog maar één versie: er is nog geen verschil te tonen.'));
      return;
    }
    const options = numbers.map((n) => ({ code: String(n), label: `Versie ${n}` }));
    const choice = this.diffChoice ?? { van: numbers[1]!, naar: numbers[0]! };
    const van = selectField({ name: 'van', label: 'Van versie', noun: 'De eerste versie', options, value: String(choice.van) });
    const naar = selectField({ name: 'naar', label: 'Naar versie', noun: 'De tweede versie', options, value: String(choice.naar) });
    const result = h('div', { 'data-testid': 'verschil', 'aria-live': 'polite' });
    const show = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'submit' }, 'Verschil tonen');
    const form = h('form', { novalidate: true, 'aria-labelledby': 'verschil-kop' },
      h('h3', { class: 'utrecht-heading-3', id: 'verschil-kop' }, 'Verschil tussen twee versies'),
      h('div', { class: 'ep-columns' }, van.root, naar.root), h('div', { class: 'utrecht-button-group' }, show));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const a = Number(van.value()), b = Number(naar.value());
      this.diffChoice = { van: a, naar: b };
      void whileBusy(show, () => this.showDiff(Math.min(a, b), Math.max(a, b), result));
    });
    replace(holder, form, result);
  }

  private async showDiff(van: number, naar: number, result: HTMLElement): Promise<void> {
    if (van === naar) {
      replace(result, paragraph('Kies twee verschillende versies.'));
      return;
    }
    try {
      const [diff, from, to] = await Promise.all([
        api.get<Verschil>(`${this.base}/verschil?van=${van}&naar=${naar}`),
        api.get<Plan>(`${this.base}/versies/${van}`),
        api.get<Plan>(`${this.base}/versies/${naar}`),
      ]);
      const rows = diffRows(this.codelists, from, to, diff);
      const kind: Record<string, string> = { gewijzigd: 'Gewijzigd', toegevoegd: 'Toegevoegd', verwijderd: 'Verwijderd' };
      replace(result,
        h('h4', { class: 'utrecht-heading-3' }, `Van versie ${van} naar versie ${naar}: ${rows.length} ${rows.length === 1 ? 'wijziging' : 'wijzigingen'}`),
        rows.length ? dataTable(`Wijzigingen van versie ${van} naar versie ${naar}`, [
          { title: 'Onderdeel', cell: (r: ReturnType<typeof diffRows>[number]) => r.onderdeel },
          { title: 'Veld', cell: (r) => r.veld || '—' },
          { title: 'Wat', cell: (r) => kind[r.soort] ?? r.soort },
          { title: 'Was', cell: (r) => r.van },
          { title: 'Wordt', cell: (r) => r.naar },
        ], rows) : paragraph('Deze versies verschillen niet.'));
    } catch (error) {
      replace(result, alertBox('error', errorText(error)));
    }
  }

  private agreeDialog(opener: HTMLElement): void {
    const c = this.codelists;
    const numbers = this.versions.length ? this.versions.map((v) => v.versie) : [this.plan.version];
    const versie = selectField({ name: 'versie', label: 'Welke versie', noun: 'De versie',
      options: numbers.map((n) => ({ code: String(n), label: n === this.plan.version ? `Versie ${n} (de huidige)` : `Versie ${n}` })),
      value: String(this.plan.version) });
    const datum = textField({ name: 'datum', label: 'Datum van het akkoord', noun: 'De datum', type: 'date', value: today(), required: true });
    const wijze = radioField({ name: 'wijze', label: 'Hoe gaf de bewoner akkoord?', noun: 'De wijze', options: codes(c, 'akkoord_wijze') });
    this.dialog({
      name: 'akkoord', title: 'Akkoord met bewoner vastleggen', submitText: 'Akkoord vastleggen',
      content: [paragraph('Het akkoord markeert de gekozen versie; het maakt geen nieuwe versie.'), versie.root, datum.root, wijze.root],
      fields: () => [versie, datum, wijze],
      required: () => [versie, datum, wijze],
      reason: null,
      send: () => ({ method: 'POST', path: '/akkoord', body: { versie: Number(versie.value()), datum: datum.value(), wijze: wijze.value() } }),
      done: () => `Het akkoord van de bewoner met versie ${versie.value()} is vastgelegd.`,
    }, opener);
  }

  // ---- closing --------------------------------------------------------------------------------

  private closeSection(): HTMLElement | null {
    if (!this.canEdit) return null;
    return section('afsluiten', 'Plan afsluiten',
      paragraph('Als het plan klaar is, of niet meer nodig: een afgesloten plan verandert niet meer, '
        + 'en het huishouden heeft daarna geen actief plan.'),
      h('div', { class: 'utrecht-button-group' }, this.editButton('Plan afsluiten', (b) => this.closeDialog(b), 'afsluiten')));
  }

  private closeDialog(opener: HTMLElement): void {
    const p = this.plan;
    const household = `/huishoudens/${encodeURIComponent(this.hid)}`;
    this.dialog({
      name: 'afsluiten', title: 'Plan afsluiten', submitText: 'Plan afsluiten',
      content: [
        alertBox('warning', `Weet u zeker dat u het plan (versie ${p.version}) wilt afsluiten? `
          + 'Daarna kan niemand het meer wijzigen en heeft het huishouden geen actief plan meer. Dit kan niet ongedaan worden gemaakt.'),
      ],
      fields: () => [],
      reason: { suggest: () => '', label: 'Reden van afsluiten', min: REASON_MIN,
        description: `Waarom wordt het plan afgesloten? Ten minste ${REASON_MIN} tekens; komt bij het plan.` },
      send: (reden) => ({ method: 'POST', path: '/afsluiten', body: { reden } }),
      done: () => 'Het plan is afgesloten.',
      after: () => {
        setState({ notice: { kind: 'ok', text: 'Het plan is afgesloten. Het huishouden heeft nu geen actief plan.' } });
        this.ctx.navigate(household);
      },
    }, opener);
  }
}

// ---- no plan yet ----------------------------------------------------------------------------------

function createForm(ctx: PageContext, hid: string, me: Me): HTMLElement {
  const summary = errorSummary();
  const status = h('p', { class: 'utrecht-paragraph', role: 'status' });
  const holder = h('div', { class: 'ep-stack' }, paragraph('De medewerkers worden geladen…'));
  const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit', disabled: true }, 'Plan maken');
  const form = h('form', { novalidate: true, class: 'ep-stack', 'aria-labelledby': 'plan-maken-kop' },
    h('h2', { class: 'utrecht-heading-2', id: 'plan-maken-kop' }, 'Plan maken'),
    paragraph('Alle hulpvragen uit de afgeronde intakes van het huishouden komen in het plan. Eén plan, één regisseur.'),
    summary.root, holder, status, h('div', { class: 'utrecht-button-group' }, submit));
  let fields: Field[] = [];
  void loadStaff().then((staff) => {
    const mine = (roles: string[]) => (roles.includes(me.user.role) ? me.user.username : '');
    const regisseur = staffField(staff, ['regisseur'], { name: 'regisseur', label: 'Regisseur', noun: 'De regisseur',
      placeholder: 'Kies een regisseur', value: mine(['regisseur']) });
    const aanspreekpunt = staffField(staff, ['casemanager', 'regisseur', 'supervisor'], { name: 'aanspreekpunt',
      label: 'Aanspreekpunt voor de bewoner', noun: 'Het aanspreekpunt', placeholder: 'Kies een aanspreekpunt',
      description: 'Mag dezelfde zijn als de regisseur.', value: mine(['regisseur', 'casemanager', 'supervisor']) });
    const reden = textField({ name: 'reden', label: 'Reden van de wijziging', noun: 'De reden', rows: 2, required: true,
      value: 'Plan opgesteld na de intake', description: 'Komt bij de eerste versie van het plan.' });
    fields = [regisseur, aanspreekpunt, reden];
    replace(holder, fields.map((f) => f.root));
    submit.disabled = false;
  }, (error) => {
    replace(holder, alertBox('error', `De medewerkers konden niet worden geladen: ${errorText(error)}. Laad de pagina opnieuw.`));
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    summary.clear();
    const missing = fields.filter((f) => !f.value().trim());
    for (const f of fields) f.setError(missing.includes(f) ? `${f.noun} is verplicht` : null);
    if (missing.length) {
      summary.show(null, missing.map((field) => ({ field, message: `${field.noun} is verplicht` })));
      return;
    }
    void whileBusy(submit, async () => {
      replace(status, 'Opslaan…');
      try {
        const [regisseur, aanspreekpunt, reden] = fields.map((f) => f.value().trim());
        await api.post(`/api/v1/households/${encodeURIComponent(hid)}/plan`, { regisseur, aanspreekpunt, reden });
        setState({ notice: { kind: 'ok', text: 'Het plan is gemaakt.' } });
        ctx.navigate(`/huishoudens/${encodeURIComponent(hid)}/plan`, { replace: true });
      } catch (error) {
        replace(status, '');
        if (!(error instanceof ApiError)) throw error;
        if (error.status === 409) {
          setState({ notice: { kind: 'info', text: 'Dit huishouden had al een plan: dat ziet u hier.' } });
          ctx.navigate(`/huishoudens/${encodeURIComponent(hid)}/plan`, { replace: true });
          return;
        }
        summary.show(error.fieldErrors.length ? null : error.message, showFieldErrors(fields, error.fieldErrors));
      }
    });
  });
  return form;
}

export async function renderPlan(ctx: PageContext, asked: PlanRequests): Promise<void> {
  const { main, params, isCurrent } = ctx;
  const hid = params.id!;
  const me = getState().me!;
  const heading = h('h1', { class: 'utrecht-heading-1' }, 'Plan van het huishouden');
  const back = h('p', { class: 'utrecht-paragraph' }, me.user.role === 'partner'
    ? link('/start', 'Terug naar de huishoudens met toestemming')
    : link(`/huishoudens/${encodeURIComponent(hid)}`, 'Naar het huishouden'));
  main.append(heading, back);
  const notice = takeNotice();
  const loading = paragraph('Het plan wordt geladen…');
  loading.setAttribute('role', 'status');
  main.append(loading);
  let ref: Awaited<PlanRequests['reference']>;
  let answer: { body: unknown; etag: string | null } | null = null;
  try {
    ref = await asked.reference;
    answer = await asked.plan.catch((error) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    });
  } catch (error) {
    if (!isCurrent()) return;
    loading.remove();
    main.append(alertBox('error', errorText(error)));
    return;
  }
  if (!isCurrent()) return;
  loading.remove();
  // The address, for the heading (a partner without basisgegevens gets none: the heading stays).
  void api.get<{ postcode?: string; huisnummer?: number; huisnummer_toevoeging?: string }>(`/api/v1/households/${encodeURIComponent(hid)}`)
    .then((hh) => {
      if (!isCurrent() || !hh.postcode) return;
      const text = `${hh.postcode} ${hh.huisnummer ?? ''}${hh.huisnummer_toevoeging ? ` ${hh.huisnummer_toevoeging}` : ''}`.trim();
      replace(heading, `Plan van huishouden ${text}`);
      document.title = `Plan van huishouden ${text} — eenplan`;
    }, () => {});
  if (!answer) {
    const role = me.user.role;
    main.append(h('div', { class: 'ep-stack' },
      notice ? alertBox(notice.kind, notice.text) : null,
      alertBox('info', role === 'partner' ? 'Er is geen plan dat u mag inzien.' : 'Dit huishouden heeft geen actief plan.'),
      role === 'regisseur' || role === 'supervisor' ? createForm(ctx, hid, me) : null));
    return;
  }
  const view = new PlanView(ctx, hid, ref.codelists, me, answer.body as Plan, answer.etag);
  if (notice) view.notice.append(alertBox(notice.kind, notice.text));
  view.draw();
  main.append(view.notice, view.root);
}
