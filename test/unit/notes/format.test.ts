import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalMarkdown, MAX_NOTES_CHARS, normalizeNotes, parseNotes, serializeNotes } from '../../../src/core/notes/format';
import { type NotesFile, addAnnotation, removeAnnotation, updateAnnotation } from '../../../src/core/notes/model';
import { handProse, notesArb } from './arbitraries';

const SAMPLE = `---
paper: dora
status: reading
tags: [peft, lora]
format: 1
---

My reading notes on DoRA. Compare with the LoRA paper later.

## Weight decomposition — highlight {#a1b2c3d4}
<!-- paper-lens: {"kind":"highlight","section":"weight-decomposition","color":"yellow","created":"2025-02-10T09:30:00.000Z","updated":"2025-02-10T09:30:00.000Z","prefix":"DoRA splits each pretrained weight ","suffix":", and trains the direction with LoRA."} -->
> into a magnitude vector $m$ and a direction $V/\\lVert V \\rVert_c$

So $W' = m \\frac{V + \\Delta V}{\\lVert V + \\Delta V \\rVert_c}$: the magnitude is learned separately.

## Why it beats LoRA {#5e6f7a8b}
<!-- paper-lens: {"kind":"note","section":"results","created":"2025-02-10T09:41:00.000Z","updated":"2025-02-11T18:02:00.000Z"} -->

The learning pattern of DoRA is closer to full fine-tuning:
- negative correlation between magnitude and direction updates
- see Figure 2

## Whole paper — note {#c0ffee00}
<!-- paper-lens: {"kind":"note","created":"2025-02-12T08:00:00.000Z","updated":"2025-02-12T08:00:00.000Z"} -->

Try it on the MoE code in \`moe.py\`.
`;

const SAMPLE_FILE: NotesFile = {
  paperId: 'dora',
  status: 'reading',
  tags: ['peft', 'lora'],
  formatVersion: 1,
  annotations: [
    {
      id: 'a1b2c3d4',
      kind: 'highlight',
      target: {
        section: 'weight-decomposition',
        quote: {
          exact: 'into a magnitude vector $m$ and a direction $V/\\lVert V \\rVert_c$',
          prefix: 'DoRA splits each pretrained weight ',
          suffix: ', and trains the direction with LoRA.',
        },
      },
      color: 'yellow',
      created: '2025-02-10T09:30:00.000Z',
      updated: '2025-02-10T09:30:00.000Z',
      body: 'So $W\' = m \\frac{V + \\Delta V}{\\lVert V + \\Delta V \\rVert_c}$: the magnitude is learned separately.',
    },
    {
      id: '5e6f7a8b',
      kind: 'note',
      target: { section: 'results' },
      created: '2025-02-10T09:41:00.000Z',
      updated: '2025-02-11T18:02:00.000Z',
      body: 'The learning pattern of DoRA is closer to full fine-tuning:\n- negative correlation between magnitude and direction updates\n- see Figure 2',
      title: 'Why it beats LoRA',
    },
    {
      id: 'c0ffee00',
      kind: 'note',
      target: {},
      created: '2025-02-12T08:00:00.000Z',
      updated: '2025-02-12T08:00:00.000Z',
      body: 'Try it on the MoE code in `moe.py`.',
    },
  ],
  preamble: 'My reading notes on DoRA. Compare with the LoRA paper later.',
};

function parseOk(text: string): { file: NotesFile; warnings: string[] } {
  const r = parseNotes(text);
  if (!r.ok) throw new Error(`parse failed at line ${r.error.line}: ${r.error.message}`);
  return r;
}

