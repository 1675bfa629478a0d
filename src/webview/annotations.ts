import type { AnnotationView, FromWebview } from '../shared/messages';

/** Must match ID_PREFIX in src/core/markdown/sanitize-schema.ts. */
const ID_PREFIX = 'pl-';
const HEADING = /^H[1-6]$/;
export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
const CONTEXT = 32;

type Post = (message: FromWebview) => void;

/** Text nodes of a section (from its heading to the next heading of the same or a higher level), math left out. */
function sectionTextNodes(heading: HTMLElement): Text[] {
  const level = Number(heading.tagName.slice(1));
  const out: Text[] = [];
  for (let node = heading.nextElementSibling; node; node = node.nextElementSibling) {
    if (HEADING.test(node.tagName) && Number(node.tagName.slice(1)) <= level) break;
    if (node.classList.contains('pl-note')) continue;
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement?.closest('.katex, .pl-note') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let t = walker.nextNode(); t; t = walker.nextNode()) out.push(t as Text);
  }
  return out;
}

function headingBefore(node: Node, content: HTMLElement): HTMLElement | undefined {
  let el: Element | null = node instanceof Element ? node : node.parentElement;
  while (el && el.parentElement !== content) el = el.parentElement;
  for (let cur = el; cur; cur = cur.previousElementSibling) {
    if (HEADING.test(cur.tagName) && cur.id.startsWith(ID_PREFIX)) return cur as HTMLElement;
  }
  return undefined;
}

/** The current selection inside the summary as a quote with context, or undefined. */
export function selectionQuote(content: HTMLElement): { section?: string; quote: { exact: string; prefix: string; suffix: string } } | undefined {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed || !sel.rangeCount) return undefined;
  const range = sel.getRangeAt(0);
  if (!content.contains(range.commonAncestorContainer)) return undefined;
  const heading = headingBefore(range.startContainer, content);
  if (!heading) return undefined;
  const nodes = sectionTextNodes(heading);
  const text = nodes.map((n) => n.data).join('');
  const offsetOf = (container: Node, offset: number): number => {
    const point = document.createRange();
    point.setStart(container, offset);
    point.collapse(true);
    let acc = 0;
    for (const n of nodes) {
      if (n === container) return acc + offset;
      // A node that ends before the boundary lies wholly before it.
      if (point.comparePoint(n, n.length) < 0) acc += n.length;
      else return acc;
    }
    return acc;
  };
  const start = offsetOf(range.startContainer, range.startOffset);
  const end = offsetOf(range.endContainer, range.endOffset);
  if (start < 0 || end <= start) return undefined;
  const exact = text.slice(start, end);
  if (!exact.trim()) return undefined;
  return {
    section: heading.id.slice(ID_PREFIX.length),
    quote: { exact, prefix: text.slice(Math.max(0, start - CONTEXT), start), suffix: text.slice(end, end + CONTEXT) },
  };
}

/** Finds a quote in a section, preferring the occurrence whose surroundings match best. */
function locate(text: string, quote: { exact: string; prefix: string; suffix: string }): number {
  let best = -1;
  let bestScore = -1;
  for (let i = text.indexOf(quote.exact); i >= 0; i = text.indexOf(quote.exact, i + 1)) {
    let score = 0;
    const before = text.slice(Math.max(0, i - quote.prefix.length), i);
    const after = text.slice(i + quote.exact.length, i + quote.exact.length + quote.suffix.length);
    while (score < before.length && before[before.length - 1 - score] === quote.prefix[quote.prefix.length - 1 - score]) score++;
    let s2 = 0;
    while (s2 < after.length && after[s2] === quote.suffix[s2]) s2++;
    if (score + s2 > bestScore) [best, bestScore] = [i, score + s2];
  }
  return best;
}

