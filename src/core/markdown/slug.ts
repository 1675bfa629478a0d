import { slug } from 'github-slugger';

/**
 * The heading id GitHub would give `text` (github-slugger): lowercased, punctuation dropped, each space a
 * hyphen, letters of every script kept (`注意力机制`, `ελληνικά`, `thérien`). The only slug function of
 * Paper Lens; bundled summaries pin their ids with `{#id}`, so this only names headings without one.
 */
export function slugify(text: string): string {
  return slug(text.trim());
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
