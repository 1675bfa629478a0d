// Untrusted PDFs: mutated, truncated, malformed, huge or scripted files must give a clear message, never
// a crash or a hang. The first look (inspectPdfBytes) is ours; parsing is pdf.js's, run here exactly as
// the reader configures it (no eval, no XFA), in Node with pdfjs-dist's legacy build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { describePdfError, inspectPdfBytes } from '../../../src/core/pdf/pdf-bytes';
import { buildPageText } from '../../../src/core/pdf/page-text';
// @ts-expect-error: plain JavaScript test helper without types
import { garbage, hostilePdf, longPdf, paperPdf, PASSAGE, truncated } from '../../pdf/fixtures.mjs';

type PdfJs = typeof import('pdfjs-dist');
let pdfjs: PdfJs;
let paper: Uint8Array;
let worker: Worker;
let nextId = 0;
const waiting = new Map<number, (r: WorkerResult) => void>();
interface WorkerResult { ok: boolean; pages?: number; error?: { name?: string; message?: string }; stray: string[] }

beforeAll(async () => {
  pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
  paper = await paperPdf();
  worker = new Worker(new URL('./pdfjs-worker.mjs', import.meta.url));
  worker.on('message', (m: WorkerResult & { id: number }) => waiting.get(m.id)?.(m));
});
afterAll(() => worker?.terminate());

/** pdf.js errors that are its verdict on a broken file (thrown from its parser), not a crash of ours. */
const PDFJS_ERRORS = /^[A-Za-z]*(Exception|Error)$/;

/** Opens bytes the way the reader does (our first look, then pdf.js in a worker); a message on failure. */
async function openLikeReader(bytes: Uint8Array): Promise<{ ok: true; pages: number; stray: string[] } | { ok: false; message: string; stray: string[] }> {
  const first = inspectPdfBytes(bytes);
  if (!first.ok) return { ok: false, message: first.message, stray: [] };
  const id = nextId++;
  const r = await new Promise<WorkerResult>((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ id, bytes: bytes.slice() });
  });
  waiting.delete(id);
  return r.ok ? { ok: true, pages: r.pages ?? 0, stray: r.stray } : { ok: false, message: describePdfError(r.error), stray: r.stray };
}

describe('first look at the bytes', () => {
  it('tells a PDF from other files and notices truncation and JavaScript', async () => {
    expect(inspectPdfBytes(paper)).toMatchObject({ ok: true, headerAt: 0, truncated: false, hasJavaScript: false });
    expect(inspectPdfBytes(truncated(paper))).toMatchObject({ ok: true, truncated: true });
    expect(inspectPdfBytes(await hostilePdf())).toMatchObject({ ok: true, hasJavaScript: true });
    expect(inspectPdfBytes(garbage())).toEqual({ ok: false, message: expect.stringMatching(/not a PDF/) });
    expect(inspectPdfBytes(new Uint8Array())).toEqual({ ok: false, message: 'The file is empty.' });
    expect(inspectPdfBytes(paper, 100)).toEqual({ ok: false, message: expect.stringMatching(/up to 0 MB/) });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (bytes, header) => {
      const data = header ? new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...bytes]) : bytes;
      const r = inspectPdfBytes(data);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(r.message.length).toBeGreaterThan(5);
    }), { numRuns: 500 });
  });

  it('turns pdf.js errors into sentences', () => {
    expect(describePdfError({ name: 'InvalidPDFException', message: 'Invalid PDF structure.' })).toMatch(/damaged or not a PDF/);
    expect(describePdfError({ name: 'PasswordException', message: 'No password given' })).toMatch(/password-protected/);
    expect(describePdfError(new Error('x'.repeat(1000))).length).toBeLessThan(260);
    expect(describePdfError(undefined)).toMatch(/could not be opened/);
  });
});

