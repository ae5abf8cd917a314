// SPDX-License-Identifier: EUPL-1.2
//
// plan/model.ts: the household plan as the API gives it (docs/plan.md, "The plan's JSON"), and
// what the plan page makes of it without drawing anything: needs grouped by law, the names of
// members, needs, goals and actions, an action's volume in words ("102 minuten per week"), the
// product categories of a law, the suggestion for a write's reason, and a version difference in
// readable Dutch (each field named, each goal or action by its description, never by its id).

import type { NiveauAanvraagStatus } from '../ladder-text';
import { label } from '../data';
import type { Codelists } from '../state';
import { formatDate } from '../texts';

export interface PlanUser { username: string; naam: string; sinds?: string }

export interface Regie {
  regisseur: string; naam: string; van: string | null; van_naam: string | null;
  vanaf: string; tot: string | null; notitie: string | null;
  vastgelegd_door: string; vastgelegd_op: string;
}

export interface Probleem { omschrijving: string; prioriteit: number }

export interface Lid { id: string; voornaam?: string; tussenvoegsel?: string; achternaam?: string; rol?: string }

export interface WetWijziging { van: string; naar: string; reden: string; door: string; op: string }

export interface Hulpvraag {
  id: string; intake_need_id?: string; intake_id?: string; lid: string | null;
  leefgebied: string; omschrijving: string; urgentie: string; status: string;
  wet: string; wet_intake?: string; wet_historie: WetWijziging[]; doelen: string[];
}

export interface Doel {
  id: string; omschrijving: string; leden: string[]; streefdatum: string | null; status: string;
  hulpvragen: string[]; wetten: string[];
}

export interface Omvang { volume: number; eenheid: string; frequentie: string }

export interface Afspraak {
  id: string; doel_id: string | null; soort: string; omschrijving: string; uitvoerder: string;
  wet: string | null; productcategorie: string | null; aanbieder: string | null;
  omvang: Omvang | null; begindatum: string | null; einddatum: string | null; reden_einde: string | null;
}

export interface Akkoord { versie: number; datum: string; wijze: string }

export interface Plan {
  id: string; household_id: string; status: string; reden_afsluiting: string | null;
  version: number; created_at: string; created_by: string;
  regisseur: PlanUser; aanspreekpunt: PlanUser; regie: Regie[];
  goed_gaat: string | null; eigen_kracht: string | null; professionele_steun: string | null;
  problemen: Probleem[]; leden: Lid[]; hulpvragen: Hulpvraag[]; doelen: Doel[]; afspraken: Afspraak[];
  open_hulpvragen: string[]; akkoord: Akkoord | null;
  // The AVE ladder and the evaluations (docs/ladder.md, "The plan's JSON, added").
  niveau?: number; volgende_evaluatie?: string | null;
  niveau_historie?: NiveauPeriode[]; niveau_aanvraag?: NiveauAanvraag | null;
  niveau_aanvragen?: NiveauAanvraag[]; evaluaties?: Evaluatie[];
}

export interface NiveauPeriode { niveau: number; vanaf: string; tot: string | null; aanvraag_id: string | null }

export interface NiveauAanvraag {
  id: string; richting: 'op' | 'af'; van: number; naar: number; reden: string; evaluatie_id: string | null;
  status: NiveauAanvraagStatus;
  aangevraagd_door: string; aangevraagd_op: string;
  besloten_door: string | null; besloten_op: string | null; besluit_reden: string | null;
}

export interface ZrmWijziging {
  lid: string; leefgebied: string; score: number; intake_id: string | null; intake_datum: string | null;
  intake_score: number | null; verschil: number | null;
}

export interface Evaluatie {
  id: string; datum: string; gepland: string | null; op_tijd: boolean; besluit: string;
  toelichting: string | null; volgende_evaluatie: string | null; door: string; op: string;
  doelen: { doel_id: string; status: string; uitkomst: string }[];
  zrm: ZrmWijziging[];
}

/** The AVE phases (DOMAIN.md, "The support pyramid and levels"): what each level means and who
 *  holds regie, in Dutch. */
