/** The summary webview's page: the only assets it loads, and its Content Security Policy. No VS Code here. */

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

/** The HTML of the summary page; content arrives later as messages. */
export function summaryPage(options: SummaryPageOptions): string {
  const { asset, nonce } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${summaryCsp(options)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset(SUMMARY_ASSETS.katexCss)}">
<link rel="stylesheet" href="${asset(SUMMARY_ASSETS.css)}">
<title>Paper Lens</title>
</head>
<body data-remote-images="${options.allowRemoteImages ? 'on' : 'off'}">
<a class="skip-link" href="#content">Skip to summary</a>
<div class="layout">
<nav id="toc" aria-label="Sections"></nav>
<div class="page">
<header id="paper-header"></header>
<main id="content" tabindex="-1" aria-live="polite"><p class="loading">Loading summary…</p></main>
</div>
</div>
<script nonce="${nonce}" src="${asset(SUMMARY_ASSETS.script)}"></script>
</body>
</html>`;
}
