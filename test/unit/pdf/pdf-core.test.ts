import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildPageText, DocumentText, itemAt, offsetOf } from '../../../src/core/pdf/page-text';
import { anchorPdfTarget } from '../../../src/core/pdf/pdf-anchor';
import { outlineSections, parsePdfFragment, sectionOfPage } from '../../../src/core/pdf/pdf-location';
import { normalizePath, paperForPdf, paperIdFromPdfName, pdfCandidates } from '../../../src/core/pdf/pdf-paper';
import { describeQuote } from '../../../src/core/notes/anchor';
import { PAPER_ID } from '../../../src/core/notes/model';

const items = fc.array(fc.record({ str: fc.string({ maxLength: 12 }), hasEOL: fc.boolean() }), { maxLength: 30 });
const words = ['adapter', 'rank', 'magnitude', 'direction', 'weight', 'update', 'layer', 'matrix', 'training', 'seed'];
const prose = (n: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...words), { minLength: n, maxLength: n * 2 }).map((w) => w.join(' '));

describe('page text', () => {
  it('joins item strings, a line break after each line-ending item', () => {
    const p = buildPageText([{ str: 'Two', hasEOL: false }, { str: ' columns', hasEOL: true }, { str: 'next', hasEOL: false }]);
    expect(p.text).toBe('Two columns\nnext');
    expect(p.starts).toEqual([0, 3, 12]);
  });

  it('maps every offset inside an item to that item and back', () => {
    fc.assert(
      fc.property(items, (list) => {
        const page = buildPageText(list);
        list.forEach((item, k) => {
          for (let o = 0; o < item.str.length; o++) {
            const at = page.starts[k] + o;
            const hit = itemAt(page, list, at);
            // Empty items share their offset with the next one; the last of them wins.
            expect(page.text[at]).toBe(item.str[o]);
            expect(offsetOf(page, list, hit!.item, hit!.offset)).toBe(at);
          }
        });
      }),
    );
  });

  it('converts between page and document offsets both ways', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(500), { minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), (lengths, p, o) => {
        const docText = new DocumentText(lengths);
        const page = (p % lengths.length) + 1;
        const offset = o % (lengths[page - 1] + 1);
        const d = docText.toDocument(page, offset)!;
        expect(docText.toPage(d)).toEqual({ page, offset });
      }),
    );
    expect(new DocumentText([3, 4]).toDocument(3, 0)).toBeUndefined();
  });
});