export const NIVEAU: Record<number, { betekenis: string; regie: string }> = {
  1: { betekenis: 'Geen problemen, of alleen vermoedens', regie: 'de bewoner' },
  2: { betekenis: 'Een vraag of een probleem', regie: 'de bewoner, met professionele steun' },
  3: { betekenis: 'Complexe problemen op meerdere leefgebieden en onder meerdere wetten', regie: 'de regisseur (casusregie)' },
  4: { betekenis: 'De situatie escaleert volledig; de veiligheid is in het geding', regie: 'de regisseur, met procesregie' },
};

/** "Niveau 3: complexe problemen …". */
export function niveauText(n: number | null | undefined): string {
  if (!n) return 'Onbekend niveau';
  const m = NIVEAU[n];
  return m ? `Niveau ${n}: ${m.betekenis.charAt(0).toLocaleLowerCase('nl')}${m.betekenis.slice(1)}` : `Niveau ${n}`;
}

/** Whether going from @van to @naar waits for a supervisor's approval (up to 3 or 4). */
export function needsApproval(van: number, naar: number): boolean {
  return naar > van && naar >= 3;
}

/** "+2", "−1", "0": a ZRM change; "—" without an intake score. */
export function verschilText(v: number | null): string {
  if (v === null || v === undefined) return '—';
  return v > 0 ? `+${v}` : v < 0 ? `\u2212${-v}` : '0';
}

/** The name of @username as the plan knows it (its regie), else the username. */
export function userName(plan: Plan, username: string | null): string {
  if (!username) return '—';
  if (plan.regisseur?.username === username) return plan.regisseur.naam;
  if (plan.aanspreekpunt?.username === username) return plan.aanspreekpunt.naam;
  return plan.regie?.find((r) => r.regisseur === username)?.naam ?? username;
}

export interface Versie {
  versie: number; op: string; door: string; naam?: string; reden: string;
  akkoord?: { datum: string; wijze: string } | null;
}

export interface Wijziging { pad: string; soort: 'gewijzigd' | 'toegevoegd' | 'verwijderd'; van: unknown; naar: unknown }
export interface Verschil { van: number; naar: number; wijzigingen: Wijziging[] }

/** The code list of each law whose product categories iStandaarden code (WMO 01–18, JW 40–55). */
const CATEGORY_LIST: Record<string, string> = { WMO: 'productcategorie_wmo', JW: 'productcategorie_jw' };

/** The product categories of @wet, from its code list (none for a law without them). */
export function categoriesOf(codelists: Codelists, wet: string): { code: string; label: string }[] {
  const list = CATEGORY_LIST[wet];
  return list ? (codelists[list] ?? []).map((c) => ({ code: c.code, label: `${c.code} ${c.label}` })) : [];
}

/** The label of product category @code, of whichever law's list has it (their codes differ). */
export function categoryLabel(codelists: Codelists, code: string | null | undefined): string {
  if (!code) return '';
  for (const list of Object.values(CATEGORY_LIST)) {
    const found = codelists[list]?.find((c) => c.code === code);
    if (found) return found.label;
  }
  return code;
}

/** Whether @wet has product categories. */
export function hasCategories(wet: string | null | undefined): boolean {
  return !!wet && wet in CATEGORY_LIST;
}

/** The plural of a unit's label where Dutch makes one (the code list names each in the singular). */
const UNIT_PLURAL: Record<string, string> = {
  '01': 'minuten', '04': 'uur', '14': 'etmalen', '16': 'dagdelen (4 uur)',
};

/** "102 minuten per week": volume, unit and frequency in words, from the code lists. */
export function omvangText(codelists: Codelists, omvang: Omvang | null | undefined): string {
  if (!omvang) return '';
  const unit = omvang.volume === 1 || !UNIT_PLURAL[omvang.eenheid]
    ? label(codelists, 'eenheid', omvang.eenheid).toLocaleLowerCase('nl')
    : UNIT_PLURAL[omvang.eenheid]!;
  const frequency = label(codelists, 'frequentie', omvang.frequentie).toLocaleLowerCase('nl');
  return `${omvang.volume} ${unit} ${frequency}`.trim();
}

