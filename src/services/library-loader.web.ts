// The web build of library-loader.ts: one bundle, so the library modules are part of dist/web/extension.js.
import type * as vscode from 'vscode';
import * as library from './library-bundle';

export type LibraryModule = typeof library;

let used = false;

export function loadLibrary(_extensionUri: vscode.Uri): LibraryModule {
  used = true;
  return library;
}

export function isLibraryLoaded(): boolean {
  return used;
}
