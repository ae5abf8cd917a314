// SPDX-License-Identifier: EUPL-1.2
//
// pages/admin.ts: Gebruikers beheren (/beheer), for administrators: the municipality's users (GET
// /api/v1/users, a page at a time, "Meer laden"), adding one (POST /api/v1/users: username,
// display name, role, the organisation for a partner, a password or none yet), disabling one
// (after a confirmation on the page itself) and setting someone's password (PUT
// /api/v1/users/{username}/password). The server's errors show beside their field
// (problem+json errors[].path) and in the summary above the form.

import { ApiError, api } from '../api';
import { h, replace } from '../dom';
import { type Field, errorSummary, radioField, textField, whileBusy } from '../form';
import type { Page } from '../page';
import type { Role } from '../state';
import { roleLabel } from '../texts';
import { type TableColumn, alertBox, appendRows, dataTable, errorText, section } from '../ui';

interface User {
  id: string; username: string; display_name: string; role: Role;
  partner_organisation: string | null; active: boolean; demo: boolean; has_password: boolean;
}

const ROLES: Role[] = ['casemanager', 'regisseur', 'supervisor', 'partner', 'admin'];

/** Puts the API's @error beside its fields ("Gebruikersnaam: 2–64 kleine letters…"), and in
 *  @summary. */
function showErrors(fields: Field[], summary: ReturnType<typeof errorSummary>, error: unknown): void {
  if (!(error instanceof ApiError)) {
    summary.show(String(error), []);
    return;
  }
  for (const f of fields) f.setError(null);
  const placed: { field: Field; message: string }[] = [];
  for (const e of error.fieldErrors) {
    const field = fields.find((f) => f.name === e.path);
    if (!field) continue;
    const message = `${field.noun}: ${e.detail}`;
    field.setError(message);
    placed.push({ field, message });
  }
  summary.show(placed.length ? null : error.message, placed);
}

/** Checks that @fields have a value; shows "Vul … in" beside those that do not. */
function required(fields: Field[], summary: ReturnType<typeof errorSummary>): boolean {
  summary.clear();
  const missing = fields.filter((f) => !f.value().trim());
  for (const f of fields) f.setError(missing.includes(f) ? `${f.noun}: vul dit in` : null);
  if (missing.length) summary.show(null, missing.map((field) => ({ field, message: `${field.noun}: vul dit in` })));
  return missing.length === 0;
}

function addForm(onAdded: (user: User) => void): HTMLElement {
  const username = textField({
    name: 'username', label: 'Gebruikersnaam', noun: 'Gebruikersnaam', required: true, autocomplete: 'off',
    description: 'Kleine letters, cijfers, punt, _ of -; bijvoorbeeld sanne.devries.',
  });
  const displayName = textField({ name: 'display_name', label: 'Naam', noun: 'Naam', required: true, autocomplete: 'off' });
  const role = radioField({
    name: 'role', label: 'Rol', noun: 'Rol', value: 'casemanager',
    options: ROLES.map((r) => ({ code: r, label: roleLabel[r] })),
    onInput: (v) => { organisation.root.hidden = v !== 'partner'; },
  });
  const organisation = textField({
    name: 'partner_organisation', label: 'Partnerorganisatie', noun: 'Partnerorganisatie', autocomplete: 'off',
    description: 'Zoals toestemmingen haar noemen, bijvoorbeeld Stichting Schuldhulp Twente.',
  });
  organisation.root.hidden = true;
  const password = textField({
    name: 'password', label: 'Wachtwoord (mag leeg blijven)', noun: 'Wachtwoord', type: 'password',
    autocomplete: 'new-password',
    description: 'Ten minste 12 tekens. Leeg: de gebruiker kan zich pas aanmelden als u een wachtwoord instelt.',
  });
  const fields = [username, displayName, role, organisation, password];
  const summary = errorSummary();
  const status = h('div', { 'data-testid': 'toevoegen-status' });
  const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Gebruiker toevoegen');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'sectie-toevoegen' },
    summary.root, username.root, displayName.root, role.root, organisation.root, password.root,
    h('div', { class: 'utrecht-button-group' }, submit), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(status);
    const need = [username, displayName, ...(role.value() === 'partner' ? [organisation] : [])];
    if (!required(need, summary)) return;
    await whileBusy(submit, async () => {
      try {
        const body: Record<string, string> = {
          username: username.value().trim(), display_name: displayName.value().trim(), role: role.value(),
        };
        if (role.value() === 'partner') body.partner_organisation = organisation.value().trim();
        if (password.value()) body.password = password.value();
        const user = await api.post<User>('/api/v1/users', body);
        for (const f of fields) f.setError(null);
        summary.clear();
        form.reset();
        organisation.root.hidden = true;
        replace(status, alertBox('ok', `${user.display_name} (${user.username}) is toegevoegd.`));
        onAdded(user);
      } catch (error) {
        showErrors(fields, summary, error);
      }
    });
  });
  return form;
}

