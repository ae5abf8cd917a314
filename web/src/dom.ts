// SPDX-License-Identifier: EUPL-1.2
//
// dom.ts: a few helpers to make elements. Text always goes in as text (textContent), never as
// HTML, so nothing a resident or a colleague typed can become markup; there is no innerHTML in
// this code base. No inline style either: the Content-Security-Policy refuses it.

export type Child = Node | string | number | null | undefined | false | Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** h('p', { class: 'utrecht-paragraph' }, 'tekst', child…): an element. An attribute that is
 *  false, null or undefined is left out, true gives an empty one; on… members are listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attrs: Attrs | null = null, ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (name.startsWith('on') && typeof value === 'function') {
        el.addEventListener(name.slice(2), value as EventListener);
      } else if (name === 'style') {
        throw new Error('dom.ts: no inline style (CSP); use a class');
      } else {
        el.setAttribute(name, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number'
      ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces every child of @parent. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

let idCounter = 0;
/** A unique id for label/aria wiring: ep-NAME-N. */
export function uid(name: string): string {
  idCounter += 1;
  return `ep-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}-${idCounter}`;
}
