import { type FromWebview, type PaperView, parseToWebview } from '../shared/messages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}
interface WebviewState {
  paperId?: string;
  section?: string;
  scrollY?: number;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const header = document.getElementById('paper-header') as HTMLElement;
const content = document.getElementById('content') as HTMLElement;
/** Must match ID_PREFIX in src/core/markdown/sanitize-schema.ts: the sanitizer prefixes every id. */
const ID_PREFIX = 'pl-';
let current: PaperView | undefined;

window.addEventListener('message', (event: MessageEvent) => {
  const message = parseToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'showPaper':
      render(message.paper, message.section);
      return;
    case 'revealSection':
      reveal(message.section);
      return;
  }
});

function render(paper: PaperView, section?: string): void {
  const previous = vscode.getState();
  const samePaper = previous?.paperId === paper.id;
  current = paper;
  renderHeader(paper);
  // The HTML was sanitized when it was compiled; the CSP also forbids every script but ours.
  content.innerHTML = paper.html;
  document.title = paper.shortTitle;
  if (section) reveal(section);
  else if (samePaper && previous?.scrollY) window.scrollTo(0, previous.scrollY);
  else window.scrollTo(0, 0);
  saveState(section);
}

function renderHeader(paper: PaperView): void {
  header.replaceChildren();
  const h1 = el('h1', paper.title);
  const byline = el('p', `${paper.authors.join(', ')}${paper.organization ? ` — ${paper.organization}` : ''}`);
  byline.className = 'byline';
  const facts = el('p', '');
  facts.className = 'facts';
  if (paper.published) facts.append(el('span', paper.published));
  if (paper.arxiv) {
    const a = el('a', `arXiv:${paper.arxiv}`);
    a.setAttribute('href', `https://arxiv.org/abs/${paper.arxiv}`);
    facts.append(a);
  }
  for (const topic of paper.topics) {
    const tag = el('span', topic.replace(/-/g, ' '));
    tag.className = 'topic';
    facts.append(tag);
  }
  header.append(h1, byline, facts);
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

function reveal(section: string): void {
  const target = document.getElementById(ID_PREFIX + section);
  if (!target) return;
  target.scrollIntoView({ block: 'start' });
  target.classList.remove('pl-flash');
  void target.offsetWidth; // restart the highlight animation
  target.classList.add('pl-flash');
  saveState(section);
}

function saveState(section?: string): void {
  if (!current) return;
  vscode.setState({ paperId: current.id, section, scrollY: window.scrollY });
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

document.addEventListener('click', (event) => {
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor) return;
  const href = anchor.getAttribute('href') ?? '';
  event.preventDefault();
  if (anchor.dataset.paper) {
    vscode.postMessage({ type: 'openPaper', paperId: anchor.dataset.paper });
  } else if (href.startsWith('#')) {
    const id = decodeURIComponent(href.slice(1));
    reveal(id.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : id);
  } else if (href) {
    // Never navigate inside the webview: the extension decides what may open.
    vscode.postMessage({ type: 'openLink', href });
  }
});

let scrollTimer: number | undefined;
window.addEventListener('scroll', () => {
  window.clearTimeout(scrollTimer);
  scrollTimer = window.setTimeout(() => saveState(vscode.getState()?.section), 200);
});

vscode.postMessage({ type: 'ready' });
