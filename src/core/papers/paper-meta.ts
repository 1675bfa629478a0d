import { type PaperMeta, TECHNIQUES } from './paper';

/** Result of validating front matter: the typed metadata, or every problem found, each a readable sentence. */
export type MetaResult = { ok: true; meta: PaperMeta } | { ok: false; errors: string[] };

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** New-style (`2401.04088`) and old-style (`hep-th/9901001`) arXiv ids, optionally with a version. */
const ARXIV = /^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?$/;
const PUBLISHED = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const DOI = /^10\.\d{4,9}\/\S+$/;
const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i;
const TAG = /^[^\s#,][^\s,]{0,63}$/;
const BIBTEX = /^@[A-Za-z]+\s*[{(]/;
const MAX_BIBTEX = 20_000;
const MAX_PATH = 4096;

/**
 * Validates the YAML front matter of a paper summary. Unknown techniques are errors, so a typo cannot
 * silently switch off a code lens; topics are free tags (one word each). `month` may be left out when
 * `published` has one, and may be unknown (0) for a paper whose `year` or `published` gives only the year.
 */
export function parsePaperMeta(data: unknown, fallbackId?: string): MetaResult {
  const errors: string[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, errors: ['front matter is missing or is not a YAML mapping'] };
  }
  const d = data as Record<string, unknown>;

  const str = (key: string, required = true): string => {
    const v = d[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number') return String(v);
    if (required) errors.push(`"${key}" must be a non-empty string`);
    return '';
  };
  const list = (key: string, allowed?: readonly string[]): string[] => {
    const v = d[key];
    if (v === undefined || v === null) return [];
    const items = Array.isArray(v) ? v : [v];
    const out: string[] = [];
    for (const item of items) {
      if (typeof item !== 'string' || !item.trim()) {
        errors.push(`"${key}" must be a list of strings`);
        continue;
      }
      if (allowed && !allowed.includes(item)) errors.push(`"${key}" has unknown value "${item}" (known: ${allowed.join(', ')})`);
      else out.push(item.trim());
    }
    return out;
  };

  const id = str('id', !fallbackId) || fallbackId || '';
  if (id && !ID.test(id)) errors.push(`"id" must be lowercase letters, digits and hyphens, got "${id}"`);
  const title = str('title');
  let arxiv = str('arxiv', false);
  let arxivVersion: number | undefined;
  const arxivMatch = ARXIV.exec(arxiv);
  if (arxiv && !arxivMatch) errors.push(`"arxiv" must look like 2401.04088 (or 2401.04088v2), got "${arxiv}"`);
  else if (arxivMatch) {
    arxiv = arxivMatch[1];
    if (arxivMatch[2]) arxivVersion = Number(arxivMatch[2]);
  }
  if (d.arxivVersion !== undefined) {
    const v = d.arxivVersion;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v < 1000) arxivVersion = v;
    else errors.push('"arxivVersion" must be a whole number from 1');
  }
  const published = d.published instanceof Date ? d.published.toISOString().slice(0, 10) : str('published', false);
  if (published && !PUBLISHED.test(published)) errors.push(`"published" must be YYYY, YYYY-MM or YYYY-MM-DD, got "${published}"`);
  let year: number | undefined = published && PUBLISHED.test(published) ? Number(published.slice(0, 4)) : undefined;
  if (d.year !== undefined && d.year !== null) {
    const y = typeof d.year === 'string' && /^\d{4}$/.test(d.year.trim()) ? Number(d.year) : d.year;
    if (typeof y !== 'number' || !Number.isInteger(y) || y < 1000 || y > 9999) errors.push('"year" must be a four-digit year');
    else if (year !== undefined && y !== year) errors.push(`"year" ${y} does not match "published" ${published}`);
    else year = y;
  }
  let month = typeof d.month === 'number' ? d.month : Number.NaN;
  if (d.month === undefined) month = published.length >= 7 ? Number(published.slice(5, 7)) : year !== undefined ? 0 : Number.NaN;
  if (!Number.isInteger(month) || month < 0 || month > 12 || (month === 0 && d.month !== undefined)) {
    errors.push('"month" must be a whole number from 1 to 12');
  }

  const pdf = typeof d.pdf === 'string' ? d.pdf.trim() : d.pdf;
  if (pdf !== undefined && pdf !== null && (typeof pdf !== 'string' || !pdf || pdf.length > MAX_PATH || pdf.includes('\0'))) {
    errors.push('"pdf" must be the path of a PDF file');
  }
  let doi = str('doi', false).replace(DOI_PREFIX, '');
  if (doi && !DOI.test(doi)) errors.push(`"doi" must look like 10.1234/abc, got "${doi}"`);
  const bibtex = typeof d.bibtex === 'string' ? d.bibtex.trim() : d.bibtex;
  if (bibtex !== undefined && bibtex !== null && (typeof bibtex !== 'string' || !BIBTEX.test(bibtex) || bibtex.length > MAX_BIBTEX)) {
    errors.push('"bibtex" must be one BibTeX entry such as @article{key, …} (at most 20,000 characters)');
  }
  const topics = list('topics');
  for (const t of topics) if (!TAG.test(t)) errors.push(`"topics" are one-word tags, got "${t}"`);
  if (doi) doi = doi.trim();

  const meta: PaperMeta = {
    id,
    title,
    shortTitle: str('shortTitle', false) || title,
    authors: list('authors'),
    organization: str('organization', false),
    arxiv,
    published,
    month,
    topics: topics.filter((t) => TAG.test(t)),
    techniques: list('techniques', TECHNIQUES),
    related: list('related'),
    gist: str('gist', false),
  };
  // Optional fields are left out when absent, so bundled metadata stays as it was.
  if (year !== undefined) meta.year = year;
  if (typeof pdf === 'string' && pdf) meta.pdf = pdf;
  if (doi) meta.doi = doi;
  if (typeof bibtex === 'string' && bibtex) meta.bibtex = bibtex;
  if (arxivVersion !== undefined) meta.arxivVersion = arxivVersion;
  return errors.length ? { ok: false, errors } : { ok: true, meta };
}
