import { type PaperMeta, TECHNIQUES, TOPICS } from './paper';

/** Result of validating front matter: the typed metadata, or every problem found, each a readable sentence. */
export type MetaResult = { ok: true; meta: PaperMeta } | { ok: false; errors: string[] };

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ARXIV = /^\d{4}\.\d{4,5}$/;
const PUBLISHED = /^\d{4}-\d{2}(-\d{2})?$/;

/**
 * Validates the YAML front matter of a paper summary. Unknown topics or techniques are errors, so a typo
 * cannot silently drop a paper from a group.
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
  const arxiv = str('arxiv', false);
  if (arxiv && !ARXIV.test(arxiv)) errors.push(`"arxiv" must look like 2401.04088, got "${arxiv}"`);
  const published = d.published instanceof Date ? d.published.toISOString().slice(0, 10) : str('published', false);
  if (published && !PUBLISHED.test(published)) errors.push(`"published" must be YYYY-MM or YYYY-MM-DD, got "${published}"`);
  let month = typeof d.month === 'number' ? d.month : Number.NaN;
  if (d.month === undefined && published) month = Number(published.slice(5, 7));
  if (!Number.isInteger(month) || month < 1 || month > 12) errors.push('"month" must be a whole number from 1 to 12');

  const meta: PaperMeta = {
    id,
    title,
    shortTitle: str('shortTitle', false) || title,
    authors: list('authors'),
    organization: str('organization', false),
    arxiv,
    published,
    month,
    topics: list('topics', TOPICS),
    techniques: list('techniques', TECHNIQUES),
    related: list('related'),
    gist: str('gist', false),
  };
  const pdf = str('pdf', false);
  if (pdf) meta.pdf = pdf;
  return errors.length ? { ok: false, errors } : { ok: true, meta };
}
