/**
 * Lowercase, accents dropped, and hyphens, underscores, slashes and punctuation read as spaces, so
 * "load-balancing", "load_balancing" and "Load balancing" are the same words.
 */
export function normalizeForMatch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s\-‐‑–—_/\\·›:;,.!?()[\]{}"'’“”`*#]+/g, ' ')
    .trim();
}

/** The words of a query after {@link normalizeForMatch}. */
export function queryWords(query: string): string[] {
  return normalizeForMatch(query).split(' ').filter(Boolean);
}

/** True when every word of `query` starts a word of `text` (an empty query matches everything). */
export function matchesWords(text: string, query: string): boolean {
  const hay = ` ${normalizeForMatch(text)}`;
  return queryWords(query).every((w) => hay.includes(` ${w}`));
}
