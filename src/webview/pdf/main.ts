/**
 * The PDF reader webview: pdf.js renders the pages the user can see (and their neighbours) into canvases
 * with a selectable text layer; everything else is a sized placeholder, so memory stays bounded on long
 * documents. The place (page, scroll within it, zoom) lives in `setState`. Annotations come from the
 * extension and are anchored here, where the page text is.
 */
import { AnnotationMode, getDocument, GlobalWorkerOptions, TextLayer, type PDFDocumentLoadingTask, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { describeQuote } from '../../core/notes/anchor';
import { buildPageText, type TextItemLike } from '../../core/pdf/page-text';
import { anchorPdfTarget, type PdfAnchor } from '../../core/pdf/pdf-anchor';
import { describePdfError, MAX_PDF_PAGES } from '../../core/pdf/pdf-bytes';
import { type OutlineNode, type OutlineSection, outlineSections, sectionOfPage } from '../../core/pdf/pdf-location';
import type { FromPdfWebview, PdfAnnotationView, PdfReaderSettings, PdfTarget, ToPdfWebview } from '../../shared/pdf-messages';
import type { PdfBoot } from './boot-types';
import { boxesOf, offsetAtPoint, type TextLayerMap } from './text-map';
import { appendAnnotateButtons } from '../selection-buttons';

interface VsCodeApi {
  postMessage(message: FromPdfWebview): void;
  getState(): ReaderState | undefined;
  setState(state: ReaderState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type Zoom = 'fit-width' | 'fit-page' | number;
interface ReaderState {
  page: number;
  /** How far into that page the top of the view is, 0–1. */
  within: number;
  zoom: Zoom;
  sidebar: boolean;
  thumbs: boolean;
}

const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
const CSS_UNITS = 96 / 72;
const GAP = 12;
/** Canvases kept at most; pages further from the view are released first. */
const MAX_RENDERED = 8;
const MAX_CANVAS_PIXELS = 16_777_216;
const OPEN_TIMEOUT_MS = 60_000;
const CONTEXT = 32;

/** Left by dist/pdf-boot.js, which already said `ready` and started the worker. */
const boot = (window as unknown as { plBoot?: PdfBoot }).plBoot;
const vscode = (boot?.api as VsCodeApi | undefined) ?? acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const scroller = $<HTMLDivElement>('viewer');
const pagesEl = $<HTMLDivElement>('pages');
const messageEl = $<HTMLDivElement>('message');
const sidebar = $<HTMLElement>('sidebar');
const outlineEl = $<HTMLElement>('outline');
const notesEl = $<HTMLElement>('notes');
const pageInput = $<HTMLInputElement>('page-number');
const pageCountEl = $<HTMLSpanElement>('page-count');
const zoomSelect = $<HTMLSelectElement>('zoom');
const findInput = $<HTMLInputElement>('find');
const findCount = $<HTMLSpanElement>('find-count');
const toolbar = $<HTMLDivElement>('selection-toolbar');
const thumbsEl = $<HTMLElement>('thumbs');

interface Slot {
  n: number;
  div: HTMLDivElement;
  /** Unscaled size in PDF points (page 1's until the page itself is loaded). */
  width: number;
  height: number;
  sized: boolean;
  rendered?: { scale: number; canvas: HTMLCanvasElement; map: TextLayerMap; layer: HTMLDivElement };
  job?: Promise<void>;
  cancel?: () => void;
}

const state: ReaderState = { page: 1, within: 0, zoom: 'fit-width', sidebar: true, thumbs: false, ...(vscode.getState() ?? {}) };
let settings: PdfReaderSettings = { darkPages: 'auto' };
let doc: PDFDocumentProxy | undefined;
let loading: PDFDocumentLoadingTask | undefined;
let generation = -1;
let paperId = '';
let slots: Slot[] = [];
let scale = 1;
let sections: OutlineSection[] = [];
const outlineTops = new Map<string, number | undefined>();
let pageTexts: (string | undefined)[] = [];
let annotations: PdfAnnotationView[] = [];
let readOnly: string | undefined;
const anchors = new Map<string, PdfAnchor>();
let pendingTarget: PdfTarget | undefined;
let find: { query: string; hits: { page: number; start: number; end: number }[]; index: number } | undefined;
let observer: IntersectionObserver | undefined;
const visible = new Set<number>();
let restoring = false;
/** When the current file's bytes arrived; the first page painted after it is recorded for the bench. */
let receivedAt = 0;
/** Wall-clock marks of the first open (script start, bytes, worker, document, paint), read by the bench. */
const trace: Record<string, number> = {};
function mark(name: string): void {
  if (trace[name] !== undefined) return;
  trace[name] = Date.now();
  document.body.dataset.trace = JSON.stringify(trace);
}
if (boot) trace.boot = boot.started;
mark('script');

// --- loading ---------------------------------------------------------------------------------------

let workerReady: Promise<void> | undefined;
/**
 * pdf.js parses in a worker, so a hostile file cannot freeze the window. Webview resources come from
 * another origin than the webview, and workers must be same-origin: the worker script is fetched and
 * started from a blob: URL (the only thing `worker-src` allows). No fallback to parsing on this thread.
 */
function startWorker(): Promise<void> {
  workerReady ??= (async () => {
    // Parsing a file must never fall back to this thread, where a hostile PDF could freeze the window.
    if (boot) GlobalWorkerOptions.workerPort = await boot.worker;
    else {
      const src = document.body.dataset.worker ?? '';
      const code = await (await fetch(src)).text();
      const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
      GlobalWorkerOptions.workerPort = new Worker(url, { type: 'module', name: 'pdf.js' });
    }
    mark('worker');
  })();
  return workerReady;
}

async function open(data: Uint8Array, gen: number, target: PdfTarget | undefined): Promise<void> {
  const previous = doc;
  const again = previous !== undefined;
  await loading?.destroy().catch(() => undefined);
  setStatus('loading');
  document.body.dataset.stage = 'worker';
  try {
    await startWorker();
  } catch (err) {
    fail(`The PDF reader could not start its worker: ${err instanceof Error ? err.message : String(err)}.`);
    return;
  }
  const task = getDocument({
    data,
    // The PDF is untrusted: no eval of its fonts' code, no XFA forms, no scripting (the sandbox is not even shipped).
    isEvalSupported: false,
    enableXfa: false,
    useSystemFonts: true,
    stopAtErrors: false,
    maxImageSize: 64 * 1024 * 1024,
  });
  loading = task;
  document.body.dataset.stage = 'parsing';
  // Without this pdf.js waits forever for a password nobody can type.
  task.onPassword = () => {
    void task.destroy();
    fail(describePdfError({ name: 'PasswordException', message: '' }));
  };
  const timer = setTimeout(() => {
    void task.destroy();
    fail('The PDF took too long to open; it may be damaged or far too complex.');
  }, OPEN_TIMEOUT_MS);
  let next: PDFDocumentProxy;
  try {
    next = await task.promise;
    mark('document');
  } catch (err) {
    clearTimeout(timer);
    if (loading === task) fail(describePdfError(err));
    return;
  } finally {
    clearTimeout(timer);
  }
  if (loading !== task || gen !== generation) {
    void next.destroy();
    return;
  }
  if (again) {
    // A new version replaced the file: keep the reader where it was, re-anchor everything.
    target ??= { page: Math.min(state.page, next.numPages) };
    void previous?.destroy();
  }
  doc = next;
  pageTexts = new Array(Math.min(next.numPages, MAX_PDF_PAGES)).fill(undefined);
  anchors.clear();
  find = undefined;
  findCount.textContent = '';
  try {
    await layout();
  } catch (err) {
    fail(describePdfError(err));
    return;
  }
  setStatus('ready');
  pendingTarget = target;
  if (target && 'page' in target) {
    pendingTarget = undefined;
    void reveal(target);
  }
  if (next.numPages > MAX_PDF_PAGES) notice(`This PDF has ${next.numPages} pages; the reader shows the first ${MAX_PDF_PAGES}.`);
  // Page 1 first: the outline and the text of other pages wait for it, so they don't compete for the worker.
  void firstPage.then(() => loadOutline(next)).then(() => {
    vscode.postMessage({ type: 'opened', pages: next.numPages, sections: sections.map((s) => ({ id: s.id, title: s.title, depth: s.depth, page: s.page })) });
    if (pendingTarget) void reveal(pendingTarget);
    pendingTarget = undefined;
  });
  if (!target) restorePlace();
  // Draw the page in view now rather than on the observer's first callback, a frame later.
  if (!target || !('page' in target)) void render(slots[currentPlace().page - 1]);
  void firstPage.then(() => anchorAll());
}

async function layout(): Promise<void> {
  if (!doc) return;
  const first = await doc.getPage(1);
  const vp = first.getViewport({ scale: 1 });
  observer?.disconnect();
  visible.clear();
  for (const s of slots) release(s);
  pagesEl.replaceChildren();
  slots = [];
  const count = Math.min(doc.numPages, MAX_PDF_PAGES);
  for (let n = 1; n <= count; n++) {
    const div = document.createElement('div');
    div.className = 'pl-page';
    div.dataset.page = String(n);
    div.setAttribute('role', 'region');
    div.setAttribute('aria-label', `Page ${n}`);
    slots.push({ n, div, width: vp.width, height: vp.height, sized: n === 1 });
    pagesEl.append(div);
  }
  firstPage = new Promise((resolve) => (firstPageDone = resolve));
  // A view with no room for a page (a collapsed editor group) renders nothing: the outline must not wait forever.
  setTimeout(firstPageDone, 3_000);
  buildThumbs();
  pageCountEl.textContent = `/ ${count}`;
  pageInput.max = String(count);
  document.body.dataset.pages = String(count);
  applyZoom();
  observer = new IntersectionObserver(onIntersect, { root: scroller, rootMargin: '50% 0px' });
  for (const s of slots) observer.observe(s.div);
}

function setStatus(status: 'loading' | 'ready' | 'error'): void {
  document.body.dataset.state = status;
  if (status === 'loading') {
    messageEl.hidden = false;
    messageEl.textContent = 'Opening PDF…';
  } else if (status === 'ready') {
    messageEl.hidden = true;
  }
}

function fail(message: string): void {
  setStatus('error');
  messageEl.hidden = false;
  messageEl.className = 'pl-message pl-error';
  messageEl.textContent = message;
  messageEl.setAttribute('role', 'alert');
  vscode.postMessage({ type: 'failed', message: message.slice(0, 500) });
}

function notice(text: string): void {
  const el = $<HTMLDivElement>('notice');
  el.hidden = false;
  const p = document.createElement('p');
  p.textContent = text;
  el.append(p);
}

// --- zoom and place --------------------------------------------------------------------------------

function computeScale(zoom: Zoom): number {
  const s = slots[0];
  if (!s) return 1;
  const width = Math.max(100, scroller.clientWidth - 2 * GAP - 16);
  const height = Math.max(100, scroller.clientHeight - 2 * GAP);
  if (zoom === 'fit-width') return width / s.width;
  if (zoom === 'fit-page') return Math.min(width / s.width, height / s.height);
  return (zoom / 100) * CSS_UNITS;
}

function applyZoom(): void {
  scale = Math.max(0.1, Math.min(10, computeScale(state.zoom)));
  pagesEl.style.setProperty('--total-scale-factor', String(scale));
  for (const s of slots) sizeSlot(s);
  zoomSelect.value = typeof state.zoom === 'number' ? (zoomSelect.querySelector(`option[value="${state.zoom}"]`) ? String(state.zoom) : 'custom') : state.zoom;
  const custom = zoomSelect.querySelector<HTMLOptionElement>('option[value="custom"]');
  if (custom) custom.textContent = `${Math.round((scale / CSS_UNITS) * 100)}%`;
  document.body.dataset.zoom = String(Math.round((scale / CSS_UNITS) * 100));
}

function sizeSlot(s: Slot): void {
  s.div.style.width = `${Math.floor(s.width * scale)}px`;
  s.div.style.height = `${Math.floor(s.height * scale)}px`;
  if (s.rendered && s.rendered.scale !== scale) release(s);
}

function setZoom(zoom: Zoom): void {
  const place = currentPlace();
  state.zoom = typeof zoom === 'number' ? Math.max(10, Math.min(800, Math.round(zoom))) : zoom;
  applyZoom();
  goTo(place.page, place.within);
  for (const n of visible) void render(slots[n - 1]);
  saveState();
}

function currentPlace(): { page: number; within: number } {
  // The gap above a page counts as that page.
  const top = scroller.scrollTop + GAP;
  let lo = 0;
  let hi = slots.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (slots[mid].div.offsetTop <= top) lo = mid;
    else hi = mid - 1;
  }
  const s = slots[lo];
  if (!s) return { page: 1, within: 0 };
  return { page: s.n, within: Math.max(0, Math.min(1, (scroller.scrollTop - s.div.offsetTop) / Math.max(1, s.div.offsetHeight))) };
}

function goTo(page: number, within = 0): void {
  const s = slots[Math.max(1, Math.min(page, slots.length)) - 1];
  if (!s) return;
  scroller.scrollTop = s.div.offsetTop + within * s.div.offsetHeight - (within === 0 ? GAP / 2 : 0);
  updatePageIndicator();
}

function restorePlace(): void {
  restoring = true;
  goTo(state.page, state.within);
  // Page sizes are estimates until their pages load; settle once the target page has its own size.
  void ensureSized(state.page).then(() => {
    goTo(state.page, state.within);
    restoring = false;
  });
}

async function ensureSized(n: number): Promise<void> {
  const s = slots[n - 1];
  if (!s || s.sized || !doc) return;
  const page = await doc.getPage(n);
  setSize(s, page);
}

function setSize(s: Slot, page: PDFPageProxy): void {
  if (s.sized) return;
  const vp = page.getViewport({ scale: 1 });
  s.sized = true;
  if (vp.width === s.width && vp.height === s.height) return;
  const place = currentPlace();
  s.width = vp.width;
  s.height = vp.height;
  sizeSlot(s);
  if (s.n < place.page) goTo(place.page, place.within);
}

/** Saved at once (scrolling is already throttled to frames): a hidden tab's webview is dropped without warning. */
function saveState(): void {
  vscode.setState(state);
}

function updatePageIndicator(): void {
  if (!slots.length) return;
  const place = currentPlace();
  if (!restoring) {
    state.page = place.page;
    state.within = place.within;
    saveState();
  }
  if (document.activeElement !== pageInput) pageInput.value = String(place.page);
  markThumb(place.page);
  document.body.dataset.page = String(place.page);
}

scroller.addEventListener('scroll', () => requestAnimationFrame(updatePageIndicator), { passive: true });
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (!slots.length || typeof state.zoom === 'number') return;
    const place = currentPlace();
    applyZoom();
    goTo(place.page, place.within);
    for (const n of visible) void render(slots[n - 1]);
  }, 150);
}).observe(scroller);

