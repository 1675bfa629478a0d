import { type AnnotationView, type FromWebview, type PaperView, parseToWebview } from '../shared/messages';
import { drawAnnotations, installSelectionToolbar, setBusy } from './annotations';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}
interface WebviewState {
  paperId?: string;
  scrollY?: number;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
/** Where this webview was before it was last destroyed (hidden tab, moved group, reload): it owns its place. */
const saved: WebviewState = vscode.getState() ?? {};
const header = document.getElementById('paper-header') as HTMLElement;
const toc = document.getElementById('toc') as HTMLElement;
const content = document.getElementById('content') as HTMLElement;
/** Must match ID_PREFIX in src/core/markdown/sanitize-schema.ts: the sanitizer prefixes every id. */
const ID_PREFIX = 'pl-';
const HEADINGS = 'h2[id], h3[id], h4[id]';
let current: PaperView | undefined;
/** Whether <main> holds the paper the page was set with (drawn by {@link attachToPage}), not another one. */
let pageHeld = false;
let annotations: { items: AnnotationView[]; readOnly?: string } = { items: [] };
/** Puts the page where `showPaper` asked once the first annotations after it are drawn. */
let afterAnnotations: (() => void) | undefined;

/**
 * The prerendered paper's HTML after its first screen, parsed but kept out of the first layout (see
 * splitFirstScreen in summary-html.ts); null once moved into <main>. Until then messages wait in `queued`:
 * each may need the whole paper (a section to reveal, annotations to draw, a place to scroll to).
 */
let rest = document.getElementById('paper-rest') as HTMLTemplateElement | null;
const queued: MessageEvent[] = [];

/** Moves the rest of the prerendered paper into <main> (if <main> still holds it), then handles what waited. */
function inflate(): void {
  const template = rest;
  if (!template) return;
  rest = null;
  template.remove();
  if (pageHeld) {
    const more = template.content;
    // What VS Code does for the links of a page it is given (the rest was out of its reach, in the template).
    for (const a of more.querySelectorAll('a[href]:not([title])')) a.setAttribute('title', a.getAttribute('href') ?? '');
    addAnchors(more);
    content.append(more);
  }
  for (const event of queued.splice(0)) onMessage(event);
}

window.addEventListener('message', (event: MessageEvent) => {
  if (rest) queued.push(event);
  else onMessage(event);
});

function onMessage(event: MessageEvent): void {
  const message = parseToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'showPaper': {
      // The same paper again (its file changed) keeps the place on screen; a restarted webview takes its saved one.
      const here = current?.id === message.paper.id ? window.scrollY : saved.paperId === message.paper.id ? saved.scrollY : undefined;
      const same = current?.id === message.paper.id;
      // An empty html for the paper the page was set with: its DOM is the one drawn at first paint; keep it.
      if (same && message.paper.html === '' && pageHeld) {
        current = { ...message.paper, html: current?.html ?? '' };
        renderHeader(message.paper);
        renderToc(message.paper);
      } else {
        render(message.paper);
      }
      // Note cards change the height above the place: draw the ones we have now, and settle again once they come.
      if (same) redrawAnnotations();
      const { section, highlight } = message;
      if (section) {
        reveal(section, highlight);
        afterAnnotations = () => reveal(section, highlight);
      } else {
        const y = message.scrollY ?? here ?? 0;
        window.scrollTo(0, y);
        afterAnnotations = () => window.scrollTo(0, y);
        // Keep the place asked for even if the page is not laid out to that height yet.
        vscode.setState({ paperId: message.paper.id, scrollY: y });
      }
      return;
    }
    case 'idle':
      setBusy(false);
      return;
    case 'revealSection':
      reveal(message.section, message.highlight);
      return;
    case 'annotations':
      if (message.paperId !== current?.id) return;
      annotations = { items: message.items, readOnly: message.readOnly };
      redrawAnnotations();
      afterAnnotations?.();
      afterAnnotations = undefined;
      return;
    case 'revealAnnotation': {
      const target = document.querySelector<HTMLElement>(`.pl-note[data-id="${CSS.escape(message.id)}"], mark.pl-anno[data-id="${CSS.escape(message.id)}"]`);
      if (target) {
        target.scrollIntoView({ block: 'center' });
        target.classList.add('pl-flash');
      }
      return;
    }
  }
}

function redrawAnnotations(): void {
  if (!current) return;
  const y = window.scrollY;
  drawAnnotations(content, header, current.id, annotations.items, (m) => vscode.postMessage(m), annotations.readOnly);
  document.body.dataset.annotations = String(annotations.items.length);
  window.scrollTo(0, y);
}

