import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePaper } from '../../src/core/markdown/pipeline';
import { annotationCountLabel, plainNoteText, tagLabel } from '../../src/core/notes/display';
import { exportNotes } from '../../src/core/notes/export';
import { parseNotes, serializeNotes } from '../../src/core/notes/format';
import { addAnnotation, defaultTitle, emptyNotes, type Annotation } from '../../src/core/notes/model';
import { bibtexKey, paperYear, toBibtex } from '../../src/core/papers/bibtex';
import type { CompiledPaper, PaperMeta } from '../../src/core/papers/paper';

const compiled = compilePaper(readFileSync(join(__dirname, '../../media/papers/dora.md'), 'utf8'));
if (!compiled.ok) throw new Error(compiled.errors.join('; '));
const dora: CompiledPaper = compiled.paper;
const ideaTitle = dora.sections.find((s) => s.id === 'idea')!.title;

describe('note headings name the section by its title', () => {
  it('defaultTitle uses the section title when known, the readable id otherwise', () => {
    expect(ideaTitle).toBe('The core idea');
    expect(defaultTitle({ kind: 'highlight', target: { section: 'idea' } }, ideaTitle)).toBe('The core idea — highlight');
    expect(defaultTitle({ kind: 'highlight', target: { section: 'idea' } })).toBe('Idea — highlight');
    expect(defaultTitle({ kind: 'note', target: {} }, 'ignored')).toBe('Whole paper — note');
  });

  it('a note created with the section title keeps it in the file, and old files with id headings still parse', () => {
    const { file } = addAnnotation(emptyNotes('dora'), { kind: 'highlight', color: 'yellow', target: { section: 'idea', quote: { exact: 'magnitude', prefix: '', suffix: '' } }, title: defaultTitle({ kind: 'highlight', target: { section: 'idea' } }, ideaTitle) }, '2026-01-01T00:00:00.000Z');
    const text = serializeNotes(file);
    expect(text).toMatch(/^## The core idea — highlight \{#[a-z0-9]+\}$/m);
    const back = parseNotes(text);
    expect(back.ok && back.file.annotations[0].title).toBe('The core idea — highlight');
    const old = text.replace('The core idea — highlight', 'Idea — highlight');
    const parsedOld = parseNotes(old);
    expect(parsedOld.ok).toBe(true);
    expect(parsedOld.ok && parsedOld.file.annotations[0].title).toBeUndefined();
  });
});

describe('export', () => {
  const at = (id: string, created: string, quote: string | undefined, section = 'weight-decomposition'): Annotation => ({
    id, kind: 'note', target: { section, ...(quote ? { quote: { exact: quote, prefix: '', suffix: '' } } : {}) }, created, updated: created, body: `note ${id}`,
  });
  it('uses section titles in headings and lists notes in document order', () => {
    const text = dora.sections.find((s) => s.id === 'weight-decomposition')!.text.replace(/\s+/g, ' ');
    const words = text.split(' ');
    const early = words.slice(2, 5).join(' ');
    const late = words.slice(-6, -3).join(' ');
    const notes = { ...emptyNotes('dora'), annotations: [at('bbbbbbbb', '2026-01-02T00:00:00.000Z', late), at('aaaaaaaa', '2026-01-03T00:00:00.000Z', early), at('cccccccc', '2026-01-01T00:00:00.000Z', undefined, 'idea')] };
    const out = exportNotes([{ paper: dora, notes }], '2026-01-04');
    expect(out).toContain('### The core idea — note');
    expect(out).toContain('### Weight decomposition: magnitude and direction — note');
    expect(out).not.toMatch(/Idea — note|Weight decomposition — note/);
    expect(out).not.toMatch(/— note \(/);
    const order = ['note cccccccc', 'note aaaaaaaa', 'note bbbbbbbb'].map((s) => out.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('PDF passages in Export Notes', () => {
  const pdfNote = (id: string, created: string, page: number, start: number, exact: string): Annotation => ({
    id, kind: 'highlight', color: 'green', created, updated: created, body: '',
    target: { page, position: { start, end: start + exact.length }, quote: { exact, prefix: '', suffix: '' } },
  });

  it('come after the summary notes, by page then offset, each cited with its page', () => {
    const summary: Annotation = { id: 'ssssssss', kind: 'note', created: '2026-01-05T00:00:00.000Z', updated: '2026-01-05T00:00:00.000Z', body: 'on the summary', target: { section: 'idea' } };
    const notes = {
      ...emptyNotes('dora'),
      annotations: [
        pdfNote('pppppp07', '2026-01-01T00:00:00.000Z', 7, 10, 'seventh page passage'),
        pdfNote('pppp02bb', '2026-01-02T00:00:00.000Z', 2, 300, 'second page, later'),
        summary,
        pdfNote('pppp02aa', '2026-01-03T00:00:00.000Z', 2, 40, 'second page, earlier'),
      ],
    };
    const out = exportNotes([{ paper: dora, notes }], '2026-01-06');
    const order = ['on the summary', 'second page, earlier', 'second page, later', 'seventh page passage'].map((s) => out.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out).toContain('### Page 7 — highlight');
    const key = bibtexKey(dora.meta);
    expect(out).toContain(`<sub>[@${key}, p. 7] arXiv:${dora.meta.arxiv} · green · 2026-01-01</sub>`);
    expect(out).toContain(`<sub>[@${key}, p. 2]`);
    // The summary's note has no page, so no locator.
    expect(out).toMatch(new RegExp(`\\[@${key}\\] arXiv:[^\\n]* · 2026-01-05`));
  });
});

describe('tree text', () => {
  it('counts notes and highlights apart', () => {
    expect(annotationCountLabel([{ kind: 'note' }, { kind: 'highlight' }, { kind: 'highlight' }])).toBe('1 note · 2 highlights');
    expect(annotationCountLabel([{ kind: 'highlight' }])).toBe('1 highlight');
    expect(annotationCountLabel([{ kind: 'note' }, { kind: 'note' }, { kind: 'note' }])).toBe('3 notes');
    expect(annotationCountLabel([])).toBeUndefined();
  });

  it('shows a tag with a space as one tag', () => {
    expect(tagLabel('weight norm')).toBe('#weight-norm');
    expect(tagLabel('peft')).toBe('#peft');
  });

  it('shows a note body as plain text: no Markdown marks, math as Unicode', () => {
    expect(plainNoteText('**Check** the ratio $\\frac{a}{b}$ in [the paper](https://arxiv.org) and `W_0`')).toBe('Check the ratio a/b in the paper and W_0');
    expect(plainNoteText('# Title\n\n> quoted\n\n- item one\n- item _two_\n\n$$\\alpha^2$$')).toBe('Title quoted item one item two α²');
    expect(plainNoteText('<b>bold</b> x'.repeat(20), 20)).toHaveLength(20);
  });
});

describe('BibTeX keys', () => {
  const meta = (over: Partial<PaperMeta>): PaperMeta => ({ ...dora.meta, authors: ['A. Reader'], title: 'My Notes on Attention', arxiv: '', published: '', ...over });
  it('always carry a year: published, else the arXiv id, else "nd"', () => {
    expect(bibtexKey(meta({ published: '2023-06' }))).toBe('reader2023my');
    expect(bibtexKey(meta({ arxiv: '2401.00001' }))).toBe('reader2024my');
    expect(paperYear(meta({ arxiv: '2413.00001' }))).toBeUndefined();
    expect(bibtexKey(meta({}))).toBe('readerndmy');
    expect(toBibtex(meta({ arxiv: '2401.00001' }))).toContain('year = {2024}');
  });
});
