// SPDX-License-Identifier: EUPL-1.2
//
// ui.ts: the NL Design System pieces the pages share: an alert, a plain table (utrecht-table with
// a caption and column headers), a section with its heading, a data list, a button, text for
// screen readers only, and the Dutch text of any error a request gave.

import { ApiError } from './api';
import { type Child, h } from './dom';
import type { Notice } from './state';

/** An utrecht-alert of @kind; role alert for an error or warning, status otherwise. */
export function alertBox(kind: Notice['kind'], ...message: Child[]): HTMLElement {
  return h('div', {
    class: `utrecht-alert utrecht-alert--${kind}`,
    role: kind === 'error' || kind === 'warning' ? 'alert' : 'status',
  }, h('div', { class: 'utrecht-alert__content' }, h('div', { class: 'utrecht-alert__message' }, message)));
}

/** The plain Dutch text of @error. */
export function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

export interface TableColumn<T> {
  title: string;
  cell(item: T): Child;
}

/** A table of @items with a (visually hidden) @caption; @rowAttrs adds data-… to each row. */
export function dataTable<T>(caption: string, columns: TableColumn<T>[], items: T[],
  rowAttrs?: (item: T) => Record<string, string>): HTMLElement {
  return h('div', { class: 'utrecht-table-container utrecht-table-container--overflow-inline' },
    h('table', { class: 'utrecht-table utrecht-table--html-table' },
      h('caption', { class: 'utrecht-table__caption ep-visually-hidden' }, caption),
      h('thead', { class: 'utrecht-table__header' }, h('tr', { class: 'utrecht-table__row' },
        columns.map((c) => h('th', { class: 'utrecht-table__header-cell', scope: 'col' }, c.title)))),
      h('tbody', { class: 'utrecht-table__body' }, items.map((item) =>
        h('tr', { class: 'utrecht-table__row', ...(rowAttrs ? rowAttrs(item) : {}) },
          columns.map((c) => h('td', { class: 'utrecht-table__cell' }, c.cell(item))))))));
}

/** Appends to @table's body the rows of @items (for "Meer laden"). */
export function appendRows<T>(table: HTMLElement, columns: TableColumn<T>[], items: T[],
  rowAttrs?: (item: T) => Record<string, string>): void {
  const body = table.querySelector('tbody')!;
  for (const item of items) {
    body.append(h('tr', { class: 'utrecht-table__row', ...(rowAttrs ? rowAttrs(item) : {}) },
      columns.map((c) => h('td', { class: 'utrecht-table__cell' }, c.cell(item)))));
  }
}

/** A section headed by an h2 (its id @name), holding @children. */
export function section(name: string, title: string, ...children: Child[]): HTMLElement {
  const id = `sectie-${name}`;
  return h('section', { class: 'ep-stack', 'aria-labelledby': id, 'data-sectie': name },
    h('h2', { class: 'utrecht-heading-2', id }, title), children);
}

/** A link styled as the NL Design System's link. */
export function link(href: string, ...text: Child[]): HTMLAnchorElement {
  return h('a', { class: 'utrecht-link utrecht-link--html-a', href }, text);
}

/** A button (type button) of @kind that calls @onclick. */
export function button(text: Child, kind: 'primary' | 'secondary' | 'subtle', onclick: () => void,
  attrs: Record<string, string> = {}): HTMLButtonElement {
  return h('button', {
    class: `utrecht-button utrecht-button--${kind === 'subtle' ? 'subtle' : `${kind}-action`}`, type: 'button',
    onclick: ((e: Event) => { e.preventDefault(); onclick(); }) as EventListener, ...attrs,
  }, text);
}

/** Text for screen readers only (what a short visible label leaves out). */
export function hidden(text: string): HTMLElement {
  return h('span', { class: 'ep-visually-hidden' }, text);
}

/** A list of key and value rows (utrecht-data-list). */
export function dataList(rows: [string, Child][]): HTMLElement {
  return h('dl', { class: 'utrecht-data-list utrecht-data-list--rows' }, rows.map(([k, v]) =>
    h('div', { class: 'utrecht-data-list__item' },
      h('dt', { class: 'utrecht-data-list__item-key' }, k),
      h('dd', { class: 'utrecht-data-list__item-value utrecht-data-list__item-value--html-dd' }, v))));
}