/** Wraps [start, end) of the concatenated nodes in marks; returns the marks. */
function wrap(nodes: Text[], start: number, end: number, make: () => HTMLElement): HTMLElement[] {
  const marks: HTMLElement[] = [];
  let acc = 0;
  for (const n of nodes) {
    const from = Math.max(start - acc, 0);
    const to = Math.min(end - acc, n.length);
    acc += n.length;
    if (to <= 0 || from >= n.length || from >= to) continue;
    const middle = n.splitText(from);
    middle.splitText(to - from);
    const mark = make();
    middle.replaceWith(mark);
    mark.append(middle);
    marks.push(mark);
  }
  return marks;
}

/** Removes drawn annotations so they can be drawn again. */
export function clearAnnotations(content: HTMLElement, header: HTMLElement): void {
  for (const card of [...content.querySelectorAll('.pl-note'), ...header.querySelectorAll('.pl-note, .pl-detached')]) card.remove();
  for (const mark of content.querySelectorAll('mark.pl-anno')) mark.replaceWith(...mark.childNodes);
  content.normalize();
}

function noteCard(a: AnnotationView, paperId: string, post: Post, readOnly: boolean): HTMLElement {
  const card = document.createElement('aside');
  card.className = `pl-note pl-color-${a.color ?? 'none'}`;
  card.dataset.id = a.id;
  card.tabIndex = 0;
  card.setAttribute('aria-label', `Note: ${a.title}`);
  const body = document.createElement('div');
  body.className = 'pl-note-body';
  // Sanitized by the extension's Markdown pipeline; the CSP blocks script regardless.
  body.innerHTML = a.bodyHtml || '<p class="pl-empty">(highlight)</p>';
  const actions = document.createElement('div');
  actions.className = 'pl-note-actions';
  if (!readOnly) {
    for (const [label, type] of [['Edit', 'editAnnotation'], ['Delete', 'deleteAnnotation']] as const) {
      const b = document.createElement('button');
      b.textContent = label;
      b.type = 'button';
      b.addEventListener('click', () => post({ type, paperId, id: a.id }));
      actions.append(b);
    }
  }
  if (a.quote) {
    // Several cards can follow one paragraph: each says which passage it is about.
    const quote = document.createElement('p');
    quote.className = 'pl-note-quote';
    const exact = a.quote.exact.replace(/\s+/g, ' ').trim();
    quote.textContent = `On “${exact.length > 80 ? `${exact.slice(0, 79)}…` : exact}”`;
    card.append(quote);
  }
  card.append(body, actions);
  return card;
}

/** Puts `card` after `block` and after the cards already there, so cards keep the order they are placed in. */
function placeAfter(block: Element, card: HTMLElement): void {
  let at = block;
  while (at.nextElementSibling?.classList.contains('pl-note')) at = at.nextElementSibling;
  at.after(card);
}

