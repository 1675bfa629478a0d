// Outline requests in the pdf.js-for-Node worker thread (bundled into dist/pdf-node.mjs): pdf.js's legacy build,
// parser included, so the extension host reads an outline with no webview. It runs in a worker thread that
// the host terminates when a parse takes too long, so a hostile PDF can cost time but never hang the host.
import { parentPort, workerData } from 'node:worker_threads';
// First: pdf.js needs it while it loads.
import './pdf-outline-globals';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { describePdfError } from '../core/pdf/pdf-bytes';
import { type OutlineDocument, readOutline } from '../core/pdf/pdf-outline';
import type { OutlineReply, OutlineRequest } from './pdf-outline-pool';

// pdf.js runs its parser in this thread when it finds the worker module here ("fake worker"); the thread is ours.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;
pdfjs.GlobalWorkerOptions.workerSrc = 'unused-in-node';

async function outline(bytes: Uint8Array): Promise<OutlineReply['result']> {
  const task = pdfjs.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false, stopAtErrors: false, verbosity: 0, disableFontFace: true, useSystemFonts: false });
  task.onPassword = () => void task.destroy();
  try {
    const doc = await task.promise;
    const sections = await readOutline(doc as unknown as OutlineDocument);
    const pages = doc.numPages;
    await doc.destroy();
    return { ok: true, pages, sections };
  } catch (err) {
    await task.destroy().catch(() => undefined);
    return { ok: false, reason: describePdfError(err) };
  }
}

// A thread started with `workerData` reads a first page instead (pdf-first-page-worker.ts) and then ends.
if (workerData === undefined) {
  parentPort?.on('message', (m: OutlineRequest) => {
    void outline(m.bytes).then((result) => parentPort?.postMessage({ id: m.id, result } satisfies OutlineReply));
  });
  // pdf.js leaves some rejections of a broken file unhandled inside its own machinery; they must not end the thread.
  process.on('unhandledRejection', () => undefined);
}
