// SPDX-License-Identifier: EUPL-1.2
//
// api.ts: the one way the UI talks to the server (docs/api.md). Every request goes to the same
// origin with the session cookie (credentials: 'same-origin'); every request but GET and HEAD
// carries the X-CSRF-Token that the sign-in and GET /api/v1/me give. An error answer
// (application/problem+json) becomes an ApiError with a plain Dutch message and, for a field,
// the JSON path the server named (errors[].path), for the form to put the message beside it.
// A 401 on anything but the sign-in ends the app's session: the router goes to the sign-in page.
// exchange() also sends extra headers (If-Match) and gives the answer's ETag, for the intake
// form's saves (intake/save.ts).
// While a request takes longer than PROGRESS_AFTER_MS, state.pending shows a progress message.

import { getState, setState } from './state';
import { networkText, problemText } from './texts';

const PROGRESS_AFTER_MS = 300;

export interface FieldError { path: string; detail: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { path?: string; detail?: string }[];
}

let unauthenticated: (error: ApiError) => void = () => {};

/** Who handles a 401 (the router: back to the sign-in page). */
export function onUnauthenticated(handler: (error: ApiError) => void): void {
  unauthenticated = handler;
}

function problemOf(status: number, body: Problem | null): ApiError {
  const type = (body?.type ?? '/problems/internal').replace(/^\/problems\//, '');
  const known = problemText[type];
  const message = known ?? body?.detail ?? problemText.internal ?? '';
  const fields = (body?.errors ?? [])
    .filter((e): e is FieldError => typeof e.path === 'string' && typeof e.detail === 'string');
  return new ApiError(status, type, message, fields);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await exchange<T>(method, path, body)).body;
}

/** Like request(), with extra request headers (If-Match) and the answer's ETag. */
export async function exchange<T>(method: string, path: string, body?: unknown,
  extra: Record<string, string> = {}): Promise<{ body: T; etag: string | null }> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const csrf = getState().me?.csrf_token;
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;

  let slow = false;
  const timer = window.setTimeout(() => {
    slow = true;
    setState({ pending: getState().pending + 1 });
  }, PROGRESS_AFTER_MS);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', networkText);
  } finally {
    window.clearTimeout(timer);
    if (slow) setState({ pending: Math.max(0, getState().pending - 1) });
  }

  const etag = response.headers.get('ETag');
  if (response.status === 204) return { body: undefined as T, etag };
  const type = response.headers.get('Content-Type') ?? '';
  const json = type.includes('json') ? await response.json().catch(() => null) : null;
  if (response.ok) return { body: json as T, etag };

  const error = problemOf(response.status, json as Problem | null);
  if (response.status === 401 && path !== '/api/v1/session') unauthenticated(error);
  throw error;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
