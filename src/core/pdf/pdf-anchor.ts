/**
 * Finding a PDF annotation again: on its page by its recorded offsets when the text there is still the
 * quote, else by the quote (with its prefix and suffix) on its page, then on every other page. A new
 * version of a paper moves text between pages; the quote follows it, the offsets are only a shortcut.
 */
import { anchorQuote } from '../notes/anchor';
import type { AnnotationTarget } from '../notes/model';

/** Where a PDF annotation lands in the current file. */
export type PdfAnchor =
  | { status: 'anchored'; page: number; start: number; end: number; exact: boolean; moved: boolean }
  /** A page-only note (no quote) on a page the file has. */
  | { status: 'page'; page: number }
  /** Not found anywhere (or its page is gone): listed as detached, never dropped. */
  | { status: 'detached'; reason: 'page-gone' | 'quote-gone' | 'no-page' }
  /** Some pages' text is not known yet: ask again with them. */
  | { status: 'pending'; pages: number[] };

/**
 * Places `target` in a PDF of `pageCount` pages whose page texts are `pages[i]` for page `i + 1`
 * (`undefined` while a page's text is not extracted yet). Its own page is tried first; the other pages are
 * only needed when the quote is not there exactly, and a `pending` result names the ones to extract.
 */
export function anchorPdfTarget(target: AnnotationTarget, pages: readonly (string | undefined)[], pageCount: number): PdfAnchor {
  const own = target.page;
  const quote = target.quote;
  if (!quote?.exact) {
    if (own === undefined) return { status: 'detached', reason: 'no-page' };
    return own <= pageCount ? { status: 'page', page: own } : { status: 'detached', reason: 'page-gone' };
  }
  if (own !== undefined && own <= pageCount) {
    const text = pages[own - 1];
    if (text === undefined) return { status: 'pending', pages: [own] };
    const p = target.position;
    if (p && text.slice(p.start, p.end) === quote.exact) return { status: 'anchored', page: own, start: p.start, end: p.end, exact: true, moved: false };
    const m = anchorQuote(text, quote, { hint: p?.start });
    if (m && m.exact && m.score >= 0.8) return { status: 'anchored', page: own, start: m.start, end: m.end, exact: true, moved: false };
  }
  const missing: number[] = [];
  for (let i = 0; i < pageCount; i++) if (pages[i] === undefined) missing.push(i + 1);
  if (missing.length) return { status: 'pending', pages: missing };
  let best: { page: number; start: number; end: number; exact: boolean; score: number } | undefined;
  for (let i = 0; i < pageCount; i++) {
    const m = anchorQuote(pages[i] as string, quote, i + 1 === own ? { hint: target.position?.start } : {});
    // Equal scores: the page nearest the recorded one wins.
    if (m && (!best || m.score > best.score || (m.score === best.score && own !== undefined && Math.abs(i + 1 - own) < Math.abs(best.page - own)))) {
      best = { page: i + 1, start: m.start, end: m.end, exact: m.exact, score: m.score };
    }
  }
  if (!best) return { status: 'detached', reason: 'quote-gone' };
  return { status: 'anchored', page: best.page, start: best.start, end: best.end, exact: best.exact, moved: best.page !== own };
}