export const adminPage: Page = {
  path: '/beheer',
  title: 'Gebruikers beheren',
  menu: 'Gebruikers',
  roles: ['admin'],
  async render({ main, isCurrent }) {
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Gebruikers beheren'));
    const listStatus = h('div', { role: 'status', 'data-testid': 'gebruikers-status' });
    const list = h('div', null, h('p', { class: 'utrecht-paragraph' }, 'De gebruikers worden geladen…'));
    const more = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button', hidden: true }, 'Meer laden');
    let cursor: string | null = null;
    let table: HTMLElement | null = null;

    const rowActions = (u: User): HTMLElement => {
      const box = h('div', { class: 'ep-actions' });
      const draw = () => {
        if (!u.active) {
          replace(box, h('span', null, 'Uitgeschakeld'));
          return;
        }
        const disable = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button' },
          'Uitschakelen', h('span', { class: 'ep-visually-hidden' }, `: ${u.display_name}`));
        const reset = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button' },
          'Wachtwoord instellen', h('span', { class: 'ep-visually-hidden' }, `: ${u.display_name}`));
        disable.addEventListener('click', () => confirmDisable());
        reset.addEventListener('click', () => resetForm());
        replace(box, h('div', { class: 'utrecht-button-group' }, disable, reset));
      };
      const confirmDisable = () => {
        const yes = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'button' }, `Ja, ${u.username} uitschakelen`);
        const no = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button' }, 'Annuleren');
        no.addEventListener('click', () => draw());
        yes.addEventListener('click', () => void whileBusy(yes, async () => {
          try {
            await api.post(`/api/v1/users/${encodeURIComponent(u.username)}/disable`, {});
            u.active = false;
            draw();
            replace(listStatus, alertBox('ok', `${u.display_name} (${u.username}) is uitgeschakeld; de sessies zijn beëindigd.`));
            box.closest('tr')?.querySelector('[data-kolom=actief]')?.replaceChildren('Nee');
          } catch (error) {
            replace(listStatus, alertBox('error', errorText(error)));
          }
        }));
        replace(box, alertBox('warning',
          `Weet u zeker dat u ${u.display_name} wilt uitschakelen? Alle sessies eindigen direct en aanmelden kan niet meer.`),
        h('div', { class: 'utrecht-button-group' }, yes, no));
        yes.focus();
      };
      const resetForm = () => {
        const password = textField({
          name: 'password', label: `Nieuw wachtwoord voor ${u.username}`, noun: 'Wachtwoord', type: 'password',
          autocomplete: 'new-password', description: 'Ten minste 12 tekens. Alle sessies van de gebruiker eindigen.',
        });
        const summary = errorSummary();
        const save = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Wachtwoord opslaan');
        const cancel = h('button', { class: 'utrecht-button utrecht-button--secondary-action', type: 'button' }, 'Annuleren');
        cancel.addEventListener('click', () => draw());
        const form = h('form', { novalidate: true, 'aria-label': `Wachtwoord instellen voor ${u.username}` },
          summary.root, password.root, h('div', { class: 'utrecht-button-group' }, save, cancel));
        form.addEventListener('submit', async (event) => {
          event.preventDefault();
          if (!required([password], summary)) return;
          await whileBusy(save, async () => {
            try {
              await api.put(`/api/v1/users/${encodeURIComponent(u.username)}/password`, { password: password.value() });
              u.has_password = true;
              draw();
              replace(listStatus, alertBox('ok', `Het wachtwoord van ${u.display_name} (${u.username}) is ingesteld.`));
            } catch (error) {
              showErrors([password], summary, error);
            }
          });
        });
        replace(box, form);
        password.focusTarget.focus();
      };
      draw();
      return box;
    };

    const columns: TableColumn<User>[] = [
      { title: 'Gebruikersnaam', cell: (u) => u.username },
      { title: 'Naam', cell: (u) => u.display_name },
      { title: 'Rol', cell: (u) => roleLabel[u.role] ?? u.role },
      { title: 'Organisatie', cell: (u) => u.partner_organisation ?? '—' },
      { title: 'Actief', cell: (u) => h('span', { 'data-kolom': 'actief' }, u.active ? 'Ja' : 'Nee') },
      { title: 'Acties', cell: rowActions },
    ];
    const rowAttrs = (u: User) => ({ 'data-gebruiker': u.username });
    const load = async () => {
      try {
        const page = await api.get<{ items: User[]; next_cursor: string | null }>(
          `/api/v1/users?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        if (!isCurrent()) return;
        if (!table) {
          table = dataTable('Gebruikers van de gemeente', columns, page.items, rowAttrs);
          replace(list, table);
        } else {
          appendRows(table, columns, page.items, rowAttrs);
        }
        cursor = page.next_cursor;
        more.hidden = !cursor;
      } catch (error) {
        if (isCurrent()) replace(list, alertBox('error', errorText(error)));
      }
    };
    more.addEventListener('click', () => void whileBusy(more, load));

    main.append(h('div', { class: 'ep-stack' },
      section('toevoegen', 'Gebruiker toevoegen', addForm((user) => {
        if (table && !cursor) appendRows(table, columns, [user], rowAttrs);
      })),
      section('gebruikers', 'Gebruikers', listStatus, list, more)));
    await load();
  },
};
