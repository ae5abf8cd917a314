// SPDX-License-Identifier: EUPL-1.2
//
// intake/model.ts: the intake form's data, without any element. The document is the intake's
// JSON as docs/intake.md describes it (what POST/PUT /api/v1/intakes take), kept as plain data
// in the app's state (state.ts: intakes) together with what the form needs to save it: the id,
// the ETag, the version last saved (the base of a three-way merge) and the save status. A member
// whose name starts with "_" is the form's own (e.g. _bevestigd: a carried item confirmed) and is
// never sent.
//
// The merge: when a colleague saved in between (412), their version, ours and the base we both
// started from are flattened into fields — one per JSON leaf, with list items keyed by what
// identifies them (a person's ref, a ZRM score's person and life area, a carried need's origin;
// otherwise its place in the list, and items added since the base keyed per side so that two
// additions never collide) — and compared field by field. A field only one side changed is
// preselected for that side; one both changed differently waits for the case worker's choice.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };
export type IntakeDoc = Obj;

/** Everything the form keeps of one intake (state.ts: intakes[key]); plain data throughout. */
export interface IntakeForm {
  /** The intake's id once it was first saved (POST /api/v1/intakes); null before. */
  id: string | null;
  /** Its ETag after the last save or load ("3"). */
  etag: string | null;
  /** 'draft' or 'finalised'. */
  status: string;
  /** What the case worker has now. */
  doc: IntakeDoc;
  /** The document as last saved or loaded: the base of a merge. */
  base: IntakeDoc | null;
  /** Whether doc has changes not yet saved. */
  dirty: boolean;
  save: SaveStatus;
  /** The field errors of the last save (problem+json errors[]). */
  errors: { path: string; detail: string }[];
  /** A colleague's version met on saving, waiting for the case worker's choices. */
  conflict: Conflict | null;
  /** Taken back from the tab's storage (unsaved.ts) after the session ended or the tab was
   *  reloaded: the form says so once, and saves it. */
  restored?: boolean;
  /** A finalised intake's addenda and who finalised it (read only). */
  addenda?: Obj[];
  finalised?: { by: string; at: string } | null;
}

export interface SaveStatus {
  state: 'new' | 'saving' | 'saved' | 'failed' | 'conflict' | 'waiting';
  /** ISO time of the last successful save. */
  at?: string;
  /** What went wrong, in Dutch. */
  message?: string;
  /** Whether a retry is planned (network, 5xx). */
  retrying?: boolean;
}

export interface Conflict {
  theirs: IntakeDoc;
  etag: string;
  /** Who saved theirs, and when (from their version), when known. */
  by?: string;
  /** Per differing field: the choice, 'theirs' or 'mine'; absent: not chosen yet. */
  choices: Record<string, 'theirs' | 'mine'>;
}

export interface FieldDiff {
  path: string;
  theirs: string | undefined;
  mine: string | undefined;
  /** Who changed it since the base, when only one side did: the preselected choice. */
  preselect: 'theirs' | 'mine' | null;
}

const SERVER_ONLY = ['id', 'version', 'status', 'created_by', 'created_at', 'updated_at',
  'finalised_by', 'finalised_at', 'addenda'];

export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document as the server gave it, made into the form's: what the server assigns is dropped
 *  (the intake's own id, version and status are kept beside it; a need's and a consent's id are
 *  given anew on every save of a draft). */
export function fromServer(json: Obj): IntakeDoc {
  const doc = clone(json);
  for (const key of SERVER_ONLY) delete doc[key];
  for (const list of ['needs', 'consents']) {
    const items = doc[list];
    if (Array.isArray(items)) {
      for (const item of items) if (isObj(item)) { delete item.id; delete item.revoked_at; }
    }
  }
  return doc;
}

/** The body to send: the form's own members (_…), empty texts and nulls left out. */
export function toServer(value: Json): Json {
  if (Array.isArray(value)) return value.map(toServer).filter((v) => v !== undefined) as Json[];
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('_') || v === null || v === '') continue;
      out[k] = toServer(v);
    }
    return out;
  }
  return value;
}

// ---- paths ------------------------------------------------------------------------------------

export type Path = (string | number)[];

/** "needs[2].law" for ['needs', 2, 'law']: the form of problem+json's errors[].path. */
export function pathString(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : (s ? `.${p}` : p);
  return s;
}

