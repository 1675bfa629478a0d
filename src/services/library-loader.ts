import * as vscode from 'vscode';

export type LibraryModule = typeof import('./library-bundle');

let loaded: LibraryModule | undefined;

/** Loads `dist/library.js` on first use; activation never does (citation-js alone is 155 KB). */
export function loadLibrary(extensionUri: vscode.Uri): LibraryModule {
  // A computed path, so esbuild leaves the module out of the extension bundle.
  loaded ??= require(vscode.Uri.joinPath(extensionUri, 'dist', 'library.js').fsPath) as LibraryModule;
  return loaded;
}

/** Whether the library bundle has been loaded (tests check that activation leaves it alone). */
export function isLibraryLoaded(): boolean {
  return loaded !== undefined;
}