describe('pdf.js on hostile input, configured as the reader configures it', () => {
  it('reads the generated paper: outline, named destinations, two columns, math glyphs', async () => {
    const doc = await pdfjs.getDocument({ data: paper.slice(), isEvalSupported: false, verbosity: 0 }).promise;
    const outline = await doc.getOutline();
    expect(outline.map((o) => o.title)).toEqual(['Abstract', '1 Introduction', '2 Method', '3 Experiments', '4 Math', '5 Discussion']);
    const dest = await doc.getDestination(String(outline[2].dest));
    expect(await doc.getPageIndex(dest![0] as never)).toBe(2);
    const page3 = buildPageText((await (await doc.getPage(3)).getTextContent()).items.filter((i) => 'str' in i) as { str: string; hasEOL: boolean }[]).text;
    expect(page3.replace(/\n/g, ' ')).toContain(PASSAGE);
    const math = buildPageText((await (await doc.getPage(5)).getTextContent()).items.filter((i) => 'str' in i) as { str: string; hasEOL: boolean }[]).text;
    expect(math).toMatch(/α \+ β = γ/);
    await doc.destroy();
  });

  it('opens a JavaScript-action PDF without running it, and says it has JavaScript', async () => {
    const bytes = await hostilePdf();
    const r = await openLikeReader(bytes);
    expect(r).toMatchObject({ ok: true, pages: 1 });
    expect(inspectPdfBytes(bytes)).toMatchObject({ hasJavaScript: true });
    // What pdf.js would hand a scripting sandbox; the reader never creates one.
    const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, verbosity: 0 }).promise;
    expect(JSON.stringify(await doc.getJSActions())).toContain('app.alert');
    await doc.destroy();
  });

  it('fails cleanly on truncated, garbage and empty files', async () => {
    for (const fraction of [0.02, 0.3, 0.6, 0.97]) {
      const r = await openLikeReader(truncated(paper, fraction));
      if (!r.ok) expect(r.message).toMatch(/PDF|file/);
      else expect(r.pages).toBeGreaterThanOrEqual(1);
    }
    expect(await openLikeReader(garbage())).toMatchObject({ ok: false, message: expect.stringMatching(/not a PDF/) });
    const onlyHeader = await openLikeReader(new TextEncoder().encode('%PDF-1.7\n%%EOF\n'));
    expect(onlyHeader).toMatchObject({ ok: false, message: expect.stringMatching(/damaged or not a PDF|could not be opened/) });
  });

  it('survives mutated PDFs: every one opens or fails with a message', async () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 64 }), seed: fc.nat(255) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 2000 }) }),
      fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), junk: fc.constantFrom('obj', 'endobj', '<<', '>>', 'stream', 'endstream', 'xref', 'trailer', '/Length 99999999', '0 0 R', '((((((', '[[[[[[[[', '/Type /Pages /Kids [1 0 R]', '/Count 1000000000') }),
    );
    let opened = 0;
    let failed = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        let bytes = paper.slice();
        for (const m of ms) {
          const at = m.at % bytes.length;
          if (m.kind === 'flip') for (let i = 0; i < m.count && at + i < bytes.length; i++) bytes[at + i] ^= (m.seed + i * 37) & 0xff || 1;
          else if (m.kind === 'cut') bytes = new Uint8Array([...bytes.slice(0, at), ...bytes.slice(at + m.len)]);
          else bytes = new Uint8Array([...bytes.slice(0, at), ...new TextEncoder().encode(` ${m.junk} `), ...bytes.slice(at)]);
        }
        const r = await openLikeReader(bytes);
        if (r.ok) {
          opened++;
          expect(r.pages).toBeGreaterThanOrEqual(1);
        } else {
          failed++;
          expect(r.message).toMatch(/^(The |This )/);
        }
        for (const name of r.stray) expect(name).toMatch(PDFJS_ERRORS);
      }),
      { numRuns: 60 },
    );
    // The mutations must exercise both outcomes, or the test proves little.
    expect(opened).toBeGreaterThan(0);
    expect(failed + opened).toBe(60);
  }, 120_000);

  it('opens a 1,000-page PDF and reads its last page', async () => {
    const bytes = await longPdf(1000);
    const doc = await pdfjs.getDocument({ data: bytes, isEvalSupported: false, verbosity: 0 }).promise;
    expect(doc.numPages).toBe(1000);
    const last = buildPageText((await (await doc.getPage(1000)).getTextContent()).items.filter((i) => 'str' in i) as { str: string; hasEOL: boolean }[]).text;
    expect(last).toContain('Page 1000 of 1000');
    await doc.destroy();
  }, 60_000);
});
