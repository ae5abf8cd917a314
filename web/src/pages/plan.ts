// SPDX-License-Identifier: EUPL-1.2
//
// pages/plan.ts: the household plan's page (/huishoudens/:id/plan). Its code (plan/view.ts,
// plan/model.ts) is loaded only when the page is opened (esbuild's code splitting, as the intake
// form's); prefetch() starts loading it, the plan and the code lists while the router asks who
// is signed in.

import { exchange } from '../api';
import { loadReference } from '../data';
import type { Page, PageContext } from '../page';

const view = () => import('../plan/view');

export interface PlanRequests {
  reference: ReturnType<typeof loadReference>;
  /** GET …/plan with its ETag (a 404: the household has no plan yet). */
  plan: Promise<{ body: unknown; etag: string | null }>;
}

function requests(id: string): PlanRequests {
  const out: PlanRequests = {
    reference: loadReference(),
    plan: exchange('GET', `/api/v1/households/${encodeURIComponent(id)}/plan`),
  };
  out.reference.catch(() => {});
  out.plan.catch(() => {});
  return out;
}

async function early(id: string): Promise<PlanRequests> {
  const asked = requests(id);
  await view();
  return asked;
}

export const planPage: Page = {
  path: '/huishoudens/:id/plan',
  title: 'Plan',
  roles: ['casemanager', 'regisseur', 'supervisor', 'partner'],
  prefetch: (params) => early(params.id!),
  async render(ctx: PageContext) {
    const id = ctx.params.id!;
    const asked = await ((ctx.prefetched as Promise<PlanRequests> | undefined) ?? early(id)).catch(() => requests(id));
    await (await view()).renderPlan(ctx, asked);
  },
};
