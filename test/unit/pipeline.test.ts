import { describe, expect, it } from 'vitest';
import { compileMarkdown, compilePaper, MAX_MARKDOWN_BYTES } from '../../src/core/markdown/pipeline';
import { compileMarkdownCached } from '../../src/core/markdown/index';
import { slugify, SlugRegistry } from '../../src/core/markdown/slug';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFromWebview, parseToWebview } from '../../src/shared/messages';

const paper = (fm: string, body = '## Intro {#intro}\n\nText.') => `---\n${fm}\n---\n\n${body}\n`;

describe('compileMarkdown sections', () => {
  it('uses explicit {#id} ids, strips them from the title, and slugs the rest uniquely', () => {
    const md = compileMarkdown('## The sparse layer {#sparse-moe-layer}\n\nA.\n\n### Results\n\nB.\n\n## Results\n\nC.\n');
    expect(md.sections.map((s) => [s.id, s.title, s.depth])).toEqual([
      ['sparse-moe-layer', 'The sparse layer', 2],
      ['results', 'Results', 3],
      ['results-1', 'Results', 2],
    ]);
    expect(md.html).toContain('<h2 id="pl-sparse-moe-layer">The sparse layer</h2>');
    expect(md.html).not.toContain('{#');
  });

  it('gives each section the plain text up to the next heading and its source line', () => {
    const md = compileMarkdown('Intro text.\n\n## One\n\nAlpha **bold** `code`.\n\n- item\n\n## Two\n\nBeta.\n');
    expect(md.sections[0]).toMatchObject({ id: 'one', line: 3 });
    expect(md.sections[0].text).toBe('Alpha bold code.\nitem');
    expect(md.sections[1].text).toBe('Beta.');
  });
});

describe('compileMarkdown HTML', () => {
  it('renders math with KaTeX and GFM tables', () => {
    const md = compileMarkdown('Inline $\\alpha/r$ and\n\n$$\nW = m \\frac{V}{\\lVert V \\rVert_c}\n$$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n');
    expect(md.html).toMatch(/<span class="katex">/);
    expect(md.html).toMatch(/class="katex-display"/);
    expect(md.html).toContain('<table>');
    expect(md.html).not.toContain('$$');
  });

  it.each([
    ['script tag', '<script>alert(1)</script>', /<script/i],
    ['event handler', '<img src="x" onerror="alert(1)">', /onerror/i],
    ['javascript: link', '[click](javascript:alert(1))', /javascript:/i],
    ['iframe', '<iframe src="https://example.com"></iframe>', /<iframe/i],
    ['style attribute', '<p style="position:fixed;inset:0">x</p>', /position:fixed/i],
    ['svg with script', '<svg><script>alert(1)</script></svg>', /<svg|<script/i],
    ['KaTeX \\href', '$\\href{javascript:alert(1)}{x}$', /href="javascript/i],
  ])('removes hostile input: %s', (_name, input, forbidden) => {
    expect(compileMarkdown(input).html).not.toMatch(forbidden);
  });

  it('prefixes ids so Markdown cannot clobber globals in the webview', () => {
    const md = compileMarkdown('<a id="acquireVsCodeApi" name="document">x</a>\n\n## document\n');
    expect(md.html).not.toMatch(/id="(acquireVsCodeApi|document)"/);
    expect(md.html).toContain('id="pl-document"');
  });

  it('keeps a math syntax error visible instead of throwing', () => {
    expect(compileMarkdown('$\\frac{1}{$').html).toMatch(/katex-error|\\frac/);
  });

  it('refuses input over the size limit with a readable error', () => {
    expect(() => compileMarkdown('x'.repeat(MAX_MARKDOWN_BYTES + 1))).toThrow(/limit/);
  });

  it('caches by content', () => {
    const a = compileMarkdownCached('## Cached\n');
    expect(compileMarkdownCached('## Cached\n')).toBe(a);
    expect(compileMarkdownCached('## Other\n')).not.toBe(a);
  });
});

describe('compilePaper', () => {
  it('validates and returns the front matter as metadata', () => {
    const r = compilePaper(paper('id: my-paper\ntitle: My Paper\nauthors: [A, B]\narxiv: "2401.04088"\npublished: "2024-01-08"\nmonth: 1\ntopics: [data]'));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.paper.meta).toMatchObject({ id: 'my-paper', title: 'My Paper', shortTitle: 'My Paper', authors: ['A', 'B'], month: 1 });
      expect(r.paper.sections[0].id).toBe('intro');
    }
  });

  it('reports broken YAML, missing fields and malformed topics as messages', () => {
    const yaml = compilePaper(paper('title: [unclosed'));
    expect(yaml.ok).toBe(false);
    if (!yaml.ok) expect(yaml.errors[0]).toMatch(/not valid YAML/);
    const missing = compilePaper(paper('id: x\nmonth: 13\ntopics: [two words]'));
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.errors.join('\n')).toMatch(/"title" must be/);
      expect(missing.errors.join('\n')).toMatch(/"month" must be/);
      expect(missing.errors.join('\n')).toMatch(/one-word tags, got "two words"/);
    }
    const none = compilePaper('## No front matter\n');
    expect(none.ok).toBe(false);
  });

  it('takes the id from the file name when the front matter has none', () => {
    const r = compilePaper(paper('title: T\nmonth: 2'), 'from-file');
    expect(r.ok && r.paper.meta.id).toBe('from-file');
  });

  it('survives binary-looking and bracket-heavy input', () => {
    expect(() => compileMarkdown('\u0000\u0001\uFFFD'.repeat(1000))).not.toThrow();
    expect(() => compileMarkdown('['.repeat(20000))).not.toThrow();
  });

  it('reports input nested too deeply as a message, not a crash', () => {
    const deep = `---\ntitle: Deep\nmonth: 1\n---\n${'>'.repeat(5000)} deep`;
    expect(() => compileMarkdown(deep)).toThrow(/nested too deeply/);
    const r = compilePaper(deep, 'deep');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/nested too deeply/);
  });
});

