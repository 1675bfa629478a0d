import * as vscode from 'vscode';

type LazyModule = typeof import('../core/lazy-bundle');
type DetectModule = typeof import('../core/detect/index');

const loaded: { lazy?: LazyModule; detect?: DetectModule } = {};

function requireBundle<T>(extensionUri: vscode.Uri, file: string): T {
  // A computed path, so esbuild leaves the module out of the extension bundle.
  return require(vscode.Uri.joinPath(extensionUri, 'dist', file).fsPath) as T;
}

/**
 * Loads `dist/lazy.js` (the Markdown pipeline and the search index) on first use. They are most of the
 * extension's code: keeping them out of `extension.js` keeps activation cheap.
 */
export function loadLazy(extensionUri: vscode.Uri): LazyModule {
  loaded.lazy ??= requireBundle<LazyModule>(extensionUri, 'lazy.js');
  return loaded.lazy;
}

/** Loads `dist/detect.js`, the code detector, when the first code lens or scan needs it. */
export function loadDetector(extensionUri: vscode.Uri): DetectModule {
  loaded.detect ??= requireBundle<DetectModule>(extensionUri, 'detect.js');
  return loaded.detect;
}

/** Whether the Markdown/search bundle has been loaded (tests check activation leaves it alone). */
export function isLazyLoaded(): boolean {
  return loaded.lazy !== undefined;
}
