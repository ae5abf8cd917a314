// SPDX-License-Identifier: EUPL-1.2
//
// data.ts: what several pages need and that changes rarely — the code lists (GET
// /api/v1/codelists) and the municipality's vindplaatsen (GET /api/v1/vindplaatsen) — asked for
// once per session and kept in the state.

import { api } from './api';
import { type Codelists, type Vindplaats, getState, setState } from './state';

export async function loadReference(): Promise<{ codelists: Codelists; vindplaatsen: Vindplaats[] }> {
  let { codelists, vindplaatsen } = getState();
  const [c, v] = await Promise.all([
    codelists ? Promise.resolve(codelists) : api.get<Codelists>('/api/v1/codelists'),
    vindplaatsen ? Promise.resolve({ items: vindplaatsen })
      : api.get<{ items: Vindplaats[] }>('/api/v1/vindplaatsen'),
  ]);
  codelists = c;
  vindplaatsen = v.items;
  setState({ codelists, vindplaatsen });
  return { codelists, vindplaatsen };
}

/** The Dutch label of @code in code list @list (the code itself when unknown). */
export function label(codelists: Codelists, list: string, code: string | null | undefined): string {
  if (!code) return '';
  return codelists[list]?.find((c) => c.code === code)?.label ?? code;
}