// --- rendering -------------------------------------------------------------------------------------

function onIntersect(entries: IntersectionObserverEntry[]): void {
  for (const e of entries) {
    const n = Number((e.target as HTMLElement).dataset.page);
    if (e.isIntersecting) visible.add(n);
    else visible.delete(n);
  }
  for (const n of visible) void render(slots[n - 1]);
  trim();
}

/** Releases the canvases furthest from the view once more than {@link MAX_RENDERED} are kept. */
function trim(): void {
  const rendered = slots.filter((s) => s.rendered || s.job);
  if (rendered.length <= MAX_RENDERED) return;
  const here = currentPlace().page;
  rendered.sort((a, b) => Math.abs(b.n - here) - Math.abs(a.n - here));
  for (const s of rendered.slice(0, rendered.length - MAX_RENDERED)) if (!visible.has(s.n)) release(s);
}

function release(s: Slot): void {
  s.cancel?.();
  s.cancel = undefined;
  s.job = undefined;
  if (s.rendered) {
    // A zero-size canvas gives its pixel memory back at once.
    s.rendered.canvas.width = 0;
    s.rendered.canvas.height = 0;
    s.rendered = undefined;
  }
  s.div.replaceChildren();
  delete s.div.dataset.rendered;
}

function render(s: Slot | undefined): Promise<void> | undefined {
  if (!s || !doc || (s.rendered && s.rendered.scale === scale)) return undefined;
  if (s.job) return s.job;
  const current = doc;
  const at = scale;
  let cancelled = false;
  let task: { cancel(): void } | undefined;
  s.cancel = () => {
    cancelled = true;
    task?.cancel();
  };
  const job = (async () => {
    const page = await current.getPage(s.n);
    setSize(s, page);
    if (cancelled) return;
    const viewport = page.getViewport({ scale: at });
    const ratio = Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)));
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.className = 'pl-canvas';
    canvas.setAttribute('aria-hidden', 'true');
    const renderTask = page.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined, annotationMode: AnnotationMode.ENABLE });
    task = renderTask;
    // The worker extracts the text while this thread paints the canvas.
    const contentSoon = page.getTextContent();
    contentSoon.catch(() => undefined);
    await renderTask.promise;
    if (cancelled) return;
    // The picture first; the text layer follows on the next await.
    s.div.replaceChildren(canvas);
    const content = await contentSoon;
    if (cancelled) return;
    const items = content.items.filter((i): i is TextItem => 'str' in i);
    const text = buildPageText(items);
    pageTexts[s.n - 1] ??= text.text;
    const hlLayer = document.createElement('div');
    hlLayer.className = 'pl-hl-layer';
    const textLayerDiv = document.createElement('div');
    textLayerDiv.className = 'textLayer';
    const textLayer = new TextLayer({ textContentSource: content, container: textLayerDiv, viewport });
    await textLayer.render();
    if (cancelled) return;
    const linkLayer = document.createElement('div');
    linkLayer.className = 'pl-link-layer';
    s.div.replaceChildren(canvas, hlLayer, textLayerDiv, linkLayer);
    s.rendered = { scale: at, canvas, map: { page: text, items: items as TextItemLike[], spans: textLayer.textDivs }, layer: hlLayer };
    s.div.dataset.rendered = 'true';
    // Painted with selectable text: what the bench times; links follow.
    if (receivedAt && !document.body.dataset.firstPaintMs) {
      document.body.dataset.firstPaintMs = String(Math.round(performance.now() - receivedAt));
      mark('painted');
    }
    await drawLinks(page, viewport, linkLayer);
    page.cleanup();
    paintPage(s);
    trim();
  })()
    .catch((err: unknown) => {
      if (cancelled || (err instanceof Error && err.name === 'RenderingCancelledException')) return;
      const p = document.createElement('p');
      p.className = 'pl-page-error';
      p.textContent = `Page ${s.n} could not be drawn: ${err instanceof Error ? err.message : String(err)}`;
      s.div.replaceChildren(p);
    })
    .finally(() => {
      if (s.job === job) s.job = undefined;
      firstPageDone();
    });
  s.job = job;
  return job;
}

