// SPDX-License-Identifier: EUPL-1.2
//
// audit-text.ts: the audit trail in Dutch, for the household's timeline and the supervisor's
// audit log: what an event's action on its kind of record means ("Intake definitief gemaakt"),
// the chain's verdict on an event, and a moment as day and time. An event the table does not
// know is shown by its codes, never left out.

import { formatDate } from './texts';

const steps: Record<string, string> = {
  'household/create': 'Huishouden vastgelegd',
  'person/create': 'Persoon vastgelegd',
  'household_member/join': 'Lid van het huishouden geworden',
  'household_member/leave': 'Lidmaatschap van het huishouden beëindigd',
  'contact/create': 'Contact vastgelegd',
  'intake/create': 'Intake begonnen (concept)',
  'intake/update': 'Intake opgeslagen',
  'intake/finalise': 'Intake definitief gemaakt',
  'intake/addendum': 'Aanvulling op de intake',
  'consent/grant': 'Toestemming gegeven',
  'consent/revoke': 'Toestemming ingetrokken',
  'consent/supersede': 'Toestemming vervangen door een nieuwe intake',
  'plan/plan_create': 'Plan gemaakt',
  'plan/plan_situation': 'Situatie van het plan gewijzigd',
  'plan/plan_needs_import': 'Hulpvragen in het plan opgehaald',
  'plan/plan_need_law': 'Wet van een hulpvraag in het plan gewijzigd',
  'plan/plan_goal_add': 'Doel toegevoegd aan het plan',
  'plan/plan_goal_change': 'Doel van het plan gewijzigd',
  'plan/plan_action_add': 'Afspraak toegevoegd aan het plan',
  'plan/plan_action_change': 'Afspraak van het plan gewijzigd',
  'plan/plan_handover': 'Regie overgedragen (warme overdracht)',
  'plan/plan_contact_person': 'Aanspreekpunt van het plan gewijzigd',
  'plan/plan_agree': 'Akkoord van de bewoner met het plan vastgelegd',
  'plan/plan_close': 'Plan afgesloten',
  'plan/plan_level_request': 'Niveauwijziging van het plan aangevraagd',
  'plan/plan_level_approve': 'Niveauwijziging van het plan goedgekeurd',
  'plan/plan_level_reject': 'Niveauwijziging van het plan afgewezen',
  'plan/plan_level_lapse': 'Niveau-aanvraag vervallen (plan afgesloten)',
  'plan/plan_evaluate': 'Evaluatie van het plan vastgelegd',
  'household_shield/shield': 'Huishouden afgeschermd',
  'household_shield/lift': 'Afscherming opgeheven',
  'emergency_access/open': 'Noodtoegang geopend',
  'emergency_access/review': 'Noodtoegang beoordeeld',
  'app_user/create': 'Gebruiker toegevoegd',
  'app_user/set_password': 'Wachtwoord ingesteld',
  'app_user/disable': 'Gebruiker uitgeschakeld',
  'user_session/sign_in': 'Aangemeld',
  'user_session/sign_out': 'Afgemeld',
  'user_session/end': 'Sessie beëindigd',
};

/** "Intake definitief gemaakt" for finalise on intake; "finalise (intake)" when unknown. */
export function stepText(action: string, entityType: string): string {
  return steps[`${entityType}/${action}`] ?? `${action} (${entityType})`;
}

/** What the chain says of an event of GET /api/v1/audit. */
export const chainText: Record<string, string> = {
  matches: 'Klopt met de keten',
  unsealed: 'Nog niet in de keten',
  altered: 'GEWIJZIGD na vastlegging',
  missing: 'ONTBREEKT in de keten',
};

/** "2026-11-18T09:30:12.123456Z" → "18 november 2026, 10:30" (the user's time zone). */
export function formatMoment(iso: string | null | undefined): string {
  if (!iso) return '';
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
  return `${formatDate(day)}, ${pad(when.getHours())}:${pad(when.getMinutes())}`;
}
