// SPDX-License-Identifier: EUPL-1.2
//
// intake/view.ts: the intake form (lazy-loaded: pages/intake.ts imports it when an intake page
// is opened, so the first load stays small).
//
//   renderStart   /intake/nieuw[?contact=ID]: find the household (by address, or by a BSN sent
//                 in the body of POST /api/v1/households/search, never in a URL), then the
//                 carried-forward draft of a known household (POST /households/{id}/draft) or a
//                 new household; the contact's id goes along
//   renderIntake  /intakes/ID: the draft, laid out from the questionnaire (GET
//                 /api/v1/questionnaire): the main problem first, then the sections in their
//                 order, each question by its soort; a finalised intake read only, with its
//                 addenda and consent given afterwards
//
// The whole form lives in the state (state.intakes, intake/model.ts); the elements only show it
// and write each change back by its JSON path. Saving is intake/save.ts; a colleague's version
// met on saving is shown here field by field (theirs and yours) for the case worker to choose.

import { ApiError, api, exchange } from '../api';
import { label as codeLabel } from '../data';
import { type Child, h, replace } from '../dom';
import {
  type Field, checkboxField, errorSummary, fieldMessage, radioField, selectField, textField, whileBusy,
} from '../form';
import type { PageContext } from '../page';
import type { IntakeRequests } from '../pages/intake';
import { type Code, type Codelists, type Vindplaats, getState, setState, takeNotice } from '../state';
import { formatDate, today } from '../texts';
import { alertBox, button, dataList, errorText, hidden } from '../ui';
import {
  type FieldDiff, type IntakeDoc, type IntakeForm, type Json, type Obj, type Path, allChosen, clone,
  diff3, fromServer, getAt, isObj, itemByKey, list, merge, pathString, setAt, splitPath, toServer,
} from './model';
import { onSaveBeforeSignOut } from '../unsaved';
import { Saver, formOf, patchForm, putForm } from './save';

interface Question {
  id: string; veld: string; vraag: string; soort: string; vocabulaire?: string; schaal?: string;
  verplicht?: boolean; regel?: string;
}
interface Section { id: string; titel: string; toelichting?: string; vragen: Question[] }
interface Questionnaire { version: string; titel: string; toelichting?: string; secties: Section[] }

interface Ref { codelists: Codelists; vindplaatsen: Vindplaats[]; questionnaire: Questionnaire }

/** The reference data of @asked (pages/intake.ts started the requests). */
async function loadAll(asked: IntakeRequests): Promise<Ref> {
  const [ref, q] = await Promise.all([asked.reference, asked.questionnaire as Promise<Questionnaire>]);
  return { ...ref, questionnaire: q };
}

const LAST_CHOICES = 'eenplan.contact.laatst';
function lastVindplaats(): string {
  try {
    return (JSON.parse(localStorage.getItem(LAST_CHOICES) ?? '{}') as Record<string, string>).vindplaats_id ?? '';
  } catch {
    return '';
  }
}

function personName(p: Obj): string {
  const name = [p.given_names, p.surname_prefix, p.surname].filter((x) => typeof x === 'string' && x).join(' ');
  return name || 'Nieuwe persoon';
}

const savers = new Map<string, Saver>();
let unloadGuard = false;

function guardUnload(): void {
  if (unloadGuard) return;
  unloadGuard = true;
  // Signing out saves what is pending first (with the session that is about to end).
  onSaveBeforeSignOut(async () => {
    await Promise.allSettled([...savers.values()].map((saver) => saver.flush()));
  });
  window.addEventListener('beforeunload', (event) => {
    if (Object.values(getState().intakes).some((f) => f.dirty || f.conflict)) event.preventDefault();
  });
}

// ---- starting an intake -----------------------------------------------------------------------

interface Household {
  id: string; postcode: string; huisnummer: number; huisnummer_toevoeging?: string; wijk?: string;
  members?: { person_id: string; given_names?: string; surname?: string; surname_prefix?: string; role?: string }[];
}

interface WerkbakContact { id: string; vindplaats_id: string; question: string; date: string }

function newForm(doc: IntakeDoc): IntakeForm {
  return { id: null, etag: null, status: 'draft', doc, base: null, dirty: false, save: { state: 'new' }, errors: [], conflict: null };
}

