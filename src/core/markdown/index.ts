/**
 * The Markdown pipeline with a content cache; part of the lazily loaded bundle (`dist/lazy.js`), which the extension requires on first
 * use only, so remark and KaTeX never load at activation.
 */
import { compileMarkdown, compilePaper } from './pipeline';
import { ContentCache } from './markdown-cache';

export { compileMarkdown, compilePaper, MAX_MARKDOWN_BYTES } from './pipeline';
export type { CompiledMarkdown } from './pipeline';

const paperCache = new ContentCache<ReturnType<typeof compilePaper>>(64);
const markdownCache = new ContentCache<ReturnType<typeof compileMarkdown>>(64);

/** {@link compilePaper}, cached by content. */
export function compilePaperCached(text: string, fallbackId?: string): ReturnType<typeof compilePaper> {
  return paperCache.get(`${fallbackId ?? ''}\u0000${text}`, (key) => compilePaper(key.slice(key.indexOf('\u0000') + 1), fallbackId));
}

/** {@link compileMarkdown}, cached by content. */
export function compileMarkdownCached(text: string): ReturnType<typeof compileMarkdown> {
  return markdownCache.get(text, compileMarkdown);
}