describe('notes format: the sample file', () => {
  it('parses to the model', () => {
    const r = parseOk(SAMPLE);
    expect(r.warnings).toEqual([]);
    expect(r.file).toStrictEqual(SAMPLE_FILE);
  });

  it('is exactly what the serializer writes', () => {
    expect(serializeNotes(SAMPLE_FILE)).toBe(SAMPLE);
  });

  it('reads the same with CRLF line endings and a BOM', () => {
    expect(parseOk('\uFEFF' + SAMPLE.replace(/\n/g, '\r\n')).file).toStrictEqual(SAMPLE_FILE);
  });

  it('escapes metadata-looking lines in bodies and comment ends in metadata', () => {
    const file: NotesFile = {
      ...SAMPLE_FILE,
      annotations: [
        {
          ...SAMPLE_FILE.annotations[0],
          target: { quote: { exact: 'a --> b\n> c', prefix: '-->', suffix: '<!-- x -->' } },
          body: '<!-- paper-lens: {"kind":"note"} -->\n<!-- paper-lens\\: kept -->',
        },
      ],
    };
    const text = serializeNotes(file);
    expect(text).toContain('<!-- paper-lens\\: {"kind":"note"} -->\n<!-- paper-lens\\\\: kept -->');
    expect(text).toContain('"prefix":"--\\u003e"');
    expect(text.split('\n').filter((l) => l.startsWith('<!-- paper-lens:'))).toHaveLength(1);
    expect(parseOk(text).file).toStrictEqual(normalizeNotes(file));
  });
});

