// The web build of lazy-loader.ts: a web-worker extension host cannot `require` a second file, so the
// heavy modules are part of dist/web/extension.js and "loading" them only marks them as used.
import * as lazy from '../core/lazy-bundle';
import * as detect from '../core/detect/index';
import type * as vscode from 'vscode';

let lazyUsed = false;

export function loadLazy(_extensionUri: vscode.Uri): typeof lazy {
  lazyUsed = true;
  return lazy;
}

export function loadDetector(_extensionUri: vscode.Uri): typeof detect {
  return detect;
}

export function isLazyLoaded(): boolean {
  return lazyUsed;
}