/** Links: web links go through VS Code's own prompt; links inside the document scroll. Nothing else runs. */
async function drawLinks(page: PDFPageProxy, viewport: ReturnType<PDFPageProxy['getViewport']>, layer: HTMLElement): Promise<void> {
  let annots: { subtype?: string; rect?: number[]; url?: string; unsafeUrl?: string; dest?: unknown }[];
  try {
    annots = await page.getAnnotations({ intent: 'display' });
  } catch {
    return;
  }
  for (const a of annots.slice(0, 500)) {
    if (a.subtype !== 'Link' || !a.rect) continue;
    const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(a.rect);
    const link = document.createElement('a');
    link.className = 'pl-link';
    Object.assign(link.style, { left: `${Math.min(x1, x2)}px`, top: `${Math.min(y1, y2)}px`, width: `${Math.abs(x2 - x1)}px`, height: `${Math.abs(y2 - y1)}px` });
    const url = a.url ?? a.unsafeUrl;
    if (typeof url === 'string' && url) {
      link.href = '#';
      link.title = url;
      link.addEventListener('click', (e) => {
        e.preventDefault();
        vscode.postMessage({ type: 'openLink', href: url });
      });
    } else if (a.dest) {
      link.href = '#';
      link.title = 'Go to destination';
      link.addEventListener('click', (e) => {
        e.preventDefault();
        void goToDest(a.dest);
      });
    } else continue;
    layer.append(link);
  }
}

