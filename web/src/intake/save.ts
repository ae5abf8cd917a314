// SPDX-License-Identifier: EUPL-1.2
//
// intake/save.ts: the draft saves itself. Every change marks the form dirty and (re)starts a
// timer of SAVE_AFTER_MS; leaving a section saves at once (flush). The first save creates the
// draft (POST /api/v1/intakes → 201 with its ETag), later ones replace it (PUT with If-Match).
//
// What can happen to a save, and what the form does:
//   200/201     the ETag and the base move on; the status says "Opgeslagen om 10:42"
//   412         a colleague saved in between: their version is fetched (GET, with its ETag) and
//               kept as the conflict; nothing is saved until the case worker chose per field
//   422         the fields' errors are kept for the form to show beside them; saved again after
//               the next change
//   0, 5xx, 429 the network or the server failed: the state stays as it is and the save is tried
//               again after RETRY_MS (doubling, at most RETRY_MAX_MS), or at once on "Opnieuw"
// Nothing typed is ever dropped: the document in the state is only replaced by a merge the case
// worker confirmed.

import { ApiError, exchange } from '../api';
import { getState, setState } from '../state';
import { type IntakeForm, type Obj, clone, fromServer, isObj, sameDoc, toServer } from './model';

export const SAVE_AFTER_MS = 1500;
const RETRY_MS = 2000;
const RETRY_MAX_MS = 30000;

export function formOf(key: string): IntakeForm | undefined {
  return getState().intakes[key];
}

export function patchForm(key: string, patch: Partial<IntakeForm>): void {
  const intakes = getState().intakes;
  const current = intakes[key];
  if (!current) return;
  setState({ intakes: { ...intakes, [key]: { ...current, ...patch } } });
}

export function putForm(key: string, form: IntakeForm): void {
  setState({ intakes: { ...getState().intakes, [key]: form } });
}

export interface SaverHooks {
  /** The first save gave the draft its id (the page moves to /intakes/ID). */
  created(id: string): void;
  /** The status, the errors or the conflict changed. */
  changed(): void;
  /** The server gave a new household or person its id (adoptIdentity): draw them as known. */
  adopted(): void;
}

/** What the first save of a new household or person made, taken into @doc: the household's id
 *  and each new person's id (found by its ref; the BSN then stays with the server, which keeps
 *  only its pseudonym). Saving again then names them instead of making them anew. Returns:
 *  whether anything was taken. */
export function adoptIdentity(doc: Obj, saved: Obj): boolean {
  let adopted = false;
  const household = doc.household, theirs = saved.household;
  if (isObj(household) && isObj(theirs) && !household.id && typeof theirs.id === 'string') {
    household.id = theirs.id;
    adopted = true;
  }
  const persons = Array.isArray(doc.persons) ? doc.persons : [];
  for (const p of Array.isArray(saved.persons) ? saved.persons : []) {
    if (!isObj(p) || typeof p.id !== 'string') continue;
    const mine = persons.find((x) => isObj(x) && x.ref === p.ref);
    if (isObj(mine) && !mine.id) {
      mine.id = p.id;
      delete mine.bsn;
      adopted = true;
    }
  }
  return adopted;
}

/** The autosave of the form kept under @key in the state. */
export class Saver {
  private timer = 0;
  private retryTimer = 0;
  private retryMs = RETRY_MS;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** The document the server last refused (422): not sent again until it changes. */
  private refused: Obj | null = null;

  constructor(public key: string, private hooks: SaverHooks) {}

  /** The page drawn anew (a return to it) takes over the status and the created() call. */
  setHooks(hooks: SaverHooks): void {
    this.hooks = hooks;
    this.stopped = false;
  }

