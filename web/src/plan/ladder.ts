// SPDX-License-Identifier: EUPL-1.2
//
// plan/ladder.ts: the plan page's AVE ladder and evaluations (docs/ladder.md; issue 18). The
// level with its meaning and who holds regie, the request waiting, the level's history and every
// request with who decided and why; "Niveau wijzigen" (naar, reden; going down names an
// evaluation that decided afschalen) for the plan's regisseur or a supervisor; "Goedkeuren" and
// "Afwijzen" (with a reason) for a supervisor who did not ask (four eyes: the one who asked is
// told so plainly, and the API's refusal is shown as it is). The evaluations: the next date (late
// or not), "Evaluatie vastleggen" (datum, per open goal its status and outcome, optional ZRM
// re-scores per member and domain, besluit, toelichting, volgende evaluatie) and each
// evaluation with the ZRM change since the intake per member and domain.
//
// Every write goes through the plan page's dialog (If-Match, a suggested reason, 412/422/403).

import { formatMoment } from '../audit-text';
import { label } from '../data';
import { type Child, h, replace } from '../dom';
import { type Field, radioField, selectField, textField } from '../form';
import { levelChangeText, levelStatusBadge } from '../ladder-text';
import { formatDate, today } from '../texts';
import { alertBox, button, dataList, dataTable, hidden, section } from '../ui';
import {
  type Evaluatie, type NiveauAanvraag, type NiveauPeriode, type Plan, NIVEAU, lidName, memberName, needsApproval,
  niveauText, userName, verschilText,
} from './model';
import type { PlanView } from './view';

function paragraph(...text: Child[]): HTMLElement {
  return h('p', { class: 'utrecht-paragraph' }, text);
}

/** A colleague's name (the plan's own regie names, or the username until the colleagues are
 *  loaded: fillNames() then puts each name in). */
function person(p: Plan, username: string | null): HTMLElement {
  return h('span', { 'data-gebruiker': username ?? '' }, userName(p, username));
}

/** Puts the names of the colleagues in the spans person() made under @root (GET
 *  /api/v1/medewerkers, asked once by the page); leaves the usernames when they cannot be had. */
function fillNames(view: PlanView, root: HTMLElement): HTMLElement {
  if (view.me.user.role === 'partner' || !root.querySelector('[data-gebruiker]')) return root;
  view.staffList().then((staff) => {
    for (const span of root.querySelectorAll<HTMLElement>('[data-gebruiker]')) {
      const s = staff.find((x) => x.username === span.dataset.gebruiker);
      if (s && span.textContent === span.dataset.gebruiker) span.textContent = s.naam;
    }
  }, () => {});
  return root;
}

/** "18 november 2026" plus the days since, for a date before today. */
function daysLate(date: string): number {
  const ms = Date.parse(`${today()}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`);
  return Math.round(ms / 86400000);
}

