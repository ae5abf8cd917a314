// SPDX-License-Identifier: EUPL-1.2
//
// pages/signin.ts: Aanmelden — gemeente, gebruikersnaam, wachtwoord (POST /api/v1/session). On
// the embedded demo (GET /api/v1/demo answers) the demo users of each role are listed below the
// form, each with a button that fills it in.

import { ApiError, api } from '../api';
import { h } from '../dom';
import { checkRequired, errorSummary, textField, whileBusy } from '../form';
import type { Page } from '../page';
import { startPath } from '../router';
import { type Me, type Role, setState, takeNotice } from '../state';
import { roleLabel } from '../texts';
import { restoreUnsaved } from '../unsaved';

interface Demo {
  password: string;
  users: { gemeente: string; gemeente_naam: string; username: string; display_name: string; role: Role }[];
}

const LAST_GEMEENTE = 'eenplan.gemeente';

export const signInPage: Page = {
  path: '/aanmelden',
  title: 'Aanmelden',
  roles: 'public',
  async render({ main, query, navigate }) {
    const notice = takeNotice();
    const gemeente = textField({
      name: 'gemeente', label: 'Gemeente', noun: 'De gemeente',
      description: 'De CBS-code van uw gemeente, bijvoorbeeld GM0164 voor Hengelo.',
      value: localStorage.getItem(LAST_GEMEENTE) ?? '', autocomplete: 'organization', required: true,
    });
    const username = textField({
      name: 'username', label: 'Gebruikersnaam', noun: 'De gebruikersnaam', autocomplete: 'username',
      required: true,
    });
    const password = textField({
      name: 'password', label: 'Wachtwoord', noun: 'Het wachtwoord', type: 'password',
      autocomplete: 'current-password', required: true,
    });
    const fields = [gemeente, username, password];
    const summary = errorSummary();
    const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Aanmelden');

    const form = h('form', { novalidate: true, 'aria-labelledby': 'aanmelden-kop' },
      summary.root, gemeente.root, username.root, password.root,
      h('div', { class: 'utrecht-button-group' }, submit));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!checkRequired(fields, summary)) return;
      await whileBusy(submit, async () => {
        try {
          const me = await api.post<Me>('/api/v1/session', {
            gemeente: gemeente.value().trim().toUpperCase(),
            username: username.value().trim(),
            password: password.value(),
          });
          localStorage.setItem(LAST_GEMEENTE, me.user.gemeente);
          setState({ me });
          // The work this user had not saved when their session ended comes back (another
          // user's is removed from the tab unseen, and their page is not this user's to return to).
          const someoneElse = restoreUnsaved(me);
          const back = someoneElse ? null : query.get('terug');
          navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : startPath(me.user.role), { replace: true });
        } catch (error) {
          summary.show(error instanceof ApiError ? error.message : String(error), []);
        }
      });
    });

    main.append(h('div', { class: 'ep-stack' },
      h('h1', { class: 'utrecht-heading-1', id: 'aanmelden-kop' }, 'Aanmelden bij eenplan'),
      notice ? h('div', { class: `utrecht-alert utrecht-alert--${notice.kind}`, role: 'status' },
        h('div', { class: 'utrecht-alert__message' }, notice.text)) : null,
      form));

    // The demo users, when the server runs on the embedded demo database (404 elsewhere).
    let demo: Demo | null = null;
    try {
      demo = await api.get<Demo>('/api/v1/demo');
    } catch {
      demo = null;
    }
    if (!demo || demo.users.length === 0) return;
    const fill = (u: Demo['users'][number]) => () => {
      const inputs = form.querySelectorAll<HTMLInputElement>('input');
      inputs[0]!.value = u.gemeente;
      inputs[1]!.value = u.username;
      inputs[2]!.value = demo!.password;
      submit.focus();
    };
    main.append(h('section', { class: 'ep-stack', 'aria-labelledby': 'demo-kop' },
      h('h2', { class: 'utrecht-heading-2', id: 'demo-kop' }, 'Demogebruikers'),
      h('p', { class: 'utrecht-paragraph' },
        'Deze server draait op de demodatabase. Alle demogebruikers hebben het wachtwoord ',
        h('code', null, demo.password), '. Kies een gebruiker om het formulier in te vullen.'),
      h('div', { class: 'utrecht-table-container utrecht-table-container--overflow-inline' },
        h('table', { class: 'utrecht-table utrecht-table--html-table ep-demo-users' },
          h('caption', { class: 'utrecht-table__caption ep-visually-hidden' }, 'Demogebruikers per gemeente en rol'),
          h('thead', { class: 'utrecht-table__header' },
            h('tr', { class: 'utrecht-table__row' },
              ['Gemeente', 'Rol', 'Naam', 'Gebruikersnaam', 'Invullen'].map((t) =>
                h('th', { class: 'utrecht-table__header-cell', scope: 'col' }, t)))),
          h('tbody', { class: 'utrecht-table__body' }, demo.users.map((u) =>
            h('tr', { class: 'utrecht-table__row', 'data-username': u.username, 'data-gemeente': u.gemeente },
              h('td', { class: 'utrecht-table__cell' }, `${u.gemeente_naam} (${u.gemeente})`),
              h('td', { class: 'utrecht-table__cell' }, roleLabel[u.role] ?? u.role),
              h('td', { class: 'utrecht-table__cell' }, u.display_name),
              h('td', { class: 'utrecht-table__cell' }, u.username),
              h('td', { class: 'utrecht-table__cell' },
                h('button', {
                  class: 'utrecht-button utrecht-button--secondary-action', type: 'button',
                  'aria-label': `Invullen: ${u.display_name}, ${roleLabel[u.role] ?? u.role}, ${u.gemeente_naam}`,
                  onclick: fill(u) as EventListener,
                }, 'Invullen')))))))));
  },
};
