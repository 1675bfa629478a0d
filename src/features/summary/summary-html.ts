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
  /** The paper's compiled HTML, sanitized when it was compiled: its first screen (see {@link splitFirstScreen}). */
  html: string;
  /** The rest of it, parsed into a `<template>` (no style, no layout) that the script moves into <main> after the first paint. */
  rest?: string;
}

/** How much of a paper's HTML (characters) the first layout takes: a screen or two of any summary. */
export const FIRST_SCREEN_CHARS = 8_000;

/** Elements without an end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
/** Elements whose text is not markup: never in sanitized HTML; if one is, the HTML is not split. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);
const TAG_NAME = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/y;

/**
 * Splits a paper's sanitized HTML between two top-level elements at the first boundary at or after `budget`
 * characters: `[first, rest]`, `rest` empty when the HTML is short or not split. The scan reads every tag to
 * its closing `>` outside quoted attribute values (an attribute may hold `</p><img …>` as text), so a split
 * can never fall inside a tag; HTML it does not fully understand (a comment left open, raw text, end tags
 * that do not balance) is never split. Both parts are pieces of the same sanitized HTML.
 */
export function splitFirstScreen(html: string, budget = FIRST_SCREEN_CHARS): [string, string] {
  if (html.length <= budget) return [html, ''];
  let depth = 0;
  let split = -1;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i)) {
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) return [html, ''];
      i = end + 3;
      continue;
    }
    TAG_NAME.lastIndex = i;
    const m = TAG_NAME.exec(html);
    if (!m) {
      if (html[i + 1] === '!' || html[i + 1] === '?') return [html, ''];
      i++; // a `<` in text
      continue;
    }
    let j = i + m[0].length;
    for (let quote = ''; j < html.length; j++) {
      const c = html[j];
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '>') {
        break;
      }
    }
    if (j >= html.length) return [html, ''];
    const name = m[2].toLowerCase();
    if (m[1]) {
      if (--depth < 0) return [html, ''];
    } else if (RAW_TEXT.has(name)) {
      return [html, ''];
    } else if (!VOID.has(name) && html[j - 1] !== '/') {
      depth++;
    }
    i = j + 1;
    if (depth === 0 && split < 0 && i >= budget) split = i;
  }
  // Only HTML whose elements all close is split (the whole was scanned).
  if (depth !== 0 || split < 0 || split >= html.length) return [html, ''];
  return [html.slice(0, split), html.slice(split)];
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
 * <main> is a live region only for papers that arrive later (the script makes it one): the rest of a
 * prerendered paper moved into it after the first paint is no news to read out.
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
<main id="content" tabindex="-1"${paper ? '' : ' aria-live="polite"'}>${paper ? paper.html : '<p class="loading">Loading summary…</p>'}</main>
${paper?.rest ? `<template id="paper-rest">${paper.rest}</template>\n` : ''}</div>
</div>
${script !== undefined ? `<script nonce="${nonce}">${script.replace(/<\/script/gi, '<\\/script')}</script>` : `<script nonce="${nonce}" src="${asset(SUMMARY_ASSETS.script)}" defer></script>`}
</body>
</html>`;
}