  /** The document changed: save SAVE_AFTER_MS after the last change. */
  changed(): void {
    patchForm(this.key, { dirty: true });
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.flush(), SAVE_AFTER_MS);
  }

  /** Saves now if anything is unsaved; resolves when that save (and any it led to) is done. */
  async flush(): Promise<void> {
    window.clearTimeout(this.timer);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => { this.running = null; });
    await this.running;
    if (this.again && !this.stopped) {
      this.again = false;
      await this.flush();
    }
  }

  /** Stops the timers (the page is left; the state keeps what is unsaved). */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    window.clearTimeout(this.retryTimer);
  }

  private async run(): Promise<void> {
    const form = formOf(this.key);
    if (!form || this.stopped || !form.dirty || form.conflict || form.status !== 'draft') return;
    const text = typeof form.doc.main_problem === 'string' ? form.doc.main_problem.trim() : '';
    if (!text) {
      patchForm(this.key, { save: { state: 'waiting', message: 'Vul eerst het hoofdprobleem in; dan wordt het concept opgeslagen.' } });
      this.hooks.changed();
      return;
    }
    if (this.refused && sameDoc(form.doc, this.refused)) return;
    const sent = clone(form.doc);
    const body = toServer(sent) as Obj;
    if (form.id) body.id = form.id;
    patchForm(this.key, { save: { ...form.save, state: 'saving' } });
    this.hooks.changed();
    try {
      const answer = form.id
        ? await exchange<Obj>('PUT', `/api/v1/intakes/${form.id}`, body, { 'If-Match': form.etag ?? '""' })
        : await exchange<Obj>('POST', '/api/v1/intakes', body);
      window.clearTimeout(this.retryTimer);
      this.retryMs = RETRY_MS;
      this.refused = null;
      const id = form.id ?? String(answer.body.id);
      const now = formOf(this.key)!;
      const dirty = !sameDoc(now.doc, sent);
      const adopted = adoptIdentity(now.doc, answer.body);
      patchForm(this.key, {
        id, etag: answer.etag, base: fromServer(answer.body), dirty, errors: [],
        save: { state: 'saved', at: new Date().toISOString() },
      });
      if (!form.id) this.hooks.created(id);
      if (adopted) this.hooks.adopted();
      if (dirty) this.changed();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await this.failed(error, sent);
    }
    this.hooks.changed();
  }

  /** @sent: the document that was sent (the form may have changed while it was on its way). */
  private async failed(error: ApiError, sent: Obj): Promise<void> {
    const form = formOf(this.key)!;
    if (error.status === 412 && form.id) {
      try {
        const theirs = await exchange<Obj>('GET', `/api/v1/intakes/${form.id}`);
        if (theirs.body.status === 'finalised') {
          patchForm(this.key, { save: { state: 'failed', message: 'Een collega heeft deze intake intussen afgerond; uw wijzigingen zijn niet opgeslagen. Ze staan nog in het formulier.' } });
          return;
        }
        patchForm(this.key, {
          conflict: { theirs: fromServer(theirs.body), etag: theirs.etag ?? '', choices: {} },
          save: { state: 'conflict', message: 'Een collega heeft dit concept intussen opgeslagen.' },
        });
      } catch (again) {
        if (!(again instanceof ApiError)) throw again;
        this.retryLater(again);
      }
      return;
    }
    if (error.status === 422 || error.status === 400 || error.status === 413) {
      // What was refused is what was sent: a change typed meanwhile is saved (its timer is set).
      this.refused = sent;
      patchForm(this.key, {
        errors: error.fieldErrors,
        save: { state: 'failed', message: error.fieldErrors.length > 0 ? 'niet alle velden zijn goed ingevuld' : error.message },
      });
      return;
    }
    if (error.status === 0 || error.status >= 500 || error.status === 429) {
      this.retryLater(error);
      return;
    }
    patchForm(this.key, { save: { state: 'failed', message: error.message } });
  }

  private retryLater(error: ApiError): void {
    patchForm(this.key, { save: { ...formOf(this.key)!.save, state: 'failed', message: error.message, retrying: true } });
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => void this.flush(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