describe('slugs', () => {
  it('slugify gives the ids GitHub gives: punctuation dropped, every script kept', () => {
    expect(slugify('Re-warming & re-decaying the LR!')).toBe('re-warming--re-decaying-the-lr');
    expect(slugify('Thérien')).toBe('thérien');
    expect(slugify('注意力机制 Attention')).toBe('注意力机制-attention');
    expect(slugify('Ελληνικά: μέθοδος')).toBe('ελληνικά-μέθοδος');
    expect(slugify('  Café au lait  ')).toBe('café-au-lait');
  });

  it('a non-ASCII heading gets an id the webview messages accept (open, reveal, highlight)', () => {
    const r = compilePaper('---\nid: intl\ntitle: Intl\nmonth: 3\n---\n## 注意力机制\n\nText.\n\n## Μέθοδος\n\nMore.\n\n## Équations\n\nE.\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const ids = r.paper.sections.map((s) => s.id);
    expect(ids).toEqual(['注意力机制', 'μέθοδος', 'équations']);
    for (const section of ids) {
      expect(r.paper.html).toContain(`id="pl-${section}"`);
      expect(parseFromWebview({ type: 'openPaper', paperId: 'intl', section })).toEqual({ type: 'openPaper', paperId: 'intl', section });
      expect(parseToWebview({ type: 'revealSection', section })).toEqual({ type: 'revealSection', section });
      expect(parseFromWebview({ type: 'annotate', paperId: 'intl', kind: 'highlight', color: 'yellow', section, quote: { exact: 'Text', prefix: '', suffix: '' } })).toMatchObject({ section });
    }
  });

  it('every bundled summary keeps the ids its headings pin with {#id}', () => {
    const dir = join(__dirname, '../../media/papers');
    let checked = 0;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
      const text = readFileSync(join(dir, name), 'utf8');
      const pinned = [...text.matchAll(/^#{2,6} .*\{#([a-z0-9-]+)\}\s*$/gm)].map((m) => m[1]);
      const r = compilePaper(text, name.slice(0, -3));
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.paper.sections.map((s) => s.id), name).toEqual(pinned);
      checked += pinned.length;
    }
    expect(checked).toBeGreaterThan(80);
  });
  it('SlugRegistry never hands out the same slug twice', () => {
    const r = new SlugRegistry();
    expect(['a', 'a', 'a-1', 'a'].map((s) => r.unique(s))).toEqual(['a', 'a-1', 'a-1-1', 'a-2']);
  });
});
