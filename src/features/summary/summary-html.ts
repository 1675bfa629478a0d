/** The summary webview's page: the only assets it loads, and its Content Security Policy. No VS Code here. */
import { escapeHtml } from '../../util/escape-html';

/**
 * Every file the summary webview loads, relative to the extension. The build puts exactly these in
 * `dist/summary/` (VS Code treats each resource root as a folder, so the folder holds nothing else).
 */
export const SUMMARY_ASSETS = {
  script: ['dist', 'summary', 'webview.js'],
  katexCss: ['dist', 'summary', 'katex', 'katex.min.css'],
  css: ['dist', 'summary', 'summary.css'],
} as const;

/** The one folder the webview may read: the script, the stylesheet, KaTeX's stylesheet and fonts. */
export const SUMMARY_RESOURCE_ROOTS: readonly (readonly string[])[] = [['dist', 'summary']];

export interface SummaryPageOptions {
  cspSource: string;
  nonce: string;
  /** `paperLens.notes.allowRemoteImages`: without it no image is fetched from the network. */
  allowRemoteImages: boolean;
  asset: (path: readonly string[]) => string;
  /** The stylesheets' text from {@link inlineStyles}; without it they are linked. */
  styles?: InlineStyles;
  /** The script's text, run inline under the page's nonce; without it, it is loaded from `dist/summary/`. */
  script?: string;
  paper?: PrerenderedPaper;
}

/** The Content Security Policy of the summary page. */
export function summaryCsp({ cspSource, nonce, allowRemoteImages }: Pick<SummaryPageOptions, 'cspSource' | 'nonce' | 'allowRemoteImages'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // KaTeX positions glyphs with inline style attributes; the sanitizer strips every style a note could bring.
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource}${allowRemoteImages ? ' https:' : ''} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** A paper to put in the page itself: the first paint then waits for no script and no message. */
export interface PrerenderedPaper {
  id: string;
  /** The paper view without its HTML, as JSON: the script reads it to draw the header and the contents. */
  viewJson: string;
  /** The paper's compiled HTML, sanitized when it was compiled. */
  html: string;
}

/** The stylesheets as the page inlines them: applied at once, and KaTeX's fonts for after the first paint. */
export interface InlineStyles {
  /** KaTeX's rules without its `@font-face` rules, then ours. */
  css: string;
  /** KaTeX's `@font-face` rules: the script applies them once the page has loaded. */
  fonts: string;
}

/**
 * KaTeX's stylesheet and ours inline (no request before the first paint). VS Code shows a webview's
 * page only at its `load` event, which waits for every font the first layout asks for; KaTeX's fonts
 * therefore come after it: their URLs point at `fontsBase`, and math shows in the fallback font until they
 * have loaded (`font-display: swap`).
 */
export function inlineStyles(katexCss: string, summaryCss: string, fontsBase: string): InlineStyles {
  // Both are our build's own files; still, nothing in them may close the style element early.
  const safe = (css: string) => css.replace(/<\/(style|template)/gi, '<\\/$1');
  const fonts: string[] = [];
  const rest = katexCss.replace(/@font-face\s*\{[^}]*\}/g, (rule) => {
    fonts.push(rule.replace(/url\(fonts\//g, `url(${fontsBase}/`).replace(/font-display:\s*block/g, 'font-display:swap'));
    return '';
  });
  return { css: safe(`${rest}\n${summaryCss}`), fonts: safe(fonts.join('')) };
}

/**
 * The HTML of the summary page. With `paper`, the paper is in the page (the first paint shows it); the
 * script attaches to it and later papers arrive as messages. With `styles`, the stylesheets are inline.
 */
export function summaryPage(options: SummaryPageOptions): string {
  const { asset, nonce, paper, styles, script } = options;
  const css = styles !== undefined
    ? `<style>${styles.css}</style>\n<template id="katex-fonts">${styles.fonts}</template>`
    : `<link rel="stylesheet" href="${asset(SUMMARY_ASSETS.katexCss)}">\n<link rel="stylesheet" href="${asset(SUMMARY_ASSETS.css)}">`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${summaryCsp(options)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${css}
<title>Paper Lens</title>
</head>
<body data-remote-images="${options.allowRemoteImages ? 'on' : 'off'}"${paper ? ` data-paper="${escapeHtml(paper.viewJson)}"` : ''}>
<a class="skip-link" href="#content">Skip to summary</a>
<div class="layout">
<nav id="toc" aria-label="Sections"></nav>
<div class="page">
<header id="paper-header"></header>
<main id="content" tabindex="-1" aria-live="polite">${paper ? paper.html : '<p class="loading">Loading summary…</p>'}</main>
</div>
</div>
${script !== undefined ? `<script nonce="${nonce}">${script.replace(/<\/script/gi, '<\\/script')}</script>` : `<script nonce="${nonce}" src="${asset(SUMMARY_ASSETS.script)}" defer></script>`}
</body>
</html>`;
}
