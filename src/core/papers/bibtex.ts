import type { PaperMeta } from './paper';

const LATEX_SPECIALS = /[\\{}%&$#_^~]/g;

/** Escapes text for a BibTeX field in braces. */
function escapeField(text: string): string {
  return text.replace(LATEX_SPECIALS, (c) => (c === '\\' ? '\\textbackslash{}' : c === '~' ? '\\textasciitilde{}' : c === '^' ? '\\textasciicircum{}' : `\\${c}`));
}

/** `liu2024dora`: first author's family name, year and first significant title word, ASCII only. */
export function bibtexKey(meta: PaperMeta): string {
  const ascii = (s: string): string => s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const first = meta.authors.find((a) => a !== 'others') ?? meta.organization ?? meta.id;
  const family = ascii(first.trim().split(/\s+/).pop() ?? '') || 'anon';
  const year = meta.published.slice(0, 4) || '';
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
    ['year', meta.published.slice(0, 4)],
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
