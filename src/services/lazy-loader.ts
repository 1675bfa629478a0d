import * as vscode from 'vscode';

type LazyModule = typeof import('../core/lazy-bundle');

let loaded: LazyModule | undefined;

/**
 * Loads `dist/lazy.js` (the Markdown pipeline and the search index) on first use. They are most of the
 * extension's code: keeping them out of `extension.js` keeps activation cheap.
 */
export function loadLazy(extensionUri: vscode.Uri): LazyModule {
  if (!loaded) {
    const path = vscode.Uri.joinPath(extensionUri, 'dist', 'lazy.js').fsPath;
    // A computed path, so esbuild leaves the module out of the extension bundle.
    loaded = require(path) as LazyModule;
  }
  return loaded;
}

/** Whether the heavy modules have been loaded in this extension host (tests check activation leaves them). */
export function isLazyLoaded(): boolean {
  return loaded !== undefined;
}
