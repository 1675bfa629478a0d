/**
 * Three-way merge of notes files, for a save that finds the file changed on disk since it was read
 * (another window, a git checkout, a hand edit). Nothing either side wrote is dropped silently: where both
 * sides changed the same thing differently, both versions are kept and the change is reported.
 */
import { type Annotation, type NotesFile, defaultTitle, emptyNotes, newAnnotationId } from './model';
import { normalizeNotes } from './format';

/** Something the merge could not decide on its own; the UI shows `message`. */
export type Conflict =
  | { kind: 'annotation'; id: string; copyId: string; fields: string[]; message: string }
  | { kind: 'edited-and-deleted'; id: string; deletedBy: 'mine' | 'theirs'; message: string }
  | { kind: 'status'; mine: NotesFile['status']; theirs: NotesFile['status']; message: string }
  | { kind: 'front-matter'; key: string; message: string }
  | { kind: 'preamble'; message: string };

/** The merged notes and what needed a decision. */
export interface MergeResult {
  merged: NotesFile;
  conflicts: Conflict[];
}

/** The key a conflict copy carries in its metadata, pointing at the annotation it competes with. */
export const CONFLICT_OF_KEY = 'conflictOf';

const FIELDS = ['kind', 'target', 'color', 'title', 'body', 'extra'] as const;
const PREAMBLE_SEPARATOR = '**Paper Lens kept both versions of this text; the other one follows.**';

/**
 * Merges `mine` (this window's notes) and `theirs` (the file on disk now), both descended from `base`
 * (what this window last read; `undefined` when the file did not exist then).
 *
 * - Annotations are matched by id. One side's change wins over an unchanged other side, field by field.
 * - A deletion is honored when the other side left the annotation as it was; an edit beats a deletion.
 * - Both sides changing the same field differently: theirs keeps the id, mine becomes a new annotation
 *   (`title … (conflicting edit)`, metadata `conflictOf: <id>`) right after it.
 * - Status: the side that changed it; if both did, mine (the latest action in this window).
 * - Tags: a set merge; additions and removals from both sides apply.
 * - The order is theirs (it includes hand reordering); annotations only mine has follow their
 *   predecessor in mine.
 *
 * `random` makes the ids of conflict copies deterministic in tests.
 */
export function mergeNotes(base: NotesFile | undefined, mine: NotesFile, theirs: NotesFile, random?: () => number): MergeResult {
  const b = normalizeNotes(base ?? emptyNotes(theirs.paperId));
  const m = normalizeNotes(mine);
  const t = normalizeNotes(theirs);
  const conflicts: Conflict[] = [];

  const baseById = byId(b.annotations);
  const mineById = byId(m.annotations);
  const theirsById = byId(t.annotations);
  const takenIds = new Set([...baseById.keys(), ...mineById.keys(), ...theirsById.keys()]);

  const kept = new Map<string, Annotation>();
  const copies = new Map<string, Annotation>();
  for (const id of new Set([...theirsById.keys(), ...mineById.keys()])) {
    const o = baseById.get(id);
    const x = mineById.get(id);
    const y = theirsById.get(id);
    if (x && y) {
      const merged = mergeAnnotation(o, x, y);
      if (merged.ok) kept.set(id, merged.annotation);
      else {
        kept.set(id, y);
        const copyId = newAnnotationId(takenIds, random);
        takenIds.add(copyId);
        copies.set(id, conflictCopy(x, copyId, id));
        const fields = merged.fields;
        conflicts.push({
          kind: 'annotation',
          id,
          copyId,
          fields,
          message: o
            ? `"${titleOf(y)}" was changed here and elsewhere (${fields.join(', ')}); both versions are kept`
            : `two different annotations used the id ${id}; both are kept, this window's one as ${copyId}`,
        });
      }
    } else if (x) {
      // Only mine has it: new in mine, or deleted by theirs.
      if (!o) kept.set(id, x);
      else if (!same(o, x)) {
        kept.set(id, x);
        conflicts.push({ kind: 'edited-and-deleted', id, deletedBy: 'theirs', message: `"${titleOf(x)}" was deleted elsewhere but edited here; it is kept` });
      }
    } else if (y) {
      if (!o) kept.set(id, y);
      else if (!same(o, y)) {
        kept.set(id, y);
        conflicts.push({ kind: 'edited-and-deleted', id, deletedBy: 'mine', message: `"${titleOf(y)}" was deleted here but edited elsewhere; it is kept` });
      }
    }
  }

  const annotations = order(t.annotations, m.annotations, kept, copies);

  let status = t.status;
  if (m.status !== b.status && t.status !== b.status && m.status !== t.status) {
    status = m.status;
    conflicts.push({ kind: 'status', mine: m.status, theirs: t.status, message: `reading status was set to "${t.status}" elsewhere and "${m.status}" here; kept "${m.status}"` });
  } else if (m.status !== b.status) status = m.status;

  const merged: NotesFile = { paperId: t.paperId, status, tags: mergeTags(b.tags, m.tags, t.tags), formatVersion: 1, annotations };
  const extra = mergeExtra(b.extra, m.extra, t.extra, conflicts);
  if (extra) merged.extra = extra;
  const preamble = mergePreamble(b.preamble, m.preamble, t.preamble, conflicts);
  if (preamble) merged.preamble = preamble;
  return { merged, conflicts };
}

