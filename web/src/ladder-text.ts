// SPDX-License-Identifier: EUPL-1.2
//
// ladder-text.ts: the AVE ladder's words that the plan page (plan/ladder.ts) and the supervisor's
// page (pages/supervision.ts) both show (docs/ladder.md): a level request's change ("Opschalen:
// van 2 naar 3") and its status as a badge, from the code lists.

import { label } from './data';
import { h } from './dom';
import type { Codelists } from './state';

export type NiveauAanvraagStatus = 'aangevraagd' | 'goedgekeurd' | 'afgewezen' | 'doorgevoerd' | 'vervallen';

const STATUS_BADGE: Record<NiveauAanvraagStatus, string> = {
  aangevraagd: 'warning', goedgekeurd: 'neutral', afgewezen: 'danger', doorgevoerd: 'neutral', vervallen: 'neutral',
};

/** "Opschalen: van 2 naar 3". */
export function levelChangeText(c: Codelists, a: { richting: string; van: number; naar: number }): string {
  return `${label(c, 'niveau_richting', a.richting) || a.richting}: van ${a.van} naar ${a.naar}`;
}

/** The status of a level request as an utrecht-status-badge ("Wacht op goedkeuring"). */
export function levelStatusBadge(c: Codelists, status: NiveauAanvraagStatus): HTMLElement {
  return h('span', { class: `utrecht-status-badge utrecht-status-badge--${STATUS_BADGE[status] ?? 'neutral'}` },
    label(c, 'niveau_aanvraag_status', status) || status);
}
