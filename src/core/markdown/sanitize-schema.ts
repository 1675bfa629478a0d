import { defaultSchema } from 'hast-util-sanitize';
import type { Schema } from 'hast-util-sanitize';

/** Prefix the sanitizer puts on every `id`, so Markdown can never clobber globals in the webview. */
export const ID_PREFIX = 'pl-';

/**
 * GitHub's sanitizer schema, plus the classes remark-math puts on math so KaTeX (which runs after the
 * sanitizer and produces trusted markup) can find it. Nothing else is widened.
 */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  clobberPrefix: ID_PREFIX,
  attributes: {
    ...defaultSchema.attributes,
    code: [['className', /^language-./, 'math-inline', 'math-display']],
    div: [...(defaultSchema.attributes?.div ?? []), ['className', 'math', 'math-display']],
    span: [...(defaultSchema.attributes?.span ?? []), ['className', 'math', 'math-inline']],
  },
};
