import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUMMARY_ASSETS, SUMMARY_RESOURCE_ROOTS, summaryCsp, summaryPage } from '../../src/features/summary/summary-html';

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
    expect(page(false).match(/<script\b[^>]*>/g)).toEqual(['<script nonce="n0nce" src="https://webview.test/dist/webview.js">']);
  });

  it('localResourceRoots are exactly the script, the stylesheet and KaTeX, and the page loads nothing else', () => {
    expect(SUMMARY_RESOURCE_ROOTS.map((p) => p.join('/'))).toEqual(['dist/webview.js', 'dist/katex', 'media/summary.css']);
    const loaded = [...page(false).matchAll(/(?:src|href)="https:\/\/webview\.test\/([^"]+)"/g)].map((m) => m[1]);
    expect(loaded.sort()).toEqual(['dist/katex/katex.min.css', 'dist/webview.js', 'media/summary.css']);
    for (const path of loaded) expect(SUMMARY_RESOURCE_ROOTS.some((r) => path === r.join('/') || path.startsWith(`${r.join('/')}/`)), path).toBe(true);
    expect(existsSync(join(root, ...SUMMARY_ASSETS.css))).toBe(true);
  });
});
