// fast-check generators for notes, shared by the format, merge and store tests.
import fc from 'fast-check';
import { type Annotation, type NotesFile, HIGHLIGHT_COLORS, NOTE_STATUSES } from '../../../src/core/notes/model';

/** Pieces that stress the format: comment ends, markers, fences, math, headings, quotes, odd whitespace. */
const TRICKY = [
  '-->', '<!--', '<!-- paper-lens: {"kind":"note"} -->', '<!-- paper-lens\\: {} -->', '  <!--paper-lens:x', '$$', '$x^2$', '$$\n\\frac{a}{b}\n$$',
  '```', '```js\nlet a = 1;\n```', '~~~', '## Heading {#deadbeef}', '# Top', '---', '***', '> quote', '>', '> > nested', '\n', '\n\n', '\n\n\n',
  '  ', '\t', '{#abc}', '\\', '<script>alert(1)</script>', '| a | b |\n|---|---|\n| 1 | 2 |', '* item', '1. one', '    indented code',
  '[link](https://example.com)', '\u2028', '\u00a0', '😀', 'e\u0301', '\r\n', '\r', '\u0000', '\u0007', '\ud800', '\udc00x', '\ufeff', '{"a":1}',
  'Setext\n===', '- [ ] task', '<div>\n\nhtml\n\n</div>', '<pre>\nunclosed', '<!-- open comment', '*', '_',
];

/** Any text, weighted toward Markdown and format syntax; may contain characters a file cannot hold. */
export const anyText = (maxParts = 8): fc.Arbitrary<string> =>
  fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom(...TRICKY)), { maxLength: maxParts })
    .map((parts) => parts.join(''));

/** Hand-written Markdown: readable, with math and structure, but no format markers. */
export const handProse: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z][A-Za-z ,.]{0,30}$/),
      fc.constantFrom('$\\alpha + \\beta$', '**bold**', '`code`', '\n\n', '\n- item\n', '> aside\n\n', 'Ünïcödé ✓', '\n\n## My heading\n\n', '[ref](https://arxiv.org)'),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => `Hand-written: ${parts.join(' ')}`);

const hexId = fc.integer({ min: 0, max: 0xffffffff }).map((n) => n.toString(16).padStart(8, '0'));
const slugId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
const iso = fc.date({ noInvalidDate: true, min: new Date('1990-01-01'), max: new Date('2100-01-01') }).map((d) => d.toISOString());
const jsonish = fc.jsonValue({ maxDepth: 2 });

export const annotationArb = (id: fc.Arbitrary<string> = fc.oneof(hexId, slugId)): fc.Arbitrary<Annotation> =>
  fc
    .record(
      {
        id,
        kind: fc.constantFrom('highlight' as const, 'note' as const),
        section: fc.option(fc.oneof(slugId, anyText(2)), { nil: undefined }),
        quote: fc.option(fc.record({ exact: anyText(4), prefix: anyText(2), suffix: anyText(2) }), { nil: undefined }),
        color: fc.option(fc.constantFrom(...HIGHLIGHT_COLORS), { nil: undefined }),
        created: fc.oneof(iso, anyText(1)),
        updated: iso,
        body: anyText(),
        title: fc.option(anyText(3), { nil: undefined }),
        extra: fc.option(fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('kind', 'exact', 'section', '__proto__', 'future')), jsonish, { maxKeys: 3 }), { nil: undefined }),
      },
      { requiredKeys: ['id', 'kind', 'created', 'updated', 'body'] },
    )
    .map((r) => {
      const a: Annotation = { id: r.id, kind: r.kind, target: {}, created: r.created, updated: r.updated, body: r.body };
      if (r.section !== undefined) a.target.section = r.section;
      if (r.quote) a.target.quote = r.quote;
      if (r.color) a.color = r.color;
      if (r.title !== undefined) a.title = r.title;
      if (r.extra !== undefined) a.extra = r.extra;
      return a;
    });

const yamlSafe = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }));

/** Any notes file the serializer accepts (valid ids, unique, non-blank paper id). */
export const notesArb: fc.Arbitrary<NotesFile> = fc
  .record({
    paperId: fc.oneof(slugId, fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim().length > 0)),
    status: fc.constantFrom(...NOTE_STATUSES),
    tags: fc.array(fc.oneof(slugId, fc.string({ maxLength: 8 })), { maxLength: 4 }),
    annotations: fc.uniqueArray(annotationArb(), { selector: (a) => a.id, maxLength: 6 }),
    extra: fc.option(fc.dictionary(fc.stringMatching(/^[a-z][a-zA-Z_]{0,10}$/), yamlSafe, { maxKeys: 3 }), { nil: undefined }),
    preamble: fc.option(anyText(), { nil: undefined }),
  })
  .map((r) => {
    const f: NotesFile = { paperId: r.paperId, status: r.status, tags: r.tags, formatVersion: 1, annotations: r.annotations };
    if (r.extra) f.extra = r.extra;
    if (r.preamble !== undefined) f.preamble = r.preamble;
    return f;
  });

/** Notes with only realistic content: slug ids, hand-writable bodies. For merge and store tests. */
export const plainNotesArb: fc.Arbitrary<NotesFile> = fc
  .record({
    status: fc.constantFrom(...NOTE_STATUSES),
    tags: fc.uniqueArray(slugId, { maxLength: 4 }),
    annotations: fc.uniqueArray(
      fc.record({ id: hexId, body: handProse, color: fc.constantFrom(...HIGHLIGHT_COLORS), exact: fc.stringMatching(/^[a-z][a-z ]{3,30}[a-z]$/) }).map(
        (r): Annotation => ({
          id: r.id,
          kind: 'highlight',
          target: { section: 'method', quote: { exact: r.exact, prefix: '', suffix: '' } },
          color: r.color,
          created: '2025-01-01T00:00:00.000Z',
          updated: '2025-01-01T00:00:00.000Z',
          body: r.body,
        }),
      ),
      { selector: (a) => a.id, maxLength: 5 },
    ),
  })
  .map((r): NotesFile => ({ paperId: 'dora', status: r.status, tags: r.tags, formatVersion: 1, annotations: r.annotations }));
