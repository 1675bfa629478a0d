import MiniSearch from 'minisearch';
import type { CompiledPaper } from '../papers/paper';

/** One ranked hit: a section of a paper with the passage that matched. */
export interface SearchHit {
  paperId: string;
  paperTitle: string;
  sectionId: string;
  sectionTitle: string;
  score: number;
  /** About 160 characters of the section around the first matching term, on one line. */
  snippet: string;
  /** The words of the section that matched (as they appear in the text), for highlighting. */
  terms: string[];
  /** Set when the hit is one of the user's notes rather than summary text. */
  annotationId?: string;
}

/** A user's note, searchable next to the summaries. */
export interface NoteDoc {
  paperId: string;
  paperTitle: string;
  annotationId: string;
  sectionId?: string;
  /** The quoted passage and the note body. */
  text: string;
  /** What the result list calls it; default "Your note". */
  label?: string;
}

interface SectionDoc {
  id: string;
  paperId: string;
  paperTitle: string;
  sectionId: string;
  sectionTitle: string;
  text: string;
  annotationId?: string;
}

/** Splits on anything that is not a letter or digit, but keeps hyphenated words whole as well as split. */
function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu)) {
    out.push(m[0]);
    if (m[0].includes('-')) out.push(...m[0].split('-'));
  }
  return out;
}

/**
 * Full-text search over every section of every paper, ranked with MiniSearch (BM25 with prefix and fuzzy
 * matching). Title matches weigh more than body text.
 */
export class PaperSearch {
  private readonly _index = new MiniSearch<SectionDoc>({
    fields: ['paperTitle', 'sectionTitle', 'text'],
    storeFields: ['paperId', 'paperTitle', 'sectionId', 'sectionTitle', 'text', 'annotationId'],
    tokenize,
    processTerm: (term) => term.toLowerCase().replace(/[’']/g, ''),
    searchOptions: { boost: { paperTitle: 2, sectionTitle: 3 }, prefix: true, fuzzy: (term) => (term.length > 4 ? 0.2 : 0), combineWith: 'AND' },
  });

  constructor(papers: readonly CompiledPaper[], notes: readonly NoteDoc[] = []) {
    const docs: SectionDoc[] = notes.map((n) => ({
      id: `note:${n.paperId}:${n.annotationId}`, paperId: n.paperId, paperTitle: n.paperTitle, sectionId: n.sectionId ?? '',
      sectionTitle: n.label ?? 'Your note', text: n.text, annotationId: n.annotationId || undefined,
    }));
    for (const p of papers) {
      for (const s of p.sections) {
        docs.push({ id: `${p.meta.id}#${s.id}`, paperId: p.meta.id, paperTitle: p.meta.shortTitle, sectionId: s.id, sectionTitle: s.title, text: s.text });
      }
    }
    this._index.addAll(docs);
  }

  /** Ranked hits for a query; an empty or blank query returns nothing. */
  search(query: string, limit = 50): SearchHit[] {
    if (!query.trim()) return [];
    return this._index.search(query).slice(0, limit).map((r) => {
      const text = String(r.text ?? '');
      const terms = r.terms as string[];
      return {
        paperId: String(r.paperId),
        paperTitle: String(r.paperTitle),
        sectionId: String(r.sectionId),
        sectionTitle: String(r.sectionTitle),
        score: r.score,
        snippet: snippetAround(text, terms, query),
        terms: matchedWords(text, highlightStems(query)),
        ...(r.annotationId ? { annotationId: String(r.annotationId) } : {}),
      };
    });
  }
}

/** What to mark for a query: its words of 3+ letters (prefix search would mark every "re…" for "re-warming"). */
function highlightStems(query: string): string[] {
  return tokenize(query).map((t) => t.toLowerCase()).filter((t) => t.length >= 3);
}

/** The words in `text` that start with one of the (lowercase) stems, as written in the text. */
function matchedWords(text: string, terms: readonly string[]): string[] {
  const found = new Set<string>();
  for (const word of tokenize(text)) {
    const lower = word.toLowerCase();
    if (terms.some((t) => lower.startsWith(t))) found.add(word);
    if (found.size >= 8) break;
  }
  return [...found];
}

/** A one-line window of `text` around the query as typed, else around the longest matched term. */
export function snippetAround(text: string, terms: readonly string[], query = '', width = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const lower = flat.toLowerCase();
  // The longest matched term is the most telling one ("re-warming" over "re").
  let at = -1;
  for (const t of [query.trim(), ...[...terms].sort((a, b) => b.length - a.length)].filter(Boolean)) {
    at = lower.indexOf(t.toLowerCase());
    if (at >= 0) break;
  }
  if (at < 0) return flat.slice(0, width) + (flat.length > width ? '…' : '');
  const start = Math.max(0, at - Math.floor(width / 3));
  const end = Math.min(flat.length, start + width);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}
