// SPDX-License-Identifier: EUPL-1.2
//
// page.ts: what a page is. The router (router.ts) finds the page of a path in the table of
// pages.ts, checks that the signed-in user's role may see it, draws the frame (frame.ts) and
// calls render() with the main element to fill.

import type { Role } from './state';

export interface PageContext {
  /** The :name segments of the path. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Where the page draws itself (empty when render() is called). */
  main: HTMLElement;
  /** Goes to another path of the app (history.pushState). */
  navigate(path: string, options?: { replace?: boolean }): void;
  /** Whether the user has gone on to another page meanwhile: a slow answer is then dropped. */
  isCurrent(): boolean;
  /** What prefetch() started for this showing of the page, if it did. */
  prefetched?: Promise<unknown>;
}

export interface Page {
  /** '/werkbak', '/huishoudens/:id'. */
  path: string;
  /** The heading and the document's title. */
  title: string;
  /** Who may see it; 'public' for the sign-in page only. */
  roles: Role[] | 'public';
  /** Its entry in the main menu, in the order of the table; none when absent. */
  menu?: string;
  render(ctx: PageContext): Promise<void> | void;
  /** Starts the page's requests while the router still asks who is signed in (on a first load
   *  that is a round trip saved); render() gets the promise as ctx.prefetched. @params: the
   *  :name segments of the path, as render() gets them. */
  prefetch?(params: Record<string, string>): Promise<unknown>;
}
