// SPDX-License-Identifier: EUPL-1.2
//
// unsaved.ts: work the server does not have yet outlives the session and a reload of the tab.
//
// What is kept: each intake of state.intakes that has something unsaved — a draft not yet
// created (id null), changes not yet saved (dirty), a colleague's version waiting for the
// choices (conflict), or confirmations of carried items ("_bevestigd", which the API has no field
// for) — and the forms of state.forms (the contact form as typed, the werkbak's filters). Each
// under its own key, with the user it belongs to in it:
//
//   eenplan.onopgeslagen:GM0164/sanne.casemanager:intake:ID     an IntakeForm as JSON ('nieuw'
//                                                                before its first save)
//   eenplan.onopgeslagen:GM0164/sanne.casemanager:formulieren   state.forms as JSON
//
// Where: sessionStorage, never localStorage. It belongs to this tab alone and goes when the tab
// is closed, so nothing of a household stays on a shared tablet after the work is done; it
// survives a reload and the sign-in page, which is what is needed here.
//
// When: written 250 ms after a change of state.intakes or state.forms, and at once when the page
// is hidden or unloaded and when the session ends (the router calls keepUnsaved() before it
// empties the state). Read back by restoreUnsaved() when someone signs in (the sign-in page) or
// a reload finds the session still there (the router): the signed-in user's work returns to the
// state (an intake marked `restored`, so its form says so and saves it), and every other user's
// is removed from the tab unread — another user signing in on this tab never sees it.
// forgetUnsaved() removes all of it: an explicit sign-out means the user is done with the tab
// (the router first lets the intake forms save what is pending: saveBeforeSignOut()).

import type { IntakeForm, Json } from './intake/model';
import { type AppState, type FormValues, type Me, getState, setState, subscribe } from './state';

const PREFIX = 'eenplan.onopgeslagen:';
/** Who last signed in on this tab (gemeente/username): the sign-in page sends another user to
 *  their own start page, not to the page the previous one was on. */
const LAST_USER = 'eenplan.gebruiker';
const WRITE_AFTER_MS = 250;

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null; // (storage refused by the browser's settings: the state alone keeps the work)
  }
}

function ownerOf(me: Me): string {
  return `${me.user.gemeente}/${me.user.username}`;
}

function storedKeys(store: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  return keys;
}

/** Whether @value (an intake's document) holds a confirmation of a carried item. */
function hasConfirmation(value: Json | undefined): boolean {
  if (Array.isArray(value)) return value.some(hasConfirmation);
  if (value !== null && typeof value === 'object') {
    return '_bevestigd' in value || Object.values(value).some(hasConfirmation);
  }
  return false;
}

/** Whether @form has anything the server does not. */
function unsaved(form: IntakeForm): boolean {
  if (form.status !== 'draft') return false;
  return !form.id || form.dirty || form.conflict !== null || hasConfirmation(form.doc);
}

/** What of @state is to be kept, by storage key. */
function wanted(state: AppState, owner: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, form] of Object.entries(state.intakes)) {
    if (!unsaved(form)) continue;
    const { restored: _, ...kept } = form;
    out.set(`${PREFIX}${owner}:intake:${key}`, JSON.stringify(kept));
  }
  const forms = Object.entries(state.forms).filter(([, values]) => Object.keys(values).length > 0);
  if (forms.length > 0) out.set(`${PREFIX}${owner}:formulieren`, JSON.stringify(Object.fromEntries(forms)));
  return out;
}

let timer = 0;
/** What this tab last wrote, by key: written again only when it changed. */
const written = new Map<string, string>();

/** Writes the signed-in user's unsaved work to the tab's storage now. */
export function keepUnsaved(): void {
  window.clearTimeout(timer);
  const state = getState();
  const store = storage();
  if (!state.me || !store) return;
  const owner = ownerOf(state.me);
  const now = wanted(state, owner);
  try {
    for (const key of storedKeys(store)) {
      if (key.startsWith(`${PREFIX}${owner}:`) && !now.has(key)) {
        store.removeItem(key);
        written.delete(key);
      }
    }
    for (const [key, value] of now) {
      if (written.get(key) === value) continue;
      store.setItem(key, value);
      written.set(key, value);
    }
  } catch {
    // Full (a quota of some MB per origin): the state still holds the work while the tab lives.
  }
}

/** Whether the tab holds unsaved work of the signed-in user (or, signed out, of anyone). */
export function hasUnsaved(): boolean {
  const store = storage();
  const me = getState().me;
  if (!store) return false;
  return storedKeys(store).some((key) => !me || key.startsWith(`${PREFIX}${ownerOf(me)}:`));
}

/** Takes @me's unsaved work back into the state and removes every other user's from the tab.
 *  Returns whether the previous user of this tab was someone else. */
export function restoreUnsaved(me: Me): boolean {
  const store = storage();
  if (!store) return false;
  const owner = ownerOf(me);
  const mine = `${PREFIX}${owner}:`;
  const intakes: Record<string, IntakeForm> = { ...getState().intakes };
  let forms: Record<string, FormValues> = getState().forms;
  let previous: string | null = null;
  try {
    previous = store.getItem(LAST_USER);
    store.setItem(LAST_USER, owner);
    for (const key of storedKeys(store)) {
      const text = store.getItem(key);
      if (!key.startsWith(mine) || text === null) {
        store.removeItem(key);
        continue;
      }
      written.set(key, text);
      const what = key.slice(mine.length);
      if (what === 'formulieren') {
        forms = { ...(JSON.parse(text) as Record<string, FormValues>), ...forms };
      } else if (what.startsWith('intake:')) {
        const id = what.slice('intake:'.length);
        if (intakes[id]) continue; // (the tab's state has it already, as new as it gets)
        const form = JSON.parse(text) as IntakeForm;
        intakes[id] = { ...form, restored: form.dirty || form.conflict !== null || !form.id };
      }
    }
  } catch {
    return false; // (unreadable: what is there stays unused and goes with the tab)
  }
  setState({ intakes, forms });
  return previous !== null && previous !== owner;
}

const flushers: (() => Promise<void>)[] = [];

/** @flush saves what it can of its unsaved work (the intake form's autosaves). */
export function onSaveBeforeSignOut(flush: () => Promise<void>): void {
  flushers.push(flush);
}

/** Before an explicit sign-out: saves what is pending, waiting at most @ms. */
export async function saveBeforeSignOut(ms = 5000): Promise<void> {
  const all = Promise.allSettled(flushers.map((flush) => flush()));
  await Promise.race([all, new Promise((resolve) => window.setTimeout(resolve, ms))]);
}

/** Removes all unsaved work from the tab (an explicit sign-out). */
export function forgetUnsaved(): void {
  window.clearTimeout(timer);
  written.clear();
  const store = storage();
  if (!store) return;
  try {
    for (const key of storedKeys(store)) store.removeItem(key);
    store.removeItem(LAST_USER);
  } catch {
    // (nothing to do: the tab's storage goes with the tab)
  }
}

/** Keeps the tab's storage following the state (once, from the router's start). */
export function startKeepingUnsaved(): void {
  let intakes = getState().intakes;
  let forms = getState().forms;
  subscribe((state) => {
    if (state.intakes === intakes && state.forms === forms) return;
    intakes = state.intakes;
    forms = state.forms;
    if (!state.me) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(keepUnsaved, WRITE_AFTER_MS);
  });
  window.addEventListener('pagehide', keepUnsaved);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') keepUnsaved();
  });
}
