// SPDX-License-Identifier: EUPL-1.2
//
// pages/password.ts: Wachtwoord wijzigen (/wachtwoord), for every user: the current password and
// the new one twice (PUT /api/v1/me/password). This session goes on, the user's others end. A
// wrong current password shows beside its field (422 /problems/wrong-password, errors[].path
// current_password), as does a new one the server refuses.

import { ApiError, api } from '../api';
import { h, replace } from '../dom';
import { type Field, checkRequired, errorSummary, fieldMessage, textField, whileBusy } from '../form';
import type { Page } from '../page';
import { alertBox } from '../ui';

export const passwordPage: Page = {
  path: '/wachtwoord',
  title: 'Wachtwoord wijzigen',
  menu: 'Wachtwoord wijzigen',
  roles: ['casemanager', 'regisseur', 'supervisor', 'partner', 'admin'],
  render({ main }) {
    const current = textField({
      name: 'current_password', label: 'Huidig wachtwoord', noun: 'Het huidige wachtwoord', type: 'password',
      autocomplete: 'current-password', required: true,
    });
    const next = textField({
      name: 'new_password', label: 'Nieuw wachtwoord', noun: 'Het nieuwe wachtwoord', type: 'password',
      autocomplete: 'new-password', required: true,
      description: 'Ten minste 12 tekens; een zin is goed te onthouden.',
    });
    const again = textField({
      name: 'again', label: 'Nieuw wachtwoord nog een keer', noun: 'De herhaling', type: 'password',
      autocomplete: 'new-password', required: true,
    });
    const fields: Field[] = [current, next, again];
    const summary = errorSummary();
    const status = h('div', { 'data-testid': 'wachtwoord-status' });
    const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Wachtwoord wijzigen');
    const form = h('form', { novalidate: true, 'aria-labelledby': 'wachtwoord-kop' },
      summary.root, current.root, next.root, again.root, h('div', { class: 'utrecht-button-group' }, submit), status);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      replace(status);
      if (!checkRequired(fields, summary)) return;
      if (next.value() !== again.value()) {
        const message = 'De herhaling is niet gelijk aan het nieuwe wachtwoord';
        again.setError(message);
        summary.show(null, [{ field: again, message }]);
        return;
      }
      await whileBusy(submit, async () => {
        try {
          await api.put('/api/v1/me/password', { current_password: current.value(), new_password: next.value() });
          form.reset();
          replace(status, alertBox('ok', 'Uw wachtwoord is gewijzigd. Uw andere sessies zijn beëindigd.'));
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          const placed: { field: Field; message: string }[] = [];
          for (const e of error.fieldErrors) {
            const field = fields.find((f) => f.name === e.path);
            if (!field) continue;
            const message = fieldMessage(field, e.detail);
            field.setError(message);
            placed.push({ field, message });
          }
          summary.show(placed.length ? null : error.message, placed);
        }
      });
    });
    main.append(h('h1', { class: 'utrecht-heading-1', id: 'wachtwoord-kop' }, 'Wachtwoord wijzigen'), form);
  },
};
