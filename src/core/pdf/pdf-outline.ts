/**
 * A PDF's outline outside the reader: read from a pdf.js document (in the extension host's worker, with no
 * webview), nested for the Papers view, and the place a `paper:<id>#…` fragment or a `detect:` rule names in it.
 */
import { MAX_OUTLINE_ENTRIES, type OutlineNode, type OutlineSection, outlineSections, parsePdfFragment, type PdfLocation } from './pdf-location';

/** What reading a PDF's outline gave: its page count and sections, or why there are none. */
export type PdfOutline = { ok: true; pages: number; sections: OutlineSection[] } | { ok: false; reason: string };

/** An outline entry of pdf.js's `getOutline()`, reduced to what is read here. */
export interface RawOutlineItem {
  title?: unknown;
  dest?: unknown;
  items?: readonly RawOutlineItem[] | null;
}

/** The part of a pdf.js `PDFDocumentProxy` that reading an outline needs. */
export interface OutlineDocument {
  readonly numPages: number;
  getOutline(): Promise<readonly RawOutlineItem[] | null>;
  getDestination(id: string): Promise<unknown[] | null>;
  getPageIndex(ref: never): Promise<number>;
}

const MAX_DEPTH = 12;

/**
 * Reads `doc`'s outline as the reader's contents show it: every entry in order with its slug and the page
 * its destination (named or explicit) resolves to. An entry whose destination cannot be resolved keeps no
 * page; at most `budget` entries are read. Rejects only when pdf.js cannot give the outline at all.
 */
export async function readOutline(doc: OutlineDocument, budget = MAX_OUTLINE_ENTRIES): Promise<OutlineSection[]> {
  const raw = (await doc.getOutline()) ?? [];
  let left = budget;
  const pageOf = async (dest: unknown): Promise<number | undefined> => {
    try {
      const explicit = typeof dest === 'string' ? await doc.getDestination(dest) : dest;
      if (!Array.isArray(explicit) || !explicit.length) return undefined;
      const ref = explicit[0] as unknown;
      const index = typeof ref === 'number' ? ref : ref && typeof ref === 'object' ? await doc.getPageIndex(ref as never) : -1;
      return Number.isInteger(index) && index >= 0 && index < doc.numPages ? index + 1 : undefined;
    } catch {
      return undefined;
    }
  };
  const convert = async (items: readonly RawOutlineItem[], depth: number): Promise<OutlineNode[]> => {
    const out: OutlineNode[] = [];
    for (const item of items) {
      if (left-- <= 0) break;
      const page = item.dest ? await pageOf(item.dest) : undefined;
      const node: OutlineNode = { title: typeof item.title === 'string' ? item.title : '' };
      if (page !== undefined) node.page = page;
      if (depth < MAX_DEPTH && Array.isArray(item.items) && item.items.length) node.items = await convert(item.items, depth + 1);
      out.push(node);
    }
    return out;
  };
  return outlineSections(await convert(raw, 1));
}

/** An outline entry with the entries under it. */
export interface OutlineTreeNode {
  section: OutlineSection;
  children: OutlineTreeNode[];
}

/**
 * Nests flat outline sections (reading order, each with its depth) back into a tree. An entry deeper than
 * the one before by more than one level hangs under that one; an outline starting deeper than 1 is a forest.
 */
export function nestOutline(sections: readonly OutlineSection[]): OutlineTreeNode[] {
  const roots: OutlineTreeNode[] = [];
  const stack: OutlineTreeNode[] = [];
  for (const section of sections) {
    const node: OutlineTreeNode = { section, children: [] };
    while (stack.length && stack[stack.length - 1].section.depth >= section.depth) stack.pop();
    (stack.length ? stack[stack.length - 1].children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** Where a fragment lands in a PDF, or why it cannot. */
export type PdfPlace =
  | { ok: true; target: PdfLocation; page?: number; title?: string }
  | { ok: false; problem: string };

/**
 * Resolves `page=7` or an outline slug against a PDF's outline. Without an outline (not read yet, or
 * unreadable) a well-formed fragment is taken on trust, with no page: the reader checks it when it opens.
 */
export function resolvePdfPlace(fragment: string, outline: { pages: number; sections: readonly OutlineSection[] } | undefined): PdfPlace {
  const where = parsePdfFragment(fragment);
  if (!where) return { ok: false, problem: `"${fragment}" is neither page=N nor an outline section id.` };
  if ('page' in where) {
    if (outline && where.page > outline.pages) return { ok: false, problem: `The PDF has ${outline.pages} page${outline.pages === 1 ? '' : 's'}; there is no page ${where.page}.` };
    return { ok: true, target: where, page: where.page, title: `page ${where.page}` };
  }
  if (!outline) return { ok: true, target: where };
  const s = outline.sections.find((x) => x.id === where.section);
  if (!s) return { ok: false, problem: `The PDF's outline has no section "${where.section}".` };
  return { ok: true, target: where, ...(s.page !== undefined ? { page: s.page } : {}), title: s.title };
}

/** The cache key of a file's outline: it is parsed again only when the file's size or modification time changes. */
export function outlineCacheKey(uri: string, mtime: number, size: number): string {
  return `${uri}\u0000${mtime}\u0000${size}`;
}

/**
 * The `detect:` rules of a paper that name a PDF place its PDF lacks (an outline id not in the outline, a
 * page past the end), as problems on their lines. Rules naming a heading of the paper are not looked at.
 */
export function pdfRuleProblems(
  rules: readonly { section: string; line: number }[],
  headingIds: readonly string[],
  outline: { pages: number; sections: readonly OutlineSection[] },
): { line: number; message: string }[] {
  const headings = new Set(headingIds);
  const out: { line: number; message: string }[] = [];
  for (const r of rules) {
    if (headings.has(r.section)) continue;
    const place = resolvePdfPlace(r.section, outline);
    if (!place.ok) out.push({ line: r.line, message: `"section: ${r.section}": ${place.problem}` });
  }
  return out;
}
