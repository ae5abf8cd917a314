// SPDX-License-Identifier: EUPL-1.2
//
// form.ts: form fields as the NL Design System draws them (utrecht-form-field with its label,
// description, error message and input), and the error summary at the top of a form (GOV.UK's
// pattern): on a failed submit the summary lists every problem, each a link to its field, and
// takes the focus; each field shows its own message beside it, tied to the input with
// aria-describedby and aria-invalid. Errors come from the page's own checks or from the API's
// problem+json (errors[].path names the field).

import type { FieldError } from './api';
import { type Child, h, replace, uid } from './dom';
import type { Code } from './state';

export interface Field {
  /** The name the API uses (its JSON path, e.g. "question"). */
  name: string;
  /** What the message beside the field starts with ("De vraag"), before the API's rule. */
  noun: string;
  root: HTMLElement;
  /** The element to focus for this field (the input, or a fieldset's first radio). */
  focusTarget: HTMLElement;
  value(): string;
  setError(message: string | null): void;
}

interface Common { name: string; label: string; noun: string; description?: string }

function fieldShell(common: Common, id: string, kind: string) {
  const descId = `${id}-beschrijving`;
  const errorId = `${id}-fout`;
  const error = h('div', { class: 'utrecht-form-field__error-message utrecht-form-field-error-message', id: errorId, hidden: true });
  const description = common.description
    ? h('div', { class: 'utrecht-form-field__description utrecht-form-field-description', id: descId }, common.description)
    : null;
  const root = h('div', { class: `utrecht-form-field utrecht-form-field--${kind} utrecht-form-field--distanced` });
  return { root, error, description, descId, errorId };
}

function describedBy(hasDescription: boolean, descId: string, errorId: string, invalid: boolean) {
  return [hasDescription ? descId : '', invalid ? errorId : ''].filter(Boolean).join(' ') || null;
}

/** The setError of a field whose one @control sits in @shell. */
function errorSetter(shell: ReturnType<typeof fieldShell>, control: HTMLElement, invalidClass: string) {
  const setDescribedBy = (invalid: boolean) => {
    const value = describedBy(!!shell.description, shell.descId, shell.errorId, invalid);
    if (value) control.setAttribute('aria-describedby', value); else control.removeAttribute('aria-describedby');
  };
  setDescribedBy(false);
  return (message: string | null) => {
    replace(shell.error, message ?? '');
    shell.error.hidden = !message;
    shell.root.classList.toggle('utrecht-form-field--invalid', !!message);
    control.classList.toggle(invalidClass, !!message);
    if (message) control.setAttribute('aria-invalid', 'true'); else control.removeAttribute('aria-invalid');
    setDescribedBy(!!message);
  };
}

/** A text field: a textbox (type text, date, password …) or, with rows, a textarea. */
export function textField(common: Common & {
  value?: string; type?: string; rows?: number; autocomplete?: string; required?: boolean;
  onInput?: (value: string) => void;
}): Field {
  const id = uid(common.name);
  const shell = fieldShell(common, id, common.rows ? 'textarea' : 'text');
  const input: HTMLInputElement | HTMLTextAreaElement = common.rows
    ? h('textarea', {
      class: 'utrecht-textarea utrecht-textarea--html-textarea', id, name: common.name,
      rows: common.rows, required: common.required, 'aria-required': common.required ? 'true' : null,
    })
    : h('input', {
      class: 'utrecht-textbox utrecht-textbox--html-input', id, name: common.name,
      type: common.type ?? 'text', autocomplete: common.autocomplete, required: common.required,
      'aria-required': common.required ? 'true' : null,
    });
  input.value = common.value ?? '';
  const setError = errorSetter(shell, input, common.rows ? 'utrecht-textarea--invalid' : 'utrecht-textbox--invalid');
  if (common.onInput) input.addEventListener('input', () => common.onInput?.(input.value));
  shell.root.append(
    h('div', { class: 'utrecht-form-field__label' },
      h('label', { class: 'utrecht-form-label', for: id }, common.label)),
    shell.description ?? '', shell.error,
    h('div', { class: 'utrecht-form-field__input' }, input),
  );
  return {
    name: common.name, noun: common.noun, root: shell.root, focusTarget: input,
    value: () => input.value,
    setError,
  };
}

