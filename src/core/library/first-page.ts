/** A run of text on a page as pdf.js reports it: its string, baseline origin (PDF points, y up) and font size. */
export interface FirstPageItem {
  text: string;
  x: number;
  y: number;
  size: number;
}

/** What the first page suggests; empty strings where it suggests nothing. */
export interface FirstPageGuess {
  title: string;
  authors: string;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

/** Lines below this share of the page from the top are body text, not a title block. */
const TOP_SHARE = 0.55;
const MAX_TITLE_LINES = 4;
const MAX_AUTHOR_LINES = 3;
/** Words that start what follows the author block. */
const AFTER_AUTHORS = /^(abstract|summary|keywords|index terms|introduction|1\.?\s+introduction)\b/i;
/** Running heads, stamps and notices that are not the title even when set large. */
const NOT_TITLE = /^(arxiv:|preprint|under review|published as|proceedings of|journal of|vol\.|volume\b|doi:|https?:|www\.|©|copyright)/i;

/**
 * Guesses a paper's title and authors from the text of its first page, for a PDF whose metadata has none:
 * the largest-font lines in the top part of the page are the title (consecutive lines set in that size),
 * and the lines right below it, in a smaller size and before "Abstract", are the authors (affiliation
 * marks, e-mail addresses and footnote digits removed). Returns empty strings when the page has no text.
 */
export function guessFromFirstPage(items: readonly FirstPageItem[], pageHeight: number): FirstPageGuess {
  const lines = toLines(items);
  if (!lines.length) return { title: '', authors: '' };
  const top = Math.max(...lines.map((l) => l.y));
  const limit = pageHeight > 0 ? pageHeight * (1 - TOP_SHARE) : -Infinity;
  const candidates = lines.filter((l) => l.y >= Math.min(limit, top) && /\p{L}{2}/u.test(l.text) && !NOT_TITLE.test(l.text));
  if (!candidates.length) return { title: '', authors: '' };
  const biggest = Math.max(...candidates.map((l) => l.size));
  const start = lines.indexOf(candidates.find((l) => l.size >= biggest - 0.5) as Line);
  const title: Line[] = [];
  let i = start;
  for (; i < lines.length && title.length < MAX_TITLE_LINES; i++) {
    const l = lines[i];
    if (Math.abs(l.size - biggest) > 0.5) break;
    // A gap of more than about two line heights ends the title block.
    if (title.length && title[title.length - 1].y - l.y > 2.2 * biggest) break;
    title.push(l);
  }
  const authorLines: string[] = [];
  let authorSize: number | undefined;
  for (; i < lines.length && authorLines.length < MAX_AUTHOR_LINES; i++) {
    const l = lines[i];
    if (AFTER_AUTHORS.test(l.text) || l.size >= biggest - 0.5) break;
    authorSize ??= l.size;
    // Affiliations are usually set smaller than the names; a different size ends the block.
    if (Math.abs(l.size - authorSize) > 0.6) break;
    const cleaned = cleanAuthors(l.text);
    if (!cleaned) break;
    authorLines.push(cleaned);
  }
  return { title: tidy(title.map((l) => l.text).join(' ').replace(/-\s+(?=\p{Ll})/gu, '')), authors: tidy(authorLines.join(', ')) };
}

/** Items on one baseline (within a third of their size) and in one size joined left to right, top line first. */
function toLines(items: readonly FirstPageItem[]): Line[] {
  const usable = items.filter((it) => it.text.trim() && Number.isFinite(it.x) && Number.isFinite(it.y) && it.size > 0);
  const sorted = [...usable].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { y: number; size: number; parts: FirstPageItem[] }[] = [];
  for (const it of sorted) {
    const line = lines.find((l) => Math.abs(l.y - it.y) <= Math.max(l.size, it.size) / 3 && Math.abs(l.size - it.size) <= Math.max(1, l.size * 0.25));
    if (line) {
      line.parts.push(it);
      line.size = Math.max(line.size, it.size);
    } else lines.push({ y: it.y, size: it.size, parts: [it] });
  }
  return lines
    .sort((a, b) => b.y - a.y)
    .map((l) => ({ y: l.y, size: Math.round(l.size * 10) / 10, text: tidy(l.parts.sort((a, b) => a.x - b.x).map((p) => p.text).join(' ')) }))
    .filter((l) => l.text);
}

function cleanAuthors(text: string): string {
  return text
    .replace(/\S+@\S+/g, '')
    // A mark after a name followed by another name is where one author ends ("Ada Fixture1 Bo Tester2").
    .replace(/(\p{L})[\d*†‡§¶]+(?:\s*,\s*[\d*†‡§¶]+)*\s+(?=\p{Lu})/gu, '$1, ')
    .replace(/[*†‡§¶#]+/g, '')
    // Affiliation digits glued to a name ("Ada Fixture1,2").
    .replace(/(\p{L})\d+(?:\s*,\s*\d+)*/gu, '$1')
    .replace(/\s*,\s*(,\s*)+/g, ', ')
    .replace(/^[\s,]+|[\s,]+$/g, '');
}

function tidy(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 500);
}