export function getAt(doc: Json, path: Path): Json | undefined {
  let cur: Json | undefined = doc;
  for (const p of path) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[p as never];
  }
  return cur;
}

/** Sets @value at @path in @doc (made as needed); undefined, null or '' removes the member. */
export function setAt(doc: Obj, path: Path, value: Json | undefined): void {
  let cur: Json = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const p = path[i]!;
    const container = cur as Record<string | number, Json>;
    if (container[p as never] === undefined || container[p as never] === null) {
      container[p as never] = (typeof path[i + 1] === 'number' ? [] : {}) as never;
    }
    cur = container[p as never] as Json;
  }
  const last = path[path.length - 1]!;
  const container = cur as Record<string | number, Json>;
  if (value === undefined || value === null || value === '') {
    if (Array.isArray(container)) container.splice(last as number, 1);
    else delete container[last as never];
  } else {
    container[last as never] = value as never;
  }
}

export function list(doc: Obj, name: string): Obj[] {
  const items = doc[name];
  if (!Array.isArray(items)) {
    doc[name] = [];
    return doc[name] as Obj[];
  }
  return items as Obj[];
}

// ---- flatten and merge ------------------------------------------------------------------------

/** How the items of each list are told apart across versions (see the header). */
function itemKey(name: string, item: Obj, index: number, baseLength: number, side: string): string {
  const s = (k: string) => (typeof item[k] === 'string' ? item[k] as string : '');
  switch (name) {
    case 'persons': if (s('ref')) return `ref:${s('ref')}`; break;
    case 'assessments': return `${s('person')}/${s('domain')}`;
    case 'positive_health': return `${s('person')}/${s('dimension')}`;
    case 'needs':
    case 'consents': if (s('carried_from')) return `van:${s('carried_from')}`; break;
    default: break;
  }
  return index < baseLength ? `#${index}` : `#nieuw-${side}-${index - baseLength}`;
}

type Flat = Map<string, string>;

/** @doc's leaves as path → JSON text; lists of objects by item key ("needs{van:…}.law"); a
 *  safety signal's steps and a consent's data kinds are one field each. */
function flatten(doc: Obj, base: Obj | null, side: string): Flat {
  const flat: Flat = new Map();
  for (const [k, v] of Object.entries(doc)) {
    if (k.startsWith('_') || v === null || v === '' || v === undefined) continue;
    if (Array.isArray(v) && v.every(isObj)) {
      const baseLength = Array.isArray(base?.[k]) ? (base![k] as Json[]).length : 0;
      v.forEach((item, i) => {
        const key = itemKey(k, item as Obj, i, baseLength, side);
        for (const [m, w] of Object.entries(item as Obj)) {
          if (m.startsWith('_') || w === null || w === '') continue;
          flat.set(`${k}{${key}}.${m}`, JSON.stringify(w));
        }
      });
    } else if (isObj(v)) {
      for (const [m, w] of Object.entries(v)) {
        if (w === null || w === '') continue;
        flat.set(`${k}.${m}`, JSON.stringify(w));
      }
    } else {
      flat.set(k, JSON.stringify(v));
    }
  }
  return flat;
}

/** The fields in which @theirs and @mine differ, each with its preselected side. */
export function diff3(base: Obj | null, theirs: Obj, mine: Obj): FieldDiff[] {
  const b = base ? flatten(base, base, 'b') : new Map<string, string>();
  const t = flatten(theirs, base, 't');
  const m = flatten(mine, base, 'm');
  const paths = [...new Set([...m.keys(), ...t.keys()])];
  const diffs: FieldDiff[] = [];
  for (const path of paths) {
    const tv = t.get(path), mv = m.get(path), bv = b.get(path);
    if (tv === mv) continue;
    const preselect = mv === bv ? 'theirs' : tv === bv ? 'mine' : null;
    diffs.push({ path, theirs: tv, mine: mv, preselect });
  }
  return diffs;
}

/** Whether every field both sides changed has a choice. */
export function allChosen(diffs: FieldDiff[], choices: Record<string, 'theirs' | 'mine'>): boolean {
  return diffs.every((d) => d.preselect !== null || choices[d.path] !== undefined);
}