async function resolveDest(dest: unknown): Promise<{ page: number; top?: number } | undefined> {
  if (!doc) return undefined;
  try {
    const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
    if (!Array.isArray(explicit) || !explicit.length) return undefined;
    const ref = explicit[0];
    const index = typeof ref === 'number' ? ref : await doc.getPageIndex(ref);
    const kind = (explicit[1] as { name?: string } | undefined)?.name;
    const top = kind === 'XYZ' ? explicit[3] : kind === 'FitH' || kind === 'FitBH' ? explicit[2] : undefined;
    return { page: index + 1, top: typeof top === 'number' ? top : undefined };
  } catch {
    return undefined;
  }
}

async function goToDest(dest: unknown): Promise<void> {
  const d = await resolveDest(dest);
  if (d) await goToPoint(d.page, d.top);
}

async function goToPoint(page: number, top?: number): Promise<void> {
  await ensureSized(page);
  const s = slots[page - 1];
  if (!s) return;
  const within = top === undefined ? 0 : Math.max(0, Math.min(1, (s.height - top) / s.height));
  goTo(page, within);
}

// --- thumbnails ------------------------------------------------------------------------------------

/** CSS pixels across a thumbnail; its canvas is drawn at this size (times the device pixel ratio). */
const THUMB_WIDTH = 96;
/** Thumbnail canvases kept at most: about 40 × 96 × 124 px, so a 500-page PDF costs the same as a 10-page one. */
const MAX_THUMBS = 40;
interface Thumb {
  n: number;
  button: HTMLButtonElement;
  frame: HTMLDivElement;
  canvas?: HTMLCanvasElement;
  queued?: boolean;
}
let thumbs: Thumb[] = [];
let thumbObserver: IntersectionObserver | undefined;
const thumbsShown = new Set<number>();
/** Thumbnails are drawn one at a time, after page 1, so they never hold up the page being read. */
let thumbQueue: Promise<void> = Promise.resolve();
let firstPage: Promise<void> = Promise.resolve();
let firstPageDone: () => void = () => undefined;
let currentThumb = 0;
/** The one thumbnail in the tab order. */
let rovingThumb = 1;

function setRoving(n: number): void {
  const old = thumbs[rovingThumb - 1];
  if (old) old.button.tabIndex = -1;
  const t = thumbs[n - 1];
  if (t) t.button.tabIndex = 0;
  rovingThumb = n;
}

function buildThumbs(): void {
  thumbObserver?.disconnect();
  thumbsShown.clear();
  for (const t of thumbs) releaseThumb(t);
  thumbsEl.replaceChildren();
  currentThumb = 0;
  rovingThumb = 1;
  thumbs = slots.map((s) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pl-thumb';
    button.dataset.page = String(s.n);
    button.tabIndex = s.n === 1 ? 0 : -1;
    button.setAttribute('aria-label', `Page ${s.n}`);
    const frame = document.createElement('div');
    frame.className = 'pl-thumb-frame';
    frame.style.height = `${Math.round((THUMB_WIDTH * s.height) / s.width)}px`;
    const label = document.createElement('span');
    label.className = 'pl-thumb-label';
    label.textContent = String(s.n);
    label.setAttribute('aria-hidden', 'true');
    button.append(frame, label);
    button.addEventListener('click', () => {
      setRoving(s.n);
      void goToPoint(s.n);
    });
    thumbsEl.append(button);
    return { n: s.n, button, frame };
  });
  thumbObserver = new IntersectionObserver(onThumbIntersect, { root: thumbsEl, rootMargin: '200px 0px' });
  for (const t of thumbs) thumbObserver.observe(t.button);
}

