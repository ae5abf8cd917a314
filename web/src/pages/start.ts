// SPDX-License-Identifier: EUPL-1.2
//
// pages/start.ts: the start page of a partner, until their own pages come (the households a
// consent gives them). An administrator starts at Gebruikers beheren (admin.ts).

import { h } from '../dom';
import type { Page } from '../page';
import { getState } from '../state';
import { roleLabel } from '../texts';

export const startPage: Page = {
  path: '/start',
  title: 'Start',
  menu: 'Start',
  roles: ['partner'],
  render({ main }) {
    const me = getState().me!;
    main.append(h('h1', { class: 'utrecht-heading-1' }, `Welkom, ${me.user.display_name}`),
      h('p', { class: 'utrecht-paragraph' },
        `U bent aangemeld als ${roleLabel[me.user.role].toLocaleLowerCase('nl')}`
        + (me.user.partner_organisation ? ` van ${me.user.partner_organisation}` : '')
        + `. De pagina's voor uw rol komen in een volgende versie.`));
  },
};
