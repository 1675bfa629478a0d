import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeNotes, parseNotes, serializeNotes } from '../../../src/core/notes/format';
import { type Annotation, type NotesFile, addAnnotation, defaultTitle } from '../../../src/core/notes/model';
import { annotationArb, notesArb } from '../notes/arbitraries';

const PDF_NOTES = `---
paper: adapters
status: reading
tags: []
format: 1
---

## Page 3 — highlight {#0badcafe}
<!-- paper-lens: {"kind":"highlight","page":3,"start":120,"end":189,"color":"green","created":"2026-01-05T10:00:00.000Z","updated":"2026-01-05T10:00:00.000Z","prefix":"batch size for every method.\\n","suffix":"\\nA larger rank"} -->
> The magnitude vector is trained separately
> from the direction matrix.

## 2 method — note {#c0ffee01}
<!-- paper-lens: {"kind":"note","section":"2-method","page":3,"created":"2026-01-05T10:01:00.000Z","updated":"2026-01-05T10:01:00.000Z"} -->

A note on the whole page, with $\\alpha/r$.
`;

/** Adds a page and a position (valid or not) to generated annotations. */
const pdfAnnotation: fc.Arbitrary<Annotation> = fc
  .tuple(
    annotationArb(),
    fc.option(fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.constantFrom(0, -1, 1.5, Number.NaN, 2_000_000)), { nil: undefined }),
    fc.option(fc.oneof(fc.tuple(fc.nat(100_000), fc.nat(5000)).map(([s, n]) => ({ start: s, end: s + n })), fc.constantFrom({ start: 5, end: 2 }, { start: -1, end: 3 }, { start: 0.5, end: 1 })), { nil: undefined }),
  )
  .map(([a, page, position]) => {
    const out: Annotation = { ...a, target: { ...a.target } };
    if (page !== undefined) out.target.page = page;
    if (position !== undefined) out.target.position = position;
    return out;
  });

const pdfNotes: fc.Arbitrary<NotesFile> = fc
  .tuple(notesArb, fc.uniqueArray(pdfAnnotation, { selector: (a) => a.id, maxLength: 5 }))
  .map(([f, extra]) => {
    const ids = new Set(f.annotations.map((a) => a.id));
    return { ...f, annotations: [...f.annotations, ...extra.filter((a) => !ids.has(a.id))] };
  });

describe('notes format: PDF annotations (page and TextPositionSelector)', () => {
  it('reads a hand-written PDF notes file: page, offsets, quote and section', () => {
    const r = parseNotes(PDF_NOTES);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toEqual([]);
    const [h, n] = r.file.annotations;
    expect(h.target).toEqual({
      page: 3,
      position: { start: 120, end: 189 },
      quote: { exact: 'The magnitude vector is trained separately\nfrom the direction matrix.', prefix: 'batch size for every method.\n', suffix: '\nA larger rank' },
    });
    expect(h.title).toBeUndefined();
    expect(n.target).toEqual({ section: '2-method', page: 3 });
    expect(serializeNotes(r.file)).toBe(PDF_NOTES);
  });

  it('names a PDF annotation without a section after its page', () => {
    expect(defaultTitle({ kind: 'highlight', target: { page: 7 } })).toBe('Page 7 — highlight');
    expect(defaultTitle({ kind: 'note', target: { page: 7, section: 'results' } })).toBe('Results — note');
  });

  it('writes page and offsets into the metadata comment as plain numbers', () => {
    const { file } = addAnnotation({ paperId: 'x', status: 'unread', tags: [], formatVersion: 1, annotations: [] }, { kind: 'highlight', color: 'blue', target: { page: 12, position: { start: 4, end: 9 }, quote: { exact: 'hello', prefix: '', suffix: '' } } }, '2026-01-01T00:00:00.000Z', () => 0.5);
    const text = serializeNotes(file);
    expect(text).toContain('## Page 12 — highlight {#80000000}');
    expect(text).toContain('"kind":"highlight","page":12,"start":4,"end":9,"color":"blue"');
    expect(text).toContain('\n> hello\n');
  });

  it('ignores a bad page or bad offsets with a warning, keeping the annotation', () => {
    const bad = PDF_NOTES.replace('"page":3,"start":120,"end":189', '"page":"three","start":200,"end":100');
    const r = parseNotes(bad);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.file.annotations).toHaveLength(2);
    expect(r.file.annotations[0].target.page).toBeUndefined();
    expect(r.file.annotations[0].target.position).toBeUndefined();
    expect(r.file.annotations[0].target.quote?.exact).toContain('magnitude vector');
    expect(r.warnings.join('\n')).toMatch(/"page" must be a whole number/);
    expect(r.warnings.join('\n')).toMatch(/"start"\/"end"/);
  });

  it('offsets without a page are dropped (they would mean nothing)', () => {
    const r = parseNotes(PDF_NOTES.replace('"page":3,"start"', '"start"'));
    expect(r.ok && r.file.annotations[0].target.position).toBeUndefined();
  });

  it('round-trips any notes file with PDF annotations: parse(serialize(f)) = normalize(f)', () => {
    fc.assert(
      fc.property(pdfNotes, (f) => {
        const r = parseNotes(serializeNotes(f));
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.file).toEqual(normalizeNotes(f));
      }),
      { numRuns: 150 },
    );
  });

  it('serializing is stable: a second save writes the same text', () => {
    fc.assert(
      fc.property(pdfNotes, (f) => {
        const once = serializeNotes(f);
        const r = parseNotes(once);
        expect(r.ok).toBe(true);
        if (r.ok) expect(serializeNotes(r.file)).toBe(once);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps valid pages and offsets through a round trip', () => {
    fc.assert(
      fc.property(annotationArb(), fc.integer({ min: 1, max: 100_000 }), fc.nat(1_000_000), fc.nat(10_000), (a, page, start, len) => {
        const f: NotesFile = { paperId: 'p', status: 'unread', tags: [], formatVersion: 1, annotations: [{ ...a, target: { ...a.target, page, position: { start, end: start + len } } }] };
        const r = parseNotes(serializeNotes(f));
        expect(r.ok && r.file.annotations[0].target.page).toBe(page);
        expect(r.ok && r.file.annotations[0].target.position).toEqual({ start, end: start + len });
      }),
      { numRuns: 200 },
    );
  });
});