function onThumbIntersect(entries: IntersectionObserverEntry[]): void {
  for (const e of entries) {
    const n = Number((e.target as HTMLElement).dataset.page);
    if (e.isIntersecting) thumbsShown.add(n);
    else thumbsShown.delete(n);
  }
  for (const n of thumbsShown) queueThumb(thumbs[n - 1]);
}

function queueThumb(t: Thumb | undefined): void {
  if (!t || t.canvas || t.queued || !doc) return;
  t.queued = true;
  const d = doc;
  thumbQueue = thumbQueue.then(async () => {
    await firstPage;
    // Scrolled past (or the file was replaced) while waiting: skip it, it is queued again when seen.
    if (doc !== d || thumbs[t.n - 1] !== t || !thumbsShown.has(t.n) || thumbsEl.hidden) return;
    const page = await d.getPage(t.n);
    const viewport = page.getViewport({ scale: THUMB_WIDTH / page.getViewport({ scale: 1 }).width });
    const ratio = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.className = 'pl-thumb-canvas';
    await page.render({ canvas, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined, annotationMode: AnnotationMode.DISABLE }).promise;
    if (thumbs[t.n - 1] !== t) return;
    t.frame.style.height = `${Math.round(viewport.height)}px`;
    t.frame.replaceChildren(canvas);
    t.canvas = canvas;
    t.button.dataset.rendered = 'true';
    trimThumbs();
  }).catch(() => undefined).finally(() => {
    t.queued = false;
  });
}

function trimThumbs(): void {
  const drawn = thumbs.filter((t) => t.canvas);
  if (drawn.length <= MAX_THUMBS) return;
  drawn.sort((a, b) => Math.abs(b.n - currentThumb) - Math.abs(a.n - currentThumb));
  for (const t of drawn.slice(0, drawn.length - MAX_THUMBS)) if (!thumbsShown.has(t.n)) releaseThumb(t);
}

function releaseThumb(t: Thumb): void {
  if (!t.canvas) return;
  t.canvas.width = 0;
  t.canvas.height = 0;
  t.canvas = undefined;
  t.frame.replaceChildren();
  delete t.button.dataset.rendered;
}

/** Marks the page in view; its thumbnail is the one Tab reaches, and it is kept in sight unless the user is in the strip. */
function markThumb(n: number): void {
  if (n === currentThumb) return;
  const old = thumbs[currentThumb - 1];
  const t = thumbs[n - 1];
  if (!t) return;
  currentThumb = n;
  old?.button.removeAttribute('aria-current');
  t.button.setAttribute('aria-current', 'page');
  if (!thumbsEl.contains(document.activeElement)) {
    setRoving(n);
    if (!thumbsEl.hidden) {
      const box = thumbsEl.getBoundingClientRect();
      const r = t.button.getBoundingClientRect();
      if (r.top < box.top || r.bottom > box.bottom) centerIn(thumbsEl, t.button);
    }
  }
}

thumbsEl.addEventListener('keydown', (e) => {
  const from = (e.target as HTMLElement).closest<HTMLElement>('.pl-thumb');
  if (!from) return;
  const n = Number(from.dataset.page);
  const moves: Record<string, number> = { ArrowDown: n + 1, ArrowRight: n + 1, ArrowUp: n - 1, ArrowLeft: n - 1, PageDown: n + 5, PageUp: n - 5, Home: 1, End: thumbs.length };
  const to = moves[e.key];
  if (to === undefined) return;
  e.preventDefault();
  e.stopPropagation();
  const t = thumbs[Math.max(1, Math.min(to, thumbs.length)) - 1];
  if (!t) return;
  // Roving focus: one thumbnail is in the tab order, arrows move it and the pages follow.
  setRoving(t.n);
  t.button.focus();
  void goToPoint(t.n);
});

function toggleThumbs(show = !state.thumbs): void {
  state.thumbs = show;
  thumbsEl.hidden = !show;
  $('toggle-thumbs').setAttribute('aria-pressed', String(show));
  if (show) {
    const t = thumbs[currentThumb - 1];
    if (t) centerIn(thumbsEl, t.button);
  }
  saveState();
}

// --- outline ---------------------------------------------------------------------------------------

async function loadOutline(d: PDFDocumentProxy): Promise<void> {
  outlineEl.replaceChildren();
  outlineTops.clear();
  let raw: Awaited<ReturnType<PDFDocumentProxy['getOutline']>> = [];
  try {
    raw = (await d.getOutline()) ?? [];
  } catch {
    raw = [];
  }
  const tops: (number | undefined)[] = [];
  let budget = 5000;
  const convert = async (items: typeof raw, depth: number): Promise<OutlineNode[]> => {
    const out: OutlineNode[] = [];
    for (const item of items) {
      if (budget-- <= 0) break;
      const dest = item.dest ? await resolveDest(item.dest) : undefined;
      tops.push(dest?.top);
      out.push({ title: item.title, page: dest?.page, items: depth < 12 && item.items?.length ? await convert(item.items, depth + 1) : undefined });
    }
    return out;
  };
  const nodes = await convert(raw, 1);
  sections = outlineSections(nodes);
  sections.forEach((s, i) => outlineTops.set(s.id, tops[i]));
  const heading = document.createElement('h2');
  heading.textContent = 'Contents';
  outlineEl.append(heading);
  if (!sections.length) {
    const p = document.createElement('p');
    p.className = 'pl-empty';
    p.textContent = 'This PDF has no outline.';
    outlineEl.append(p);
    return;
  }
  const list = document.createElement('ul');
  for (const s of sections) {
    const li = document.createElement('li');
    li.style.paddingLeft = `${(s.depth - 1) * 0.9}rem`;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'pl-outline-entry';
    b.dataset.section = s.id;
    b.textContent = s.title;
    if (s.page) b.title = `Page ${s.page}`;
    b.addEventListener('click', () => void reveal({ section: s.id }));
    li.append(b);
    list.append(li);
  }
  outlineEl.append(list);
}

