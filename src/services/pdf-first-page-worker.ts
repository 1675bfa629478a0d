/**
 * Runs in a worker thread (dist/pdf-node.mjs, started with the PDF as `workerData`), never on the extension host's own thread: reads a
 * PDF's Info title/author and the text items of page 1 with pdf.js (its legacy build, which runs on Node
 * 20), posts them back, and exits. A hostile PDF can only burn this thread until the host terminates it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { FirstPageItem } from '../core/library/first-page';

export interface FirstPageResult {
  title: string;
  author: string;
  items: FirstPageItem[];
  pageHeight: number;
}

// pdf.js looks here for a worker in this thread (Node has no Web Worker for it).
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

async function main(): Promise<FirstPageResult> {
  const doc = await getDocument({ data: workerData as Uint8Array, isEvalSupported: false, enableXfa: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false, verbosity: 0 }).promise;
  try {
    const { info } = (await doc.getMetadata().catch(() => ({ info: {} }))) as { info: { Title?: unknown; Author?: unknown } };
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    const items: FirstPageItem[] = [];
    for (const it of content.items) {
      if (!('str' in it) || !it.str.trim() || items.length >= 2000) continue;
      const [a, b, c, d, e, f] = it.transform as number[];
      // Upright text only: rotated margin stamps (arXiv's) are not the title.
      if (Math.abs(b) > 0.01 || Math.abs(c) > 0.01 || a <= 0 || d <= 0) continue;
      items.push({ text: it.str, x: e, y: f, size: Math.hypot(c, d) });
    }
    return { title: typeof info.Title === 'string' ? info.Title : '', author: typeof info.Author === 'string' ? info.Author : '', items, pageHeight: page.view[3] - page.view[1] };
  } finally {
    await doc.destroy();
  }
}

// The same bundle serves outline requests (pdf-outline-worker.ts), which come as messages instead.
if (workerData !== undefined) {
  main().then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (err: unknown) => parentPort?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }),
  );
}
