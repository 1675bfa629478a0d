// PDF outlines outside the reader: read with pdf.js (the legacy build for Node, as the outline worker
// runs it) from PDFs our fixtures write, nested for the Papers view, and fragments resolved against them.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slug } from 'github-slugger';
import { nestOutline, outlineCacheKey, type OutlineDocument, pdfRuleProblems, readOutline, resolvePdfPlace } from '../../../src/core/pdf/pdf-outline';
import type { OutlineSection } from '../../../src/core/pdf/pdf-location';
import { OutlineWorkerPool } from '../../../src/services/pdf-outline-pool';
// @ts-expect-error: plain JavaScript test helper without types
import { nestedOutlinePdf, paperPdf } from '../../pdf/fixtures.mjs';

type PdfJs = typeof import('pdfjs-dist');
let pdfjs: PdfJs;

beforeAll(async () => {
  pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
});

async function outlineOf(bytes: Uint8Array): Promise<{ pages: number; sections: OutlineSection[] }> {
  const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    return { pages: doc.numPages, sections: await readOutline(doc as unknown as OutlineDocument) };
  } finally {
    await doc.destroy();
  }
}

describe('reading an outline with pdf.js', () => {
  it('reads a nested outline in order, with depths, github-slugger ids and the pages of explicit destinations', async () => {
    const { pages, sections } = await outlineOf(await nestedOutlinePdf());
    expect(pages).toBe(6);
    expect(sections.map((s) => [s.id, s.depth, s.page])).toEqual([
      ['1-introduction', 1, 2],
      ['11-motivation', 2, 2],
      ['12-contributions', 2, 3],
      ['2-method', 1, 4],
      ['21-low-rank-update', 2, 4],
      ['211-initialisation', 3, 5],
      ['references', 1, 6],
      // Its destination is a font, not a page: listed, with no page.
      ['broken-link', 1, undefined],
    ]);
    for (const s of sections) expect(s.id).toBe(slug(s.title));
  });

  it('resolves named destinations (as LaTeX writes them) to their pages', async () => {
    const { sections } = await outlineOf(await paperPdf());
    expect(sections.find((s) => s.id === '2-method')?.page).toBe(3);
    expect(sections.find((s) => s.id === 'abstract')?.page).toBe(1);
  });

  it('survives an outline that loops back on itself', async () => {
    const { sections } = await outlineOf(await nestedOutlinePdf({ cyclic: true }));
    expect(sections.length).toBeGreaterThan(3);
    expect(sections.length).toBeLessThan(20);
    expect(new Set(sections.map((s) => s.id)).size).toBe(sections.length);
  });

  it('stops at its entry budget', async () => {
    const doc = await pdfjs.getDocument({ data: await nestedOutlinePdf(), verbosity: 0 }).promise;
    const sections = await readOutline(doc as unknown as OutlineDocument, 3);
    await doc.destroy();
    expect(sections.map((s) => s.id)).toEqual(['1-introduction', '11-motivation', '12-contributions']);
  });

  it('keeps entries whose destination lookup throws, without a page', async () => {
    const doc: OutlineDocument = {
      numPages: 3,
      getOutline: async () => [{ title: 'Named', dest: 'nowhere' }, { title: 'Out of range', dest: [7] }, { title: 'Direct', dest: [1] }, { title: 42 }],
      getDestination: async () => {
        throw new Error('bad name tree');
      },
      getPageIndex: async () => 0,
    };
    expect((await readOutline(doc)).map((s) => [s.title, s.page])).toEqual([['Named', undefined], ['Out of range', undefined], ['Direct', 2], ['(untitled)', undefined]]);
  });
});

describe('the outline as tree rows', () => {
  const s = (id: string, depth: number, page?: number): OutlineSection => ({ id, title: id, depth, ...(page ? { page } : {}) });

  it('nests flat sections back as the outline had them', async () => {
    const { sections } = await outlineOf(await nestedOutlinePdf());
    const tree = nestOutline(sections);
    expect(tree.map((n) => n.section.id)).toEqual(['1-introduction', '2-method', 'references', 'broken-link']);
    expect(tree[0].children.map((n) => n.section.id)).toEqual(['11-motivation', '12-contributions']);
    expect(tree[1].children[0].children.map((n) => n.section.id)).toEqual(['211-initialisation']);
    expect(tree[2].children).toEqual([]);
  });

  it('hangs an entry that skips a level under the one before, and starts a forest at any depth', () => {
    const tree = nestOutline([s('a', 2), s('b', 4), s('c', 3), s('d', 1), s('e', 2)]);
    expect(tree.map((n) => n.section.id)).toEqual(['a', 'd']);
    expect(tree[0].children.map((n) => n.section.id)).toEqual(['b', 'c']);
    expect(tree[1].children.map((n) => n.section.id)).toEqual(['e']);
    expect(nestOutline([])).toEqual([]);
  });
});

