import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CONFLICT_OF_KEY, mergeNotes } from '../../../src/core/notes/merge';
import { normalizeNotes, parseNotes, serializeNotes } from '../../../src/core/notes/format';
import { type Annotation, type NotesFile, removeAnnotation, updateAnnotation } from '../../../src/core/notes/model';
import { plainNotesArb } from './arbitraries';

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-02T00:00:00.000Z';
const T2 = '2025-01-03T00:00:00.000Z';

const note = (id: string, body: string, extra: Partial<Annotation> = {}): Annotation => ({
  id,
  kind: 'note',
  target: { section: 'method' },
  created: T0,
  updated: T0,
  body,
  ...extra,
});

const BASE: NotesFile = {
  paperId: 'dora',
  status: 'reading',
  tags: ['peft', 'lora'],
  formatVersion: 1,
  annotations: [note('aaaaaaaa', 'first'), note('bbbbbbbb', 'second'), note('cccccccc', 'third')],
};

const fixedRandom = (): (() => number) => {
  let n = 0;
  return () => ((n++ * 0x9e3779b1) >>> 0) / 2 ** 32;
};

describe('mergeNotes', () => {
  it('returns the common version when nothing changed', () => {
    expect(mergeNotes(BASE, BASE, BASE)).toEqual({ merged: normalizeNotes(BASE), conflicts: [] });
  });

  it('keeps annotations added on both sides, each after its predecessor', () => {
    const mine = { ...BASE, annotations: [...BASE.annotations.slice(0, 1), note('11111111', 'mine new'), ...BASE.annotations.slice(1)] };
    const theirs = { ...BASE, annotations: [...BASE.annotations, note('22222222', 'their new')] };
    const { merged, conflicts } = mergeNotes(BASE, mine, theirs);
    expect(merged.annotations.map((a) => a.id)).toEqual(['aaaaaaaa', '11111111', 'bbbbbbbb', 'cccccccc', '22222222']);
    expect(conflicts).toEqual([]);
  });

  it('honors a deletion when the other side left the annotation alone', () => {
    const mine = removeAnnotation(BASE, 'bbbbbbbb');
    const theirs = updateAnnotation(BASE, 'cccccccc', { body: 'third, edited by hand' }, T1);
    const { merged, conflicts } = mergeNotes(BASE, mine, theirs);
    expect(merged.annotations.map((a) => [a.id, a.body])).toEqual([['aaaaaaaa', 'first'], ['cccccccc', 'third, edited by hand']]);
    expect(conflicts).toEqual([]);
    expect(mergeNotes(BASE, removeAnnotation(BASE, 'aaaaaaaa'), removeAnnotation(BASE, 'aaaaaaaa')).merged.annotations).toHaveLength(2);
  });

  it('keeps an annotation deleted on one side but edited on the other, and says so', () => {
    const mine = updateAnnotation(BASE, 'bbbbbbbb', { body: 'second, improved' }, T1);
    const theirs = removeAnnotation(BASE, 'bbbbbbbb');
    const r = mergeNotes(BASE, mine, theirs);
    expect(r.merged.annotations.find((a) => a.id === 'bbbbbbbb')?.body).toBe('second, improved');
    expect(r.conflicts).toMatchObject([{ kind: 'edited-and-deleted', id: 'bbbbbbbb', deletedBy: 'theirs' }]);

    const r2 = mergeNotes(BASE, theirs, mine);
    expect(r2.merged.annotations.map((a) => a.id)).toEqual(['aaaaaaaa', 'bbbbbbbb', 'cccccccc']);
    expect(r2.conflicts).toMatchObject([{ kind: 'edited-and-deleted', deletedBy: 'mine' }]);
  });

  it('merges edits of different fields of one annotation without a conflict', () => {
    const mine = updateAnnotation(BASE, 'aaaaaaaa', { color: 'green' }, T1);
    const theirs = updateAnnotation(BASE, 'aaaaaaaa', { body: 'first, reworded by hand' }, T2);
    const { merged, conflicts } = mergeNotes(BASE, mine, theirs);
    expect(merged.annotations[0]).toMatchObject({ id: 'aaaaaaaa', color: 'green', body: 'first, reworded by hand', updated: T2 });
    expect(conflicts).toEqual([]);
  });

  it('keeps both versions when both sides edited the same field: theirs keeps the id, mine becomes a marked copy', () => {
    const mine = updateAnnotation(BASE, 'bbbbbbbb', { body: 'mine: $x^2$' }, T1);
    const theirs = updateAnnotation(BASE, 'bbbbbbbb', { body: 'theirs: $y^2$' }, T2);
    const { merged, conflicts } = mergeNotes(BASE, mine, theirs, fixedRandom());
    expect(merged.annotations.map((a) => a.body)).toEqual(['first', 'theirs: $y^2$', 'mine: $x^2$', 'third']);
    const copy = merged.annotations[2];
    expect(copy.id).not.toBe('bbbbbbbb');
    expect(copy.title).toBe('Method — note (conflicting edit)');
    expect(copy.extra).toEqual({ [CONFLICT_OF_KEY]: 'bbbbbbbb' });
    expect(conflicts).toMatchObject([{ kind: 'annotation', id: 'bbbbbbbb', copyId: copy.id, fields: ['body'] }]);
    // The result is a valid file; the marker survives a save.
    const text = serializeNotes(merged);
    expect(text).toContain(`## Method — note (conflicting edit) {#${copy.id}}`);
    const back = parseNotes(text);
    expect(back.ok && back.file).toEqual(normalizeNotes(merged));
  });

  it('treats the same id added on both sides with different content as a conflict', () => {
    const mine = { ...BASE, annotations: [...BASE.annotations, note('dddddddd', 'mine')] };
    const theirs = { ...BASE, annotations: [...BASE.annotations, note('dddddddd', 'theirs')] };
    const { merged, conflicts } = mergeNotes(BASE, mine, theirs, fixedRandom());
    expect(merged.annotations.slice(3).map((a) => a.body)).toEqual(['theirs', 'mine']);
    expect(conflicts).toMatchObject([{ kind: 'annotation', id: 'dddddddd' }]);
  });

  it('merges status and tags sensibly', () => {
    const mine = { ...BASE, status: 'read' as const, tags: ['peft', 'lora', 'mine'] };
    const theirs = { ...BASE, tags: ['lora', 'theirs'] };
    const { merged, conflicts } = mergeNotes(BASE, mine, theirs);
    expect(merged.status).toBe('read');
    expect(merged.tags).toEqual(['lora', 'theirs', 'mine']);
    expect(conflicts).toEqual([]);

    const both = mergeNotes(BASE, { ...BASE, status: 'read' }, { ...BASE, status: 'unread' });
    expect(both.merged.status).toBe('read');
    expect(both.conflicts).toMatchObject([{ kind: 'status', mine: 'read', theirs: 'unread' }]);
    expect(mergeNotes(BASE, BASE, { ...BASE, status: 'read' }).merged.status).toBe('read');
  });

  it('merges unknown front matter by key and keeps both versions of a hand-edited preamble', () => {
    const base = { ...BASE, extra: { reviewer: 'Ada', due: '2025-03' }, preamble: 'Start.' };
    const mine = { ...base, extra: { reviewer: 'Ada', due: '2025-04' }, preamble: 'Start, mine.' };
    const theirs = { ...base, extra: { reviewer: 'Grace', due: '2025-03', added: 1 }, preamble: 'Start, theirs.' };
    const { merged, conflicts } = mergeNotes(base, mine, theirs);
    expect(merged.extra).toEqual({ reviewer: 'Grace', due: '2025-04', added: 1 });
    expect(merged.preamble).toContain('Start, theirs.');
    expect(merged.preamble).toContain('Start, mine.');
    expect(conflicts).toMatchObject([{ kind: 'preamble' }]);
  });

  it('merges against a file that did not exist when it was read', () => {
    const mine = { ...BASE, annotations: [note('aaaaaaaa', 'mine')] };
    const theirs = { ...BASE, annotations: [note('bbbbbbbb', 'theirs')] };
    const { merged } = mergeNotes(undefined, mine, theirs);
    expect(merged.annotations.map((a) => a.body)).toEqual(['mine', 'theirs']);
  });
});