export function lidName(lid: Lid | undefined): string {
  if (!lid) return 'onbekend lid';
  return [lid.voornaam, lid.tussenvoegsel, lid.achternaam].filter(Boolean).join(' ') || 'naamloos lid';
}

export function memberName(plan: Plan, id: string | null): string {
  if (!id) return 'het huishouden';
  return lidName(plan.leden.find((l) => l.id === id));
}

/** The laws of @plan's needs in the code list's order, each with its needs. */
export function needsByLaw(codelists: Codelists, plan: Plan): { wet: string; needs: Hulpvraag[] }[] {
  const order = (codelists.wet ?? []).map((c) => c.code);
  const laws = [...new Set(plan.hulpvragen.map((n) => n.wet))]
    .sort((a, b) => (order.indexOf(a) + 1 || 999) - (order.indexOf(b) + 1 || 999));
  return laws.map((wet) => ({ wet, needs: plan.hulpvragen.filter((n) => n.wet === wet) }));
}

/** The ids of the needs that are open without a goal (the API's list, or worked out). */
export function openWithoutGoal(plan: Plan): Set<string> {
  if (Array.isArray(plan.open_hulpvragen)) return new Set(plan.open_hulpvragen);
  const covered = new Set(plan.doelen.filter((d) => d.status === 'open').flatMap((d) => d.hulpvragen));
  return new Set(plan.hulpvragen.filter((n) => (n.status === 'open' || n.status === 'in_behandeling')
    && !covered.has(n.id)).map((n) => n.id));
}

/** The distinct laws of the needs a goal links, in the plan's order (the API's wetten). */
export function goalLaws(plan: Plan, doel: Doel): string[] {
  if (Array.isArray(doel.wetten)) return doel.wetten;
  return [...new Set(doel.hulpvragen.map((id) => plan.hulpvragen.find((n) => n.id === id)?.wet)
    .filter((w): w is string => !!w))];
}

/** "Begeleiding naar betaald werk (Jolanda Voorbeeld, PW)": a need as a line. */
export function needText(plan: Plan, n: Hulpvraag): string {
  return `${n.omschrijving} (${memberName(plan, n.lid)}, ${n.wet})`;
}

// ---- the difference between two versions ------------------------------------------------------

/** The Dutch name of each field a difference can name, by its last part(s). */
const FIELD: Record<string, string> = {
  goed_gaat: 'Wat goed gaat', eigen_kracht: 'Eigen kracht en netwerk',
  professionele_steun: 'Waar professionele steun nodig is', problemen: 'Problemen',
  omschrijving: 'omschrijving', prioriteit: 'prioriteit', status: 'status', streefdatum: 'streefdatum',
  leden: 'voor wie', hulpvragen: 'hulpvragen', wet: 'wet', wetten: 'wetten', soort: 'soort',
  uitvoerder: 'uitvoerder', productcategorie: 'productcategorie', aanbieder: 'aanbieder',
  'omvang.volume': 'omvang', 'omvang.eenheid': 'eenheid', 'omvang.frequentie': 'frequentie', omvang: 'omvang',
  begindatum: 'begindatum', einddatum: 'einddatum', reden_einde: 'reden einde', doel_id: 'doel',
  doelen: 'doelen', wet_historie: 'wetswijzigingen', leefgebied: 'leefgebied', urgentie: 'urgentie', lid: 'lid',
  'regisseur.username': 'Regisseur', 'regisseur.naam': 'Regisseur (naam)', 'regisseur.sinds': 'Regisseur sinds',
  'aanspreekpunt.username': 'Aanspreekpunt', 'aanspreekpunt.naam': 'Aanspreekpunt (naam)',
  regie: 'Regie', status_plan: 'Status van het plan', reden_afsluiting: 'Reden van afsluiten',
  open_hulpvragen: 'Open hulpvragen zonder doel',
};

/** The code list of a field whose value is a code. */
const CODELIST: Record<string, string> = {
  wet: 'wet', leefgebied: 'leefgebied', urgentie: 'urgentie', soort: 'afspraak_soort',
  'omvang.eenheid': 'eenheid', 'omvang.frequentie': 'frequentie',
  reden_einde: 'reden_einde',
};

