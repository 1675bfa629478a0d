/** What the user typed into "Add Paper…", recognized. */
export type PaperInput =
  | { kind: 'arxiv'; id: string; version?: number }
  | { kind: 'doi'; doi: string }
  | { kind: 'bibtex'; text: string }
  | { kind: 'unknown'; text: string };

const NEW_ID = String.raw`\d{4}\.\d{4,5}`;
const OLD_ID = String.raw`[a-z-]+(?:\.[A-Z]{2})?\/\d{7}`;
const ARXIV_ID = new RegExp(`^(?:arxiv:\\s*)?(${NEW_ID}|${OLD_ID})(?:v(\\d+))?$`, 'i');
const ARXIV_URL = new RegExp(
  `^(?:https?:\\/\\/)?(?:www\\.|export\\.)?arxiv\\.org\\/(?:abs|pdf|html)\\/(${NEW_ID}|${OLD_ID})(?:v(\\d+))?(?:\\.pdf)?\\/?(?:[?#].*)?$`,
  'i',
);
/** arXiv registers a DOI for every paper: `10.48550/arXiv.<id>`. */
const ARXIV_DOI = new RegExp(`^10\\.48550\\/arxiv\\.(${NEW_ID}|${OLD_ID})(?:v(\\d+))?$`, 'i');
const DOI = /^10\.\d{4,9}\/[^\s"<>]+$/;
const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.|www\.)?doi\.org\/|doi:\s*)/i;

/**
 * Recognizes an arXiv id (`2401.04088`, `2401.04088v2`, `arXiv:2401.04088`, old-style `hep-th/9901001`),
 * an arXiv abstract/PDF/HTML URL, a DOI (bare, `doi:` or a doi.org URL; arXiv's own DOIs count as arXiv
 * ids) or a BibTeX entry. Anything else is `unknown`.
 */
export function recognizePaperInput(input: string): PaperInput {
  const text = input.trim();
  if (/^@[A-Za-z]+\s*[{(]/.test(text)) return { kind: 'bibtex', text };
  const arxiv = ARXIV_ID.exec(text) ?? ARXIV_URL.exec(text);
  if (arxiv) return arxivResult(arxiv);
  const doi = decodeDoi(text.replace(DOI_PREFIX, ''));
  if (doi && DOI.test(doi)) {
    const fromArxiv = ARXIV_DOI.exec(doi);
    if (fromArxiv) return arxivResult(fromArxiv);
    return { kind: 'doi', doi };
  }
  return { kind: 'unknown', text };
}

/** Splits `2401.04088v2` into id and version; `undefined` when it is not an arXiv id. */
export function parseArxivId(text: string): { id: string; version?: number } | undefined {
  const m = ARXIV_ID.exec(text.trim());
  return m ? arxivResult(m) : undefined;
}

function arxivResult(m: RegExpExecArray): { kind: 'arxiv'; id: string; version?: number } {
  // Old-style archive names are lowercase; the subject class after the dot stays as arXiv writes it.
  const id = m[1].includes('/') ? m[1].replace(/^[^./]+/, (a) => a.toLowerCase()) : m[1];
  return m[2] ? { kind: 'arxiv', id, version: Number(m[2]) } : { kind: 'arxiv', id };
}

function decodeDoi(text: string): string | undefined {
  try {
    return decodeURIComponent(text).replace(/[.,;]+$/, '');
  } catch {
    return undefined;
  }
}

/** A paper id (and file name) from an arXiv id, DOI or title words: lowercase, digits and hyphens. */
export function paperIdFrom(parts: { family?: string; year?: number; title?: string; arxiv?: string; doi?: string }): string {
  const ascii = (s: string): string => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  const stop = new Set(['a', 'an', 'the', 'is', 'of', 'on', 'for', 'and', 'to', 'in', 'with', 'from']);
  const word = (parts.title ?? '').split(/[\s:–—-]+/).map(ascii).find((w) => w && !stop.has(w));
  const family = parts.family ? ascii(parts.family).split('-').pop() : undefined;
  const pieces = [family, parts.year ? String(parts.year) : undefined, word].filter(Boolean) as string[];
  let id = pieces.length >= 2 ? pieces.join('-') : '';
  if (!id && parts.arxiv) id = `arxiv-${ascii(parts.arxiv)}`;
  if (!id && parts.doi) id = `doi-${ascii(parts.doi)}`;
  if (!id) id = pieces.join('-') || 'paper';
  return id.slice(0, 56).replace(/-+$/, '') || 'paper';
}

/** `id`, or `id-2`, `id-3`, … : the first that `taken` does not hold. */
export function uniqueId(id: string, taken: (candidate: string) => boolean): string {
  if (!taken(id)) return id;
  for (let n = 2; ; n++) if (!taken(`${id}-${n}`)) return `${id}-${n}`;
}