describe('mergeNotes: properties', () => {
  // A random edit of a notes file: delete, re-body, re-color, add, or change status and tags.
  const edit = (file: NotesFile, ops: number[], salt: string): NotesFile => {
    let f = file;
    ops.forEach((op, k) => {
      const list = f.annotations;
      const target = list.length ? list[op % list.length].id : undefined;
      switch (op % 5) {
        case 0:
          if (target) f = removeAnnotation(f, target);
          break;
        case 1:
          if (target) f = updateAnnotation(f, target, { body: `${salt} body ${k}` }, T1);
          break;
        case 2:
          if (target) f = updateAnnotation(f, target, { color: (['green', 'blue', 'pink'] as const)[k % 3] }, T1);
          break;
        case 3:
          f = { ...f, annotations: [...f.annotations, note(`${salt}${k}`.padEnd(8, '0').slice(0, 8), `${salt} new ${k}`)] };
          break;
        default:
          f = { ...f, status: (['unread', 'reading', 'read'] as const)[op % 3], tags: [...f.tags.slice(1), `${salt}-tag`] };
      }
    });
    return f;
  };
  const ops = fc.array(fc.nat(50), { maxLength: 6 });

  it('one-sided changes come through unchanged, and merging a change with itself is that change', () => {
    fc.assert(
      fc.property(plainNotesArb, ops, (base, o) => {
        const x = edit(base, o, 'aa');
        expect(mergeNotes(base, x, base).merged).toEqual(normalizeNotes(x));
        expect(mergeNotes(base, base, x).merged).toEqual(normalizeNotes(x));
        expect(mergeNotes(base, x, x)).toEqual({ merged: normalizeNotes(x), conflicts: [] });
      }),
      { numRuns: 300 },
    );
  });

  it('never loses text that either side wrote', () => {
    fc.assert(
      fc.property(plainNotesArb, ops, ops, (base, o1, o2) => {
        const mine = edit(base, o1, 'aa');
        const theirs = edit(base, o2, 'bb');
        const { merged } = mergeNotes(base, mine, theirs, fixedRandom());
        const bodies = new Set(merged.annotations.map((a) => a.body));
        const baseBodies = new Map(base.annotations.map((a) => [a.id, a]));
        for (const side of [mine, theirs]) {
          for (const a of side.annotations) {
            const o = baseBodies.get(a.id);
            // Anything new or changed on a side must be in the result.
            if (!o || o.body !== a.body) expect(bodies.has(a.body)).toBe(true);
          }
        }
        expect(new Set(merged.annotations.map((a) => a.id)).size).toBe(merged.annotations.length);
        // And the result always saves and reads back.
        const back = parseNotes(serializeNotes(merged));
        expect(back.ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
