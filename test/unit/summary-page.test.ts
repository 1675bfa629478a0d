import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMarkdown } from '../../src/core/markdown';
import { FIRST_SCREEN_CHARS, inlineStyles, splitFirstScreen, SUMMARY_ASSETS, SUMMARY_RESOURCE_ROOTS, summaryCsp, summaryPage } from '../../src/features/summary/summary-html';

const root = join(__dirname, '../..');
const page = (allowRemoteImages: boolean) => summaryPage({ cspSource: 'https://webview.test', nonce: 'n0nce', allowRemoteImages, asset: (p) => `https://webview.test/${p.join('/')}` });
const directive = (csp: string, name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));

describe('summary page', () => {
  it('fetches no remote image unless paperLens.notes.allowRemoteImages is on', () => {
    expect(directive(summaryCsp({ cspSource: 'https://webview.test', nonce: 'x', allowRemoteImages: false }), 'img-src')).toBe('img-src https://webview.test data:');
    expect(directive(summaryCsp({ cspSource: 'https://webview.test', nonce: 'x', allowRemoteImages: true }), 'img-src')).toBe('img-src https://webview.test https: data:');
    expect(page(false)).toContain('img-src https://webview.test data:;');
    expect(page(false)).toContain('data-remote-images="off"');
    expect(page(true)).toContain('data-remote-images="on"');
  });

  it('allows only its own script, by nonce', () => {
    const csp = summaryCsp({ cspSource: 'https://webview.test', nonce: 'n0nce', allowRemoteImages: false });
    expect(directive(csp, 'default-src')).toBe("default-src 'none'");
    expect(directive(csp, 'script-src')).toBe("script-src 'nonce-n0nce'");
    expect(page(false).match(/<script\b[^>]*>/g)).toEqual(['<script nonce="n0nce" src="https://webview.test/dist/summary/webview.js" defer>']);
  });

  it('localResourceRoots are one folder with exactly what the page loads', () => {
    expect(SUMMARY_RESOURCE_ROOTS.map((p) => p.join('/'))).toEqual(['dist/summary']);
    const loaded = [...page(false).matchAll(/(?:src|href)="https:\/\/webview\.test\/([^"]+)"/g)].map((m) => m[1]);
    expect(loaded.sort()).toEqual(['dist/summary/katex/katex.min.css', 'dist/summary/summary.css', 'dist/summary/webview.js']);
    for (const path of loaded) expect(path.startsWith('dist/summary/'), path).toBe(true);
    const built = join(root, 'dist/summary');
    if (existsSync(built)) {
      // Source maps only in development builds; fonts sit in katex/ beside its stylesheet.
      expect(readdirSync(built).filter((f) => f !== 'webview.js.map').sort()).toEqual(['katex', 'summary.css', 'webview.js']);
      expect(readdirSync(join(built, 'katex')).sort()).toEqual(['fonts', 'katex.min.css']);
      for (const asset of Object.values(SUMMARY_ASSETS)) expect(existsSync(join(root, ...asset)), asset.join('/')).toBe(true);
    }
  });

  it('puts a prerendered paper in the page: its HTML in <main>, its view escaped in data-paper', () => {
    const view = { id: 'lora', title: 'A "quoted" <title> & more', toc: [{ id: 'idea', title: "It's <b>", depth: 2 }] };
    const html = '<h2 id="pl-idea">The idea</h2><p>Text</p>';
    const out = summaryPage({ cspSource: 'https://webview.test', nonce: 'n0nce', allowRemoteImages: false, asset: (p) => `https://webview.test/${p.join('/')}`, paper: { id: 'lora', viewJson: JSON.stringify(view), html } });
    expect(out).toContain(`<main id="content" tabindex="-1">${html}</main>`);
    expect(out).not.toContain('Loading summary');
    const attr = /<body [^>]*data-paper="([^"]*)"/.exec(out)?.[1];
    expect(attr).toBeDefined();
    expect(attr).not.toMatch(/[<>']/);
    const decoded = attr!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
    expect(JSON.parse(decoded)).toEqual(view);
    // Without a paper the page waits for the extension's message.
    expect(page(false)).toContain('<main id="content" tabindex="-1" aria-live="polite"><p class="loading">Loading summary…</p></main>');
    expect(page(false)).not.toContain('data-paper=');
  });

  it('inlines the stylesheets and the script; KaTeX fonts wait for the page to load, then swap in', () => {
    const katex = '@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2");font-display:block}.katex{font:normal 1.21em KaTeX_Main}';
    const styles = inlineStyles(katex, 'body{color:red}</STYLE><img src=x>', 'https://webview.test/dist/summary/katex/fonts');
    expect(styles.css).toContain('.katex{font:normal 1.21em KaTeX_Main}');
    expect(styles.css).toContain('body{color:red}');
    expect(styles.css).not.toContain('@font-face');
    expect(styles.fonts).toContain('src:url(https://webview.test/dist/summary/katex/fonts/KaTeX_Main-Regular.woff2)');
    expect(styles.fonts).toContain('font-display:swap');
    expect(styles.fonts).not.toContain('font-display:block');
    expect(styles.css.toLowerCase()).not.toContain('</style');
    const script = 'const a = "</script><b>";console.log(a)';
    const out = summaryPage({ cspSource: 'https://webview.test', nonce: 'n0nce', allowRemoteImages: false, asset: (p) => `https://webview.test/${p.join('/')}`, styles, script });
    expect(out).toContain(`<style>${styles.css}</style>`);
    expect(out).toContain(`<template id="katex-fonts">${styles.fonts}</template>`);
    expect(out).not.toContain('<link');
    // One script, ours, under the nonce; nothing in its text ends it early.
    expect(out.match(/<script\b[^>]*>/g)).toEqual(['<script nonce="n0nce">']);
    expect(out.match(/<\/script/gi)).toHaveLength(1);
    expect(out).toContain('const a = "<\\/script><b>";');
    // The inline stylesheet needs 'unsafe-inline' for styles, never for scripts.
    expect(directive(summaryCsp({ cspSource: 'https://webview.test', nonce: 'n0nce', allowRemoteImages: false }), 'style-src')).toBe("style-src https://webview.test 'unsafe-inline'");
    expect(directive(summaryCsp({ cspSource: 'https://webview.test', nonce: 'n0nce', allowRemoteImages: false }), 'script-src')).toBe("script-src 'nonce-n0nce'");
  });

  it('a long paper paints its first screen; the rest waits in a template, split between two top-level elements', () => {
    const { html } = compileMarkdown(readFileSync(join(root, 'media/papers/fineweb.md'), 'utf8'));
    const [first, rest] = splitFirstScreen(html);
    expect(first + rest).toBe(html);
    expect(first.length).toBeGreaterThanOrEqual(FIRST_SCREEN_CHARS);
    expect(rest.length).toBeGreaterThan(0);
    // Each part is whole elements: splitting it again at once (budget 0) needs its elements to balance.
    expect(splitFirstScreen(first, 0)[0].length).toBeLessThan(first.length);
    expect(splitFirstScreen(rest, 0)[0].length).toBeLessThan(rest.length);
    expect(first).toContain('The problem');
    const out = summaryPage({ cspSource: 'https://webview.test', nonce: 'n0nce', allowRemoteImages: false, asset: (p) => `https://webview.test/${p.join('/')}`, paper: { id: 'fineweb', viewJson: '{}', html: first, rest } });
    // Not a live region: the rest moved into <main> after the first paint is not read out as news.
    expect(out).toContain(`<main id="content" tabindex="-1">${first}</main>\n<template id="paper-rest">${rest}</template>`);
    // A short paper is not split, and the page has no template for it.
    expect(splitFirstScreen('<h2 id="pl-a">A</h2><p>Short.</p>')).toEqual(['<h2 id="pl-a">A</h2><p>Short.</p>', '']);
    expect(summaryPage({ cspSource: 'x', nonce: 'n', allowRemoteImages: false, asset: () => '', paper: { id: 'a', viewJson: '{}', html: '<p>a</p>' } })).not.toContain('paper-rest');
  });

  it('never splits inside a tag, even where an attribute holds "</p><img …>" as text', () => {
    // The pipeline keeps a link title as text: the serialized attribute holds a "</p>" and an <img>.
    const hostile = compileMarkdown('[x](https://example.org/a "</p><img src=x onerror=alert(1)>") tail\n\nnext').html;
    expect(hostile).toContain('title="</p><img src=x onerror=alert(1)>"');
    const cut = hostile.indexOf('</p>') + 1; // a budget that ends inside the attribute
    const [first, rest] = splitFirstScreen(hostile, cut);
    expect(first + rest).toBe(hostile);
    expect(first.endsWith('tail</p>')).toBe(true);
    expect(rest.trim()).toBe('<p>next</p>');
    // Single quotes, self-closing and void elements, comments.
    const mixed = `<p title='a>b</p>'>one<br>two<img src="i.png"/></p><!-- c </p> --><hr><p>three</p>`;
    expect(splitFirstScreen(mixed, 5)).toEqual([`<p title='a>b</p>'>one<br>two<img src="i.png"/></p>`, '<!-- c </p> --><hr><p>three</p>']);
  });

  it('does not split HTML it does not fully understand', () => {
    const long = (s: string) => `${s}${'<p>filler</p>'.repeat(10)}`;
    for (const html of [
      long('<p>unclosed'), // elements that never close
      long('</div><p>x</p>'), // an end tag with no start
      long('<p>a</p><!-- open comment'),
      long('<p>a</p><script>"</p>"</script>'), // raw text
      long('<p>a</p><![CDATA[ </p> ]]>'),
      long('<p title="never closed>a</p>'),
    ]) expect(splitFirstScreen(html, 4), html).toEqual([html, '']);
  });
});