export async function renderStart(ctx: PageContext, asked: IntakeRequests): Promise<void> {
  const { main, query, isCurrent, navigate } = ctx;
  main.append(h('h1', { class: 'utrecht-heading-1' }, 'Intake starten'));
  const contactId = query.get('contact');
  let ref: Ref;
  let contact: WerkbakContact | undefined;
  try {
    ref = await loadAll(asked);
    if (contactId) {
      const w = await api.get<{ new_contacts: { items: WerkbakContact[] } }>('/api/v1/werkbak');
      contact = w.new_contacts.items.find((c) => c.id === contactId);
    }
  } catch (error) {
    if (isCurrent()) main.append(alertBox('error', errorText(error)));
    return;
  }
  if (!isCurrent()) return;
  if (contact) {
    main.append(h('div', { class: 'ep-stack' },
      h('p', { class: 'utrecht-paragraph' }, `Vanuit het contact van ${formatDate(contact.date)}:`),
      h('blockquote', { class: 'ep-quote utrecht-paragraph' }, contact.question)));
  }
  const vindplaatsId = contact?.vindplaats_id
    ?? (ref.vindplaatsen.some((v) => v.id === lastVindplaats()) ? lastVindplaats() : ref.vindplaatsen[0]?.id ?? '');

  const start = async (doc: IntakeDoc) => {
    if (contactId) doc.contact_id = contactId;
    putForm('nieuw', newForm(doc));
    navigate('/intake/nieuw/formulier');
  };

  const summary = errorSummary();
  const postcode = textField({ name: 'postcode', label: 'Postcode', noun: 'De postcode', autocomplete: 'off' });
  const huisnummer = textField({ name: 'huisnummer', label: 'Huisnummer', noun: 'Het huisnummer', autocomplete: 'off' });
  huisnummer.focusTarget.setAttribute('inputmode', 'numeric');
  const bsn = textField({
    name: 'bsn', label: 'BSN', noun: 'Het BSN', autocomplete: 'off',
    description: 'Het BSN gaat alleen in de vraag aan de server mee, nooit in het adres van de pagina.',
  });
  bsn.focusTarget.setAttribute('inputmode', 'numeric');
  const results = h('div', { class: 'ep-stack', 'aria-live': 'polite' });

  const showResults = (found: Household[], searched: { postcode?: string; huisnummer?: number }) => {
    replace(results,
      h('h2', { class: 'utrecht-heading-2' }, found.length === 0 ? 'Geen huishouden gevonden'
        : found.length === 1 ? '1 huishouden gevonden' : `${found.length} huishoudens gevonden`),
      found.map((hh) => {
        const address = `${hh.postcode} ${hh.huisnummer}${hh.huisnummer_toevoeging ?? ''}`;
        return h('div', { class: 'ep-card' },
          h('h3', { class: 'utrecht-heading-3' }, address, hh.wijk ? ` (${hh.wijk})` : ''),
          h('p', { class: 'utrecht-paragraph' }, (hh.members ?? []).map((m) =>
            [m.given_names, m.surname_prefix, m.surname].filter(Boolean).join(' ')).join(', ') || 'Geen leden'),
          button(['Intake met dit huishouden', hidden(` ${address}`)], 'primary', () => void (async () => {
            try {
              const draft = await api.post<Obj>(`/api/v1/households/${hh.id}/draft`, { vindplaats_id: vindplaatsId, date: today() });
              const doc = fromServer(draft);
              if (typeof doc.main_problem !== 'string') doc.main_problem = '';
              if (!doc.vindplaats_id) doc.vindplaats_id = vindplaatsId;
              await start(doc);
            } catch (error) {
              summary.show(errorText(error), []);
            }
          })()));
      }),
      h('p', { class: 'utrecht-paragraph' },
        button('Nieuw huishouden', found.length === 0 ? 'primary' : 'secondary', () => void start({
          household: { postcode: searched.postcode ?? '', ...(searched.huisnummer ? { huisnummer: searched.huisnummer } : {}) },
          vindplaats_id: vindplaatsId, template_version: ref.questionnaire.version, form: 'huisbezoek',
          date: today(), main_problem: '', place: '',
          persons: [{ ref: 'p1', role: 'ouder_verzorger' }],
          participants: [], assessments: [], positive_health: [], strengths: [], needs: [],
          safety_signals: [], consents: [],
        }))));
  };

  const search = async (body: Record<string, unknown>, fields: Field[], searched: { postcode?: string; huisnummer?: number }) => {
    summary.clear();
    for (const f of [postcode, huisnummer, bsn]) f.setError(null);
    try {
      const page = await api.post<{ items: Household[] }>('/api/v1/households/search', body);
      showResults(page.items, searched);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const problems = error.fieldErrors.map((e) => {
        const field = fields.find((f) => f.name === e.path) ?? fields[0]!;
        const message = fieldMessage(field, e.detail);
        field.setError(message);
        return { field, message };
      });
      summary.show(problems.length ? null : error.message, problems);
    }
  };

  const byAddress = h('form', { novalidate: true, 'aria-labelledby': 'zoek-adres' },
    h('h2', { class: 'utrecht-heading-2', id: 'zoek-adres' }, 'Zoeken op adres'),
    h('div', { class: 'ep-columns' }, postcode.root, huisnummer.root),
    h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Zoeken op adres'));
  byAddress.addEventListener('submit', (e) => {
    e.preventDefault();
    const pc = postcode.value().replace(/\s+/g, '').toUpperCase();
    const nr = Number.parseInt(huisnummer.value(), 10);
    void search({ postcode: pc, ...(Number.isFinite(nr) ? { huisnummer: nr } : {}) }, [postcode, huisnummer],
      { postcode: pc, huisnummer: Number.isFinite(nr) ? nr : undefined });
  });
  const byBsn = h('form', { novalidate: true, 'aria-labelledby': 'zoek-bsn' },
    h('h2', { class: 'utrecht-heading-2', id: 'zoek-bsn' }, 'Zoeken op BSN'),
    bsn.root,
    h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Zoeken op BSN'));
  byBsn.addEventListener('submit', (e) => {
    e.preventDefault();
    void search({ bsn: bsn.value().replace(/\D/g, '') }, [bsn], {});
  });
  main.append(
    h('p', { class: 'utrecht-paragraph utrecht-paragraph--lead' },
      'Zoek eerst het huishouden: is het bekend, dan begint de intake met wat al bekend is.'),
    summary.root, h('div', { class: 'ep-columns ep-search' }, byAddress, byBsn), results);
}

// ---- the form ---------------------------------------------------------------------------------

const nouns: Record<string, string> = {
  main_problem: 'het hoofdprobleem', form: 'de vorm', form_reason: 'de reden', date: 'de datum',
  place: 'de plaats', vindplaats_id: 'de vindplaats', postcode: 'de postcode', huisnummer: 'het huisnummer',
  huisnummer_toevoeging: 'de toevoeging', wijk: 'de wijk', given_names: 'de voornamen',
  surname_prefix: 'het tussenvoegsel', surname: 'de achternaam', bsn: 'het BSN', birth_date: 'de geboortedatum',
  role: 'de rol', kind: 'de soort', person: 'de persoon', name: 'de naam', organisation: 'de organisatie',
  domain: 'het leefgebied', score: 'de score', explanation: 'de toelichting', dimension: 'de dimensie',
  rating: 'het cijfer', description: 'de omschrijving', law: 'de wet', urgency: 'de urgentie',
  status: 'de status', severity: 'de ernst', closed: 'afgesloten', decision: 'het besluit', steps: 'de stappen',
  step: 'de stap', by: 'wie', note: 'de notitie', data: 'de gegevens', purpose: 'het doel',
  granted_on: 'de datum van toestemming', valid_until: 'geldig tot', household: 'het huishouden',
  persons: 'de personen', needs: 'de hulpvragen', contact_id: 'het contact', template_version: 'de vragenlijst',
};

const listNames: Record<string, string> = {
  persons: 'Persoon', participants: 'Deelnemer', assessments: 'ZRM', positive_health: 'Positieve Gezondheid',
  strengths: 'Kracht', needs: 'Hulpvraag', safety_signals: 'Signaal', consents: 'Toestemming',
};

const strengthKinds: Code[] = [{ code: 'eigen_kracht', label: 'Eigen kracht' }, { code: 'netwerk', label: 'Netwerk' }];

/** A server rule ("verplicht", "is langer dan …") as the end of a Dutch sentence after the noun. */
function rule(detail: string): string {
  return /^(is|moet|mag|kan|komt|staat|bestaat|heeft|hoort|noemt|ligt|valt)\b/.test(detail) ? detail
    : /^(verplicht|onbekend)/.test(detail) ? `is ${detail}` : `: ${detail}`;
}

class FormView {
  private fields = new Map<string, Field>();
  private body = h('div', { class: 'ep-stack' });
  private status = h('p', { class: 'utrecht-paragraph ep-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'opslaan-status' });
  private retry = button('Nu opnieuw opslaan', 'secondary', () => void this.saver.flush());
  private summary = errorSummary();
  private conflictBox = h('div');
  private saver: Saver;

  constructor(private key: string, private ref: Ref, private ctx: PageContext) {
    const existing = savers.get(key);
    const hooks = {
      created: (id: string) => this.created(id),
      changed: () => this.saveChanged(),
      adopted: () => { if (this.ctx.isCurrent()) this.draw(); },
    };
    if (existing) {
      existing.setHooks(hooks);
      this.saver = existing;
    } else {
      this.saver = new Saver(key, hooks);
      savers.set(key, this.saver);
    }
    guardUnload();
  }

  get form(): IntakeForm { return formOf(this.key)!; }
  get doc(): IntakeDoc { return this.form.doc; }

  private created(id: string): void {
    // The new draft has its id: keep the form under it and show its own address.
    const intakes = { ...getState().intakes };
    const form = intakes[this.key]!;
    delete intakes[this.key];
    intakes[id] = form;
    setState({ intakes });
    savers.delete(this.key);
    savers.set(id, this.saver);
    this.saver.key = id;
    this.key = id;
    if (this.ctx.isCurrent()) history.replaceState(null, '', `/intakes/${id}`);
  }

  mount(): void {
    const { main } = this.ctx;
    const form = this.form;
    // Work taken back from the tab after the session ended or a reload (unsaved.ts): said once,
    // politely, and saved at once (with If-Match: a colleague's save in between is a conflict).
    const restored = form.restored
      ? alertBox('info', 'Uw niet-opgeslagen wijzigingen zijn teruggezet.') : null;
    restored?.setAttribute('data-testid', 'teruggezet');
    main.append(
      h('h1', { class: 'utrecht-heading-1' }, this.title()),
      restored ?? '',
      h('div', { class: 'ep-savebar' }, this.status, this.retry),
      this.summary.root, this.conflictBox, this.nav(), this.body);
    this.draw();
    this.saveChanged();
    if (form.conflict) this.drawConflict();
    if (form.restored) {
      patchForm(this.key, { restored: false });
      if (form.dirty) void this.saver.flush();
    }
  }

  private title(): string {
    const hh = this.doc.household as Obj | undefined;
    const address = hh?.postcode ? ` — ${hh.postcode} ${hh.huisnummer ?? ''}${hh.huisnummer_toevoeging ?? ''}` : '';
    return `Intake${address}`;
  }

  private nav(): HTMLElement {
    return h('nav', { class: 'ep-toc', 'aria-label': 'Onderdelen van de intake' },
      h('ul', { class: 'utrecht-unordered-list' }, this.ref.questionnaire.secties.map((s) =>
        h('li', { class: 'utrecht-unordered-list__item' },
          h('a', { class: 'utrecht-link utrecht-link--html-a', href: `#sectie-${s.id}` }, s.titel))),
      h('li', { class: 'utrecht-unordered-list__item' },
        h('a', { class: 'utrecht-link utrecht-link--html-a', href: '#sectie-afronden' }, 'Afronden'))));
  }

  // -- saving and its status ------------------------------------------------------------------

  private saveChanged(): void {
    const form = formOf(this.key);
    if (!form) return;
    const s = form.save;
    const time = (iso?: string) => iso ? new Date(iso).toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit' }) : '';
    const text = s.state === 'saving' ? 'Opslaan…'
      : s.state === 'saved' ? `Opgeslagen om ${time(s.at)}`
      : s.state === 'failed' ? `Niet opgeslagen: ${s.message ?? ''}${s.retrying ? ' Het wordt zo opnieuw geprobeerd.' : ''}`
      : s.state === 'conflict' ? 'Niet opgeslagen: een collega heeft dit concept intussen opgeslagen. Kies hieronder per veld.'
      : s.state === 'waiting' ? `Nog niet opgeslagen. ${s.message ?? ''}`
      : form.id && !form.dirty ? 'Opgeslagen' : 'Nog niet opgeslagen';
    if (this.status.textContent !== text) replace(this.status, text);
    this.status.setAttribute('data-state', s.state);
    this.status.setAttribute('data-dirty', String(form.dirty));
    this.retry.hidden = !(s.state === 'failed' && s.retrying);
    this.showErrors(false);
    if (form.conflict && !this.conflictBox.firstChild) this.drawConflict();
  }

  private changed(path: Path): void {
    // A change inside a carried item counts as going over it.
    if (path.length >= 2 && typeof path[1] === 'number') {
      const item = getAt(this.doc, path.slice(0, 2));
      if (isObj(item) && item.carried_from && item._bevestigd !== 'gewijzigd') {
        item._bevestigd = 'gewijzigd';
        this.markers.get(item)?.();
      }
    }
    this.saver.changed();
    this.status.setAttribute('data-dirty', 'true');
    // A colleague's version is waiting: the fields to choose follow what is typed meanwhile.
    if (this.form.conflict) {
      window.clearTimeout(this.conflictTimer);
      this.conflictTimer = window.setTimeout(() => this.drawConflict(false), 300);
    }
  }

  private conflictTimer = 0;

  private set(path: Path, value: Json | undefined): void {
    setAt(this.doc, path, value);
    this.changed(path);
  }

  // -- errors ---------------------------------------------------------------------------------

  private fieldFor(path: string): Field | undefined {
    let p = path;
    for (;;) {
      const f = this.fields.get(p);
      if (f) return f;
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) return undefined;
      p = p.slice(0, cut);
    }
  }

  private shownErrors = '';

  showErrors(focus: boolean, extra: { field: Field; message: string }[] = []): void {
    const errors = this.form.errors;
    // Drawn again only when they changed: a link of the summary must not vanish under a click.
    const key = JSON.stringify([errors, extra.map((e) => e.message), this.fields.size]);
    if (!focus && key === this.shownErrors) return;
    this.shownErrors = key;
    for (const f of this.fields.values()) f.setError(null);
    const problems: { field: Field; message: string }[] = [];
    let general: string | null = null;
    for (const e of errors) {
      const field = this.fieldFor(e.path);
      if (!field) { general = `${e.path}: ${e.detail}`; continue; }
      const r = rule(e.detail);
      const message = r.startsWith(':') ? `${fieldMessage(field, '')}${r}` : fieldMessage(field, r);
      field.setError(message);
      problems.push({ field, message });
    }
    for (const p of extra) { p.field.setError(p.message); problems.push(p); }
    if (problems.length === 0 && !general) this.summary.clear();
    else this.summary.show(general, problems, { focus });
  }

  // -- drawing --------------------------------------------------------------------------------

  private markers = new Map<Obj, () => void>();

  /** Draws the whole form from the state; the focused field keeps the focus. */
  draw(): void {
    const active = document.activeElement?.getAttribute('data-path') ?? null;
    this.fields.clear();
    this.shownErrors = '';
    this.markers.clear();
    replace(this.body, this.ref.questionnaire.secties.map((s) => this.section(s)), this.finaliseSection());
    if (active) this.body.querySelector<HTMLElement>(`[data-path="${CSS.escape(active)}"]`)?.focus();
    this.showErrors(false);
  }

  private register(path: Path, field: Field): HTMLElement {
    const p = pathString(path);
    this.fields.set(p, field);
    field.focusTarget.setAttribute('data-path', p);
    return field.root;
  }

  private text(path: Path, label: string, options: { rows?: number; type?: string; description?: string; required?: boolean; numeric?: boolean; integer?: boolean } = {}): HTMLElement {
    const value = getAt(this.doc, path);
    const member = String(path[path.length - 1]);
    const field = textField({
      name: pathString(path), label, noun: nouns[member] ?? label.toLocaleLowerCase('nl'),
      rows: options.rows, type: options.type, description: options.description, required: options.required,
      value: value === undefined || value === null ? '' : String(value), autocomplete: 'off',
      onInput: (x) => this.set(path, options.integer && /^\d+$/.test(x) ? Number(x) : x),
    });
    if (options.numeric || options.integer) field.focusTarget.setAttribute('inputmode', 'numeric');
    return this.register(path, field);
  }

  private select(path: Path, label: string, options: Code[], o: { placeholder?: string; required?: boolean; numeric?: boolean; onChange?: () => void } = {}): HTMLElement {
    const value = getAt(this.doc, path);
    const member = String(path[path.length - 1]);
    const field = selectField({
      name: pathString(path), label, noun: nouns[member] ?? label.toLocaleLowerCase('nl'),
      options, placeholder: o.placeholder, required: o.required ?? false,
      value: value === undefined || value === null ? '' : String(value),
      onInput: (x) => { this.set(path, o.numeric && x !== '' ? Number(x) : x); o.onChange?.(); },
    });
    return this.register(path, field);
  }

  private codes(name: string): Code[] {
    return this.ref.codelists[name] ?? [];
  }

  private personOptions(): Code[] {
    return list(this.doc, 'persons').map((p) => ({ code: String(p.ref ?? ''), label: personName(p) }));
  }

  private section(s: Section): HTMLElement {
    const headingId = `sectie-${s.id}`;
    const root = h('section', { class: 'ep-section ep-stack', 'aria-labelledby': `${headingId}-kop`, id: headingId },
      h('h2', { class: 'utrecht-heading-2', id: `${headingId}-kop` }, s.titel),
      s.toelichting ? h('p', { class: 'utrecht-paragraph' }, s.toelichting) : null,
      s.vragen.map((q) => this.question(q)));
    // Leaving a section saves at once.
    root.addEventListener('focusout', (e) => {
      const next = (e as FocusEvent).relatedTarget as Node | null;
      if (!next || !root.contains(next)) {
        if (this.form.dirty) void this.saver.flush();
      }
    });
    return root;
  }

  private question(q: Question): Child {
    switch (q.soort) {
      case 'tekst':
        return this.text([q.veld], q.vraag, { rows: 4, required: q.verplicht });
      case 'code': return this.codeQuestion(q);
      case 'personen': return this.persons(q);
      case 'deelnemers': return this.participants(q);
      case 'zrm': return this.zrm(q);
      case 'cijfers': return this.health(q);
      case 'krachten': return this.strengths(q);
      case 'hulpvragen': return this.needs(q);
      case 'veiligheid': return this.safety(q);
      case 'toestemming': return this.consents(q);
      default:
        return h('p', { class: 'utrecht-paragraph' }, `${q.vraag} (dit soort vraag, “${q.soort}”, kent dit formulier nog niet)`);
    }
  }

  private codeQuestion(q: Question): Child {
    const path = [q.veld];
    const value = getAt(this.doc, path);
    const field = radioField({
      name: q.veld, label: q.vraag, noun: nouns[q.veld] ?? 'de keuze', description: q.regel,
      options: this.codes(q.vocabulaire ?? ''), value: typeof value === 'string' ? value : '',
      onInput: (x) => { this.set(path, x); reason.hidden = !this.needsReason(); },
    });
    const parts: Child[] = [this.register(path, field)];
    const reason = h('div', {}, this.text(['form_reason'], 'Waarom geen huisbezoek?', { rows: 2 }));
    if (q.veld === 'form') {
      reason.hidden = !this.needsReason();
      parts.push(reason, this.meeting());
    }
    return parts;
  }

  private needsReason(): boolean {
    const form = this.doc.form;
    return typeof form === 'string' && form !== '' && form !== 'huisbezoek';
  }

  /** The conversation itself: date, place and vindplaats (after the form of the conversation). */
  private meeting(): HTMLElement {
    return h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group' },
      h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, 'Het gesprek'),
      h('div', { class: 'ep-columns' },
        this.text(['date'], 'Datum van het gesprek', { type: 'date', required: true }),
        this.text(['place'], 'Plaats'),
        this.select(['vindplaats_id'], 'Vindplaats', this.ref.vindplaatsen.map((v) => ({ code: v.id, label: v.naam })), { required: true })));
  }

  /** A fieldset for one item of a list, with its carried marker and a remove button. */
  private item(listName: string, index: number, title: string, content: Child[], removable = true): HTMLElement {
    const items = list(this.doc, listName);
    const item = items[index]!;
    const legendId = `${listName}-${index}-titel`;
    const marker = h('div', { class: 'ep-carried' });
    const drawMarker = () => {
      if (!item.carried_from) { marker.hidden = true; return; }
      const state = item._bevestigd;
      replace(marker,
        state
          ? h('span', { class: 'utrecht-paragraph ep-carried-done' }, state === 'bevestigd' ? 'bekend — bevestigd' : 'bekend — gewijzigd')
          : h('span', { class: 'utrecht-status-badge utrecht-status-badge--warning' }, 'bekend — bevestigen of wijzigen'),
        state ? null : button(['Bevestigen', hidden(` ${title.toLocaleLowerCase('nl')}`)], 'secondary', () => {
          item._bevestigd = 'bevestigd';
          drawMarker();
          marker.querySelector<HTMLElement>('.ep-carried-done')?.setAttribute('tabindex', '-1');
          marker.querySelector<HTMLElement>('.ep-carried-done')?.focus();
          // The confirmation is the form's own: the state keeps it, the server does not.
          setState({ intakes: { ...getState().intakes } });
        }, { 'data-bevestig': `${listName}[${index}]` }));
    };
    this.markers.set(item, drawMarker);
    drawMarker();
    return h('fieldset', {
      class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-item',
      'aria-labelledby': legendId, 'data-item': `${listName}[${index}]`,
    },
    h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend', id: legendId }, title),
    marker, content,
    removable ? h('div', { class: 'utrecht-button-group' }, button(['Verwijderen', hidden(` ${title.toLocaleLowerCase('nl')}`)], 'subtle', () => {
      items.splice(index, 1);
      this.changed([listName]);
      this.draw();
      this.body.querySelector<HTMLElement>(`[data-add="${listName}"]`)?.focus();
    })) : null);
  }

  private addButton(listName: string, text: string, make: () => Obj, focusMember: string): HTMLElement {
    return h('div', { class: 'utrecht-button-group' }, button(text, 'secondary', () => {
      const items = list(this.doc, listName);
      items.push(make());
      this.changed([listName]);
      this.draw();
      this.body.querySelector<HTMLElement>(`[data-path="${CSS.escape(`${listName}[${items.length - 1}].${focusMember}`)}"]`)?.focus();
    }, { 'data-add': listName }));
  }

  private group(title: string, description: string | null, ...children: Child[]): HTMLElement {
    return h('div', { class: 'ep-stack ep-question' },
      h('h3', { class: 'utrecht-heading-3' }, title),
      description ? h('p', { class: 'utrecht-paragraph' }, description) : null, children);
  }

  private persons(q: Question): Child {
    const hh = (isObj(this.doc.household) ? this.doc.household : (this.doc.household = {})) as Obj;
    const address = hh.id
      ? h('p', { class: 'utrecht-paragraph' }, `Bekend huishouden: ${hh.postcode ?? ''} ${hh.huisnummer ?? ''}${hh.huisnummer_toevoeging ?? ''}${hh.wijk ? `, ${hh.wijk}` : ''}`)
      : h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group' },
        h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, 'Adres van het huishouden'),
        h('div', { class: 'ep-columns' },
          this.text(['household', 'postcode'], 'Postcode', { required: true }),
          this.text(['household', 'huisnummer'], 'Huisnummer', { required: true, integer: true }),
          this.text(['household', 'huisnummer_toevoeging'], 'Toevoeging'),
          this.text(['household', 'wijk'], 'Wijk')));
    const persons = list(this.doc, 'persons');
    return this.group(q.vraag, null, address,
      persons.map((p, i) => {
        const path = (m: string): Path => ['persons', i, m];
        const known = typeof p.id === 'string';
        const content: Child[] = known
          ? [h('p', { class: 'utrecht-paragraph' }, `${personName(p)}${p.birth_date ? `, geboren ${formatDate(String(p.birth_date))}` : ''}`),
            this.select(path('role'), 'Rol in het huishouden', this.codes(q.vocabulaire ?? 'gezinsrol'), { required: true })]
          : [h('div', { class: 'ep-columns' },
            this.text(path('given_names'), 'Voornamen'),
            this.text(path('surname_prefix'), 'Tussenvoegsel'),
            this.text(path('surname'), 'Achternaam', { required: true }),
            this.text(path('bsn'), 'BSN', { numeric: true }),
            this.text(path('birth_date'), 'Geboortedatum', { type: 'date' }),
            this.select(path('role'), 'Rol in het huishouden', this.codes(q.vocabulaire ?? 'gezinsrol'), { required: true }))];
        const el = this.item('persons', i, `Persoon ${i + 1}: ${personName(p)}`, content, !known);
        el.querySelector('legend')?.setAttribute('data-naam-van', String(p.ref ?? ''));
        el.querySelector('legend')?.setAttribute('data-naam-sjabloon', `Persoon ${i + 1}: {}`);
        // Names show in the other sections too: change them there as they are typed.
        el.addEventListener('input', (e) => {
          const t = e.target as HTMLElement;
          if (/\.(given_names|surname|surname_prefix)$/.test(t.getAttribute('data-path') ?? '')) this.rename(p);
        });
        return el;
      }),
      this.addButton('persons', 'Persoon toevoegen', () => {
        const refs = new Set(persons.map((p) => p.ref));
        let n = persons.length + 1;
        while (refs.has(`p${n}`)) n++;
        return { ref: `p${n}`, role: 'kind' };
      }, 'given_names'));
  }

  /** Shows @p's name wherever the form names the person (legends, the persons' choices). */
  private rename(p: Obj): void {
    const ref = String(p.ref ?? '');
    const name = personName(p);
    for (const el of this.body.querySelectorAll<HTMLElement>(`[data-naam-van="${CSS.escape(ref)}"]`)) {
      el.textContent = (el.getAttribute('data-naam-sjabloon') ?? '{}').replace('{}', name);
    }
    for (const option of this.body.querySelectorAll<HTMLOptionElement>(`select option[value="${CSS.escape(ref)}"]`)) {
      option.textContent = name;
    }
  }

  private participants(q: Question): Child {
    const items = list(this.doc, 'participants');
    return this.group(q.vraag, null, items.map((p, i) => {
      const path = (m: string): Path => ['participants', i, m];
      return this.item('participants', i, `Deelnemer ${i + 1}`, [h('div', { class: 'ep-columns' },
        this.select(path('kind'), 'Soort deelnemer', this.codes(q.vocabulaire ?? 'deelnemer'), { required: true }),
        p.kind === 'bewoner'
          ? this.select(path('person'), 'Persoon', this.personOptions(), { placeholder: 'Kies een persoon', required: true })
          : this.text(path('name'), 'Naam'),
        this.text(path('organisation'), 'Organisatie'),
        this.text(path('role'), 'Rol'))]);
    }),
    this.addButton('participants', 'Deelnemer toevoegen', () => ({ kind: 'netwerk' }), 'kind'));
  }

  /** One ZRM assessment: the item of @person and @domain, made or dropped as needed. */
  private assessmentIndex(person: string, domain: string): number {
    return list(this.doc, 'assessments').findIndex((a) => a.person === person && a.domain === domain);
  }

  private zrm(q: Question): Child {
    const scale = this.codes(q.schaal ?? 'zrm_score').map((c) => ({ code: c.code, label: `${c.code} — ${c.label}` }));
    const domains = this.codes(q.vocabulaire ?? 'leefgebied');
    return this.group(q.vraag, 'Een leefgebied mag zonder score blijven, met of zonder toelichting.',
      list(this.doc, 'persons').map((p) => {
        const ref = String(p.ref ?? '');
        const name = personName(p);
        return h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group', 'data-zrm': ref },
          h('legend', {
            class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend',
            'data-naam-van': ref, 'data-naam-sjabloon': 'Zelfredzaamheid van {}',
          }, `Zelfredzaamheid van ${name}`),
          domains.map((d) => {
            const index = this.assessmentIndex(ref, d.code);
            const at = index >= 0 ? index : list(this.doc, 'assessments').length;
            const write = (member: string, value: Json | undefined) => {
              const items = list(this.doc, 'assessments');
              let i = this.assessmentIndex(ref, d.code);
              if (i < 0) { items.push({ person: ref, domain: d.code }); i = items.length - 1; }
              setAt(items[i]!, [member], value);
              if (items[i]!.score === undefined && items[i]!.explanation === undefined) items.splice(i, 1);
              this.changed(['assessments']);
            };
            const current = index >= 0 ? list(this.doc, 'assessments')[index]! : {};
            const score = selectField({
              name: `assessments[${at}].score`, label: `${d.label}: score`, noun: `de score voor ${d.label}`,
              options: scale, placeholder: 'Geen score', required: false,
              value: current.score === undefined ? '' : String(current.score),
              onInput: (x) => write('score', x === '' ? undefined : Number(x)),
            });
            const explanation = textField({
              name: `assessments[${at}].explanation`, label: `${d.label}: toelichting`, noun: `de toelichting bij ${d.label}`,
              value: typeof current.explanation === 'string' ? current.explanation : '', autocomplete: 'off',
              onInput: (x) => write('explanation', x),
            });
            if (index >= 0) {
              this.register(['assessments', index, 'score'], score);
              this.register(['assessments', index, 'explanation'], explanation);
            }
            score.focusTarget.setAttribute('data-path', `zrm:${ref}:${d.code}:score`);
            explanation.focusTarget.setAttribute('data-path', `zrm:${ref}:${d.code}:explanation`);
            return h('div', { class: 'ep-zrm-row' }, score.root, explanation.root);
          }));
      }));
  }

  private health(q: Question): Child {
    const ratings: Code[] = Array.from({ length: 11 }, (_, i) => ({ code: String(i), label: String(i) }));
    const dims = this.codes(q.vocabulaire ?? 'gezondheid_dimensie');
    return this.group(q.vraag, null, list(this.doc, 'persons').map((p) => {
      const ref = String(p.ref ?? '');
      return h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group' },
        h('legend', {
          class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend',
          'data-naam-van': ref, 'data-naam-sjabloon': 'Positieve Gezondheid van {}',
        }, `Positieve Gezondheid van ${personName(p)}`),
        h('div', { class: 'ep-columns' }, dims.map((d) => {
          const items = list(this.doc, 'positive_health');
          const index = items.findIndex((x) => x.person === ref && x.dimension === d.code);
          const field = selectField({
            name: `positive_health[${index >= 0 ? index : items.length}].rating`, label: d.label, noun: `het cijfer voor ${d.label}`,
            options: ratings, placeholder: 'Geen cijfer', required: false,
            value: index >= 0 ? String(items[index]!.rating ?? '') : '',
            onInput: (x) => {
              const all = list(this.doc, 'positive_health');
              const i = all.findIndex((y) => y.person === ref && y.dimension === d.code);
              if (x === '') { if (i >= 0) all.splice(i, 1); } else if (i >= 0) all[i]!.rating = Number(x);
              else all.push({ person: ref, dimension: d.code, rating: Number(x) });
              this.changed(['positive_health']);
            },
          });
          if (index >= 0) this.register(['positive_health', index, 'rating'], field);
          field.focusTarget.setAttribute('data-path', `pg:${ref}:${d.code}`);
          return field.root;
        })));
    }));
  }

  private strengths(q: Question): Child {
    const items = list(this.doc, 'strengths');
    return this.group(q.vraag, null, items.map((_, i) => {
      const path = (m: string): Path => ['strengths', i, m];
      return this.item('strengths', i, `Kracht ${i + 1}`, [
        h('div', { class: 'ep-columns' },
          this.select(path('kind'), 'Soort', strengthKinds, { required: true }),
          this.select(path('person'), 'Van wie', this.personOptions(), { placeholder: 'Het hele huishouden' })),
        this.text(path('description'), 'Omschrijving', { rows: 2, required: true })]);
    }),
    this.addButton('strengths', 'Kracht toevoegen', () => ({ kind: 'eigen_kracht' }), 'kind'));
  }

  private needs(q: Question): Child {
    const items = list(this.doc, 'needs');
    return this.group(q.vraag, null, items.map((_, i) => {
      const path = (m: string): Path => ['needs', i, m];
      return this.item('needs', i, `Hulpvraag ${i + 1}`, [
        h('div', { class: 'ep-columns' },
          this.select(path('person'), 'Voor wie', this.personOptions(), { placeholder: 'Kies een persoon', required: true }),
          this.select(path('domain'), 'Leefgebied', this.codes('leefgebied'), { placeholder: 'Kies een leefgebied', required: true })),
        this.text(path('description'), 'Omschrijving', { rows: 2, required: true }),
        h('div', { class: 'ep-columns' },
          this.select(path('law'), 'Wet', this.codes(q.vocabulaire ?? 'wet'), { placeholder: 'Kies een wet', required: true }),
          this.select(path('urgency'), 'Urgentie', this.codes('urgentie'), { required: true }),
          this.select(path('status'), 'Status', this.codes('hulpvraag_status'), { required: true }))]);
    }),
    this.addButton('needs', 'Hulpvraag toevoegen', () => {
      const persons = list(this.doc, 'persons');
      return { person: persons.length === 1 ? String(persons[0]!.ref) : '', urgency: 'normaal', status: 'open' };
    }, 'person'));
  }

  private safety(q: Question): Child {
    const items = list(this.doc, 'safety_signals');
    return this.group(q.vraag, null, items.map((signal, i) => {
      const path = (...m: (string | number)[]): Path => ['safety_signals', i, ...m];
      const steps = Array.isArray(signal.steps) ? signal.steps as Obj[] : (signal.steps = []) as Obj[];
      const closed = checkboxField({
        name: pathString(path('closed')), label: 'Afgesloten', noun: 'afgesloten',
        options: [{ code: 'ja', label: 'Dit signaal is afgesloten' }], value: signal.closed ? ['ja'] : [],
        onInput: (v) => this.set(path('closed'), v.length > 0 ? true : undefined),
      });
      return this.item('safety_signals', i, `Signaal ${i + 1}`, [
        this.text(path('description'), 'Omschrijving van het signaal', { rows: 2, required: true }),
        this.select(path('severity'), 'Ernst', this.codes('veiligheid'), { required: true }),
        h('div', { class: 'ep-stack' }, steps.map((_, j) =>
          h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group' },
            h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, `Signaal ${i + 1}, stap ${j + 1}`),
            h('div', { class: 'ep-columns' },
              this.select(path('steps', j, 'step'), 'Stap van de Meldcode', this.codes(q.vocabulaire ?? 'meldcode_stap'), { required: true }),
              this.text(path('steps', j, 'date'), 'Datum', { type: 'date', required: true }),
              this.text(path('steps', j, 'by'), 'Door wie', { required: true })),
            this.text(path('steps', j, 'note'), 'Notitie', { rows: 2 }),
            h('div', { class: 'utrecht-button-group' }, button(['Stap verwijderen', hidden(` ${j + 1} van signaal ${i + 1}`)], 'subtle', () => {
              steps.splice(j, 1); this.changed(path('steps')); this.draw();
            }))))),
        h('div', { class: 'utrecht-button-group' }, button(['Stap toevoegen', hidden(` bij signaal ${i + 1}`)], 'secondary', () => {
          steps.push({ step: 'signaleren', date: today(), by: getState().me?.user.display_name ?? '' });
          this.changed(path('steps'));
          this.draw();
          this.body.querySelector<HTMLElement>(`[data-path="${CSS.escape(pathString(path('steps', steps.length - 1, 'step')))}"]`)?.focus();
        })),
        this.register(path('closed'), closed),
        this.text(path('decision'), 'Besluit (Meldcode stap 5)', { rows: 2 })]);
    }),
    this.addButton('safety_signals', 'Signaal toevoegen', () => ({ severity: 'zorg', steps: [] }), 'description'));
  }

  private consents(q: Question): Child {
    const items = list(this.doc, 'consents');
    return this.group(q.vraag, null, items.map((c, i) => {
      const path = (m: string): Path => ['consents', i, m];
      const data = checkboxField({
        name: pathString(path('data')), label: 'Welke gegevens', noun: 'de gegevens',
        options: this.codes(q.vocabulaire ?? 'gegevenssoort'), value: Array.isArray(c.data) ? c.data as string[] : [],
        onInput: (v) => this.set(path('data'), v.length > 0 ? v : undefined),
      });
      return this.item('consents', i, `Toestemming ${i + 1}`, [
        this.text(path('organisation'), 'Organisatie', { required: true }),
        this.register(path('data'), data),
        this.text(path('purpose'), 'Doel', { required: true }),
        h('div', { class: 'ep-columns' },
          this.text(path('granted_on'), 'Gegeven op', { type: 'date', required: true }),
          this.text(path('valid_until'), 'Geldig tot', { type: 'date', required: true }))]);
    }),
    this.addButton('consents', 'Toestemming toevoegen', () => ({ granted_on: today() }), 'organisation'));
  }

  // -- finalising -----------------------------------------------------------------------------

  private finaliseSection(): HTMLElement {
    const dialogTitle = 'dialoog-afronden';
    const cancel = button('Annuleren', 'secondary', () => dialog.close());
    const confirm = button('Ja, intake afronden', 'primary', () => { dialog.close(); void this.finalise(); });
    const dialog = h('dialog', { class: 'ep-dialog', 'aria-labelledby': dialogTitle },
      h('h2', { class: 'utrecht-heading-2', id: dialogTitle }, 'Intake afronden?'),
      h('p', { class: 'utrecht-paragraph' }, 'Na het afronden kan niemand de intake nog wijzigen. Een correctie kan daarna alleen als addendum, met een reden.'),
      h('div', { class: 'utrecht-button-group' }, confirm, cancel));
    const open = button('Intake afronden', 'primary', () => {
      const unconfirmed = this.unconfirmed();
      if (unconfirmed.length > 0) {
        this.showErrors(true, unconfirmed);
        return;
      }
      dialog.showModal();
      cancel.focus();
    });
    return h('section', { class: 'ep-section ep-stack', id: 'sectie-afronden', 'aria-labelledby': 'sectie-afronden-kop' },
      h('h2', { class: 'utrecht-heading-2', id: 'sectie-afronden-kop' }, 'Afronden'),
      h('p', { class: 'utrecht-paragraph' }, 'Rond de intake af als alles is besproken en vastgelegd. Daarna is zij niet meer te wijzigen.'),
      h('div', { class: 'utrecht-button-group' }, open), dialog);
  }

  /** The carried items not yet confirmed or changed, as problems with their confirm button. */
  private unconfirmed(): { field: Field; message: string }[] {
    const out: { field: Field; message: string }[] = [];
    for (const name of ['persons', 'strengths', 'needs', 'consents']) {
      list(this.doc, name).forEach((item, i) => {
        if (!item.carried_from || item._bevestigd) return;
        const target = this.body.querySelector<HTMLElement>(`[data-bevestig="${name}[${i}]"]`);
        if (!target) return;
        const message = `${listNames[name]} ${i + 1} is bekend: bevestig of wijzig die eerst`;
        out.push({
          message,
          field: { name: `${name}[${i}]`, noun: '', root: target, focusTarget: target, value: () => '', setError: () => {} },
        });
      });
    }
    return out;
  }

  private async finalise(): Promise<void> {
    await this.saver.flush();
    const form = this.form;
    if (form.conflict || form.dirty || !form.id || form.errors.length > 0) {
      this.showErrors(true);
      if (form.errors.length === 0) {
        this.summary.show(form.conflict ? 'Kies eerst per veld welke versie blijft.' : 'Het concept is nog niet opgeslagen; afronden kan pas daarna.', [], { focus: true });
      }
      return;
    }
    try {
      const answer = await exchange<Obj>('POST', `/api/v1/intakes/${form.id}/finalise`, {}, { 'If-Match': form.etag ?? '""' });
      this.saver.stop();
      savers.delete(this.key);
      putForm(this.key, readOnlyForm(answer.body, answer.etag));
      setState({ notice: { kind: 'ok', text: 'De intake is afgerond.' } });
      this.ctx.navigate(`/intakes/${form.id}`, { replace: true });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 412) {
        patchForm(this.key, { dirty: true });
        await this.saver.flush();
        return;
      }
      this.summary.show(error.fieldErrors.length ? error.fieldErrors.map((e) => `${e.path}: ${e.detail}`).join('; ') : error.message, [], { focus: true });
    }
  }

  // -- conflicts ------------------------------------------------------------------------------

  private describe(path: string, side: 'theirs' | 'mine'): { label: string } {
    const { list: listName, key, member } = splitPath(path);
    const doc = side === 'theirs' ? this.form.conflict!.theirs : this.doc;
    const noun = nouns[member] ?? member;
    const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    if (!listName) return { label: cap(noun) };
    if (!key) return { label: `${cap(nouns[listName] ?? listName)}: ${noun}` };
    const item = itemByKey(doc, this.form.base, listName, key, side === 'theirs' ? 't' : 'm')
      ?? itemByKey(side === 'theirs' ? this.doc : this.form.conflict!.theirs, this.form.base, listName, key, side === 'theirs' ? 'm' : 't');
    const items = list(doc, listName);
    const n = item ? items.indexOf(item) + 1 : 0;
    let what = `${listNames[listName] ?? listName}${n > 0 ? ` ${n}` : ''}`;
    if (item && typeof item.description === 'string') what += ` (“${item.description.slice(0, 40)}”)`;
    else if (item && listName === 'assessments') what = `ZRM ${codeLabel(this.ref.codelists, 'leefgebied', String(item.domain))}`;
    return { label: `${what}: ${noun}` };
  }

  private show(path: string, value: string | undefined): string {
    if (value === undefined) return '(leeg)';
    const v = JSON.parse(value) as Json;
    const member = splitPath(path).member;
    const lists: Record<string, string> = {
      form: 'intake_vorm', law: 'wet', urgency: 'urgentie', status: 'hulpvraag_status', domain: 'leefgebied',
      role: 'gezinsrol', severity: 'veiligheid', step: 'meldcode_stap', dimension: 'gezondheid_dimensie',
    };
    if (Array.isArray(v)) return v.map((x) => (member === 'data' ? codeLabel(this.ref.codelists, 'gegevenssoort', String(x)) : JSON.stringify(x))).join(', ');
    if (typeof v === 'boolean') return v ? 'ja' : 'nee';
    if (member === 'person') {
      const p = list(this.doc, 'persons').find((x) => x.ref === v);
      return p ? personName(p) : String(v);
    }
    if (lists[member]) return codeLabel(this.ref.codelists, lists[member]!, String(v));
    if (/^(date|birth_date|granted_on|valid_until)$/.test(member)) return formatDate(String(v));
    if (member === 'vindplaats_id') return this.ref.vindplaatsen.find((x) => x.id === v)?.naam ?? String(v);
    return String(v);
  }

  drawConflict(focus = true): void {
    const form = this.form;
    const conflict = form.conflict;
    if (!conflict) { replace(this.conflictBox); return; }
    const diffs: FieldDiff[] = diff3(form.base, conflict.theirs, this.doc);
    const choiceFields: { diff: FieldDiff; field: Field }[] = [];
    const summary = errorSummary();
    const rows = diffs.map((d, i) => {
      const chosen = conflict.choices[d.path] ?? d.preselect ?? '';
      const field = radioField({
        name: `keuze-${i}`, label: this.describe(d.path, 'mine').label, noun: 'deze keuze',
        description: d.preselect === 'theirs' ? 'Alleen uw collega heeft dit gewijzigd.'
          : d.preselect === 'mine' ? 'Alleen u heeft dit gewijzigd.' : 'U en uw collega hebben dit allebei gewijzigd: kies welke versie blijft.',
        options: [
          { code: 'theirs', label: `Versie van uw collega: ${this.show(d.path, d.theirs)}` },
          { code: 'mine', label: `Uw versie: ${this.show(d.path, d.mine)}` },
        ],
        value: chosen,
        onInput: (x) => {
          const c = formOf(this.key)!.conflict!;
          patchForm(this.key, { conflict: { ...c, choices: { ...c.choices, [d.path]: x as 'theirs' | 'mine' } } });
        },
      });
      field.root.setAttribute('data-veld', d.path);
      choiceFields.push({ diff: d, field });
      return field.root;
    });
    const save = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Keuzes opslaan');
    const headingId = 'conflict-kop';
    const formEl = h('form', { novalidate: true, class: 'ep-stack', 'aria-labelledby': headingId },
      h('h2', { class: 'utrecht-heading-2', id: headingId }, 'Een collega heeft dit concept intussen opgeslagen'),
      h('p', { class: 'utrecht-paragraph' },
        diffs.length === 0 ? 'Uw versie en die van uw collega zijn gelijk.'
          : `${diffs.length === 1 ? 'Eén veld verschilt' : `${diffs.length} velden verschillen`}. Kies per veld welke versie blijft; niets wordt opgeslagen voordat u kiest.`),
      summary.root, rows, h('div', { class: 'utrecht-button-group' }, save));
    formEl.addEventListener('submit', (e) => {
      e.preventDefault();
      const c = formOf(this.key)!.conflict!;
      const missing = choiceFields.filter((x) => x.diff.preselect === null && !c.choices[x.diff.path]);
      for (const x of choiceFields) x.field.setError(missing.includes(x) ? 'Kies een versie' : null);
      if (!allChosen(diffs, c.choices)) {
        summary.show(null, missing.map((x) => ({ field: x.field, message: `Kies een versie: ${this.describe(x.diff.path, 'mine').label}` })));
        return;
      }
      const merged = merge(this.form.base, c.theirs, this.doc, c.choices);
      patchForm(this.key, {
        doc: merged, base: clone(c.theirs), etag: c.etag, conflict: null, dirty: true,
        save: { state: 'saving' },
      });
      replace(this.conflictBox);
      this.draw();
      void this.saver.flush();
      this.status.focus();
    });
    replace(this.conflictBox, h('div', { class: 'utrecht-alert utrecht-alert--warning ep-conflict', role: 'region', 'aria-labelledby': headingId },
      h('div', { class: 'utrecht-alert__content' }, h('div', { class: 'utrecht-alert__message' }, formEl))));
    this.status.setAttribute('tabindex', '-1');
    // The first field to choose takes the focus, unless the case worker is typing somewhere.
    const typing = document.activeElement?.matches('input:not([type=radio]):not([type=checkbox]), textarea, select');
    if (focus && !typing) (rows[0]?.querySelector('input') as HTMLElement | null ?? save).focus();
  }
}