/** Three months after the ISO date @from (the library's first evaluation, the form's default). */
function threeMonthsAfter(from: string): string {
  const d = new Date(`${from}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 3);
  return d.toISOString().slice(0, 10);
}

// ---- the level --------------------------------------------------------------------------------

export function levelSection(view: PlanView): HTMLElement {
  const p = view.plan;
  const me = view.me.user;
  const niveau = p.niveau ?? 2;
  const meaning = NIVEAU[niveau];
  const pending = p.niveau_aanvraag ?? null;
  const decide = me.role === 'supervisor' && p.status === 'actief' && pending;
  const pendingBox = pending
    ? h('div', { class: 'utrecht-alert utrecht-alert--warning', 'data-testid': 'niveau-aanvraag', 'data-aanvraag': pending.id },
      h('div', { class: 'utrecht-alert__content' }, h('div', { class: 'utrecht-alert__message ep-stack' },
        h('h3', { class: 'utrecht-heading-3' }, `Aanvraag wacht op goedkeuring: van niveau ${pending.van} naar niveau ${pending.naar}`),
        paragraph('Gevraagd door ', person(p, pending.aangevraagd_door), ` op ${formatMoment(pending.aangevraagd_op)}. `
          + `Tot een toezichthouder de aanvraag goedkeurt, blijft het plan op niveau ${pending.van}.`),
        dataList([['Reden', pending.reden]]),
        decide && pending.aangevraagd_door === me.username
          ? paragraph('U vroeg dit zelf aan: een andere toezichthouder van het team keurt de aanvraag goed of wijst haar af (vier ogen).')
          : decide
            ? h('div', { class: 'utrecht-button-group' },
              button('Goedkeuren', 'primary', () => decisionDialog(view, pending, 'goedkeuren', approve), { 'data-terug': 'goedkeuren' }),
              button('Afwijzen', 'secondary', () => decisionDialog(view, pending, 'afwijzen', reject), { 'data-terug': 'afwijzen' }))
            : paragraph('Een toezichthouder van het team van de regisseur beslist over de aanvraag.'))))
    : null;
  // The buttons are made after the box (each its own opener), so take them from it.
  const approve = pendingBox?.querySelector<HTMLButtonElement>('[data-terug=goedkeuren]') ?? null;
  const reject = pendingBox?.querySelector<HTMLButtonElement>('[data-terug=afwijzen]') ?? null;
  const change = !pending ? view.editButton('Niveau wijzigen', (b) => levelDialog(view, b), 'niveau') : null;
  return fillNames(view, section('niveau', 'Niveau (AVE)',
    h('p', { class: 'utrecht-paragraph utrecht-paragraph--lead', 'data-testid': 'niveau', 'data-niveau': String(niveau) },
      h('strong', null, `Niveau ${niveau}`), meaning ? `: ${meaning.betekenis}. Regie: ${meaning.regie}.` : ''),
    paragraph('Zo licht als kan, zo zwaar als moet. Opschalen naar niveau 3 of 4 vraagt goedkeuring van een toezichthouder; '
      + 'afschalen volgt op een evaluatie die tot afschalen besloot.'),
    pendingBox,
    change ? h('div', { class: 'utrecht-button-group' }, change) : null,
    history(p), requests(view)));
}

function history(p: Plan): HTMLElement {
  const periods = [...(p.niveau_historie ?? [])].reverse();
  if (!periods.length) return paragraph('Het niveau is nog niet gewijzigd.');
  const byId = new Map((p.niveau_aanvragen ?? []).map((a) => [a.id, a]));
  return h('div', { class: 'ep-stack', 'data-testid': 'niveau-historie' },
    h('h3', { class: 'utrecht-heading-3' }, 'Geschiedenis van het niveau'),
    dataTable('Geschiedenis van het niveau, nieuwste eerst', [
      { title: 'Niveau', cell: (n: NiveauPeriode) => niveauText(n.niveau) },
      { title: 'Vanaf', cell: (n) => formatMoment(n.vanaf) },
      { title: 'Tot', cell: (n) => (n.tot ? formatMoment(n.tot) : 'nu') },
      { title: 'Waarom', cell: (n) => {
        const a = n.aanvraag_id ? byId.get(n.aanvraag_id) : undefined;
        if (!a) return 'Niveau bij het maken van het plan';
        return [a.reden, h('span', { class: 'ep-block utrecht-paragraph--small' },
          a.besloten_door && a.status === 'goedgekeurd'
            ? ['Gevraagd door ', person(p, a.aangevraagd_door), ', goedgekeurd door ', person(p, a.besloten_door)]
            : ['Door ', person(p, a.aangevraagd_door)])];
      } },
    ], periods, (n) => ({ 'data-niveau': String(n.niveau) })));
}

function requests(view: PlanView): HTMLElement | null {
  const p = view.plan;
  const c = view.codelists;
  const all = [...(p.niveau_aanvragen ?? [])].sort((a, b) => b.aangevraagd_op.localeCompare(a.aangevraagd_op));
  if (!all.length) return null;
  const evaluation = (id: string | null) => {
    const e = (p.evaluaties ?? []).find((x) => x.id === id);
    return e ? `Evaluatie van ${formatDate(e.datum)}` : null;
  };
  return h('div', { class: 'ep-stack', 'data-testid': 'niveau-aanvragen' },
    h('h3', { class: 'utrecht-heading-3' }, 'Aanvragen'),
    dataTable('Aanvragen voor een ander niveau, nieuwste eerst', [
      { title: 'Gevraagd', cell: (a: NiveauAanvraag) => [formatMoment(a.aangevraagd_op),
        h('span', { class: 'ep-block utrecht-paragraph--small' }, 'door ', person(p, a.aangevraagd_door))] },
      { title: 'Wijziging', cell: (a) => levelChangeText(c, a) },
      { title: 'Reden', cell: (a) => [a.reden, a.evaluatie_id ? h('span', { class: 'ep-block utrecht-paragraph--small' }, evaluation(a.evaluatie_id)) : null] },
      { title: 'Status', cell: (a) => levelStatusBadge(c, a.status) },
      { title: 'Besluit', cell: (a) => (a.besloten_door
        ? [person(p, a.besloten_door), `, ${formatMoment(a.besloten_op ?? '')}`,
          a.besluit_reden ? h('span', { class: 'ep-block utrecht-paragraph--small' }, a.besluit_reden) : null]
        : '—') },
    ], all, (a) => ({ 'data-aanvraag': a.id, 'data-status': a.status })));
}

function levelDialog(view: PlanView, opener: HTMLElement): void {
  const p = view.plan;
  const c = view.codelists;
  const now = p.niveau ?? 2;
  const choices = [1, 2, 3, 4].filter((n) => n !== now);
  const afschalen = (p.evaluaties ?? []).filter((e) => e.besluit === 'afschalen');
  const naar = radioField({ name: 'naar', label: 'Naar welk niveau?', noun: 'Het niveau',
    description: `Het plan is nu op niveau ${now}.`,
    options: choices.map((n) => ({ code: String(n), label: `${niveauText(n)} (regie: ${NIVEAU[n]!.regie})` })) });
  const evaluatie = selectField({ name: 'evaluatie_id', label: 'Evaluatie die tot afschalen besloot', noun: 'De evaluatie',
    description: 'Afschalen volgt op een evaluatie met het besluit afschalen.',
    placeholder: afschalen.length ? 'Kies een evaluatie' : 'Er is nog geen evaluatie die tot afschalen besloot',
    options: afschalen.map((e) => ({ code: e.id, label: `Evaluatie van ${formatDate(e.datum)} (${label(c, 'evaluatie_besluit', e.besluit)})` })) });
  evaluatie.root.hidden = true;
  const note = h('div', { 'aria-live': 'polite' });
  const update = () => {
    const to = Number(naar.value());
    evaluatie.root.hidden = !(to && to < now);
    replace(note, to && needsApproval(now, to)
      ? alertBox('info', `Niveau ${to} vraagt goedkeuring van een toezichthouder van het team. Tot dan blijft het plan op niveau ${now}.`)
      : to && to < now && !afschalen.length
        ? alertBox('warning', 'Leg eerst een evaluatie vast die tot afschalen besluit: afschalen verwijst naar die evaluatie.')
        : '');
  };
  naar.root.addEventListener('change', update);
  view.dialog({
    name: 'niveau', title: 'Niveau wijzigen', submitText: 'Niveauwijziging aanvragen',
    content: [naar.root, note, evaluatie.root],
    fields: () => [naar, evaluatie],
    required: () => [naar, ...(Number(naar.value()) < now && naar.value() ? [evaluatie] : [])],
    reason: {
      suggest: () => {
        const to = Number(naar.value());
        if (!to) return '';
        return to > now ? `Opschalen van niveau ${now} naar niveau ${to}: ` : `Afschalen van niveau ${now} naar niveau ${to} na de evaluatie`;
      },
      description: 'Waarom moet het plan naar dit niveau? Komt bij de aanvraag en de versie van het plan. U kunt de suggestie aanvullen.',
      min: 5,
    },
    send: (reden) => {
      const to = Number(naar.value());
      return { method: 'POST', path: '/niveau', body: {
        naar: to, reden, ...(to < now && evaluatie.value() ? { evaluatie_id: evaluatie.value() } : {}),
      } };
    },
    done: (plan) => (plan.niveau_aanvraag
      ? `De aanvraag voor niveau ${plan.niveau_aanvraag.naar} wacht op goedkeuring van een toezichthouder; het plan blijft op niveau ${plan.niveau} (versie ${plan.version}).`
      : `Het plan is nu op niveau ${plan.niveau} (versie ${plan.version}).`),
  }, opener);
}

function decisionDialog(view: PlanView, a: NiveauAanvraag, what: 'goedkeuren' | 'afwijzen', opener: HTMLElement | null): void {
  const p = view.plan;
  const yes = what === 'goedkeuren';
  view.dialog({
    name: what, title: yes ? `Niveau ${a.naar} goedkeuren` : `Aanvraag voor niveau ${a.naar} afwijzen`,
    submitText: yes ? 'Goedkeuren' : 'Afwijzen',
    content: [
      dataList([
        ['Aanvraag', `Van niveau ${a.van} naar niveau ${a.naar}`],
        ['Gevraagd door', fillNames(view, h('span', null, person(p, a.aangevraagd_door), `, ${formatMoment(a.aangevraagd_op)}`))],
        ['Reden', a.reden],
      ]),
      paragraph(yes ? `Na goedkeuring staat het plan op ${niveauText(a.naar).toLocaleLowerCase('nl')}.`
        : `Na afwijzing blijft het plan op niveau ${a.van}; de regisseur ziet uw reden.`),
    ],
    fields: () => [],
    reason: yes
      ? { suggest: () => `Akkoord met opschalen naar niveau ${a.naar}`, label: 'Reden van het besluit',
        description: 'Komt bij de aanvraag en de versie van het plan.', min: 5 }
      : { suggest: () => '', label: 'Reden van de afwijzing', min: 5,
        description: 'Waarom blijft het plan op zijn niveau? Ten minste 5 tekens; de regisseur ziet deze reden.' },
    send: (reden) => ({ method: 'POST', path: `/niveau/${what}`, body: { reden, aanvraag_id: a.id } }),
    done: (plan) => (yes ? `De aanvraag is goedgekeurd: het plan is nu op niveau ${plan.niveau} (versie ${plan.version}).`
      : `De aanvraag is afgewezen: het plan blijft op niveau ${plan.niveau} (versie ${plan.version}).`),
  }, opener);
}

// ---- evaluations ------------------------------------------------------------------------------

export function evaluationsSection(view: PlanView): HTMLElement {
  const p = view.plan;
  const next = p.volgende_evaluatie ?? null;
  const late = next && next < today() ? daysLate(next) : 0;
  const list = [...(p.evaluaties ?? [])].sort((a, b) => b.datum.localeCompare(a.datum) || b.op.localeCompare(a.op));
  return fillNames(view, section('evaluaties', 'Evaluaties',
    h('p', { class: 'utrecht-paragraph', 'data-testid': 'volgende-evaluatie' },
      next ? ['Volgende evaluatie: ', h('strong', null, formatDate(next)), late
        ? [' ', h('span', { class: 'utrecht-status-badge utrecht-status-badge--danger' }, `${late} ${late === 1 ? 'dag' : 'dagen'} te laat`)]
        : null]
        : 'Er is geen volgende evaluatie gepland.'),
    h('div', { class: 'utrecht-button-group' }, view.editButton('Evaluatie vastleggen', (b) => evaluationDialog(view, b), 'evaluatie')),
    list.length ? list.map((e) => evaluationItem(view, e)) : paragraph('Er is nog geen evaluatie vastgelegd.')));
}

function evaluationItem(view: PlanView, e: Evaluatie): HTMLElement {
  const p = view.plan;
  const c = view.codelists;
  const id = `evaluatie-${e.id}`;
  const goal = (doelId: string) => p.doelen.find((d) => d.id === doelId)?.omschrijving ?? 'onbekend doel';
  // An article, not a section: two evaluations of one day would be two landmarks of one name.
  return h('article', { class: 'ep-stack ep-group', 'aria-labelledby': id, 'data-evaluatie': e.id },
    h('h3', { class: 'utrecht-heading-3', id }, `Evaluatie van ${formatDate(e.datum)}`),
    dataList([
      ['Besluit', label(c, 'evaluatie_besluit', e.besluit) || e.besluit],
      ['Op tijd', e.gepland ? (e.op_tijd ? `Ja (gepland op ${formatDate(e.gepland)})` : `Nee (gepland op ${formatDate(e.gepland)})`) : 'Er was geen datum gepland'],
      ['Toelichting', e.toelichting || '—'],
      ['Volgende evaluatie', e.volgende_evaluatie ? formatDate(e.volgende_evaluatie) : '—'],
      ['Vastgelegd door', h('span', null, person(p, e.door), `, ${formatMoment(e.op)}`)],
    ]),
    e.doelen.length ? dataTable(`Doelen bij de evaluatie van ${formatDate(e.datum)}`, [
      { title: 'Doel', cell: (d: Evaluatie['doelen'][number]) => goal(d.doel_id) },
      { title: 'Status', cell: (d) => label(c, 'doel_status', d.status) || d.status },
      { title: 'Uitkomst', cell: (d) => d.uitkomst },
    ], e.doelen) : null,
    e.zrm.length ? dataTable(`ZRM-scores bij de evaluatie van ${formatDate(e.datum)}, naast de intake`, [
      { title: 'Lid', cell: (z: Evaluatie['zrm'][number]) => memberName(p, z.lid) },
      { title: 'Leefgebied', cell: (z) => label(c, 'leefgebied', z.leefgebied) || z.leefgebied },
      { title: 'Intake', cell: (z) => (z.intake_score !== null ? `${z.intake_score}${z.intake_datum ? ` (${formatDate(z.intake_datum)})` : ''}` : 'Niet gescoord') },
      { title: 'Nu', cell: (z) => String(z.score) },
      { title: 'Verschil', cell: (z) => h('span', { 'aria-label': z.verschil === null ? 'geen verschil te bepalen'
        : `verschil ${z.verschil > 0 ? 'plus' : z.verschil < 0 ? 'min' : ''} ${Math.abs(z.verschil)}`.replace('  ', ' ') }, verschilText(z.verschil)) },
    ], e.zrm, (z) => ({ 'data-lid': z.lid, 'data-leefgebied': z.leefgebied })) : paragraph('Geen nieuwe ZRM-scores bij deze evaluatie.'));
}

function evaluationDialog(view: PlanView, opener: HTMLElement): void {
  const p = view.plan;
  const c = view.codelists;
  const datum = textField({ name: 'datum', label: 'Datum van de evaluatie', noun: 'De datum', type: 'date', value: today(), required: true });
  const open = p.doelen.filter((d) => d.status === 'open');
  const goals = open.map((d, i) => {
    const status = selectField({ name: `doelen[${i}].status`, label: 'Status', noun: 'De status',
      options: c.doel_status ?? [], value: d.status });
    const uitkomst = textField({ name: `doelen[${i}].uitkomst`, label: 'Uitkomst', noun: 'De uitkomst', rows: 2, required: true });
    const root = h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group' },
      h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, `Doel: ${d.omschrijving}`),
      status.root, uitkomst.root);
    return { doel: d, status, uitkomst, root };
  });
  const scores: { lid: Field; leefgebied: Field; score: Field; root: HTMLElement }[] = [];
  const scoreList = h('div', { class: 'ep-stack' });
  const members = p.leden.map((l) => ({ code: l.id, label: lidName(l) }));
  const renumber = () => scores.forEach((s, i) => { s.root.querySelector('legend')!.textContent = `ZRM-score ${i + 1}`; });
  const addScore = () => {
    const i = scores.length;
    const lid = selectField({ name: `zrm[${i}].lid`, label: 'Lid', noun: 'Het lid', options: members, value: members[0]?.code });
    const leefgebied = selectField({ name: `zrm[${i}].leefgebied`, label: 'Leefgebied', noun: 'Het leefgebied',
      options: c.leefgebied ?? [], placeholder: 'Kies een leefgebied' });
    const score = selectField({ name: `zrm[${i}].score`, label: 'Score', noun: 'De score', placeholder: 'Kies',
      options: (c.zrm_score ?? [1, 2, 3, 4, 5].map((n) => ({ code: String(n), label: String(n) })))
        .map((s) => ({ code: s.code, label: s.label === s.code ? s.code : `${s.code} ${s.label}` })) });
    const row = { lid, leefgebied, score, root: h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset ep-group' }) };
    row.root.append(h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, `ZRM-score ${i + 1}`),
      h('div', { class: 'ep-columns' }, lid.root, leefgebied.root, score.root),
      button(['Verwijderen', hidden(` ZRM-score ${i + 1}`)], 'subtle', () => {
        scores.splice(scores.indexOf(row), 1);
        row.root.remove();
        renumber();
        add.focus();
      }));
    scores.push(row);
    scoreList.append(row.root);
    return row;
  };
  const add = button('ZRM-score toevoegen', 'secondary', () => addScore().lid.focusTarget.focus());
  const besluit = radioField({ name: 'besluit', label: 'Besluit', noun: 'Het besluit', options: c.evaluatie_besluit ?? [],
    description: 'Afschalen of opschalen vraagt daarna om een niveauwijziging; afschalen noemt deze evaluatie.' });
  const toelichting = textField({ name: 'toelichting', label: 'Toelichting', noun: 'De toelichting', rows: 3 });
  const volgende = textField({ name: 'volgende_evaluatie', label: 'Volgende evaluatie', noun: 'De volgende evaluatie',
    type: 'date', value: threeMonthsAfter(today()), description: 'Niet nodig als het besluit afsluiten is.' });
  view.dialog({
    name: 'evaluatie', title: 'Evaluatie vastleggen', submitText: 'Evaluatie vastleggen',
    content: [datum.root,
      h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset' },
        h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, 'Doelen: status en uitkomst'),
        goals.length ? goals.map((g) => g.root) : paragraph('Het plan heeft geen open doelen.')),
      h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset' },
        h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, 'Nieuwe ZRM-scores (waar dat nodig is)'),
        paragraph('Alleen de leefgebieden die u opnieuw scoort; het plan toont het verschil met de intake.'),
        scoreList, add),
      besluit.root, toelichting.root, volgende.root],
    fields: () => [datum, ...goals.flatMap((g) => [g.status, g.uitkomst]), ...scores.flatMap((s) => [s.lid, s.leefgebied, s.score]),
      besluit, toelichting, volgende],
    required: () => [datum, ...goals.map((g) => g.uitkomst), ...scores.flatMap((s) => [s.lid, s.leefgebied, s.score]), besluit,
      ...(besluit.value() === 'afsluiten' ? [] : [volgende])],
    check: () => [
      ...(datum.value() > today() ? [{ field: datum, message: 'De datum ligt in de toekomst: leg een evaluatie vast als ze gehouden is' }] : []),
      ...(volgende.value() && datum.value() && volgende.value() <= datum.value()
        ? [{ field: volgende, message: 'De volgende evaluatie moet na de datum van deze evaluatie liggen' }] : []),
    ],
    reason: { suggest: () => `Evaluatie van ${datum.value() ? formatDate(datum.value()) : 'vandaag'}${besluit.value()
      ? `: ${(label(c, 'evaluatie_besluit', besluit.value()) || besluit.value()).toLocaleLowerCase('nl')}` : ''}` },
    send: (reden) => ({ method: 'POST', path: '/evaluaties', body: {
      datum: datum.value(),
      doelen: goals.map((g) => ({ doel_id: g.doel.id, status: g.status.value(), uitkomst: g.uitkomst.value().trim() })),
      zrm: scores.map((s) => ({ lid: s.lid.value(), leefgebied: s.leefgebied.value(), score: Number(s.score.value()) })),
      besluit: besluit.value(), toelichting: toelichting.value().trim() || null,
      volgende_evaluatie: volgende.value() || null, reden,
    } }),
    done: (plan) => `De evaluatie is vastgelegd (versie ${plan.version}).${plan.volgende_evaluatie ? ` De volgende evaluatie is op ${formatDate(plan.volgende_evaluatie)}.` : ''}`,
  }, opener);
}