/** A select of @options (code → label). */
export function selectField(common: Common & {
  options: Code[]; value?: string; placeholder?: string; onInput?: (value: string) => void;
  /** Whether a choice is required (default true). */
  required?: boolean;
}): Field {
  const id = uid(common.name);
  const shell = fieldShell(common, id, 'select');
  const required = common.required ?? true;
  const select = h('select', {
    class: 'utrecht-select utrecht-select--html-select', id, name: common.name, required,
    'aria-required': required ? 'true' : null,
  },
  common.placeholder ? h('option', { value: '' }, common.placeholder) : null,
  common.options.map((o) => h('option', { value: o.code }, o.label)));
  select.value = common.value ?? '';
  if (common.onInput) select.addEventListener('change', () => common.onInput?.(select.value));
  const setError = errorSetter(shell, select, 'utrecht-select--invalid');
  shell.root.append(
    h('div', { class: 'utrecht-form-field__label' },
      h('label', { class: 'utrecht-form-label', for: id }, common.label)),
    shell.description ?? '', shell.error,
    h('div', { class: 'utrecht-form-field__input' }, select),
  );
  return {
    name: common.name, noun: common.noun, root: shell.root, focusTarget: select,
    value: () => select.value,
    setError,
  };
}

/** A group of radio buttons in a fieldset with a legend: one tap per choice on a tablet. */
export function radioField(common: Common & {
  options: Code[]; value?: string; onInput?: (value: string) => void;
}): Field {
  const id = uid(common.name);
  const errorId = `${id}-fout`;
  const descId = `${id}-beschrijving`;
  const error = h('div', { class: 'utrecht-form-field-error-message', id: errorId, hidden: true });
  const radios = common.options.map((o, i) => {
    const radioId = `${id}-${i}`;
    const radio = h('input', {
      class: 'utrecht-radio-button utrecht-radio-button--html-input', type: 'radio', id: radioId,
      name: common.name, value: o.code,
    });
    radio.checked = o.code === common.value;
    if (common.onInput) radio.addEventListener('change', () => common.onInput?.(o.code));
    return { radio, row: h('div', { class: 'utrecht-form-field utrecht-form-field--radio' },
      h('div', { class: 'utrecht-form-field__input' }, radio),
      h('div', { class: 'utrecht-form-field__label' },
        h('label', { class: 'utrecht-form-label utrecht-form-label--radio', for: radioId }, o.label))) };
  });
  const fieldset = h('fieldset', {
    class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset',
    'aria-describedby': common.description ? descId : null,
  },
  h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, common.label),
  common.description ? h('div', { class: 'utrecht-form-field-description', id: descId }, common.description) : null,
  error,
  h('div', { class: 'ep-columns' }, radios.map((r) => r.row)));
  const root = h('div', { class: 'utrecht-form-fieldset utrecht-form-fieldset--distanced' }, fieldset);
  return {
    name: common.name, noun: common.noun, root,
    get focusTarget() { return radios.find((r) => r.radio.checked)?.radio ?? radios[0]!.radio; },
    value: () => radios.find((r) => r.radio.checked)?.radio.value ?? '',
    setError(message) {
      replace(error, message ?? '');
      error.hidden = !message;
      root.classList.toggle('utrecht-form-fieldset--invalid', !!message);
      const value = [common.description ? descId : '', message ? errorId : ''].filter(Boolean).join(' ');
      if (value) fieldset.setAttribute('aria-describedby', value); else fieldset.removeAttribute('aria-describedby');
      for (const r of radios) {
        r.radio.classList.toggle('utrecht-radio-button--invalid', !!message);
        if (message) r.radio.setAttribute('aria-invalid', 'true'); else r.radio.removeAttribute('aria-invalid');
      }
    },
  };
}

/** Checkboxes in a fieldset with a legend: any number of @options; value() is the chosen codes
 *  joined by commas, values() the list. */