// ---- a finalised intake -----------------------------------------------------------------------

function readOnlyForm(json: Obj, etag: string | null): IntakeForm {
  return {
    id: String(json.id), etag, status: String(json.status), doc: fromServer(json), base: null, dirty: false,
    save: { state: 'saved' }, errors: [], conflict: null,
    addenda: Array.isArray(json.addenda) ? json.addenda as Obj[] : [],
    finalised: json.finalised_by ? { by: String(json.finalised_by), at: String(json.finalised_at) } : null,
  };
}

function renderFinalised(main: HTMLElement, id: string, ref: Ref, form: IntakeForm, ctx: PageContext): void {
  const doc = form.doc;
  const c = ref.codelists;
  const persons = list(doc, 'persons');
  const who = (r: Json | undefined) => { const p = persons.find((x) => x.ref === r); return p ? personName(p) : 'het huishouden'; };
  const hh = doc.household as Obj;
  const notice = takeNotice();
  main.append(
    h('h1', { class: 'utrecht-heading-1' }, `Intake — ${hh?.postcode ?? ''} ${hh?.huisnummer ?? ''}${hh?.huisnummer_toevoeging ?? ''}`),
    notice ? alertBox(notice.kind, notice.text) : '',
    h('p', { class: 'utrecht-paragraph', 'data-testid': 'afgerond' },
      h('strong', {}, 'Afgerond'),
      form.finalised ? ` op ${formatDate(form.finalised.at)} door ${form.finalised.by}. Alleen een addendum kan nog.` : ''),
    h('section', { class: 'ep-section ep-stack', 'aria-labelledby': 'ro-gesprek' },
      h('h2', { class: 'utrecht-heading-2', id: 'ro-gesprek' }, 'Aanleiding en gesprek'),
      dataList([
        ['Hoofdprobleem', String(doc.main_problem ?? '')],
        ['Vorm', codeLabel(c, 'intake_vorm', String(doc.form ?? ''))],
        ['Datum', formatDate(String(doc.date ?? ''))],
        ['Plaats', String(doc.place ?? '')],
        ['Vindplaats', ref.vindplaatsen.find((v) => v.id === doc.vindplaats_id)?.naam ?? ''],
        ['Huishouden', persons.map((p) => `${personName(p)} (${codeLabel(c, 'gezinsrol', String(p.role ?? ''))})`).join(', ')],
      ])),
    h('section', { class: 'ep-section ep-stack', 'aria-labelledby': 'ro-zrm' },
      h('h2', { class: 'utrecht-heading-2', id: 'ro-zrm' }, 'Leefgebieden'),
      list(doc, 'assessments').length === 0 ? h('p', { class: 'utrecht-paragraph' }, 'Geen scores.')
        : dataList(list(doc, 'assessments').map((a) => [`${who(a.person)}: ${codeLabel(c, 'leefgebied', String(a.domain))}`,
          [a.score !== undefined ? `${a.score} — ${codeLabel(c, 'zrm_score', String(a.score))}` : 'geen score', a.explanation ? `. ${a.explanation}` : '']]))),
    h('section', { class: 'ep-section ep-stack', 'aria-labelledby': 'ro-krachten' },
      h('h2', { class: 'utrecht-heading-2', id: 'ro-krachten' }, 'Eigen kracht en netwerk'),
      h('ul', { class: 'utrecht-unordered-list' }, list(doc, 'strengths').map((s) =>
        h('li', { class: 'utrecht-unordered-list__item' }, `${s.kind === 'netwerk' ? 'Netwerk' : 'Eigen kracht'} (${who(s.person)}): ${s.description}`)))),
    h('section', { class: 'ep-section ep-stack', 'aria-labelledby': 'ro-hulpvragen' },
      h('h2', { class: 'utrecht-heading-2', id: 'ro-hulpvragen' }, 'Hulpvragen'),
      // Wider than a tablet: the container scrolls, so it takes the keyboard's focus too.
      h('div', { class: 'utrecht-table-container utrecht-table-container--overflow-inline', tabindex: 0, role: 'region', 'aria-label': 'Hulpvragen (tabel)' }, h('table', { class: 'utrecht-table utrecht-table--html-table', 'data-testid': 'hulpvragen' },
        h('thead', { class: 'utrecht-table__header' }, h('tr', { class: 'utrecht-table__row' },
          ['Voor wie', 'Leefgebied', 'Omschrijving', 'Wet', 'Urgentie', 'Status'].map((t) => h('th', { class: 'utrecht-table__header-cell', scope: 'col' }, t)))),
        h('tbody', { class: 'utrecht-table__body' }, list(doc, 'needs').map((n) => h('tr', { class: 'utrecht-table__row' },
          [who(n.person), codeLabel(c, 'leefgebied', String(n.domain)), String(n.description ?? ''), codeLabel(c, 'wet', String(n.law)),
            codeLabel(c, 'urgentie', String(n.urgency)), codeLabel(c, 'hulpvraag_status', String(n.status))]
            .map((t) => h('td', { class: 'utrecht-table__cell' }, t)))))))),
    h('section', { class: 'ep-section ep-stack', 'aria-labelledby': 'ro-veiligheid' },
      h('h2', { class: 'utrecht-heading-2', id: 'ro-veiligheid' }, 'Veiligheid (Meldcode)'),
      list(doc, 'safety_signals').length === 0 ? h('p', { class: 'utrecht-paragraph' }, 'Geen signalen.')
        : h('ul', { class: 'utrecht-unordered-list' }, list(doc, 'safety_signals').map((s) => h('li', { class: 'utrecht-unordered-list__item' },
          `${s.description} (${codeLabel(c, 'veiligheid', String(s.severity))}); stappen: `,
          (Array.isArray(s.steps) ? s.steps as Obj[] : []).map((st) => `${codeLabel(c, 'meldcode_stap', String(st.step))} op ${formatDate(String(st.date))} door ${st.by}`).join('; '))))),
    h('section', { class: 'ep-section ep-stack', 'aria-labelledby': 'ro-toestemming' },
      h('h2', { class: 'utrecht-heading-2', id: 'ro-toestemming' }, 'Toestemming in deze intake'),
      list(doc, 'consents').length === 0 ? h('p', { class: 'utrecht-paragraph' }, 'Geen.')
        : h('ul', { class: 'utrecht-unordered-list' }, list(doc, 'consents').map((k) => h('li', { class: 'utrecht-unordered-list__item' },
          `${k.organisation}: ${(Array.isArray(k.data) ? k.data : []).map((d) => codeLabel(c, 'gegevenssoort', String(d))).join(', ')}, tot ${formatDate(String(k.valid_until))}`)))),
    addendaSection(id, form, ctx),
    consentSection(hh, ref));
}

