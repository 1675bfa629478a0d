import { existsSync, readdirSync } from 'node:fs';
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
    expect(page(false).match(/<script\b[^>]*>/g)).toEqual(['<script nonce="n0nce" src="https://webview.test/dist/summary/webview.js">']);
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
});
