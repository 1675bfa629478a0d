/**
 * GitHub-style slug: lowercase, punctuation dropped, spaces to hyphens.
 * Stable for a given title, so it is only the fallback: summaries pin ids with `{#id}`.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Hands out slugs that are unique within one document (`x`, `x-1`, `x-2`, …). */
export class SlugRegistry {
  private readonly _seen = new Map<string, number>();

  unique(base: string): string {
    const root = base || 'section';
    let n = this._seen.get(root);
    if (n === undefined) {
      this._seen.set(root, 0);
      return root;
    }
    let candidate: string;
    do {
      n += 1;
      candidate = `${root}-${n}`;
    } while (this._seen.has(candidate));
    this._seen.set(root, n);
    this._seen.set(candidate, 0);
    return candidate;
  }
}

/** Matches a trailing explicit heading id such as `Routing {#routing}`. */
export const EXPLICIT_ID = /\s*\{#([a-z0-9][a-z0-9-]{0,63})\}\s*$/;