function addendaSection(id: string, form: IntakeForm, ctx: PageContext): HTMLElement {
  const summary = errorSummary();
  const reason = textField({ name: 'reason', label: 'Reden van de correctie', noun: 'De reden', required: true, autocomplete: 'off' });
  const text = textField({ name: 'text', label: 'Correctie', noun: 'De correctie', rows: 3, required: true });
  const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Addendum toevoegen');
  const formEl = h('form', { novalidate: true, 'aria-labelledby': 'addendum-kop' },
    h('h3', { class: 'utrecht-heading-3', id: 'addendum-kop' }, 'Addendum toevoegen'), summary.root, reason.root, text.root,
    h('div', { class: 'utrecht-button-group' }, submit));
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    summary.clear();
    const missing = [reason, text].filter((f) => f.value().trim() === '');
    for (const f of [reason, text]) f.setError(missing.includes(f) ? `${f.noun} is verplicht` : null);
    if (missing.length) { summary.show(null, missing.map((f) => ({ field: f, message: `${f.noun} is verplicht` }))); return; }
    void whileBusy(submit, async () => {
      try {
        await api.post(`/api/v1/intakes/${id}/addenda`, { reason: reason.value(), text: text.value() });
        const fresh = await exchange<Obj>('GET', `/api/v1/intakes/${id}`);
        putForm(id, readOnlyForm(fresh.body, fresh.etag));
        setState({ notice: { kind: 'ok', text: 'Het addendum is toegevoegd.' } });
        ctx.navigate(`/intakes/${id}`, { replace: true });
      } catch (error) {
        summary.show(errorText(error), []);
      }
    });
  });
  const addenda = form.addenda ?? [];
  return h('section', { class: 'ep-section ep-stack', 'aria-labelledby': 'ro-addenda' },
    h('h2', { class: 'utrecht-heading-2', id: 'ro-addenda' }, 'Addenda'),
    addenda.length === 0 ? h('p', { class: 'utrecht-paragraph' }, 'Nog geen addenda.')
      : h('ul', { class: 'utrecht-unordered-list', 'data-testid': 'addenda' }, addenda.map((a) => h('li', { class: 'utrecht-unordered-list__item' },
        `${formatDate(String(a.created_at))}, ${a.created_by} — ${a.reason}: ${a.text}`))),
    formEl);
}

