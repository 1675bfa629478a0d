/**
 * Which paper a PDF belongs to: the one whose front matter `pdf:` points at it, else a paper id made from
 * the file name, so every PDF has exactly one notes file. Paths are plain strings with `/` separators
 * (URI paths), so this works the same for local, remote and web workspaces.
 */
import { PAPER_ID } from '../notes/model';

/** A paper that names its PDF. */
export interface PaperWithPdf {
  id: string;
  /** The front-matter value: relative to a workspace folder, or absolute. */
  pdf: string;
}

/** Joins and normalizes `/`-separated path segments (`.` and `..` resolved, no trailing slash). */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

/**
 * The absolute paths a front-matter `pdf:` value can mean: itself when absolute (a Windows drive path is
 * taken as `/c:/…`, as URI paths write it), else one per workspace folder.
 */
export function pdfCandidates(pdf: string, workspaceFolders: readonly string[]): string[] {
  const value = pdf.trim().replace(/\\/g, '/');
  if (!value) return [];
  if (/^[A-Za-z]:\//.test(value)) return [normalizePath(`/${value[0].toLowerCase()}${value.slice(1)}`)];
  if (value.startsWith('/')) return [normalizePath(value)];
  return workspaceFolders.map((f) => normalizePath(`${f}/${value}`));
}

/** Case-insensitive on drive letters only: `/C:/x` and `/c:/x` are one file. */
function samePath(a: string, b: string): boolean {
  const fix = (p: string): string => p.replace(/^\/([A-Za-z]):/, (_, d: string) => `/${d.toLowerCase()}:`);
  return fix(normalizePath(a)) === fix(normalizePath(b));
}

/** The paper whose `pdf:` resolves to `pdfPath`, or `undefined`. */
export function paperForPdf(pdfPath: string, papers: readonly PaperWithPdf[], workspaceFolders: readonly string[]): string | undefined {
  for (const p of papers) if (pdfCandidates(p.pdf, workspaceFolders).some((c) => samePath(c, pdfPath))) return p.id;
  return undefined;
}

/**
 * A paper id from a PDF's file name: `Attention Is All You Need (v2).pdf` → `attention-is-all-you-need-v2`.
 * Always a valid id ({@link PAPER_ID}); `pdf` when nothing usable is left.
 */
export function paperIdFromPdfName(fileName: string): string {
  const base = fileName.replace(/\\/g, '/').split('/').pop() ?? '';
  const stem = base.replace(/\.pdf$/i, '');
  const slug = stem
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return PAPER_ID.test(slug) ? slug : 'pdf';
}
