// SPDX-License-Identifier: EUPL-1.2
//
// state.ts: the one place the app's state lives. Pages read it with getState() and change it
// with setState(); whoever must react subscribes. Everything in it is plain data (no elements,
// no functions), so it can be serialised: the offline home visit (a later issue) stores the
// forms' state on the device and merges it per field.
//
// Unsaved work outlives the session and a reload of the tab: what the user typed and the server
// does not have yet (state.intakes: a draft with changes, a conflict waiting, confirmations of
// carried items; state.forms) is kept in the tab's sessionStorage, under the user's name
// (unsaved.ts). An ended session keeps it for the same user's next sign-in in this tab; an
// explicit sign-out, or another user signing in, removes it.

import type { IntakeForm } from './intake/model';

export type Role = 'casemanager' | 'regisseur' | 'supervisor' | 'partner' | 'admin';

export interface Me {
  user: {
    gemeente: string;
    username: string;
    display_name: string;
    role: Role;
    partner_organisation?: string;
  };
  session: { id: string; created_at: string; expires_at: string };
  csrf_token: string;
}

export interface Code { code: string; label: string }
export type Codelists = Record<string, Code[]>;

export interface Vindplaats { id: string; type: string; naam: string; wijk: string | null }

/** The fields of a form as typed, by name: what a page keeps while the user works. */
export type FormValues = Record<string, string>;

export interface Notice { kind: 'ok' | 'info' | 'warning' | 'error'; text: string }

export interface AppState {
  me: Me | null;
  codelists: Codelists | null;
  vindplaatsen: Vindplaats[] | null;
  /** Forms in progress, by form name ("contact"): kept across navigation. */
  forms: Record<string, FormValues>;
  /** Intakes being worked on, by id ('nieuw' before the first save): the whole form, plain
   *  data (intake/model.ts), so that it can be stored on the device and merged per field. */
  intakes: Record<string, IntakeForm>;
  /** A message for the next page shown (e.g. "Contact vastgelegd"), then cleared. */
  notice: Notice | null;
  /** Requests in flight (the progress indicator shows when one is slow). */
  pending: number;
}

const initial: AppState = {
  me: null, codelists: null, vindplaatsen: null, forms: {}, intakes: {}, notice: null, pending: 0,
};

let state: AppState = { ...initial };
const listeners = new Set<(s: AppState) => void>();

export function getState(): Readonly<AppState> {
  return state;
}

export function setState(patch: Partial<AppState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener(state);
}

/** Calls @listener after every change; returns a function that stops it. */
export function subscribe(listener: (s: AppState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forgets everything of the signed-in user (sign-out, an ended session). */
export function resetState(): void {
  state = { ...initial, forms: {}, intakes: {} };
  for (const listener of listeners) listener(state);
}

/** Takes the notice for the page being shown. */
export function takeNotice(): Notice | null {
  const notice = state.notice;
  if (notice) state = { ...state, notice: null };
  return notice;
}
