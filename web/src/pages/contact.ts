// SPDX-License-Identifier: EUPL-1.2
//
// pages/contact.ts: Contact vastleggen — a hulpvraag as it arrives (POST /api/v1/contacts):
// the question in the resident's words first, then where it came in (vindplaats), how
// (kanaal), what kind of contact (soort) and when (datum). Built to take under a minute: the
// date is today, the soort hulpvraag, and the vindplaats and kanaal are the ones this browser
// used last; the choices are radio buttons, one tap each. What is typed is kept in the state
// (forms.contact) until it is saved, so leaving the page loses nothing. An error of the server
// shows beside its field (errors[].path) and in the summary above the form.

import { ApiError, api } from '../api';
import { h } from '../dom';
import { loadReference } from '../data';
import { type Field, checkRequired, errorSummary, radioField, selectField, showFieldErrors, textField, whileBusy } from '../form';
import type { Page } from '../page';
import { type FormValues, getState, setState } from '../state';
import { today } from '../texts';

const LAST_CHOICES = 'eenplan.contact.laatst';

function remembered(): FormValues {
  try {
    return JSON.parse(localStorage.getItem(LAST_CHOICES) ?? '{}') as FormValues;
  } catch {
    return {};
  }
}

function values(): FormValues {
  const last = remembered();
  return {
    question: '', date: today(), type: 'hulpvraag',
    vindplaats_id: last.vindplaats_id ?? '', channel: last.channel ?? 'telefoon',
    ...(getState().forms.contact ?? {}),
  };
}

function keep(name: string, value: string): void {
  const forms = getState().forms;
  setState({ forms: { ...forms, contact: { ...values(), [name]: value } } });
}

export const contactPage: Page = {
  path: '/contact',
  title: 'Contact vastleggen',
  menu: 'Contact vastleggen',
  roles: ['casemanager', 'regisseur'],
  async render({ main, navigate, isCurrent }) {
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Contact vastleggen'),
      h('p', { class: 'utrecht-paragraph utrecht-paragraph--lead' },
        'Leg een hulpvraag vast zoals die binnenkomt, in de woorden van de inwoner.'));
    let ref;
    try {
      ref = await loadReference();
    } catch (error) {
      if (!isCurrent()) return;
      main.append(h('div', { class: 'utrecht-alert utrecht-alert--error', role: 'alert' },
        h('div', { class: 'utrecht-alert__message' }, error instanceof ApiError ? error.message : String(error))));
      return;
    }
    if (!isCurrent()) return;
    const v = values();
    if (!ref.vindplaatsen.some((p) => p.id === v.vindplaats_id)) v.vindplaats_id = '';

    const question = textField({
      name: 'question', label: 'Vraag van de inwoner', noun: 'De vraag', rows: 5, required: true,
      description: 'Zo letterlijk mogelijk: wat vraagt de inwoner, in eigen woorden?',
      value: v.question, onInput: (x) => keep('question', x),
    });
    const vindplaats = selectField({
      name: 'vindplaats_id', label: 'Vindplaats', noun: 'De vindplaats',
      description: 'Waar kwam de vraag binnen?', placeholder: 'Kies een vindplaats',
      options: ref.vindplaatsen.map((p) => ({ code: p.id, label: p.wijk ? `${p.naam} (${p.wijk})` : p.naam })),
      value: v.vindplaats_id, onInput: (x) => keep('vindplaats_id', x),
    });
    const channel = radioField({
      name: 'channel', label: 'Kanaal', noun: 'Het kanaal', options: ref.codelists.kanaal ?? [],
      value: v.channel, onInput: (x) => keep('channel', x),
    });
    const type = radioField({
      name: 'type', label: 'Soort contact', noun: 'De soort', options: ref.codelists.contact_type ?? [],
      value: v.type, onInput: (x) => keep('type', x),
    });
    const date = textField({
      name: 'date', label: 'Datum van het contact', noun: 'De datum', type: 'date', required: true,
      value: v.date, onInput: (x) => keep('date', x),
    });
    const fields: Field[] = [question, vindplaats, channel, type, date];
    const summary = errorSummary();
    const submit = h('button', { class: 'utrecht-button utrecht-button--primary-action', type: 'submit' }, 'Contact vastleggen');
    const form = h('form', { novalidate: true, 'aria-label': 'Contact vastleggen' },
      summary.root, question.root, vindplaats.root, channel.root, type.root, date.root,
      h('div', { class: 'utrecht-button-group' }, submit,
        h('a', { class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action', href: '/werkbak' }, 'Annuleren')));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!checkRequired(fields, summary)) return;
      await whileBusy(submit, async () => {
        try {
          await api.post('/api/v1/contacts', {
            vindplaats_id: vindplaats.value(), channel: channel.value(), type: type.value(),
            question: question.value(), date: date.value(),
          });
          localStorage.setItem(LAST_CHOICES, JSON.stringify({ vindplaats_id: vindplaats.value(), channel: channel.value() }));
          const forms = { ...getState().forms };
          delete forms.contact;
          setState({ forms, notice: { kind: 'ok', text: 'Het contact is vastgelegd.' } });
          navigate('/werkbak');
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          const placed = showFieldErrors(fields, error.fieldErrors);
          summary.show(placed.length > 0 ? null : error.message, placed);
        }
      });
    });
    main.append(form);
    question.focusTarget.focus();
  },
};