describe('notes format: round trips (property-based)', () => {
  it('parse(serialize(x)) is normalize(x), normalize is idempotent, and a second save changes nothing', () => {
    fc.assert(
      fc.property(notesArb, (x) => {
        const text = serializeNotes(x);
        const r = parseNotes(text);
        if (!r.ok) throw new Error(`line ${r.error.line}: ${r.error.message}\n${text}`);
        const n = normalizeNotes(x);
        expect(r.file).toStrictEqual(n);
        expect(normalizeNotes(n)).toStrictEqual(n);
        expect(serializeNotes(r.file)).toBe(text);
        expect(r.warnings).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('parse(serialize(x)) deep-equals x for canonical x (bodies, titles and preamble already trimmed)', () => {
    fc.assert(
      fc.property(notesArb.map(normalizeNotes), (x) => {
        expect(parseOk(serializeNotes(x)).file).toStrictEqual(x);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a body byte for byte when it is canonical', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const body = canonicalMarkdown(s);
        const file: NotesFile = { ...SAMPLE_FILE, annotations: [{ ...SAMPLE_FILE.annotations[2], body }] };
        expect(parseOk(serializeNotes(file)).file.annotations[0].body).toBe(body);
      }),
      { numRuns: 300 },
    );
  });
});

/** Cuts a serialized file into its front matter (plus preamble) and one chunk per annotation. */
function chunks(text: string, file: NotesFile): { head: string; blocks: Map<string, string> } {
  const starts = file.annotations.map((a) => text.indexOf(`{#${a.id}}\n<!-- paper-lens:`)).map((i) => text.lastIndexOf('\n## ', i) + 1);
  const blocks = new Map<string, string>();
  // Each chunk ends with exactly one newline; the blank line between blocks comes from joining with '\n'.
  file.annotations.forEach((a, k) => blocks.set(a.id, text.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : text.length).replace(/\n+$/, '\n')));
  return { head: text.slice(0, starts.length ? starts[0] : text.length), blocks };
}

describe('notes format: hand edits survive a change made through the UI (property-based)', () => {
  it('keeps inserted prose, reworded bodies, new titles and a new order', () => {
    fc.assert(
      fc.property(
        notesArb.filter((f) => f.annotations.length > 0),
        fc.array(fc.record({ prose: fc.option(handProse, { nil: undefined }), reword: fc.option(handProse, { nil: undefined }), title: fc.option(fc.stringMatching(/^[A-Z][a-z]{2,12}( [a-z]{2,8}){0,3}$/), { nil: undefined }) }), { minLength: 6, maxLength: 6 }),
        handProse,
        fc.nat(),
        fc.nat(),
        (x, edits, preambleProse, seed, pick) => {
          const original = normalizeNotes(x);
          const text = serializeNotes(original);
          const { head, blocks } = chunks(text, original);

          // Hand edits, done on the text as a person in an editor would.
          const order = original.annotations.map((a) => a.id);
          for (let i = order.length - 1; i > 0; i--) {
            const j = (seed + i * 7) % (i + 1);
            [order[i], order[j]] = [order[j], order[i]];
          }
          const expectedBody = new Map<string, string>();
          const expectedTitle = new Map<string, string | undefined>();
          const edited = order.map((id, k) => {
            const a = original.annotations.find((n) => n.id === id)!;
            const e = edits[k % edits.length];
            let chunk = blocks.get(id)!;
            let body = a.body;
            if (e.reword !== undefined) {
              // The serializer ends a block with its body; swap that for the reworded text.
              const alone: NotesFile = { ...original, preamble: undefined, annotations: [{ ...a, body: '' }] };
              const header = chunks(serializeNotes(alone), alone).blocks.get(id)!;
              chunk = `${header}\n${e.reword}\n`;
              body = e.reword;
            }
            if (e.prose !== undefined) {
              chunk += `\n${e.prose}\n`;
              body = body ? `${body}\n\n${e.prose}` : e.prose;
            }
            if (e.title !== undefined) chunk = chunk.replace(/^## [^\n]*\{#/, `## ${e.title} {#`);
            expectedBody.set(id, canonicalMarkdown(body));
            expectedTitle.set(id, e.title ?? a.title);
            return chunk;
          });
          const handText = head.replace(/\n---\n/, `\n---\n\n${preambleProse}\n`) + edited.join('\n');

          // Parse, change one annotation through the model, save.
          const parsed = parseOk(handText).file;
          expect(parsed.annotations.map((a) => a.id)).toEqual(order);
          const target = order[pick % order.length];
          const changed = updateAnnotation(parsed, target, { color: 'purple', body: 'Changed in the UI: $e^{i\\pi}$' }, '2030-01-01T00:00:00.000Z');
          const saved = serializeNotes(changed);
          const back = parseOk(saved).file;

          expect(saved).toContain(preambleProse.trim().split('\n')[0]);
          expect(back.preamble).toContain(canonicalMarkdown(preambleProse));
          expect(back.annotations.map((a) => a.id)).toEqual(order);
          for (const a of back.annotations) {
            if (a.id === target) {
              expect(a.body).toBe('Changed in the UI: $e^{i\\pi}$');
              expect(a.color).toBe('purple');
            } else {
              expect(a.body).toBe(expectedBody.get(a.id));
            }
            const title = expectedTitle.get(a.id);
            if (title !== undefined) expect(saved, handText).toContain(`## ${title} {#${a.id}}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps prose between blocks with the annotation above it, and prose before the first block as the preamble', () => {
    const hand = SAMPLE.replace('## Why it beats LoRA', 'A thought I had later, with $x$.\n\n## Why it beats LoRA (my title)').replace(
      'My reading notes on DoRA.',
      '# DoRA notes\n\nMy reading notes on DoRA.',
    );
    const file = parseOk(hand).file;
    const { file: added } = addAnnotation(file, { kind: 'note', target: { section: 'method' }, body: 'new' }, '2030-01-01T00:00:00.000Z', () => 0.5);
    const saved = serializeNotes(removeAnnotation(added, 'c0ffee00'));
    expect(saved).toContain('# DoRA notes\n\nMy reading notes on DoRA.');
    expect(saved).toContain('the magnitude is learned separately.\n\nA thought I had later, with $x$.\n\n## Why it beats LoRA (my title) {#5e6f7a8b}');
    expect(saved).toContain('## Method — note {#80000000}');
    expect(saved).not.toContain('c0ffee00');
  });

  it('accepts hand-written blocks with relaxed spacing and a lazy quote line', () => {
    const text = [
      '---', 'paper: dora', 'format: 1', '---', '', '### My own block   {#mine-1}  ', '', '<!--paper-lens: {"kind":"note","created":"2025-01-01","updated":"2025-01-02"}-->',
      '> quoted line', 'lazy continuation', '', 'Body.', '',
    ].join('\n');
    const a = parseOk(text).file.annotations[0];
    expect(a).toMatchObject({ id: 'mine-1', title: 'My own block', body: 'Body.', target: { quote: { exact: 'quoted line\nlazy continuation' } } });
  });
});

describe('notes format: warnings for small problems that lose nothing important', () => {
  it.each([
    ['unknown color', '{"kind":"highlight","color":"red","created":"a","updated":"b"}', /unknown color "red"/],
    ['missing kind', '{"created":"a","updated":"b"}', /no "kind"/],
    ['missing times', '{"kind":"note"}', /no "created"/],
    ['non-text section', '{"kind":"note","section":3,"created":"a","updated":"b"}', /"section" must be text/],
  ])('%s', (_name, meta, warning) => {
    const r = parseOk(`---\npaper: p\nformat: 1\n---\n\n## T {#abc}\n<!-- paper-lens: ${meta} -->\n`);
    expect(r.warnings.join('\n')).toMatch(warning);
  });

  it('warns about an unknown status and a missing format', () => {
    const r = parseOk('---\npaper: p\nstatus: done\n---\n');
    expect(r.warnings.join('\n')).toMatch(/no "format:"/);
    expect(r.warnings.join('\n')).toMatch(/line 3: unknown status "done"/);
    expect(r.file.status).toBe('unread');
  });

  it('keeps unknown front-matter and metadata keys', () => {
    const text = '---\npaper: p\nformat: 1\nreviewer: Ada\nscore: [1, 2]\n---\n\n## T {#abc}\n<!-- paper-lens: {"kind":"note","created":"a","updated":"b","pinned":true} -->\n';
    const file = parseOk(text).file;
    expect(file.extra).toEqual({ reviewer: 'Ada', score: [1, 2] });
    expect(file.annotations[0].extra).toEqual({ pinned: true });
    const again = serializeNotes(file);
    expect(again).toContain('reviewer: Ada');
    expect(again).toContain('"pinned":true');
  });
});

describe('notes format: damaged files are refused with a line, never a throw', () => {
  const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

  it.each<[string, string, number, RegExp]>([
    ['empty file', '', 1, /does not start with front matter/],
    ['no front matter', '## T {#abc}\n<!-- paper-lens: {} -->\n', 1, /does not start with front matter/],
    ['unclosed front matter', '---\npaper: p\nformat: 1\n\nText', 1, /not closed/],
    ['front matter not YAML', '---\npaper: p\nformat: 1\ntags: [a, b\n---\n', 4, /not valid YAML/],
    ['front matter a list', '---\n- a\n- b\n---\n', 1, /mapping/],
    ['no paper id', '---\nstatus: read\nformat: 1\n---\n', 1, /no "paper: <id>"/],
    ['newer format', '---\npaper: p\nformat: 2\n---\n', 3, /format 2, written by a newer Paper Lens/],
    ['bad format', '---\npaper: p\nformat: one\n---\n', 3, /"format" must be 1/],
    ['NUL byte', '---\npaper: p\nformat: 1\n---\n\nabc\u0000def\n', 6, /binary data \(control character U\+0000\)/],
    ['PNG bytes', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR', 2, /binary data/],
    ['duplicate keys', '---\npaper: p\npaper: q\nformat: 1\n---\n', 3, /not valid YAML/],
  ])('%s', (_name, text, line, message) => {
    const r = parseNotes(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(message);
      expect(r.error.line).toBe(line);
    }
  });

  it.each<[string, (s: string) => string, string, RegExp]>([
    ['bad JSON in the metadata', (s) => s.replace('"kind":"note","section":"results"', '"kind":"note",,"section":"results"'), '<!-- paper-lens: {"kind":"note",,', /not valid JSON/],
    ['metadata not an object', (s) => s.replace(/<!-- paper-lens: \{"kind":"note","created":"2025-02-12.*-->/, '<!-- paper-lens: [1, 2] -->'), '<!-- paper-lens: [1, 2]', /JSON object/],
    ['metadata split over lines', (s) => s.replace('"kind":"note","section":"results",', '"kind":"note",\n"section":"results",'), '<!-- paper-lens: {"kind":"note",\n', /one line and end with "-->"/],
    ['duplicate ids', (s) => s.replace('{#c0ffee00}', '{#a1b2c3d4}'), '## Whole paper — note {#a1b2c3d4}', /duplicate annotation id "a1b2c3d4" \(first used on line 10\)/],
    ['heading without id', (s) => s.replace(' {#5e6f7a8b}', ''), '## Why it beats LoRA', /no id at the end/],
    ['metadata without heading', (s) => s.replace('## Why it beats LoRA {#5e6f7a8b}\n', ''), '<!-- paper-lens: {"kind":"note","section":"results"', /must come right after the annotation heading/],
  ])('%s', (_name, damage, needle, message) => {
    const text = damage(SAMPLE);
    const r = parseNotes(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toMatch(message);
      expect(r.error.line).toBe(lineOf(text, needle));
    }
  });

  it('never throws for the sample truncated at any offset; a cut front matter or metadata comment is refused', () => {
    const frontMatterEnd = SAMPLE.indexOf('\n---\n') + 4;
    const metaLines: [number, number][] = [];
    for (let at = SAMPLE.indexOf('<!-- paper-lens:'); at >= 0; at = SAMPLE.indexOf('<!-- paper-lens:', at + 1)) metaLines.push([at, SAMPLE.indexOf('\n', at)]);
    let refused = 0;
    for (let cut = 0; cut <= SAMPLE.length; cut++) {
      const text = SAMPLE.slice(0, cut);
      const r = parseNotes(text);
      const mustRefuse = cut < frontMatterEnd || metaLines.some(([from, to]) => cut >= from + '<!-- paper-lens:'.length && cut < to);
      if (mustRefuse) expect(r.ok, `cut at ${cut}`).toBe(false);
      if (!r.ok) {
        refused++;
        expect(r.error.line).toBeGreaterThanOrEqual(1);
        expect(r.error.line).toBeLessThanOrEqual(text.split('\n').length);
      }
    }
    expect(refused).toBeGreaterThan(frontMatterEnd + 3 * 100);
  });

  it('never throws for the sample with any single byte replaced (UTF-8 round trip)', () => {
    const bytes = new TextEncoder().encode(SAMPLE);
    const decoder = new TextDecoder();
    for (let i = 0; i < bytes.length; i += 3) {
      for (const b of [0x00, 0x0a, 0x3e, 0x7b, 0xff]) {
        const copy = bytes.slice();
        copy[i] = b;
        const r = parseNotes(decoder.decode(copy));
        // parseNotes catches everything; what must not happen is landing in its catch-all for bugs.
        if (!r.ok) expect(r.error.bug, `byte ${i} set to ${b}: ${r.error.message}`).toBeUndefined();
        else expect(r.file.annotations.every((a) => typeof a.id === 'string')).toBe(true);
      }
    }
  });

  it('tells a bug of its own (an exception that is no verdict on the file) from a file it cannot parse', () => {
    // A getter that throws stands in for a bug reached while parsing: a TypeError, not a ParseFailure.
    const buggy = { get paperId(): string { throw new TypeError('simulated parser bug'); } };
    const r = parseNotes('---\nformat: 1\n---\n\nA hand-written line.\n', buggy);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.bug).toMatch(/TypeError: simulated parser bug/);
    const broken = parseNotes('---\nformat: 1\n---\n');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.error.bug).toBeUndefined();
  });

  it('never throws for arbitrary text or bytes (property-based)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array().map((b) => new TextDecoder().decode(b)), fc.string().map((s) => `---\npaper: p\nformat: 1\n---\n${s}`)), (text) => {
        const r = parseNotes(text);
        if (!r.ok) {
          expect(r.error.line).toBeGreaterThanOrEqual(1);
          expect(r.error.bug, r.error.message).toBeUndefined();
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses huge files and survives pathological nesting and whitespace quickly', () => {
    expect(parseNotes('---\npaper: p\n---\n' + 'x'.repeat(MAX_NOTES_CHARS))).toMatchObject({ ok: false, error: { line: 1 } });
    const head = '---\npaper: p\nformat: 1\n---\n';
    const started = performance.now();
    const nested = parseNotes(`${head}\n## T {#abc}\n<!-- paper-lens: {"kind":"note","created":"a","updated":"b"} -->\n${'>'.repeat(50_000)} deep\nlazy\n`);
    expect(nested.ok).toBe(true);
    expect(parseNotes(`${head}\n## T {#abc}\n<!-- paper-lens: {} -->\n${'> '.repeat(60)}x\n`.repeat(2000)).ok).toBe(false);
    expect(parseNotes(`${head}\n##${' '.repeat(200_000)}x\n<!-- paper-lens: {} -->\n`).ok).toBe(false);
    expect(parseNotes(`${head}\n${'a '.repeat(100_000)}\n${' \t'.repeat(100_000)}\n`).ok).toBe(true);
    expect(parseNotes(`${head}\n## T {#abc}\n<!-- paper-lens: ${'-'.repeat(200_000)}\n`).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
