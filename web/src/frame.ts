// SPDX-License-Identifier: EUPL-1.2
//
// frame.ts: what surrounds every page: the header with the app's name, who is signed in and the
// sign-out button; the main menu, only with what the role may do; the main region the page
// fills (id "inhoud", the skip link's target); the footer. The progress message lives outside,
// in main.ts, so that it survives a page change.

import { h } from './dom';
import type { Page } from './page';
import type { Me } from './state';
import { roleLabel } from './texts';

export interface Frame { main: HTMLElement }

/** The menu of @me's role: the pages of @pages that have a menu label and allow the role. */
export function menuFor(pages: Page[], me: Me | null): Page[] {
  if (!me) return [];
  return pages.filter((p) => p.menu && p.roles !== 'public' && p.roles.includes(me.user.role));
}

export function drawFrame(app: HTMLElement, pages: Page[], current: Page | null, me: Me | null,
  onSignOut: () => void): Frame {
  const menu = menuFor(pages, me);
  const main = h('main', { id: 'inhoud', class: 'utrecht-page-content ep-main ep-container', tabindex: -1 });
  const header = h('header', { class: 'utrecht-page-header' },
    h('div', { class: 'utrecht-page-header__content ep-container ep-header' },
      h('a', { class: 'utrecht-link utrecht-link--html-a ep-brand', href: me ? '/' : '/aanmelden' }, 'eenplan'),
      me ? h('div', { class: 'ep-who' },
        h('p', { class: 'utrecht-paragraph', 'data-testid': 'wie' },
          `${me.user.display_name} · ${roleLabel[me.user.role] ?? me.user.role} · ${me.user.gemeente}`),
        h('button', {
          class: 'utrecht-button utrecht-button--secondary-action', type: 'button',
          onclick: onSignOut as EventListener,
        }, 'Afmelden')) : null),
    menu.length > 0 ? h('nav', { class: 'utrecht-nav-bar', 'aria-label': 'Hoofdmenu' },
      h('div', { class: 'utrecht-nav-bar__content ep-container' },
        h('ul', { class: 'utrecht-nav-list', role: 'list' }, menu.map((p) =>
          h('li', { class: 'utrecht-nav-list__item' },
            h('a', {
              class: 'utrecht-nav-list__link', href: p.path,
              'aria-current': p === current ? 'page' : null,
            }, p.menu!)))))) : null);
  const footer = h('footer', { class: 'utrecht-page-footer' },
    h('div', { class: 'utrecht-page-footer__content ep-container' },
      h('p', { class: 'utrecht-paragraph utrecht-paragraph--small' },
        'eenplan — één gezin, één plan, één regisseur')));
  app.replaceChildren(header, h('div', { class: 'utrecht-page-body ep-body' }, main), footer);
  return { main };
}
