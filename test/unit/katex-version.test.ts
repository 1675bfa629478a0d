import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMarkdown } from '../../src/core/markdown/pipeline';
// @ts-expect-error: the build script is plain JavaScript
import { katexDist } from '../../esbuild.mjs';

const root = join(__dirname, '../..');
/** The KaTeX the Markdown pipeline renders with: the one rehype-katex imports. */
const renderer = createRequire(createRequire(join(root, 'package.json')).resolve('rehype-katex'));

describe('KaTeX stylesheet and renderer', () => {
  it('the stylesheet the build ships comes from the KaTeX that renders', () => {
    const rendering = renderer('katex/package.json') as { version: string };
    const dist = katexDist() as string;
    const shipped = JSON.parse(readFileSync(join(dirname(dist), 'package.json'), 'utf8')) as { version: string };
    expect(shipped.version).toBe(rendering.version);
    expect((renderer('katex') as { version: string }).version).toBe(rendering.version);
    const built = join(root, 'dist/summary/katex/katex.min.css');
    if (existsSync(built)) expect(readFileSync(built, 'utf8')).toBe(readFileSync(join(dist, 'katex.min.css'), 'utf8'));
  });

  it('every size class in rendered, sanitized math has a rule in the shipped stylesheet', () => {
    const css = readFileSync(join(katexDist() as string, 'katex.min.css'), 'utf8');
    // Sub/superscripts (W_0, B_{init}, R^{d×r}) and \tfrac are where a missing rule shows: full-size scripts.
    const { html } = compileMarkdown('$W_0$, $B_{init}=0$, $\\mathbb{R}^{d\\times r}$ and $\\tfrac{\\alpha}{r}$');
    const sized = [...html.matchAll(/class="([^"]*\breset-size\d+[^"]*)"/g)].map((m) => m[1].split(/\s+/));
    expect(sized.length).toBeGreaterThan(3);
    for (const classes of sized) {
      const kind = classes.find((c) => c === 'sizing' || c === 'fontsize-ensurer');
      const reset = classes.find((c) => c.startsWith('reset-size'));
      const size = classes.find((c) => /^size\d+$/.test(c));
      expect(kind, classes.join(' ')).toBeDefined();
      const selector = new RegExp(`[\\s,]\\.${kind}\\.${reset}\\.${size}\\s*[,{]`);
      expect(selector.test(css), `a rule for .${kind}.${reset}.${size}`).toBe(true);
    }
  });
});