type AnnotationMerge = { ok: true; annotation: Annotation } | { ok: false; fields: string[] };

function mergeAnnotation(o: Annotation | undefined, x: Annotation, y: Annotation): AnnotationMerge {
  if (same(x, y)) return { ok: true, annotation: y };
  // Added on both sides with the same id: nothing to diff against, so any difference is a conflict.
  if (!o) return { ok: false, fields: FIELDS.filter((f) => !sameValue(x[f], y[f])) };
  const out: Annotation = { ...y };
  const clashing: string[] = [];
  for (const f of FIELDS) {
    const [ov, xv, yv] = [o[f], x[f], y[f]];
    if (sameValue(xv, yv) || sameValue(xv, ov)) continue;
    if (sameValue(yv, ov)) setField(out, f, xv);
    else clashing.push(f);
  }
  if (clashing.length) return { ok: false, fields: clashing };
  out.updated = later(x.updated, y.updated);
  out.created = sameValue(x.created, o.created) ? y.created : x.created;
  return { ok: true, annotation: out };
}

function setField(a: Annotation, f: (typeof FIELDS)[number], value: unknown): void {
  if (value === undefined) delete (a as unknown as Record<string, unknown>)[f];
  else (a as unknown as Record<string, unknown>)[f] = value;
}

function conflictCopy(a: Annotation, copyId: string, of: string): Annotation {
  return {
    ...a,
    id: copyId,
    title: `${a.title ?? defaultTitle(a)} (conflicting edit)`,
    extra: { ...(a.extra ?? {}), [CONFLICT_OF_KEY]: of },
  };
}

function order(theirs: Annotation[], mine: Annotation[], kept: Map<string, Annotation>, copies: Map<string, Annotation>): Annotation[] {
  const ids: string[] = theirs.filter((a) => kept.has(a.id)).map((a) => a.id);
  const placed = new Set(ids);
  let after: string | undefined;
  for (const a of mine) {
    if (!kept.has(a.id)) continue;
    if (!placed.has(a.id)) {
      ids.splice(after === undefined ? 0 : ids.indexOf(after) + 1, 0, a.id);
      placed.add(a.id);
    }
    after = a.id;
  }
  const out: Annotation[] = [];
  for (const id of ids) {
    out.push(kept.get(id)!);
    const copy = copies.get(id);
    if (copy) out.push(copy);
  }
  return out;
}

function mergeTags(base: string[], mine: string[], theirs: string[]): string[] {
  const inBase = new Set(base);
  const inMine = new Set(mine);
  const inTheirs = new Set(theirs);
  const keep = (tag: string): boolean => (inMine.has(tag) && inTheirs.has(tag)) || (!inBase.has(tag) && (inMine.has(tag) || inTheirs.has(tag)));
  return [...new Set([...theirs, ...mine])].filter(keep);
}

function mergeExtra(
  base: Record<string, unknown> | undefined,
  mine: Record<string, unknown> | undefined,
  theirs: Record<string, unknown> | undefined,
  conflicts: Conflict[],
): Record<string, unknown> | undefined {
  const o = base ?? {};
  const x = mine ?? {};
  const y = theirs ?? {};
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(y), ...Object.keys(x)])) {
    let v = y[key];
    if (!sameValue(x[key], y[key])) {
      if (sameValue(y[key], o[key])) v = x[key];
      else if (!sameValue(x[key], o[key])) conflicts.push({ kind: 'front-matter', key, message: `front matter "${key}" was changed here and elsewhere; kept the version on disk` });
    }
    if (v !== undefined) out[key] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

function mergePreamble(base: string | undefined, mine: string | undefined, theirs: string | undefined, conflicts: Conflict[]): string | undefined {
  if (mine === theirs || mine === base) return theirs;
  if (theirs === base) return mine;
  conflicts.push({ kind: 'preamble', message: 'the text before the first annotation was changed here and elsewhere; both versions are kept' });
  return [theirs, PREAMBLE_SEPARATOR, mine].filter(Boolean).join('\n\n');
}

function byId(list: Annotation[]): Map<string, Annotation> {
  return new Map(list.map((a) => [a.id, a]));
}

function titleOf(a: Annotation): string {
  return a.title ?? defaultTitle(a);
}

function later(a: string, b: string): string {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return a > b ? a : b;
  return ta >= tb ? a : b;
}

function same(a: Annotation, b: Annotation): boolean {
  return sameValue(a, b);
}

function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** JSON with object keys sorted, so key order never makes two equal values differ. */
function stableJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