/** `inPage`: the paper's HTML is in the page already (the extension rendered it there). */
function render(paper: PaperView, inPage = false): void {
  if (current?.id !== paper.id) annotations = { items: [] };
  if (!inPage) {
    pageHeld = false;
    rest?.remove();
    rest = null;
  }
  current = paper;
  renderHeader(paper);
  renderToc(paper);
  // The HTML was sanitized when it was compiled; the CSP also forbids every script but ours.
  if (!inPage) {
    // A paper that arrives is news for a screen reader (the page's own paper was not: see summaryPage).
    content.setAttribute('aria-live', 'polite');
    content.innerHTML = paper.html;
    // How often the paper's HTML was laid out again after the page's own (the UI tests read it).
    document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
  }
  addAnchors(content);
  document.title = paper.shortTitle;
  document.body.dataset.paper = paper.id;
}

/** The `#` link after each heading. */
function addAnchors(root: ParentNode): void {
  for (const h of root.querySelectorAll<HTMLElement>(HEADINGS)) {
    const anchor = el('a', '#');
    anchor.className = 'anchor';
    anchor.setAttribute('href', `#${h.id}`);
    anchor.setAttribute('aria-label', `Link to section ${h.textContent ?? ''}`);
    h.append(anchor);
  }
}

function renderHeader(paper: PaperView): void {
  header.replaceChildren();
  const byline = el('p', `${paper.authors.join(', ')}${paper.organization ? ` — ${paper.organization}` : ''}`);
  byline.className = 'byline';
  const facts = el('p', '');
  facts.className = 'facts';
  if (paper.published) facts.append(el('span', paper.published));
  if (paper.arxiv) {
    const a = el('a', `arXiv:${paper.arxiv}`);
    a.setAttribute('href', `https://arxiv.org/abs/${paper.arxiv}`);
    a.title = 'Open on arXiv';
    facts.append(a);
  }
  for (const topic of paper.topics) {
    const tag = el('span', topic.replace(/-/g, ' '));
    tag.className = 'topic';
    facts.append(tag);
  }
  header.append(el('h1', paper.title), byline, facts);
  if (paper.related.length) {
    const related = el('p', 'Related: ');
    related.className = 'related';
    paper.related.forEach((r, i) => {
      const a = el('a', r.title);
      a.setAttribute('href', `#paper:${r.id}`);
      a.dataset.paper = r.id;
      related.append(...(i ? [', ', a] : [a]));
    });
    header.append(related);
  }
}

function renderToc(paper: PaperView): void {
  toc.replaceChildren();
  const title = el('h2', 'Contents');
  const list = el('ol', '');
  for (const entry of paper.toc) {
    const item = el('li', '');
    item.className = `depth-${entry.depth}`;
    const a = el('a', entry.title);
    a.setAttribute('href', `#${ID_PREFIX}${entry.id}`);
    a.dataset.section = entry.id;
    item.append(a);
    list.append(item);
  }
  toc.append(title, list);
}

function reveal(section: string, highlight?: string[]): void {
  const target = document.getElementById(ID_PREFIX + section);
  if (!target) return;
  clearHits();
  const firstHit = highlight?.length ? markTerms(target, highlight) : undefined;
  (firstHit ?? target).scrollIntoView({ block: firstHit ? 'center' : 'start' });
  target.classList.remove('pl-flash');
  void target.offsetWidth; // restart the highlight animation
  target.classList.add('pl-flash');
  for (const a of toc.querySelectorAll('a')) a.toggleAttribute('aria-current', (a as HTMLElement).dataset.section === section);
  saveState();
}

/** Wraps occurrences of the search terms in the section that starts at `heading`; returns the first mark. */
function markTerms(heading: HTMLElement, terms: string[]): HTMLElement | undefined {
  const wanted = terms.map((t) => t.toLowerCase()).filter(Boolean);
  const level = Number(heading.tagName.slice(1));
  let first: HTMLElement | undefined;
  for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
    if (/^H[1-6]$/.test(node.tagName) && Number(node.tagName.slice(1)) <= level) break;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => ((n.parentElement?.closest('.katex, mark')) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const texts: Text[] = [];
    for (let t = walker.nextNode(); t; t = walker.nextNode()) texts.push(t as Text);
    for (const text of texts) {
      const lower = text.data.toLowerCase();
      let best = -1;
      let len = 0;
      for (const w of wanted) {
        const i = lower.indexOf(w);
        if (i >= 0 && (best < 0 || i < best)) [best, len] = [i, w.length];
      }
      if (best < 0) continue;
      const hit = text.splitText(best);
      hit.splitText(len);
      const mark = document.createElement('mark');
      mark.className = 'pl-hit';
      hit.replaceWith(mark);
      mark.append(hit);
      first ??= mark;
    }
  }
  return first;
}