function consentSection(hh: Obj, ref: Ref): HTMLElement {
  const summary = errorSummary();
  const done = h('div', { 'aria-live': 'polite' });
  const organisation = textField({ name: 'organisation', label: 'Organisatie', noun: 'De organisatie', required: true, autocomplete: 'off' });
  const data = checkboxField({ name: 'data', label: 'Welke gegevens', noun: 'De gegevens', options: ref.codelists.gegevenssoort ?? [] });
  const purpose = textField({ name: 'purpose', label: 'Doel', noun: 'Het doel', required: true, autocomplete: 'off' });
  const granted = textField({ name: 'granted_on', label: 'Gegeven op', noun: 'De datum', type: 'date', value: today(), required: true });
  const until = textField({ name: 'valid_until', label: 'Geldig tot', noun: 'De einddatum', type: 'date', required: true });
  const fields = [organisation, data, purpose, granted, until];
  const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Toestemming vastleggen');
  const formEl = h('form', { novalidate: true, 'aria-labelledby': 'toestemming-kop' },
    h('h2', { class: 'utrecht-heading-2', id: 'toestemming-kop' }, 'Toestemming geven'),
    h('p', { class: 'utrecht-paragraph' }, 'Toestemming hoort bij het huishouden en geldt meteen; zij kan later worden ingetrokken.'),
    summary.root, done, fields.map((f) => f.root), h('div', { class: 'utrecht-button-group' }, submit));
  formEl.addEventListener('submit', (e) => {
    e.preventDefault();
    summary.clear();
    const missing = fields.filter((f) => f.value().trim() === '');
    for (const f of fields) f.setError(missing.includes(f) ? `${f.noun} is verplicht` : null);
    if (missing.length) { summary.show(null, missing.map((f) => ({ field: f, message: `${f.noun} is verplicht` }))); return; }
    void whileBusy(submit, async () => {
      try {
        await api.post('/api/v1/consents', {
          household_id: hh.id, organisation: organisation.value(), data: data.values(), purpose: purpose.value(),
          granted_on: granted.value(), valid_until: until.value(),
        });
        replace(done, alertBox('ok', `Toestemming voor ${organisation.value()} is vastgelegd.`));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        const problems = error.fieldErrors.map((x) => {
          const field = fields.find((f) => f.name === x.path || x.path.startsWith(`${f.name}[`)) ?? organisation;
          const message = fieldMessage(field, rule(x.detail).replace(/^: /, ''));
          field.setError(message);
          return { field, message };
        });
        summary.show(problems.length ? null : error.message, problems);
      }
    });
  });
  return h('section', { class: 'ep-section ep-stack', 'aria-labelledby': 'toestemming-kop' }, formEl);
}

