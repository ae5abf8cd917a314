// SPDX-License-Identifier: EUPL-1.2
//
// pages/intake.ts: the intake pages. Their code (intake/view.ts, model.ts, save.ts) is loaded
// only when one of them is opened (esbuild's code splitting, web/build.mjs), so the werkbak and
// the sign-in stay small; prefetch() starts loading it while the router asks who is signed in.
//
//   /intake/nieuw            find the household, then the carried-forward draft or a new one
//                            (?contact=ID: started from a new contact in the werkbak)
//   /intake/nieuw/formulier  that intake's form until its first save gives it an id
//   /intakes/:id             a draft to continue, or a finalised intake with its addenda

import type { Page, PageContext } from '../page';

const roles: Page['roles'] = ['casemanager', 'regisseur'];
const view = () => import('../intake/view');

export const intakeStartPage: Page = {
  path: '/intake/nieuw',
  title: 'Intake starten',
  menu: 'Intake starten',
  roles,
  prefetch: view,
  async render(ctx: PageContext) { await (await view()).renderStart(ctx); },
};

export const intakeNewPage: Page = {
  path: '/intake/nieuw/formulier',
  title: 'Nieuwe intake',
  roles,
  prefetch: view,
  async render(ctx: PageContext) { await (await view()).renderNewForm(ctx); },
};

export const intakePage: Page = {
  path: '/intakes/:id',
  title: 'Intake',
  roles,
  prefetch: view,
  async render(ctx: PageContext) { await (await view()).renderIntake(ctx); },
};
