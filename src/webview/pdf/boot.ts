/**
 * The PDF reader's first script (dist/pdf-boot.js, a few hundred bytes, in <head> before any stylesheet):
 * says `ready` and starts pdf.js's worker at once, so the file's bytes travel from the extension and the
 * worker's 1 MB is fetched and compiled while the main script (pdf.js itself) is still loading. Messages
 * that arrive before the main script are kept for it.
 */
import type { PdfBoot } from './boot-types';

declare function acquireVsCodeApi(): PdfBoot['api'];

const script = document.currentScript as HTMLScriptElement | null;
const api = acquireVsCodeApi();
const queued: unknown[] = [];
const keep = (e: MessageEvent): void => {
  queued.push(e.data);
};
window.addEventListener('message', keep);

// Webview resources come from another origin and workers must be same-origin: start it from a blob: URL.
const worker = (async () => {
  // Bytes straight into the Blob: no decoding 1 MB of script to a string and back.
  const code = await (await fetch(script?.dataset.worker ?? '')).arrayBuffer();
  return new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { type: 'module', name: 'pdf.js' });
})();
worker.catch(() => undefined);

const started = Date.now();
api.postMessage({ type: 'ready' });

const boot: PdfBoot = {
  api,
  worker,
  started,
  takeQueued: () => {
    window.removeEventListener('message', keep);
    return queued.splice(0);
  },
};
(window as unknown as { plBoot?: PdfBoot }).plBoot = boot;