export function checkboxField(common: Common & {
  options: Code[]; value?: string[]; onInput?: (values: string[]) => void;
}): Field & { values(): string[] } {
  const id = uid(common.name);
  const errorId = `${id}-fout`;
  const error = h('div', { class: 'utrecht-form-field-error-message', id: errorId, hidden: true });
  const boxes = common.options.map((o, i) => {
    const boxId = `${id}-${i}`;
    const box = h('input', {
      class: 'utrecht-checkbox utrecht-checkbox--html-input', type: 'checkbox', id: boxId,
      name: common.name, value: o.code,
    });
    box.checked = (common.value ?? []).includes(o.code);
    return { box, row: h('div', { class: 'utrecht-form-field utrecht-form-field--checkbox' },
      h('div', { class: 'utrecht-form-field__input' }, box),
      h('div', { class: 'utrecht-form-field__label' },
        h('label', { class: 'utrecht-form-label utrecht-form-label--checkbox', for: boxId }, o.label))) };
  });
  const values = () => boxes.filter((b) => b.box.checked).map((b) => b.box.value);
  if (common.onInput) for (const b of boxes) b.box.addEventListener('change', () => common.onInput?.(values()));
  const fieldset = h('fieldset', { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset' },
    h('legend', { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend' }, common.label),
    error, h('div', { class: 'ep-columns' }, boxes.map((b) => b.row)));
  const root = h('div', { class: 'utrecht-form-fieldset utrecht-form-fieldset--distanced' }, fieldset);
  return {
    name: common.name, noun: common.noun, root,
    get focusTarget() { return boxes[0]!.box; },
    value: () => values().join(','),
    values,
    setError(message) {
      replace(error, message ?? '');
      error.hidden = !message;
      root.classList.toggle('utrecht-form-fieldset--invalid', !!message);
      if (message) fieldset.setAttribute('aria-describedby', errorId); else fieldset.removeAttribute('aria-describedby');
      for (const b of boxes) {
        if (message) b.box.setAttribute('aria-invalid', 'true'); else b.box.removeAttribute('aria-invalid');
      }
    },
  };
}

/** "de vraag" + "mag niet leeg zijn" → "De vraag mag niet leeg zijn". */
export function fieldMessage(field: Field, rule: string): string {
  const text = `${field.noun} ${rule}`.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The summary of a form's problems; show() fills it and takes the focus, clear() hides it. */
export function errorSummary() {
  const list = h('ul', { class: 'utrecht-unordered-list' });
  const heading = h('h2', { class: 'utrecht-heading-3', id: uid('foutmelding') }, 'Er is een probleem');
  const root = h('div', {
    class: 'utrecht-alert utrecht-alert--error', role: 'alert', tabindex: -1, hidden: true,
    'aria-labelledby': heading.id,
  }, h('div', { class: 'utrecht-alert__content' },
    h('div', { class: 'utrecht-alert__message' }, heading, list)));
  return {
    root,
    show(general: string | null, problems: { field: Field; message: string }[], options: { focus?: boolean } = {}) {
      const items: Child[] = [];
      if (general) items.push(h('li', { class: 'utrecht-unordered-list__item' }, general));
      for (const p of problems) {
        items.push(h('li', { class: 'utrecht-unordered-list__item' },
          h('a', {
            class: 'utrecht-link utrecht-link--html-a', href: `#${p.field.focusTarget.id}`,
            onclick: ((e: Event) => { e.preventDefault(); p.field.focusTarget.focus(); }) as EventListener,
          }, p.message)));
      }
      replace(list, items);
      root.hidden = false;
      if (options.focus ?? true) root.focus();
    },
    clear() {
      root.hidden = true;
      replace(list);
    },
  };
}

/** Shows @errors (from the API) beside @fields; returns what could not be put beside a field. */
export function showFieldErrors(fields: Field[], errors: FieldError[]): { field: Field; message: string }[] {
  const shown: { field: Field; message: string }[] = [];
  for (const f of fields) f.setError(null);
  for (const e of errors) {
    const field = fields.find((f) => f.name === e.path || e.path.startsWith(`${f.name}.`) || e.path.startsWith(`${f.name}[`));
    if (!field) continue;
    const message = fieldMessage(field, e.detail);
    field.setError(message);
    shown.push({ field, message });
  }
  return shown;
}

/** Marks the empty fields of @fields as required and shows them in @summary. Returns: whether
 *  every field has a value. */
export function checkRequired(fields: Field[], summary: ReturnType<typeof errorSummary>): boolean {
  summary.clear();
  const missing = fields.filter((f) => f.value().trim() === '');
  for (const f of fields) f.setError(missing.includes(f) ? `${f.noun} is verplicht` : null);
  if (missing.length === 0) return true;
  summary.show(null, missing.map((field) => ({ field, message: `${field.noun} is verplicht` })));
  return false;
}

/** Shows @button as busy (disabled, aria-busy) while @work runs. */
export async function whileBusy<T>(button: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.classList.add('utrecht-button--busy');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.classList.remove('utrecht-button--busy');
  }
}