/** Draws highlights on the text and note cards beside their passages; returns the ids that did not anchor. */
export function drawAnnotations(content: HTMLElement, header: HTMLElement, paperId: string, items: AnnotationView[], post: Post, readOnly?: string): string[] {
  clearAnnotations(content, header);
  const detached: AnnotationView[] = [];
  const quoted: { block: Element; mark: HTMLElement; card: HTMLElement }[] = [];
  for (const a of items) {
    const heading = a.section ? (document.getElementById(ID_PREFIX + a.section) as HTMLElement | null) : null;
    if (!a.quote) {
      const card = noteCard(a, paperId, post, Boolean(readOnly));
      if (heading) placeAfter(heading, card);
      else if (!a.section) header.append(card);
      else detached.push(a);
      continue;
    }
    const sections = heading ? [heading, ...[...content.querySelectorAll<HTMLElement>('h2[id], h3[id], h4[id]')].filter((h) => h !== heading)] : [...content.querySelectorAll<HTMLElement>('h2[id], h3[id], h4[id]')];
    let marks: HTMLElement[] = [];
    for (const h of sections) {
      const nodes = sectionTextNodes(h);
      const at = locate(nodes.map((n) => n.data).join(''), a.quote);
      if (at < 0) continue;
      marks = wrap(nodes, at, at + a.quote.exact.length, () => {
        const m = document.createElement('mark');
        m.className = `pl-anno pl-color-${a.color ?? 'yellow'}${a.kind === 'note' ? ' pl-has-note' : ''}`;
        m.dataset.id = a.id;
        m.title = a.kind === 'note' ? a.title : 'Highlight';
        return m;
      });
      break;
    }
    if (!marks.length) {
      detached.push(a);
      continue;
    }
    if (a.kind === 'note' || a.bodyHtml) {
      let block: Element | null = marks[marks.length - 1];
      while (block && block.parentElement !== content) block = block.parentElement;
      if (block) quoted.push({ block, mark: marks[0], card: noteCard(a, paperId, post, Boolean(readOnly)) });
    }
  }
  // Cards under one paragraph follow the order of their passages in it, not the order they were written.
  quoted.sort((x, y) => (x.mark.compareDocumentPosition(y.mark) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  for (const { block, card } of quoted) placeAfter(block, card);
  if (detached.length || readOnly) {
    const box = document.createElement('section');
    box.className = 'pl-detached';
    if (readOnly) {
      const p = document.createElement('p');
      p.className = 'pl-readonly';
      p.textContent = readOnly;
      box.append(p);
    }
    if (detached.length) {
      const h = document.createElement('h2');
      h.textContent = 'Detached notes (their passage is no longer in the summary)';
      box.append(h, ...detached.map((a) => noteCard(a, paperId, post, Boolean(readOnly))));
    }
    header.append(box);
  }
  return detached.map((a) => a.id);
}

/** A small toolbar over the selection: a color per highlight, and Note. Also reachable with Alt+H / Alt+N. */
export function installSelectionToolbar(content: HTMLElement, paperId: () => string | undefined, post: Post): void {
  const bar = document.createElement('div');
  bar.id = 'pl-selection-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Annotate selection');
  bar.hidden = true;
  for (const color of COLORS) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `pl-swatch pl-color-${color}`;
    b.title = `Highlight (${color})`;
    b.setAttribute('aria-label', `Highlight ${color}`);
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => annotate('highlight', color));
    bar.append(b);
  }
  const note = document.createElement('button');
  note.type = 'button';
  note.textContent = 'Add Note';
  note.className = 'pl-add-note';
  note.addEventListener('mousedown', (e) => e.preventDefault());
  note.addEventListener('click', () => annotate('note', 'yellow'));
  bar.append(note);
  document.body.append(bar);

  function annotate(kind: 'highlight' | 'note', color: string): void {
    const id = paperId();
    const q = selectionQuote(content);
    if (!id || !q) return;
    post({ type: 'annotate', paperId: id, kind, color, section: q.section, quote: q.quote });
    window.getSelection()?.removeAllRanges();
    bar.hidden = true;
  }

  const update = (): void => {
    const q = selectionQuote(content);
    const sel = window.getSelection();
    if (!q || !sel?.rangeCount) {
      bar.hidden = true;
      return;
    }
    const rect = sel.getRangeAt(0).getBoundingClientRect();
    bar.hidden = false;
    bar.style.top = `${Math.max(0, rect.top + window.scrollY - bar.offsetHeight - 6)}px`;
    bar.style.left = `${Math.max(4, rect.left + window.scrollX)}px`;
  };
  document.addEventListener('mouseup', () => setTimeout(update, 0));
  document.addEventListener('keyup', (e) => {
    if (e.shiftKey || e.key.startsWith('Arrow')) update();
  });
  document.addEventListener('keydown', (e) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key.toLowerCase() === 'h' || e.code === 'KeyH') {
      annotate('highlight', 'yellow');
      e.preventDefault();
    } else if (e.key.toLowerCase() === 'n' || e.code === 'KeyN') {
      const q = selectionQuote(content);
      const id = paperId();
      if (id && q) annotate('note', 'yellow');
      e.preventDefault();
    }
  });
}
