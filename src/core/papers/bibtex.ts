import type { PaperMeta } from './paper';

const LATEX_SPECIALS = /[\\{}%&$#_^~]/g;

/** Escapes text for a BibTeX field in braces. */
function escapeField(text: string): string {
  return text.replace(LATEX_SPECIALS, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`));
}

/**
 * The year of a paper: from `published`, else from a new-style arXiv id (`2401.00001` → 2024), else
 * undefined. User papers often leave `published` out.
 */
export function paperYear(meta: Pick<PaperMeta, 'published' | 'arxiv'>): string | undefined {
  const published = /^\d{4}/.exec(meta.published ?? '')?.[0];
  if (published) return published;
  const arxiv = /^(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$/.exec(meta.arxiv ?? '');
  return arxiv && Number(arxiv[2]) >= 1 && Number(arxiv[2]) <= 12 ? `20${arxiv[1]}` : undefined;
}

/**
 * `liu2024dora`: first author's family name, year and first significant title word, ASCII only. A paper
 * with no known year gets `nd` ("no date") in its place, so every key has the same shape.
 */
export function bibtexKey(meta: PaperMeta): string {
  const ascii = (s: string): string => s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const first = meta.authors.find((a) => a !== 'others') ?? meta.organization ?? meta.id;
  const family = ascii(first.trim().split(/\s+/).pop() ?? '') || 'anon';
  const year = paperYear(meta) ?? 'nd';
  const stop = new Set(['a', 'an', 'the', 'is', 'of', 'on', 'for', 'and', 'to', 'in']);
  const word = meta.title.split(/[\s:–-]+/).map(ascii).find((w) => w && !stop.has(w)) ?? '';
  return `${family}${year}${word}`;
}

/** A BibTeX `@misc` entry for an arXiv paper, the form arXiv itself exports. */
export function toBibtex(meta: PaperMeta): string {
  const authors = meta.authors.length ? meta.authors.map(escapeField).join(' and ') : escapeField(meta.organization || 'Unknown');
  const fields: [string, string][] = [
    ['title', `{${escapeField(meta.title)}}`],
    ['author', authors],
    ['year', paperYear(meta) ?? ''],
  ];
  if (meta.arxiv) {
    fields.push(['eprint', meta.arxiv], ['archivePrefix', 'arXiv'], ['url', `https://arxiv.org/abs/${meta.arxiv}`]);
  }
  const body = fields.filter(([, v]) => v).map(([k, v]) => `  ${k} = {${v}}`).join(',\n');
  return `@misc{${bibtexKey(meta)},\n${body}\n}`;
}

/** The arXiv abstract page of a paper, or undefined when it has no arXiv id. */
export function arxivUrl(meta: Pick<PaperMeta, 'arxiv'>): string | undefined {
  return meta.arxiv ? `https://arxiv.org/abs/${meta.arxiv}` : undefined;
}