// ---- the pages --------------------------------------------------------------------------------

/** Copies the confirmations (_bevestigd) of @from's carried items to the same items of @to: the
 *  same list and origin (carried_from), and the same content as the server keeps it. */
function keepConfirmations(from: IntakeDoc, to: IntakeDoc): void {
  const content = (item: Obj) => JSON.stringify(toServer(item));
  for (const name of ['persons', 'strengths', 'needs', 'consents']) {
    const theirs = list(to, name);
    for (const item of list(from, name)) {
      if (!item.carried_from || !item._bevestigd) continue;
      const same = theirs.find((x) => x.carried_from === item.carried_from && !x._bevestigd);
      if (same && content(same) === content(item)) same._bevestigd = item._bevestigd;
    }
  }
}

export async function renderNewForm(ctx: PageContext, asked: IntakeRequests): Promise<void> {
  const { main, isCurrent, navigate } = ctx;
  let ref: Ref;
  try {
    ref = await loadAll(asked);
  } catch (error) {
    if (isCurrent()) main.append(alertBox('error', errorText(error)));
    return;
  }
  if (!isCurrent()) return;
  if (!formOf('nieuw')) {
    navigate('/intake/nieuw', { replace: true });
    return;
  }
  new FormView('nieuw', ref, ctx).mount();
}

