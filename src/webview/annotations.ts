import { anchorAnnotation } from '../core/notes/anchor';
import { appendAnnotateButtons } from './selection-buttons';
import { type AnnotationView, COLORS, type FromWebview, MAX_QUOTE } from '../shared/messages';

/** Must match ID_PREFIX in src/core/markdown/sanitize-schema.ts. */
const ID_PREFIX = 'pl-';
const HEADING = /^H[1-6]$/;
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
  if (document.body.dataset.remoteImages !== 'on') holdRemoteImages(body);
  const actions = document.createElement('div');
  actions.className = 'pl-note-actions';
  if (!readOnly) {
    for (const [label, type] of [['Edit', 'editAnnotation'], ['Delete', 'deleteAnnotation']] as const) {
      const b = document.createElement('button');
      b.textContent = label;
      b.type = 'button';
      b.disabled = busy;
      b.addEventListener('click', () => {
        if (busy) return;
        setBusy(true);
        post({ type, paperId, id: a.id });
      });
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
  const headings = [...content.querySelectorAll<HTMLElement>('h2[id], h3[id], h4[id]')].filter((h) => h.id.startsWith(ID_PREFIX));
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
    // Read afresh for each annotation: wrapping an earlier one split text nodes (also of enclosing sections).
    const texts = new Map(headings.map((h) => [h, sectionTextNodes(h)] as const));
    const anchored = anchorAnnotation({ section: a.section, quote: a.quote }, headings.map((h) => ({ id: h.id.slice(ID_PREFIX.length), text: texts.get(h)!.map((n) => n.data).join('') })));
    let marks: HTMLElement[] = [];
    if (anchored.status === 'anchored') {
      const h = headings.find((x) => x.id === ID_PREFIX + anchored.section)!;
      const nodes = texts.get(h)!;
      marks = wrap(nodes, anchored.start, anchored.end, () => {
        const m = document.createElement('mark');
        m.className = `pl-anno pl-color-${a.color ?? 'yellow'}${a.kind === 'note' ? ' pl-has-note' : ''}`;
        m.dataset.id = a.id;
        m.dataset.kind = a.kind;
        m.title = a.kind === 'note' ? a.title : 'Highlight (click to change its color or remove it)';
        m.tabIndex = 0;
        return m;
      });
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

let busy = false;

/**
 * Disables every annotation control while the extension handles a request (a note's input box may be open),
 * so one click cannot send the same change twice; `idle` from the extension enables them again.
 */
export function setBusy(on: boolean): void {
  busy = on;
  document.body.toggleAttribute('data-busy', on);
  for (const b of document.querySelectorAll<HTMLButtonElement>('#pl-selection-toolbar button, #pl-anno-menu button, .pl-note-actions button')) b.disabled = on;
}

/** Shows a short message at the bottom of the page, read out by screen readers. */
export function notice(text: string): void {
  let box = document.getElementById('pl-notice');
  if (!box) {
    box = document.createElement('div');
    box.id = 'pl-notice';
    box.setAttribute('role', 'status');
    document.body.append(box);
  }
  box.textContent = text;
  box.hidden = false;
  window.clearTimeout(Number(box.dataset.timer));
  box.dataset.timer = String(window.setTimeout(() => { box.hidden = true; }, 10_000));
}

/** Remote images in notes stay unloaded unless `paperLens.notes.allowRemoteImages` is on (the CSP blocks them too). */
function holdRemoteImages(root: HTMLElement): void {
  for (const img of root.querySelectorAll('img')) {
    const src = img.getAttribute('src') ?? '';
    if (!/^(https?:)?\/\//i.test(src)) continue;
    const held = document.createElement('span');
    held.className = 'pl-remote-image';
    held.textContent = `[image not loaded: ${img.getAttribute('alt') || src}; turn on paperLens.notes.allowRemoteImages to show remote images]`;
    img.replaceWith(held);
  }
}

function tooLongMessage(length: number): string {
  return `This selection has ${length.toLocaleString('en-US')} characters; a highlight or note can quote at most ${MAX_QUOTE.toLocaleString('en-US')}. Select a shorter passage.`;
}

/**
 * A small toolbar over the selection: a color per highlight, and Note; also the keys `h` (highlight) and
 * `n` (note) while text is selected. Plain keys, because Alt+letter opens the workbench's menus.
 * Clicking a highlight opens a menu to change its color or remove it.
 */
export function installSelectionToolbar(content: HTMLElement, paperId: () => string | undefined, post: Post): void {
  const bar = document.createElement('div');
  bar.id = 'pl-selection-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Annotate selection');
  bar.hidden = true;
  appendAnnotateButtons(bar, COLORS, annotate);
  const tooLong = document.createElement('span');
  tooLong.className = 'pl-too-long';
  bar.append(tooLong);
  document.body.append(bar);

  function annotate(kind: 'highlight' | 'note', color: (typeof COLORS)[number]): void {
    const id = paperId();
    const q = selectionQuote(content);
    if (!id || !q || busy) return;
    if (q.quote.exact.length > MAX_QUOTE) {
      notice(tooLongMessage(q.quote.exact.length));
      return;
    }
    setBusy(true);
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
    const long = q.quote.exact.length > MAX_QUOTE;
    tooLong.textContent = long ? tooLongMessage(q.quote.exact.length) : '';
    for (const b of bar.querySelectorAll('button')) b.disabled = long || busy;
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
    if (e.altKey || e.ctrlKey || e.metaKey || (e.target as HTMLElement).closest('input, textarea, button')) return;
    if (e.key !== 'h' && e.key !== 'n') return;
    if (!selectionQuote(content)) return;
    annotate(e.key === 'h' ? 'highlight' : 'note', 'yellow');
    e.preventDefault();
  });
  installAnnotationMenu(content, paperId, post);
}

/** The menu a click on a highlight opens: its color, and Remove. */
function installAnnotationMenu(content: HTMLElement, paperId: () => string | undefined, post: Post): void {
  const menu = document.createElement('div');
  menu.id = 'pl-anno-menu';
  menu.setAttribute('role', 'menu');
  menu.setAttribute('aria-label', 'Highlight');
  menu.hidden = true;
  let target: string | undefined;
  const send = (m: (paper: string, id: string) => FromWebview): void => {
    const paper = paperId();
    if (!paper || !target || busy) return;
    setBusy(true);
    post(m(paper, target));
    menu.hidden = true;
  };
  for (const color of COLORS) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `pl-swatch pl-color-${color}`;
    b.title = `Make it ${color}`;
    b.setAttribute('role', 'menuitem');
    b.setAttribute('aria-label', `Color ${color}`);
    b.addEventListener('click', () => send((paper, id) => ({ type: 'recolorAnnotation', paperId: paper, id, color })));
    menu.append(b);
  }
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Remove';
  remove.className = 'pl-remove';
  remove.setAttribute('role', 'menuitem');
  remove.addEventListener('click', () => send((paper, id) => ({ type: 'deleteAnnotation', paperId: paper, id })));
  menu.append(remove);
  document.body.append(menu);

  const open = (mark: HTMLElement): void => {
    target = mark.dataset.id;
    remove.textContent = mark.dataset.kind === 'note' ? 'Delete Note…' : 'Remove Highlight';
    const rect = mark.getBoundingClientRect();
    menu.hidden = false;
    menu.style.top = `${rect.bottom + window.scrollY + 4}px`;
    menu.style.left = `${Math.max(4, rect.left + window.scrollX)}px`;
    (menu.querySelector<HTMLButtonElement>('button.pl-remove'))?.focus();
  };
  content.addEventListener('click', (e) => {
    const mark = (e.target as Element | null)?.closest?.<HTMLElement>('mark.pl-anno');
    // A click that ends a selection is for the selection toolbar.
    if (!mark || !window.getSelection()?.isCollapsed) return;
    e.stopPropagation();
    open(mark);
  });
  content.addEventListener('keydown', (e) => {
    const mark = (e.target as Element | null)?.closest?.<HTMLElement>('mark.pl-anno');
    if (mark && (e.key === 'Enter' || e.key === ' ')) {
      open(mark);
      e.preventDefault();
    }
  });
  document.addEventListener('mousedown', (e) => {
    if (!menu.hidden && !menu.contains(e.target as Node)) menu.hidden = true;
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') menu.hidden = true;
  });
}
