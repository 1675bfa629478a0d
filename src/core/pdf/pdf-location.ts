/**
 * Places in a PDF that links name: `page=7` (RFC 8118's fragment for PDFs) or an outline entry by its
 * slug, as `paper:<id>#page=7` and `paper:<id>#<outline-section>` write them.
 */
import { SlugRegistry, slugify } from '../markdown/slug';

/** A place in a PDF. */
export type PdfLocation = { page: number } | { section: string };

const PAGE_FRAGMENT = /^page=(\d{1,7})$/;
const SECTION_FRAGMENT = /^[a-z0-9][a-z0-9._-]{0,95}$/i;

/** Reads a fragment (without `#`); `undefined` for anything that is neither a page nor a section id. */
export function parsePdfFragment(fragment: string | undefined): PdfLocation | undefined {
  if (!fragment) return undefined;
  const f = fragment.trim().replace(/^#/, '');
  const page = PAGE_FRAGMENT.exec(f);
  if (page) {
    const n = Number(page[1]);
    return n >= 1 ? { page: n } : undefined;
  }
  return SECTION_FRAGMENT.test(f) ? { section: f.toLowerCase() } : undefined;
}

/** An outline entry as pdf.js's `getOutline()` returns it, reduced to what the reader needs. */
export interface OutlineNode {
  title: string;
  /** Resolved 1-based page, when the destination could be resolved. */
  page?: number;
  items?: OutlineNode[];
}

/** A flattened outline entry with its stable slug. */
export interface OutlineSection {
  id: string;
  title: string;
  depth: number;
  page?: number;
}

/** Most outlines have a few hundred entries; a hostile one is cut here. */
export const MAX_OUTLINE_ENTRIES = 5000;
const MAX_DEPTH = 12;

/**
 * Flattens an outline in reading order and gives each entry a slug unique in the document
 * (`introduction`, `introduction-1`, …), the ids `#<outline-section>` links use.
 */
export function outlineSections(outline: readonly OutlineNode[] | null | undefined): OutlineSection[] {
  const out: OutlineSection[] = [];
  const slugs = new SlugRegistry();
  const walk = (nodes: readonly OutlineNode[], depth: number): void => {
    for (const n of nodes) {
      if (out.length >= MAX_OUTLINE_ENTRIES) return;
      const title = String(n.title ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
      const entry: OutlineSection = { id: slugs.unique(slugify(title).slice(0, 80)), title: title || '(untitled)', depth };
      if (n.page !== undefined && Number.isInteger(n.page) && n.page >= 1) entry.page = n.page;
      out.push(entry);
      if (n.items?.length && depth < MAX_DEPTH) walk(n.items, depth + 1);
    }
  };
  walk(outline ?? [], 1);
  return out;
}

/** The outline entry a page belongs to: the last one starting on or before it, in page order. */
export function sectionOfPage(sections: readonly OutlineSection[], page: number): OutlineSection | undefined {
  let best: OutlineSection | undefined;
  for (const s of sections) {
    if (s.page === undefined || s.page > page) continue;
    if (!best || s.page >= (best.page ?? 0)) best = s;
  }
  return best;
}
