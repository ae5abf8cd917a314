// SPDX-License-Identifier: EUPL-1.2
//
// router.ts: the client-side router (history API). Every same-origin link and navigate() call
// goes through show(): find the page of the path in pages.ts, make sure someone is signed in
// (GET /api/v1/me restores a session the browser still has) and that their role may see the
// page, draw the frame and the page, set the document's title and move the focus to the page's
// heading so that a screen reader announces the new page. The server answers index.html for
// every such path (api/static.c), so a reload or a bookmark lands on the same page.

import { ApiError, api, onUnauthenticated } from './api';
import { h } from './dom';
import { drawFrame } from './frame';
import type { Page } from './page';
import { type Me, type Role, getState, resetState, setState } from './state';
import {
  forgetUnsaved, hasUnsaved, keepUnsaved, restoreUnsaved, saveBeforeSignOut, startKeepingUnsaved,
} from './unsaved';

let pages: Page[] = [];
let app: HTMLElement;
let showing = 0;
/** Whether a page was shown already: the first one leaves the focus where the browser put it
 *  (so the skip link is the first stop of the keyboard); later ones move it to their heading. */
let shownBefore = false;
/** Whether GET /api/v1/me was asked already: once it said 401, the app knows it is signed out
 *  until the sign-in page sets state.me. */
let askedMe = false;

/** The start page of a role. */
export function startPath(role: Role): string {
  return role === 'partner' ? '/start' : role === 'admin' ? '/beheer' : '/werkbak';
}

function match(page: Page, path: string): Record<string, string> | null {
  const want = page.path.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!, v = have[i]!;
    if (w.startsWith(':')) {
      if (!v) return null;
      params[w.slice(1)] = decodeURIComponent(v);
    } else if (w !== v) {
      return null;
    }
  }
  return params;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void show();
}

async function signOut(): Promise<void> {
  // What is typed and not yet saved is saved first (the session is still there to do it).
  await saveBeforeSignOut();
  try {
    await api.delete('/api/v1/session');
  } catch {
    // Signed out already, or the server is gone: either way, forget the session here.
  }
  // Signing out is the user's word that they are done: nothing of theirs stays in the tab.
  forgetUnsaved();
  resetState();
  setState({ notice: { kind: 'ok', text: 'U bent afgemeld.' } });
  navigate('/aanmelden', { replace: true });
}

/** The signed-in user: from the state, or asked of the server (a reload keeps the cookie). */
async function whoAmI(): Promise<Me | null> {
  const known = getState().me;
  if (known) return known;
  if (askedMe) return null;
  askedMe = true;
  try {
    const me = await api.get<Me>('/api/v1/me');
    setState({ me });
    // A reload with the session still there: the work not yet saved comes back.
    restoreUnsaved(me);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

async function show(): Promise<void> {
  const ticket = ++showing;
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(location.search);
  // The page's data is asked for at the same time as who is signed in; not for a role known
  // not to see it.
  const early = pages.find((p) => p.roles !== 'public' && match(p, path));
  const known = getState().me;
  let prefetched: Promise<unknown> | undefined;
  if (early?.prefetch && early.roles !== 'public' && (!known || early.roles.includes(known.user.role))) {
    prefetched = early.prefetch(match(early, path) ?? {});
    prefetched.catch(() => {}); // (render() reports it; before a sign-in it is not wanted)
  }
  let me: Me | null;
  try {
    me = await whoAmI();
  } catch (error) {
    const message = error instanceof ApiError ? error.message : String(error);
    const frame = drawFrame(app, pages, null, null, () => void signOut());
    frame.main.append(h('div', { class: 'utrecht-alert utrecht-alert--error', role: 'alert' },
      h('div', { class: 'utrecht-alert__message' }, message)));
    return;
  }
  if (ticket !== showing) return;

  if (path === '/') {
    navigate(me ? startPath(me.user.role) : '/aanmelden', { replace: true });
    return;
  }
  let page: Page | undefined;
  let params: Record<string, string> = {};
  for (const p of pages) {
    const found = match(p, path);
    if (found) { page = p; params = found; break; }
  }
  if (page && page.roles !== 'public' && !me) {
    navigate(`/aanmelden?terug=${encodeURIComponent(path + location.search)}`, { replace: true });
    return;
  }
  if (page && page.roles === 'public' && me) {
    navigate(startPath(me.user.role), { replace: true });
    return;
  }
  const allowed = !page || page.roles === 'public' || (me !== null && page.roles.includes(me.user.role));
  const shown: Page = !page ? notFound : allowed ? page : forbidden;

  const frame = drawFrame(app, pages, shown, me, () => void signOut());
  document.title = `${shown.title} — eenplan`;
  await shown.render({
    params, query, main: frame.main, navigate, isCurrent: () => ticket === showing,
    prefetched: shown === early ? prefetched : undefined,
  });
  if (ticket !== showing) return;
  // The page's heading takes the focus, so a screen reader reads where we are now; a page that
  // put the focus somewhere itself (a form's first field, an alert) keeps it there.
  const first = !shownBefore;
  shownBefore = true;
  if (!first && !frame.main.contains(document.activeElement)) {
    const heading = frame.main.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }
}

const notFound: Page = {
  path: '', title: 'Pagina niet gevonden', roles: 'public',
  render({ main }) {
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Pagina niet gevonden'),
      h('p', { class: 'utrecht-paragraph' }, 'Deze pagina bestaat niet. ',
        h('a', { class: 'utrecht-link utrecht-link--html-a', href: '/' }, 'Naar de startpagina')));
  },
};

const forbidden: Page = {
  path: '', title: 'Geen toegang', roles: 'public',
  render({ main }) {
    main.append(h('h1', { class: 'utrecht-heading-1' }, 'Geen toegang'),
      h('p', { class: 'utrecht-paragraph' }, 'Uw rol geeft geen toegang tot deze pagina. ',
        h('a', { class: 'utrecht-link utrecht-link--html-a', href: '/' }, 'Naar de startpagina')));
  },
};

/** Starts the router on @root with the table @table (pages.ts). */
export function startRouter(root: HTMLElement, table: Page[]): void {
  app = root;
  pages = table;
  startKeepingUnsaved();
  onUnauthenticated(() => {
    if (!getState().me) return;
    // What was typed and not yet saved stays in the tab (unsaved.ts) for the next sign-in of
    // the same user; the state itself forgets the user.
    keepUnsaved();
    const kept = hasUnsaved();
    resetState();
    setState({
      notice: {
        kind: 'warning',
        text: kept ? 'Uw sessie is verlopen of beëindigd. Meld u opnieuw aan; wat u nog niet had opgeslagen, wordt daarna teruggezet.'
          : 'Uw sessie is verlopen of beëindigd. Meld u opnieuw aan.',
      },
    });
    navigate(`/aanmelden?terug=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
      || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    if (url.pathname === location.pathname && url.hash) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', () => void show());
  void show();
}