async function reveal(target: PdfTarget): Promise<void> {
  if (!doc) {
    pendingTarget = target;
    return;
  }
  if ('page' in target) {
    if (target.page > slots.length) notice(`This PDF has ${slots.length} pages; there is no page ${target.page}.`);
    await goToPoint(Math.min(target.page, slots.length));
  } else if ('section' in target) {
    const s = sections.find((x) => x.id === target.section);
    if (!s?.page) {
      notice(`This PDF's outline has no section "${target.section}".`);
      return;
    }
    await goToPoint(s.page, outlineTops.get(s.id));
  } else {
    const a = anchors.get(target.annotation);
    if (a && (a.status === 'anchored' || a.status === 'page')) {
      await goToPoint(a.page);
      const s = slots[a.page - 1];
      await render(s);
      centerIn(scroller, s.div.querySelector<HTMLElement>(`[data-id="${CSS.escape(target.annotation)}"]`));
    } else {
      centerIn(sidebar, notesEl.querySelector<HTMLElement>(`[data-id="${CSS.escape(target.annotation)}"]`));
      pendingTarget = target;
    }
  }
  saveState();
}

/** Scrolls `box` (and only it: scrollIntoView would also shift the page under the toolbar) to show `el` centered. */
function centerIn(box: HTMLElement, el: HTMLElement | null): void {
  if (!el) return;
  const b = box.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  box.scrollTop += r.top - b.top - (b.height - r.height) / 2;
}

// --- annotations -----------------------------------------------------------------------------------

let extracting = false;
let anchorAgain = false;
/** Extracts the text of pages no one has rendered yet, one at a time, for anchoring and find. */
async function extract(pages: number[]): Promise<void> {
  const d = doc;
  if (!d) return;
  for (const n of pages) {
    if (doc !== d || pageTexts[n - 1] !== undefined) continue;
    try {
      const page = await d.getPage(n);
      const content = await page.getTextContent();
      pageTexts[n - 1] = buildPageText(content.items.filter((i): i is TextItem => 'str' in i)).text;
      page.cleanup();
    } catch {
      pageTexts[n - 1] = '';
    }
  }
}

async function anchorAll(): Promise<void> {
  if (!doc) return;
  if (extracting) {
    anchorAgain = true;
    return;
  }
  extracting = true;
  anchorAgain = false;
  try {
    for (let round = 0; round < 3; round++) {
      const need = new Set<number>();
      for (const a of annotations) {
        const r = anchorPdfTarget(toTarget(a), pageTexts, pageTexts.length);
        anchors.set(a.id, r);
        if (r.status === 'pending') r.pages.forEach((p) => need.add(p));
      }
      if (!need.size) break;
      // Own pages first (cheap), everything else only for what moved.
      await extract([...need].sort((x, y) => x - y));
    }
  } finally {
    extracting = false;
  }
  if (anchorAgain) return anchorAll();
  for (const s of slots) if (s.rendered) paintPage(s);
  listNotes();
  if (pendingTarget && 'annotation' in pendingTarget) {
    const t = pendingTarget;
    pendingTarget = undefined;
    void reveal(t);
  }
}

function toTarget(a: PdfAnnotationView): { page?: number; position?: { start: number; end: number }; quote?: { exact: string; prefix: string; suffix: string } } {
  return { page: a.page, position: a.position, quote: a.quote };
}

/** Draws this page's highlights (and the current find hit) under its text layer. */
function paintPage(s: Slot): void {
  const r = s.rendered;
  if (!r) return;
  r.layer.replaceChildren();
  for (const a of annotations) {
    const anchor = anchors.get(a.id);
    if (anchor?.status !== 'anchored' || anchor.page !== s.n) continue;
    const boxes = boxesOf(r.map, anchor.start, anchor.end, s.div);
    boxes.forEach((b, i) => {
      const el = document.createElement('div');
      el.className = `pl-hl pl-color-${a.color ?? 'yellow'}${a.kind === 'note' ? ' pl-has-note' : ''}`;
      el.dataset.id = a.id;
      Object.assign(el.style, { left: `${b.x}px`, top: `${b.y}px`, width: `${b.width}px`, height: `${b.height}px` });
      if (i === 0) el.title = a.kind === 'note' ? a.title : 'Highlight';
      r.layer.append(el);
    });
  }
  if (find?.hits[find.index]?.page === s.n) {
    const hit = find.hits[find.index];
    for (const b of boxesOf(r.map, hit.start, hit.end, s.div)) {
      const el = document.createElement('div');
      el.className = 'pl-find-hit';
      Object.assign(el.style, { left: `${b.x}px`, top: `${b.y}px`, width: `${b.width}px`, height: `${b.height}px` });
      r.layer.append(el);
    }
  }
  s.div.dataset.highlights = String(r.layer.querySelectorAll('.pl-hl').length);
}

