// PDF reader bench: first page painted after opening a 30-page paper, ours vs pdf.js's own viewer
// components, in the same Chromium, in the same run, alternating; medians reported.
//  - ours, end to end: from Enter in Quick Open on the PDF (after it was opened once with "Reopen Editor
//    With…", VS Code opens it in the reader) to page 1's canvas and text layer in the webview; and inside
//    the webview: from the file's bytes arriving to that paint;
//  - pdf.js: pdfjs-dist does not ship the generic viewer (web/viewer.html is only in the GitHub release
//    zip), so the baseline is its viewer component library (web/pdf_viewer.mjs: PDFViewer, EventBus,
//    PDFLinkService, the same classes viewer.html is built from) on a page served from 127.0.0.1: from the
//    bytes in hand to its `pagerendered` event for page 1, and from navigation to it.
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { root, startCodeServer, launchChromium, freshWorkspace } from '../e2e/code-server.mjs';
import { openWorkbench, runCommand } from '../ui/harness.mjs';
import { longPdf, paperPdf } from '../pdf/fixtures.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const VIEWER_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="/pdf_viewer.css">
<style>#viewerContainer { position: absolute; inset: 0; overflow: auto; }</style></head>
<body><div id="viewerContainer"><div id="viewer" class="pdfViewer"></div></div>
<script type="module">
const lib = await import('/pdf.mjs');
globalThis.pdfjsLib = lib;
lib.GlobalWorkerOptions.workerSrc = '/pdf.worker.min.mjs';
const { EventBus, PDFLinkService, PDFViewer } = await import('/pdf_viewer.mjs');
const data = new Uint8Array(await (await fetch('/doc.pdf')).arrayBuffer());
const t0 = performance.now();
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const viewer = new PDFViewer({ container: document.getElementById('viewerContainer'), eventBus, linkService });
linkService.setViewer(viewer);
eventBus.on('pagesinit', () => { viewer.currentScaleValue = 'page-width'; });
eventBus.on('pagerendered', (e) => {
  if (e.pageNumber === 1 && !document.body.dataset.firstPaintMs) {
    document.body.dataset.paintedAt = String(Date.now());
    document.body.dataset.firstPaintMs = String(Math.round(performance.now() - t0));
  }
});
const doc = await lib.getDocument({ data, isEvalSupported: false }).promise;
viewer.setDocument(doc);
linkService.setDocument(doc, null);
</script></body></html>`;

function serveViewer(pdf) {
  const files = {
    '/viewer.html': [VIEWER_PAGE, 'text/html'],
    '/pdf.mjs': [join(root, 'node_modules/pdfjs-dist/build/pdf.min.mjs'), 'text/javascript'],
    '/pdf_viewer.mjs': [join(root, 'node_modules/pdfjs-dist/web/pdf_viewer.mjs'), 'text/javascript'],
    '/pdf_viewer.css': [join(root, 'node_modules/pdfjs-dist/web/pdf_viewer.css'), 'text/css'],
    '/pdf.worker.min.mjs': [join(root, 'node_modules/pdfjs-dist/build/pdf.worker.min.mjs'), 'text/javascript'],
    '/doc.pdf': [pdf, 'application/pdf'],
  };
  const server = createServer(async (req, res) => {
    const entry = files[new URL(req.url, 'http://x').pathname];
    if (!entry) {
      res.writeHead(404).end();
      return;
    }
    const [body, type] = entry;
    const bytes = typeof body === 'string' && body.startsWith('/') ? await readFile(body) : body;
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(bytes);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

async function timePdfjs(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const start = Date.now();
  await page.goto(`${url}/viewer.html`);
  await page.locator('body[data-first-paint-ms]').waitFor({ state: 'attached', timeout: 60_000 });
  const observed = Date.now() - start;
  const inner = Number(await page.locator('body').getAttribute('data-first-paint-ms'));
  // The page's own clock: Playwright notices an attribute tens to hundreds of ms late, more so in nested frames.
  const endToEnd = Number(await page.locator('body').getAttribute('data-painted-at')) - start;
  await page.close();
  return { endToEnd, observed, inner };
}

/** The first open picks the reader with "Reopen Editor With…"; VS Code then remembers it for the file. */
async function pickReaderOnce(page, name) {
  await quickOpen(page, name);
  await page.waitForTimeout(500);
  await runCommand(page, 'View: Reopen Editor With...');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Paper Lens PDF Reader' }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await painted(page);
  await closeAll(page);
}

async function quickOpen(page, name, beforeEnter = () => {}) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  beforeEnter();
  await page.keyboard.press('Enter');
}

async function painted(page) {
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await frame.locator('.pl-page[data-page="1"][data-rendered="true"] .textLayer span').first().waitFor({ timeout: 60_000 });
  const body = frame.locator('body');
  return { inner: Number(await body.getAttribute('data-first-paint-ms')), trace: JSON.parse((await body.getAttribute('data-trace')) ?? '{}') };
}

async function closeAll(page) {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('iframe.webview').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

/** From Enter in Quick Open (the file opens in the reader) to page 1 painted, and the webview's own part. */
async function timeOurs(page, name) {
  let start = 0;
  await quickOpen(page, name, () => { start = Date.now(); });
  const { inner, trace } = await painted(page);
  const observed = Date.now() - start;
  await closeAll(page);
  // The webview's own marks, as ms after Enter (same machine clock).
  const stages = Object.fromEntries(Object.entries(trace).map(([k, v]) => [k, v - start]));
  return { endToEnd: stages.painted ?? observed, observed, inner, stages };
}

/** Canvas pixel memory and JS heap in the reader (Chromium's performance.memory), with the thumbnail strip on. */
async function readerMemory(page) {
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  return frame.locator('body').evaluate(() => {
    const canvases = [...document.querySelectorAll('canvas')];
    return {
      canvases: canvases.length,
      canvasMB: canvases.reduce((sum, c) => sum + c.width * c.height * 4, 0) / 1048576,
      heapMB: (performance.memory?.usedJSHeapSize ?? NaN) / 1048576,
    };
  });
}

/** Opens a 500-page PDF, shows the thumbnails, walks to the end; memory after page 1 and after the walk. */
async function memory500(page) {
  await pickReaderOnce(page, 'bench-500.pdf');
  await quickOpen(page, 'bench-500.pdf');
  await painted(page);
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await frame.locator('#viewer').press('b');
  await frame.locator('.pl-thumb[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
  const first = await readerMemory(page);
  for (const n of [50, 100, 200, 300, 400, 500]) {
    await frame.locator('#page-number').fill(String(n));
    await frame.locator('#page-number').press('Enter');
    await frame.locator(`.pl-page[data-page="${n}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
    await frame.locator(`.pl-thumb[data-page="${n}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
  }
  const walked = await readerMemory(page);
  await closeAll(page);
  return { first, walked };
}

export async function runPdfBench() {
  const pdf = await paperPdf({ pages: 30 });
  const workspace = await freshWorkspace();
  await mkdir(join(workspace, 'pdfs'), { recursive: true });
  await writeFile(join(workspace, 'pdfs/bench-30.pdf'), pdf);
  await writeFile(join(workspace, 'pdfs/bench-500.pdf'), await longPdf(500));
  const vsix = join(root, 'dist/paper-lens.vsix');
  const vsixBytes = (await stat(vsix)).size;
  const { server: http, url } = await serveViewer(pdf);
  const server = await startCodeServer({ vsix });
  const browser = await launchChromium();
  try {
    const page = await openWorkbench(browser, server, workspace);
    // One warm-up each: the first webview and the first worker start are noise.
    await pickReaderOnce(page, 'bench-30.pdf');
    await timeOurs(page, 'bench-30.pdf');
    await timePdfjs(browser, url);
    const ours = [];
    const theirs = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timeOurs(page, 'bench-30.pdf'));
      theirs.push(await timePdfjs(browser, url));
    }
    const memory = await memory500(page);
    return {
      memory,
      pages: 30,
      pdfBytes: pdf.length,
      vsixBytes,
      stages: Object.fromEntries(Object.keys(ours[0]?.stages ?? {}).map((k) => [k, median(ours.map((r) => r.stages[k] ?? NaN))])),
      ours: { endToEnd: median(ours.map((r) => r.endToEnd)), observed: median(ours.map((r) => r.observed)), inner: median(ours.map((r) => r.inner)), runs: ours },
      pdfjs: { endToEnd: median(theirs.map((r) => r.endToEnd)), observed: median(theirs.map((r) => r.observed)), inner: median(theirs.map((r) => r.inner)), runs: theirs },
    };
  } finally {
    await browser.close();
    await server.stop();
    http.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runPdfBench();
  console.log(JSON.stringify(r, null, 2));
}