export async function renderIntake(ctx: PageContext, asked: IntakeRequests): Promise<void> {
  const { main, params, isCurrent } = ctx;
  const id = params.id!;
  let ref: Ref;
  let form = formOf(id);
  try {
    // Asked again unless the state holds work not yet saved (or a conflict waiting for choices);
    // at the same time as the reference data (pages/intake.ts may have asked already).
    const fresh = !form || (!form.dirty && !form.conflict);
    const loading = fresh ? (asked.intake ?? exchange<Obj>('GET', `/api/v1/intakes/${id}`)) as Promise<{ body: Obj; etag: string | null }> : null;
    loading?.catch(() => {}); // (awaited below, after the reference data)
    ref = await loadAll(asked);
    if (loading) {
      const answer = await loading;
      const latest = formOf(id);
      if (latest && (latest.dirty || latest.conflict)) form = latest;
      else {
        form = answer.body.status === 'draft'
          ? { ...newForm(fromServer(answer.body)), id, etag: answer.etag, base: fromServer(answer.body), save: { state: 'saved' } }
          : readOnlyForm(answer.body, answer.etag);
        // The confirmations of carried items the form held (the API has no field for them; the
        // tab kept them over a reload, unsaved.ts) stay with the items that did not change since.
        if (latest && form.status === 'draft') keepConfirmations(latest.doc, form.doc);
        putForm(id, form);
      }
    }
  } catch (error) {
    if (!isCurrent()) return;
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Intake'), alertBox('error', errorText(error)));
    return;
  }
  if (!isCurrent() || !form) return;
  if (form.status !== 'draft') {
    renderFinalised(main, id, ref, form, ctx);
    return;
  }
  new FormView(id, ref, ctx).mount();
}