export interface DiffRow { onderdeel: string; veld: string; soort: Wijziging['soort']; van: string; naar: string }

/** A difference's rows in Dutch, each goal, action or need named by its description as it stood
 *  in either version (@from, @to: the two documents). */
export function diffRows(codelists: Codelists, from: Plan, to: Plan, diff: Verschil): DiffRow[] {
  const all = (key: 'doelen' | 'afspraken' | 'hulpvragen') => [...(to[key] ?? []), ...(from[key] ?? [])] as { id: string; omschrijving: string }[];
  const named = (key: 'doelen' | 'afspraken' | 'hulpvragen', id: string) =>
    all(key).find((x) => x.id === id)?.omschrijving ?? 'onbekend';
  const leden = [...(to.leden ?? []), ...(from.leden ?? [])];
  const users = new Map<string, string>();
  for (const p of [from, to]) {
    for (const r of p.regie ?? []) users.set(r.regisseur, r.naam);
    if (p.regisseur) users.set(p.regisseur.username, p.regisseur.naam);
    if (p.aanspreekpunt) users.set(p.aanspreekpunt.username, p.aanspreekpunt.naam);
  }
  const kinds: Record<string, string> = { doelen: 'Doel', afspraken: 'Afspraak', hulpvragen: 'Hulpvraag', problemen: 'Probleem' };

  const value = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (Array.isArray(v)) {
      if (field === 'leden') return v.map((id) => lidName(leden.find((l) => l.id === id))).join(', ') || '—';
      if (field === 'hulpvragen') return v.map((id) => named('hulpvragen', String(id))).join('; ') || '—';
      if (field === 'doelen') return v.map((id) => named('doelen', String(id))).join('; ') || '—';
      if (field === 'wetten') return v.map((w) => String(w)).join(', ') || '—';
      if (field === 'problemen') return v.map((p) => `${(p as Probleem).prioriteit}. ${(p as Probleem).omschrijving}`).join('; ') || '—';
      return v.map((x) => value('', x)).join(', ');
    }
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (field === 'omvang') return omvangText(codelists, o as unknown as Omvang);
      if (typeof o.omschrijving === 'string') return o.omschrijving;
      if (typeof o.naam === 'string') return o.naam;
      return '(onderdeel)';
    }
    if (field === 'doel_id') return named('doelen', String(v));
    if (field === 'lid') return lidName(leden.find((l) => l.id === v));
    if (field.endsWith('username') || field === 'regisseur') return users.get(String(v)) ?? String(v);
    if (field === 'status') return label(codelists, 'doel_status', String(v)) || String(v);
    if (field === 'productcategorie') return `${v} ${categoryLabel(codelists, String(v))}`;
    if (field === 'streefdatum' || field === 'begindatum' || field === 'einddatum') return formatDate(String(v));
    const list = CODELIST[field];
    if (list) return `${label(codelists, list, String(v))}`;
    return String(v);
  };

  return diff.wijzigingen.map((w) => {
    // doelen[ID].omvang.volume → list doelen, item ID, field omvang.volume
    const m = /^([a-z_]+)\[([^\]]+)\](?:\.(.+))?$/.exec(w.pad);
    if (m) {
      const [, key, item, rest] = m as unknown as [string, string, string, string | undefined];
      const kind = kinds[key] ?? FIELD[key] ?? key;
      const name = key in kinds && key !== 'problemen' ? named(key as 'doelen', item)
        : key === 'problemen' ? `${Number(item) + 1}` : item;
      const field = rest ?? '';
      return {
        onderdeel: `${kind} ‘${name}’`,
        veld: field ? (FIELD[field] ?? field.replaceAll('_', ' ')) : (w.soort === 'toegevoegd' ? 'toegevoegd' : w.soort === 'verwijderd' ? 'verwijderd' : ''),
        soort: w.soort, van: value(field, w.van), naar: value(field, w.naar),
      };
    }
    const field = w.pad;
    return {
      onderdeel: FIELD[field] ?? (FIELD[field.split('.')[0]!] ?? field.replaceAll('_', ' ')),
      veld: '', soort: w.soort, van: value(field, w.van), naar: value(field, w.naar),
    };
  });
}
