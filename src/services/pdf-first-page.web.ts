import type * as vscode from 'vscode';
import type { FirstPageResult } from './pdf-first-page-worker';

/** In a browser-hosted workbench there is no worker thread for pdf.js: only the Info dictionary is read. */
export function readPdfFirstPage(_extensionUri: vscode.Uri, _bytes: Uint8Array): Promise<FirstPageResult | undefined> {
  return Promise.resolve(undefined);
}