/** The merged document: where theirs and mine agree, that; elsewhere the chosen side (or the
 *  preselected one). List items keep my order, with theirs' new items after them; the form's own
 *  members of my items (_bevestigd) stay. */
export function merge(base: Obj | null, theirs: Obj, mine: Obj, choices: Record<string, 'theirs' | 'mine'>): IntakeDoc {
  const t = flatten(theirs, base, 't');
  const m = flatten(mine, base, 'm');
  const diffs = new Map(diff3(base, theirs, mine).map((d) => [d.path, d]));
  const take = (path: string): string | undefined => {
    const d = diffs.get(path);
    if (!d) return t.get(path);
    const side = choices[path] ?? d.preselect ?? 'mine';
    return side === 'theirs' ? d.theirs : d.mine;
  };
  const out: Obj = {};
  // Scalars and objects: every path of either side.
  for (const path of new Set([...t.keys(), ...m.keys()])) {
    if (path.includes('{')) continue;
    const value = take(path);
    if (value === undefined) continue;
    const dot = path.indexOf('.');
    if (dot < 0) out[path] = JSON.parse(value) as Json;
    else {
      const k = path.slice(0, dot);
      if (!isObj(out[k])) out[k] = {};
      (out[k] as Obj)[path.slice(dot + 1)] = JSON.parse(value) as Json;
    }
  }
  // Lists: the items of mine in order, then those only theirs has.
  const lists = new Set<string>();
  for (const doc of [mine, theirs]) {
    for (const [k, v] of Object.entries(doc)) if (Array.isArray(v) && v.every(isObj)) lists.add(k);
  }
  for (const name of lists) {
    const keysOf = (doc: Obj, side: string) => {
      const baseLength = Array.isArray(base?.[name]) ? (base![name] as Json[]).length : 0;
      return (Array.isArray(doc[name]) ? doc[name] as Obj[] : []).map((item, i) => ({ key: itemKey(name, item, i, baseLength, side), item }));
    };
    const mineItems = keysOf(mine, 'm');
    const theirItems = keysOf(theirs, 't');
    const order = [...mineItems.map((x) => x.key)];
    for (const x of theirItems) if (!order.includes(x.key)) order.push(x.key);
    const items: Obj[] = [];
    for (const key of order) {
      const prefix = `${name}{${key}}.`;
      const item: Obj = {};
      for (const path of new Set([...t.keys(), ...m.keys()])) {
        if (!path.startsWith(prefix)) continue;
        const value = take(path);
        if (value !== undefined) item[path.slice(prefix.length)] = JSON.parse(value) as Json;
      }
      if (Object.keys(item).length === 0) continue;
      const own = mineItems.find((x) => x.key === key)?.item;
      if (own) for (const [k, v] of Object.entries(own)) if (k.startsWith('_')) item[k] = v;
      items.push(item);
    }
    out[name] = items;
  }
  return out;
}

/** The list, item key and member of a flattened path: "needs{van:…}.law" → needs, van:…, law. */
export function splitPath(path: string): { list: string | null; key: string | null; member: string } {
  const match = /^([a-z_]+)\{([^}]*)\}\.(.+)$/.exec(path);
  if (match) return { list: match[1]!, key: match[2]!, member: match[3]! };
  const dot = path.indexOf('.');
  return dot < 0 ? { list: null, key: null, member: path } : { list: path.slice(0, dot), key: null, member: path.slice(dot + 1) };
}

/** The item of @doc's @listName that @key names (as flatten keyed it for @side), if any. */
export function itemByKey(doc: Obj, base: Obj | null, listName: string, key: string, side: string): Obj | undefined {
  const items = Array.isArray(doc[listName]) ? doc[listName] as Obj[] : [];
  const baseLength = Array.isArray(base?.[listName]) ? (base![listName] as Json[]).length : 0;
  return items.find((item, i) => itemKey(listName, item, i, baseLength, side) === key);
}

/** Whether @a and @b are the same document, as the server would store it. */
export function sameDoc(a: Obj, b: Obj): boolean {
  const fa = flatten(a, null, 'x'), fb = flatten(b, null, 'x');
  if (fa.size !== fb.size) return false;
  for (const [k, v] of fa) if (fb.get(k) !== v) return false;
  return true;
}
