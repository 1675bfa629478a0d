/**
 * The text of a PDF page as Paper Lens addresses it: the strings of pdf.js's text items in content order,
 * with `\n` after each item that ends a line. The reader's text layer has one element per such item, so an
 * offset into this text maps to an element and a character in it, and back.
 */

/** The part of a pdf.js text item this model needs. */
export interface TextItemLike {
  str: string;
  hasEOL?: boolean;
}

/** A page's text and where each item starts in it. */
export interface PageText {
  text: string;
  /** `starts[k]` is the offset of item `k`'s first character; one entry per item. */
  starts: number[];
}

/** Builds the page text from its items (only those with a `str`, as the text layer draws them). */
export function buildPageText(items: readonly TextItemLike[]): PageText {
  const starts: number[] = [];
  let text = '';
  for (const item of items) {
    starts.push(text.length);
    text += item.str;
    if (item.hasEOL) text += '\n';
  }
  return { text, starts };
}

/**
 * The item holding page-text offset `offset` and the offset inside its string. An offset on a line break
 * (or past the end) lands at the end of the item before it. `undefined` for a page without items.
 */
export function itemAt(page: PageText, items: readonly TextItemLike[], offset: number): { item: number; offset: number } | undefined {
  if (!page.starts.length) return undefined;
  const at = Math.max(0, Math.min(offset, page.text.length));
  let lo = 0;
  let hi = page.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (page.starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return { item: lo, offset: Math.min(at - page.starts[lo], items[lo]?.str.length ?? 0) };
}

/** The page-text offset of character `offset` of item `item` (clamped to the item). */
export function offsetOf(page: PageText, items: readonly TextItemLike[], item: number, offset: number): number {
  const k = Math.max(0, Math.min(item, page.starts.length - 1));
  if (k < 0 || !page.starts.length) return 0;
  return page.starts[k] + Math.max(0, Math.min(offset, items[k]?.str.length ?? 0));
}

/**
 * Maps between page-relative offsets and offsets into the whole document's text (the pages joined in
 * order, each followed by a form feed), for selectors that span the document.
 */
export class DocumentText {
  private readonly _starts: number[] = [];
  readonly length: number;

  constructor(pageLengths: readonly number[]) {
    let acc = 0;
    for (const n of pageLengths) {
      this._starts.push(acc);
      acc += Math.max(0, n) + 1;
    }
    this.length = acc;
  }

  get pages(): number {
    return this._starts.length;
  }

  /** Document offset of `offset` on 1-based `page`; `undefined` for a page the document lacks. */
  toDocument(page: number, offset: number): number | undefined {
    const start = this._starts[page - 1];
    if (start === undefined) return undefined;
    const len = (this._starts[page] ?? this.length) - start - 1;
    return start + Math.max(0, Math.min(offset, len));
  }

  /** The 1-based page and page offset of a document offset (a form feed counts as the end of its page). */
  toPage(offset: number): { page: number; offset: number } | undefined {
    if (!this._starts.length || offset < 0 || offset >= this.length) return undefined;
    let lo = 0;
    let hi = this._starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this._starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { page: lo + 1, offset: offset - this._starts[lo] };
  }
}