describe('anchoring PDF annotations', () => {
  const v1 = ['Title page\nabstract text', 'Intro: we study adapters.', 'Method: The magnitude vector is trained separately\nfrom the direction matrix. More text.'];
  const selector = (pages: string[], page: number, exact: string) => {
    const start = pages[page - 1].indexOf(exact);
    return { page, position: { start, end: start + exact.length }, quote: describeQuote(pages[page - 1], start, start + exact.length) };
  };

  it('keeps its place when the text at the recorded offsets is still the quote', () => {
    const t = selector(v1, 3, 'The magnitude vector is trained separately\nfrom the direction matrix.');
    expect(anchorPdfTarget(t, v1, 3)).toEqual({ status: 'anchored', page: 3, start: t.position.start, end: t.position.end, exact: true, moved: false });
  });

  it('asks only for its own page first, then for the rest when the quote moved', () => {
    const t = selector(v1, 3, 'magnitude vector is trained');
    expect(anchorPdfTarget(t, [undefined, undefined, undefined], 3)).toEqual({ status: 'pending', pages: [3] });
    const v2 = ['Title page', 'New related work', 'New related work 2', 'Intro', v1[2]];
    expect(anchorPdfTarget(t, [v2[0], v2[1], 'unrelated', undefined, undefined], 5)).toEqual({ status: 'pending', pages: [4, 5] });
    const r = anchorPdfTarget(t, v2, 5);
    expect(r).toMatchObject({ status: 'anchored', page: 5, exact: true, moved: true });
  });

  it('follows a passage whose offsets changed on the same page', () => {
    const t = selector(v1, 3, 'trained separately');
    const edited = ['a', 'b', 'Method (revised): The magnitude vector is trained separately\nfrom the direction matrix.'];
    const r = anchorPdfTarget(t, edited, 3);
    expect(r.status).toBe('anchored');
    if (r.status === 'anchored') expect(edited[2].slice(r.start, r.end)).toBe('trained separately');
  });

  it('is detached, not dropped, when the quote is gone or the page does not exist', () => {
    const t = selector(v1, 3, 'The magnitude vector is trained separately');
    expect(anchorPdfTarget(t, ['x', 'y', 'z'], 3)).toEqual({ status: 'detached', reason: 'quote-gone' });
    expect(anchorPdfTarget({ page: 9 }, ['x'], 1)).toEqual({ status: 'detached', reason: 'page-gone' });
    expect(anchorPdfTarget({ page: 1 }, ['x'], 1)).toEqual({ status: 'page', page: 1 });
  });

  it('finds a passage moved to any other page of a new version', () => {
    fc.assert(
      fc.property(fc.array(prose(20), { minLength: 2, maxLength: 8 }), prose(6), fc.nat(), fc.nat(), (pages, passage, from, to) => {
        const a = from % pages.length;
        const b = to % pages.length;
        const old = pages.map((p, i) => (i === a ? `${p} ZQX ${passage} XQZ ${p}` : p));
        const t = selector(old, a + 1, `ZQX ${passage} XQZ`);
        const moved = pages.map((p, i) => (i === b ? `${p.slice(0, 30)} ZQX ${passage} XQZ ${p}` : p));
        const r = anchorPdfTarget(t, moved, moved.length);
        expect(r.status).toBe('anchored');
        if (r.status === 'anchored') {
          expect(r.page).toBe(b + 1);
          expect(moved[b].slice(r.start, r.end)).toBe(`ZQX ${passage} XQZ`);
          expect(r.moved).toBe(a !== b);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('links into PDFs', () => {
  it('reads page fragments and outline sections', () => {
    expect(parsePdfFragment('page=7')).toEqual({ page: 7 });
    expect(parsePdfFragment('#page=12')).toEqual({ page: 12 });
    expect(parsePdfFragment('page=0')).toBeUndefined();
    expect(parsePdfFragment('2-method')).toEqual({ section: '2-method' });
    expect(parsePdfFragment('bad id!')).toBeUndefined();
    expect(parsePdfFragment('')).toBeUndefined();
  });

  it('gives outline entries unique slugs in reading order', () => {
    const s = outlineSections([{ title: '1 Introduction', page: 2, items: [{ title: 'Motivation', page: 2 }] }, { title: '1 Introduction', page: 4 }, { title: '   ', page: 5 }]);
    expect(s.map((x) => [x.id, x.depth, x.page])).toEqual([['1-introduction', 1, 2], ['motivation', 2, 2], ['1-introduction-1', 1, 4], ['section', 1, 5]]);
    expect(sectionOfPage(s, 3)?.id).toBe('motivation');
    expect(sectionOfPage(s, 1)).toBeUndefined();
  });

  it('cuts hostile outlines (deep or huge) instead of walking them all', () => {
    let deep: { title: string; items?: unknown[] } = { title: 'leaf' };
    for (let i = 0; i < 1000; i++) deep = { title: `level ${i}`, items: [deep] };
    expect(outlineSections([deep as never]).length).toBeLessThanOrEqual(13);
    const wide = Array.from({ length: 20_000 }, (_, i) => ({ title: `entry ${i}` }));
    expect(outlineSections(wide)).toHaveLength(5000);
  });
});

describe('which paper a PDF belongs to', () => {
  const papers = [{ id: 'dora', pdf: 'papers/dora.pdf' }, { id: 'abs', pdf: '/home/me/pdfs/x.pdf' }, { id: 'win', pdf: 'C:\\Users\\me\\y.pdf' }];
  it('resolves pdf: relative to each workspace folder, or absolute', () => {
    expect(paperForPdf('/ws/papers/dora.pdf', papers, ['/ws'])).toBe('dora');
    expect(paperForPdf('/ws/./papers/../papers/dora.pdf', papers, ['/other', '/ws'])).toBe('dora');
    expect(paperForPdf('/home/me/pdfs/x.pdf', papers, [])).toBe('abs');
    expect(paperForPdf('/c:/Users/me/y.pdf', papers, [])).toBe('win');
    expect(paperForPdf('/C:/Users/me/y.pdf', papers, [])).toBe('win');
    expect(paperForPdf('/ws/papers/other.pdf', papers, ['/ws'])).toBeUndefined();
    expect(pdfCandidates('  ', ['/ws'])).toEqual([]);
    expect(normalizePath('/a/b/../../../c')).toBe('/c');
  });

  it('makes a valid paper id from any file name', () => {
    expect(paperIdFromPdfName('/x/Attention Is All You Need (v2).PDF')).toBe('attention-is-all-you-need-v2');
    expect(paperIdFromPdfName('Überblick.pdf')).toBe('uberblick');
    expect(paperIdFromPdfName('論文.pdf')).toBe('pdf');
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (name) => {
      expect(PAPER_ID.test(paperIdFromPdfName(`${name}.pdf`))).toBe(true);
    }));
  });
});

describe('paper: references into PDFs', () => {
  it('reads #page=N as one section token', async () => {
    const { findPaperReferences } = await import('../../../src/core/detect/references');
    const refs = findPaperReferences('# see paper:adapters#page=7, paper:adapters#2-method and paper:adapters#page.\n', 'a.py');
    expect(refs.map((r) => r.sectionId)).toEqual(['page=7', '2-method', 'page']);
  });
});
