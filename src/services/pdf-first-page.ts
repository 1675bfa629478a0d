import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { FirstPageResult } from './pdf-first-page-worker';

const TIMEOUT_MS = 15_000;

/**
 * Reads a PDF's Info title/author and page 1's text with pdf.js in a worker thread (dist/pdf-node.mjs,
 * loaded only here, on Add Paper from a local PDF). A PDF that pdf.js cannot open, or that takes longer
 * than 15 s or 512 MB, gives `undefined`; the thread is terminated, the extension host never waits on it.
 */
export function readPdfFirstPage(extensionUri: vscode.Uri, bytes: Uint8Array): Promise<FirstPageResult | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(vscode.Uri.joinPath(extensionUri, 'dist', 'pdf-node.mjs').fsPath, { workerData: bytes, resourceLimits: { maxOldGenerationSizeMb: 512 }, stdout: true, stderr: true });
    } catch {
      resolve(undefined);
      return;
    }
    const done = (value: FirstPageResult | undefined): void => {
      clearTimeout(timer);
      resolve(value);
      void worker.terminate();
    };
    const timer = setTimeout(() => done(undefined), TIMEOUT_MS);
    worker.once('message', (m: { ok: boolean; result?: FirstPageResult }) => done(m.ok ? m.result : undefined));
    worker.once('error', () => done(undefined));
    worker.once('exit', () => done(undefined));
  });
}
