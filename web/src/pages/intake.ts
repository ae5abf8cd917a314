// SPDX-License-Identifier: EUPL-1.2
//
// pages/intake.ts: the intake pages. Their code (intake/view.ts, model.ts, save.ts) is loaded
// only when one of them is opened (esbuild's code splitting, web/build.mjs), so the werkbak and
// the sign-in stay small; prefetch() starts loading it, and the page's requests (IntakeRequests),
// while the router asks who is signed in.
//
//   /intake/nieuw            find the household, then the carried-forward draft or a new one
//                            (?contact=ID: started from a new contact in the werkbak)
//   /intake/nieuw/formulier  that intake's form until its first save gives it an id
//   /intakes/:id             a draft to continue, or a finalised intake with its addenda

import { exchange, request } from '../api';
import { loadReference } from '../data';
import type { Page, PageContext } from '../page';
import { getState } from '../state';

const roles: Page['roles'] = ['casemanager', 'regisseur'];
const view = () => import('../intake/view');

/** What an intake page asks the server for, started beside the loading of its code (and of
 *  GET /api/v1/me) rather than after it: on a slow tablet the form's code, its reference data
 *  and the intake itself then come in one round trip instead of three. */
export interface IntakeRequests {
  reference: ReturnType<typeof loadReference>;
  questionnaire: Promise<unknown>;
  /** GET /api/v1/intakes/ID with its ETag; not asked while the state holds unsaved work of it. */
  intake: Promise<{ body: unknown; etag: string | null }> | null;
}

let questionnaire: Promise<unknown> | null = null;

function requests(id?: string): IntakeRequests {
  // The questionnaire is versioned and the same all session: asked once.
  questionnaire ??= request('GET', '/api/v1/questionnaire');
  questionnaire.catch(() => { questionnaire = null; });
  const held = id ? getState().intakes[id] : undefined;
  const out: IntakeRequests = {
    reference: loadReference(),
    questionnaire,
    intake: id && !(held && (held.dirty || held.conflict)) ? exchange('GET', `/api/v1/intakes/${id}`) : null,
  };
  // (each is awaited by render(); before a sign-in, when it fails, nobody waits for it)
  out.reference.catch(() => {});
  out.intake?.catch(() => {});
  return out;
}

/** The view's code and the requests, together (Page.prefetch). */
async function early(id?: string): Promise<IntakeRequests> {
  const asked = requests(id);
  await view();
  return asked;
}

/** What prefetch() started, or the same started now. */
async function asked(ctx: PageContext, id?: string): Promise<IntakeRequests> {
  return ((ctx.prefetched as Promise<IntakeRequests> | undefined) ?? early(id)).catch(() => requests(id));
}

export const intakeStartPage: Page = {
  path: '/intake/nieuw',
  title: 'Intake starten',
  menu: 'Intake starten',
  roles,
  prefetch: () => early(),
  async render(ctx: PageContext) { const r = await asked(ctx); await (await view()).renderStart(ctx, r); },
};

export const intakeNewPage: Page = {
  path: '/intake/nieuw/formulier',
  title: 'Nieuwe intake',
  roles,
  prefetch: () => early(),
  async render(ctx: PageContext) { const r = await asked(ctx); await (await view()).renderNewForm(ctx, r); },
};

export const intakePage: Page = {
  path: '/intakes/:id',
  title: 'Intake',
  roles,
  prefetch: (params) => early(params.id),
  async render(ctx: PageContext) { const r = await asked(ctx, ctx.params.id); await (await view()).renderIntake(ctx, r); },
};