describe('fragments into a PDF', () => {
  const outline = { pages: 6, sections: [s2('2-method', '2 Method', 4), s2('appendix', 'Appendix')] };
  function s2(id: string, title: string, page?: number): OutlineSection {
    return { id, title, depth: 1, ...(page ? { page } : {}) };
  }

  it('resolves an outline slug to its section and page, and a page to itself', () => {
    expect(resolvePdfPlace('2-method', outline)).toEqual({ ok: true, target: { section: '2-method' }, page: 4, title: '2 Method' });
    expect(resolvePdfPlace('2-Method', outline)).toMatchObject({ ok: true, target: { section: '2-method' } });
    expect(resolvePdfPlace('appendix', outline)).toEqual({ ok: true, target: { section: 'appendix' }, title: 'Appendix' });
    expect(resolvePdfPlace('page=6', outline)).toEqual({ ok: true, target: { page: 6 }, page: 6, title: 'page 6' });
  });

  it('says what is wrong with a page or section the PDF lacks', () => {
    expect(resolvePdfPlace('page=7', outline)).toEqual({ ok: false, problem: 'The PDF has 6 pages; there is no page 7.' });
    expect(resolvePdfPlace('3-results', outline)).toEqual({ ok: false, problem: 'The PDF\'s outline has no section "3-results".' });
    expect(resolvePdfPlace('page=0', outline)).toMatchObject({ ok: false });
    expect(resolvePdfPlace('no spaces allowed', outline)).toMatchObject({ ok: false });
  });

  it('takes a well-formed fragment on trust while the outline is unknown', () => {
    expect(resolvePdfPlace('3-results', undefined)).toEqual({ ok: true, target: { section: '3-results' } });
    expect(resolvePdfPlace('page=900', undefined)).toMatchObject({ ok: true, page: 900 });
  });

  it('keys the cache by file, modification time and size', () => {
    const k = outlineCacheKey('file:///a.pdf', 10, 100);
    expect(k).toBe(outlineCacheKey('file:///a.pdf', 10, 100));
    expect(new Set([k, outlineCacheKey('file:///a.pdf', 11, 100), outlineCacheKey('file:///a.pdf', 10, 101), outlineCacheKey('file:///b.pdf', 10, 100)]).size).toBe(4);
  });
});

describe('the outline worker pool', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paper-lens-outline-'));
  // A stand-in for pdf.js: loops forever on a first byte of 1, exits on 2, answers otherwise.
  const script = join(dir, 'worker.mjs');
  writeFileSync(script, `import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, bytes }) => {
  if (bytes[0] === 1) for (;;) {}
  if (bytes[0] === 2) process.exit(3);
  parentPort.postMessage({ id, result: { ok: true, pages: bytes.length, sections: [] } });
});
`);
  let pool: OutlineWorkerPool | undefined;
  afterEach(() => pool?.dispose());

  it('stops a parse that loops at the time box, and the next parse gets a fresh thread', async () => {
    pool = new OutlineWorkerPool(script, 500);
    const hung = pool.parse(new Uint8Array([1]));
    const next = pool.parse(new Uint8Array([0, 0, 0]));
    expect(await hung).toEqual({ ok: false, reason: 'reading it took longer than 1 s' });
    expect(await next).toEqual({ ok: true, pages: 3, sections: [] });
  });

  it('reports a thread that died and recovers', async () => {
    pool = new OutlineWorkerPool(script, 5000);
    expect(await pool.parse(new Uint8Array([2]))).toEqual({ ok: false, reason: 'pdf.js stopped (exit code 3)' });
    expect(await pool.parse(new Uint8Array([0]))).toEqual({ ok: true, pages: 1, sections: [] });
  });

  it('does not detach the caller\'s bytes', async () => {
    pool = new OutlineWorkerPool(script, 5000);
    const bytes = new Uint8Array([0, 0]);
    await pool.parse(bytes);
    expect(bytes.length).toBe(2);
  });

  it('answers a missing worker script with a reason, not a rejection', async () => {
    pool = new OutlineWorkerPool(join(dir, 'missing.mjs'), 5000);
    const r = await pool.parse(new Uint8Array([0]));
    expect(r.ok).toBe(false);
  });

  it('answers queued parses once disposed', async () => {
    pool = new OutlineWorkerPool(script, 5000);
    const busy = pool.parse(new Uint8Array([1]));
    const queued = pool.parse(new Uint8Array([0]));
    pool.dispose();
    expect(await queued).toEqual({ ok: false, reason: 'Paper Lens was shut down' });
    expect((await busy).ok).toBe(false);
  });

});

describe('detect rules checked against the PDF once its outline is read', () => {
  it('flags an outline id or page the PDF lacks, on the rule\'s line, and leaves headings and good places alone', async () => {
    const { pages, sections } = await outlineOf(await nestedOutlinePdf());
    const rules = [
      { section: 'summary', line: 8 },
      { section: '21-low-rank-update', line: 10 },
      { section: 'page=6', line: 12 },
      { section: '3-results', line: 14 },
      { section: 'page=9', line: 16 },
    ];
    expect(pdfRuleProblems(rules, ['summary'], { pages, sections })).toEqual([
      { line: 14, message: '"section: 3-results": The PDF\'s outline has no section "3-results".' },
      { line: 16, message: '"section: page=9": The PDF has 6 pages; there is no page 9.' },
    ]);
  });
});