function listNotes(): void {
  notesEl.replaceChildren();
  const heading = document.createElement('h2');
  heading.textContent = 'Notes';
  notesEl.append(heading);
  if (readOnly) {
    const p = document.createElement('p');
    p.className = 'pl-readonly';
    p.textContent = readOnly;
    notesEl.append(p);
  }
  const placed: [PdfAnnotationView, number][] = [];
  const detached: PdfAnnotationView[] = [];
  for (const a of annotations) {
    const r = anchors.get(a.id);
    if (r?.status === 'anchored' || r?.status === 'page') placed.push([a, r.page]);
    else if (r?.status === 'detached') detached.push(a);
  }
  placed.sort((x, y) => x[1] - y[1]);
  if (!annotations.length) {
    const p = document.createElement('p');
    p.className = 'pl-empty';
    p.textContent = 'Select text to highlight it or add a note (h, n).';
    notesEl.append(p);
  }
  for (const [a, page] of placed) notesEl.append(noteCard(a, page));
  if (detached.length) {
    const h = document.createElement('h3');
    h.className = 'pl-detached-heading';
    h.textContent = `Detached (${detached.length}): not found in this version of the PDF`;
    notesEl.append(h, ...detached.map((a) => noteCard(a, undefined)));
  }
  document.body.dataset.annotations = String(annotations.length);
  document.body.dataset.detached = String(detached.length);
}

function noteCard(a: PdfAnnotationView, page: number | undefined): HTMLElement {
  const card = document.createElement('article');
  card.className = `pl-note pl-color-${a.color ?? 'none'}${page === undefined ? ' pl-detached' : ''}`;
  card.dataset.id = a.id;
  const anchor = anchors.get(a.id);
  const head = document.createElement('button');
  head.type = 'button';
  head.className = 'pl-note-where';
  const moved = anchor?.status === 'anchored' && anchor.moved && a.page !== undefined ? ` (was page ${a.page})` : '';
  head.textContent = page === undefined ? `Page ${a.page ?? '?'} — detached` : `Page ${page}${moved}`;
  if (page !== undefined) head.addEventListener('click', () => void reveal({ annotation: a.id }));
  card.append(head);
  if (a.quote) {
    const q = document.createElement('blockquote');
    q.textContent = a.quote.exact.length > 240 ? `${a.quote.exact.slice(0, 240)}…` : a.quote.exact;
    card.append(q);
  }
  if (a.bodyHtml) {
    const body = document.createElement('div');
    body.className = 'pl-note-body';
    // Sanitized by the extension's Markdown pipeline; the CSP blocks script regardless.
    body.innerHTML = a.bodyHtml;
    card.append(body);
  }
  if (!readOnly) {
    const actions = document.createElement('div');
    actions.className = 'pl-note-actions';
    for (const [label, type] of [['Edit', 'editAnnotation'], ['Delete', 'deleteAnnotation']] as const) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.addEventListener('click', () => vscode.postMessage({ type, id: a.id }));
      actions.append(b);
    }
    card.append(actions);
  }
  return card;
}

/** The selection as a passage of one page: offsets into its text and a quote with context. */
function selectionPassage(): Extract<FromPdfWebview, { type: 'annotate' }> | undefined {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return undefined;
  const range = sel.getRangeAt(0);
  const pageDiv = (range.startContainer instanceof Element ? range.startContainer : range.startContainer.parentElement)?.closest<HTMLElement>('.pl-page');
  const s = pageDiv ? slots[Number(pageDiv.dataset.page) - 1] : undefined;
  if (!s?.rendered) return undefined;
  const map = s.rendered.map;
  let start = offsetAtPoint(map, range.startContainer, range.startOffset);
  let end = s.div.contains(range.endContainer) ? offsetAtPoint(map, range.endContainer, range.endOffset) : map.page.text.length;
  const text = map.page.text;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end <= start || end - start > 5000) return undefined;
  const quote = describeQuote(text, start, end, CONTEXT);
  const section = sectionOfPage(sections, s.n)?.id;
  return { type: 'annotate', kind: 'highlight', page: s.n, position: { start, end }, quote, ...(section && /^[a-z0-9][a-z0-9-]{0,63}$/.test(section) ? { section } : {}) };
}

function annotate(kind: 'highlight' | 'note', color: string): void {
  if (readOnly) return;
  const p = selectionPassage();
  if (!p) return;
  vscode.postMessage({ ...p, kind, color });
  window.getSelection()?.removeAllRanges();
  toolbar.hidden = true;
}

appendAnnotateButtons(toolbar, COLORS, annotate);

function updateToolbar(): void {
  const sel = window.getSelection();
  if (readOnly || !sel?.rangeCount || !selectionPassage()) {
    toolbar.hidden = true;
    return;
  }
  const rect = sel.getRangeAt(0).getBoundingClientRect();
  toolbar.hidden = false;
  toolbar.style.top = `${Math.max(0, rect.top - toolbar.offsetHeight - 6)}px`;
  toolbar.style.left = `${Math.max(4, rect.left)}px`;
}
document.addEventListener('mouseup', () => setTimeout(updateToolbar, 0));
scroller.addEventListener('scroll', () => {
  toolbar.hidden = true;
}, { passive: true });

// --- find ------------------------------------------------------------------------------------------

async function runFind(query: string, backwards = false): Promise<void> {
  const q = query.trim().toLowerCase();
  if (!q || !doc) {
    find = undefined;
    findCount.textContent = '';
    for (const s of slots) paintPage(s);
    return;
  }
  if (find?.query !== q) {
    findCount.textContent = 'Searching…';
    await extract(pageTexts.flatMap((t, i) => (t === undefined ? [i + 1] : [])));
    const hits: { page: number; start: number; end: number }[] = [];
    pageTexts.forEach((t, i) => {
      const lower = (t ?? '').toLowerCase();
      for (let at = lower.indexOf(q); at >= 0 && hits.length < 10_000; at = lower.indexOf(q, at + q.length)) hits.push({ page: i + 1, start: at, end: at + q.length });
    });
    const here = currentPlace().page;
    const first = hits.findIndex((h) => h.page >= here);
    find = { query: q, hits, index: first < 0 ? 0 : first };
  } else if (find.hits.length) {
    find.index = (find.index + (backwards ? -1 : 1) + find.hits.length) % find.hits.length;
  }
  const hit = find.hits[find.index];
  findCount.textContent = find.hits.length ? `${find.index + 1} of ${find.hits.length}` : 'No results';
  document.body.dataset.findHits = String(find.hits.length);
  for (const s of slots) if (s.rendered) paintPage(s);
  if (!hit) return;
  await goToPoint(hit.page);
  const s = slots[hit.page - 1];
  await render(s);
  paintPage(s);
  centerIn(scroller, s.div.querySelector<HTMLElement>('.pl-find-hit'));
}

findInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    void runFind(findInput.value, e.shiftKey);
  } else if (e.key === 'Escape') {
    findInput.value = '';
    void runFind('');
    scroller.focus();
  }
});
$('find-next').addEventListener('click', () => void runFind(findInput.value));
$('find-prev').addEventListener('click', () => void runFind(findInput.value, true));

// --- toolbar and keys ------------------------------------------------------------------------------

pageInput.addEventListener('change', () => {
  const n = Number(pageInput.value);
  if (Number.isInteger(n) && n >= 1) void goToPoint(Math.min(n, slots.length));
});
pageInput.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    pageInput.dispatchEvent(new Event('change'));
    scroller.focus();
  }
});
$('prev-page').addEventListener('click', () => step(-1));
$('next-page').addEventListener('click', () => step(1));
zoomSelect.addEventListener('change', () => {
  const v = zoomSelect.value;
  if (v === 'fit-width' || v === 'fit-page') setZoom(v);
  else if (v !== 'custom') setZoom(Number(v));
});
$('zoom-out').addEventListener('click', () => setZoom(Math.round((scale / CSS_UNITS) * 100 / 1.25)));
$('zoom-in').addEventListener('click', () => setZoom(Math.round((scale / CSS_UNITS) * 100 * 1.25)));
$('toggle-sidebar').addEventListener('click', () => toggleSidebar());
$('toggle-thumbs').addEventListener('click', () => toggleThumbs());

function toggleSidebar(show = !state.sidebar): void {
  state.sidebar = show;
  sidebar.hidden = !show;
  $('toggle-sidebar').setAttribute('aria-pressed', String(show));
  saveState();
}

function step(delta: number): void {
  const place = currentPlace();
  // Part-way down a page, "previous" goes to its top first.
  const target = delta < 0 && place.within > 0.02 ? place.page : place.page + delta;
  void goToPoint(Math.max(1, Math.min(target, slots.length)));
}

document.addEventListener('keydown', (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f') {
    e.preventDefault();
    findInput.focus();
    findInput.select();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  // The summary's keys: `h`/`n` on a selection (Alt+letter belongs to the workbench's menu bar); `n`
  // without one still turns the page.
  if ((e.key === 'h' || e.key === 'n') && !readOnly && selectionPassage()) {
    e.preventDefault();
    annotate(e.key === 'h' ? 'highlight' : 'note', 'yellow');
    return;
  }
  const keys: Record<string, () => void> = {
    n: () => step(1),
    j: () => step(1),
    p: () => step(-1),
    k: () => step(-1),
    Home: () => void goToPoint(1),
    End: () => void goToPoint(slots.length),
    '+': () => setZoom(Math.round((scale / CSS_UNITS) * 100 * 1.25)),
    '=': () => setZoom(Math.round((scale / CSS_UNITS) * 100 * 1.25)),
    '-': () => setZoom(Math.round((scale / CSS_UNITS) * 100 / 1.25)),
    w: () => setZoom('fit-width'),
    f: () => setZoom('fit-page'),
    t: () => toggleSidebar(),
    b: () => toggleThumbs(),
    g: () => {
      pageInput.focus();
      pageInput.select();
    },
    '/': () => findInput.focus(),
    Escape: () => {
      toolbar.hidden = true;
    },
  };
  const run = keys[e.key];
  if (run) {
    e.preventDefault();
    run();
  }
});

// --- theme -----------------------------------------------------------------------------------------

function applyTheme(): void {
  const cls = document.body.classList;
  const darkTheme = (cls.contains('vscode-dark') || cls.contains('vscode-high-contrast')) && !cls.contains('vscode-high-contrast-light');
  const dark = settings.darkPages === 'on' || (settings.darkPages === 'auto' && darkTheme);
  cls.toggle('pl-dark-pages', dark);
}
new MutationObserver(applyTheme).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// --- messages --------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent) => onMessage(event.data));

function onMessage(data: unknown): void {
  const m = data as ToPdfWebview;
  if (typeof m !== 'object' || m === null) return;
  switch (m.type) {
    case 'load': {
      receivedAt = performance.now();
      mark('bytes');
      delete document.body.dataset.firstPaintMs;
      const data = toBytes(m.data);
      document.body.dataset.stage = `received ${data ? data.length : `no bytes (${Object.prototype.toString.call(m.data)})`}`;
      if (!data || typeof m.generation !== 'number') return;
      generation = m.generation;
      paperId = m.paperId;
      document.body.dataset.paper = paperId;
      settings = m.settings;
      applyTheme();
      $<HTMLElement>('notice').replaceChildren();
      $<HTMLElement>('notice').hidden = true;
      if (m.notice) notice(m.notice);
      void open(data, m.generation, m.target).catch((err: unknown) => fail(describePdfError(err)));
      return;
    }
    case 'error':
      fail(String(m.message));
      return;
    case 'annotations':
      if (m.paperId !== paperId || !Array.isArray(m.items)) return;
      annotations = m.items;
      readOnly = m.readOnly;
      void anchorAll();
      return;
    case 'reveal':
      void reveal(m.target);
      return;
    case 'settings':
      settings = m.settings;
      applyTheme();
      return;
  }
}

/** The file's bytes as the message carries them (a typed array; some hosts hand over the plain buffer). */
function toBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

toggleSidebar(state.sidebar);
toggleThumbs(state.thumbs);
listNotes();
if (boot) {
  for (const m of boot.takeQueued()) onMessage(m);
} else {
  vscode.postMessage({ type: 'ready' });
}
// Start pdf.js's worker while the extension reads the file; a failure is reported when the file arrives.
startWorker().catch(() => undefined);