function clearHits(): void {
  for (const mark of content.querySelectorAll('mark.pl-hit')) mark.replaceWith(...mark.childNodes);
  content.normalize();
}

function saveState(): void {
  if (!current || document.visibilityState === 'hidden' || window.innerHeight === 0) return;
  vscode.setState({ paperId: current.id, scrollY: window.scrollY });
  vscode.postMessage({ type: 'scrolled', paperId: current.id, scrollY: Math.round(window.scrollY) });
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

document.addEventListener('click', (event) => {
  inflate();
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (anchor?.closest('.pl-note-actions')) return;
  if (!anchor) return;
  const href = anchor.getAttribute('href') ?? '';
  event.preventDefault();
  if (anchor.dataset.paper) {
    vscode.postMessage({ type: 'openPaper', paperId: anchor.dataset.paper });
  } else if (href.startsWith('#')) {
    const id = decodeURIComponent(href.slice(1));
    if (id === 'content') content.focus();
    else reveal(id.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : id);
  } else if (href) {
    // Never navigate inside the webview: the extension decides what may open.
    vscode.postMessage({ type: 'openLink', href });
  }
});

/** `]` / `[` jump to the next / previous section, `t` focuses the table of contents. */
document.addEventListener('keydown', (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey || (event.target as HTMLElement).closest('input, textarea')) return;
  inflate();
  if (event.key === ']' || event.key === '[') {
    const headings = [...content.querySelectorAll<HTMLElement>(HEADINGS)];
    // A revealed heading sits a scroll-margin (0.5rem) below the top: it counts as the current one.
    const y = window.scrollY;
    const next = event.key === ']'
      ? headings.find((h) => h.offsetTop > y + 20)
      : [...headings].reverse().find((h) => h.offsetTop < y - 2);
    if (next) reveal(next.id.slice(ID_PREFIX.length));
    event.preventDefault();
  } else if (event.key === 't') {
    (toc.querySelector<HTMLElement>('a[aria-current]') ?? toc.querySelector<HTMLElement>('a'))?.focus();
    event.preventDefault();
  }
});

let scrollTimer: number | undefined;
window.addEventListener('scroll', () => {
  // A webview being hidden can report a scroll to 0 on its way out: that is not the user's place.
  if (document.visibilityState === 'hidden' || window.innerHeight === 0) return;
  window.clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(saveState, 150);
});

/**
 * The paper the page was rendered with (its HTML is already in <main>): drawn at once, in the place this
 * webview kept for it. A page that holds another paper than this webview showed last (the panel moved on to
 * another paper since the page was set) waits for the extension's `showPaper` instead.
 */
function attachToPage(): void {
  const json = document.body.dataset.paper;
  if (!json) return;
  let view: unknown;
  try {
    view = JSON.parse(json);
  } catch {
    return;
  }
  const message = parseToWebview({ type: 'showPaper', paper: { ...(view as object), html: '' } });
  if (message?.type !== 'showPaper') return;
  if (saved.paperId !== undefined && saved.paperId !== message.paper.id) {
    const loading = el('p', 'Loading summary…');
    loading.className = 'loading';
    content.replaceChildren(loading);
    return;
  }
  render(message.paper, true);
  pageHeld = true;
  if (saved.paperId === message.paper.id && saved.scrollY) {
    // A place to go back to may lie anywhere in the paper: it is all laid out first.
    inflate();
    window.scrollTo(0, saved.scrollY);
  }
}

/**
 * After the first paint (VS Code shows the page at its `load` event): the next frame, then a task after it.
 * A frame that never comes (a webview not being drawn) does not hold the rest back for long.
 */
function afterFirstPaint(run: () => void): void {
  const start = () => {
    requestAnimationFrame(() => setTimeout(run, 0));
    setTimeout(run, 250);
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

/** KaTeX's fonts, held back by the page until it has loaded (see inlineStyles in summary-html.ts). */
function applyFonts(): void {
  const fonts = document.getElementById('katex-fonts');
  if (!(fonts instanceof HTMLTemplateElement)) return;
  const style = document.createElement('style');
  style.textContent = fonts.content.textContent ?? fonts.innerHTML;
  fonts.replaceWith(style);
}

if (document.readyState === 'complete') applyFonts();
else window.addEventListener('load', applyFonts, { once: true });
attachToPage();
if (!pageHeld) {
  rest?.remove();
  rest = null;
}
afterFirstPaint(inflate);
installSelectionToolbar(content, () => current?.id, (m) => vscode.postMessage(m));
vscode.postMessage({ type: 'ready', ...(pageHeld && current ? { holds: current.id } : {}) });
