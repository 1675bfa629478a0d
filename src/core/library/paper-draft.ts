import type { ArxivEntry } from './arxiv-atom';
import { parseArxivId, recognizePaperInput } from './identifiers';

/** A paper about to be added, from whichever source; what the user may still correct. */
export interface PaperDraft {
  title: string;
  authors: string[];
  year?: number;
  /** 1–12 */
  month?: number;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY` */
  published?: string;
  arxiv?: string;
  arxivVersion?: number;
  doi?: string;
  abstract?: string;
  bibtex?: string;
  pdf?: string;
  topics?: string[];
}

/** The subset of CSL-JSON (doi.org content negotiation, citation-js) that a draft reads. */
export interface CslItem {
  title?: string | string[];
  author?: { given?: string; family?: string; literal?: string }[];
  issued?: { 'date-parts'?: (number | string)[][]; raw?: string; literal?: string };
  published?: { 'date-parts'?: (number | string)[][] };
  DOI?: string;
  URL?: string;
  abstract?: string;
  number?: string;
  'container-title'?: string | string[];
  publisher?: string;
  keyword?: string;
  [key: string]: unknown;
}

/** A draft from the arXiv API: dated by version 1, so the paper sits where it first appeared. */
export function draftFromArxiv(entry: ArxivEntry): PaperDraft {
  const draft: PaperDraft = {
    title: entry.title,
    authors: entry.authors,
    year: Number(entry.published.slice(0, 4)),
    month: Number(entry.published.slice(5, 7)),
    published: entry.published,
    arxiv: entry.id,
    arxivVersion: entry.version,
    abstract: entry.abstract,
  };
  if (entry.doi) draft.doi = entry.doi;
  return draft;
}

/**
 * A draft from CSL-JSON. The arXiv id comes from an arXiv DOI, an arxiv.org URL, an `eprint` the BibTeX
 * had (passed as `eprint`), or an "arXiv:…" note in the container title.
 */
export function draftFromCsl(item: CslItem, extra: { eprint?: string; bibtex?: string } = {}): PaperDraft {
  const first = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] ?? '' : v ?? '').replace(/\s+/g, ' ').trim();
  const authors = (item.author ?? [])
    .map((a) => (a.literal ?? [a.given, a.family].filter(Boolean).join(' ')).replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const parts = (item.issued?.['date-parts'] ?? item.published?.['date-parts'])?.[0] ?? [];
  const year = Number(parts[0]);
  const month = Number(parts[1]);
  const day = Number(parts[2]);
  const draft: PaperDraft = { title: first(item.title), authors };
  if (Number.isInteger(year) && year >= 1000 && year <= 9999) {
    draft.year = year;
    if (Number.isInteger(month) && month >= 1 && month <= 12) {
      draft.month = month;
      const mm = String(month).padStart(2, '0');
      draft.published = Number.isInteger(day) && day >= 1 && day <= 31 ? `${year}-${mm}-${String(day).padStart(2, '0')}` : `${year}-${mm}`;
    } else {
      draft.published = String(year);
    }
  }
  const doi = typeof item.DOI === 'string' ? recognizePaperInput(item.DOI) : undefined;
  if (doi?.kind === 'doi') draft.doi = doi.doi;
  const arxiv =
    (extra.eprint ? parseArxivId(extra.eprint) : undefined) ??
    (doi?.kind === 'arxiv' ? doi : undefined) ??
    fromUrl(item.URL) ??
    fromNote(first(item['container-title'])) ??
    fromNote(typeof item.number === 'string' ? item.number : '');
  if (arxiv) {
    draft.arxiv = arxiv.id;
    if (arxiv.version) draft.arxivVersion = arxiv.version;
  }
  if (typeof item.abstract === 'string' && item.abstract.trim()) draft.abstract = item.abstract.replace(/<\/?jats:[^>]*>/g, '').trim();
  if (extra.bibtex) draft.bibtex = extra.bibtex;
  return draft;
}

function fromUrl(url: unknown): { id: string; version?: number } | undefined {
  if (typeof url !== 'string') return undefined;
  const r = recognizePaperInput(url);
  return r.kind === 'arxiv' ? r : undefined;
}

function fromNote(text: string): { id: string; version?: number } | undefined {
  const m = /arxiv[:\s]+(\d{4}\.\d{4,5}(?:v\d+)?)/i.exec(text);
  return m ? parseArxivId(m[1]) : undefined;
}

/** Problems that stop a draft from being saved, as sentences; empty when it can be saved. */
export function draftProblems(draft: PaperDraft): string[] {
  const problems: string[] = [];
  if (!draft.title.trim()) problems.push('it has no title');
  if (draft.year === undefined && draft.month === undefined && !draft.published) problems.push('it has no year');
  return problems;
}

/** Splits what a user typed (or a PDF's Author field) into names: by `;`, ` and `, or commas. */
export function splitAuthors(text: string): string[] {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return [];
  const parts = t.includes(';') ? t.split(';') : t.split(/,|\band\b|&/);
  return parts.map((s) => s.trim()).filter(Boolean);
}
