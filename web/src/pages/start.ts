// SPDX-License-Identifier: EUPL-1.2
//
// pages/start.ts: the start page of roles without a werkbak (partner, admin) until their own
// pages come (consented households for a partner; users for an administrator).

import { h } from '../dom';
import type { Page } from '../page';
import { getState } from '../state';
import { roleLabel } from '../texts';

export const startPage: Page = {
  path: '/start',
  title: 'Start',
  menu: 'Start',
  roles: ['partner', 'admin'],
  render({ main }) {
    const me = getState().me!;
    main.append(h('h1', { class: 'utrecht-heading-1' }, `Welkom, ${me.user.display_name}`),
      h('p', { class: 'utrecht-paragraph' },
        `U bent aangemeld als ${roleLabel[me.user.role].toLocaleLowerCase('nl')}`
        + (me.user.partner_organisation ? ` van ${me.user.partner_organisation}` : '')
        + `. De pagina's voor uw rol komen in een volgende versie.`));
  },
};
