// The web build of pdf-outline-pool.ts: a web-worker extension host has no worker threads or pdf.js for
// Node, so outlines there come only from what the reader reported (see PdfOutlines).
import type { PdfOutline } from '../core/pdf/pdf-outline';

export const OUTLINE_TIMEOUT_MS = 10_000;

export class OutlineWorkerPool {
  constructor(_script: string, _timeoutMs = OUTLINE_TIMEOUT_MS) {}

  parse(_bytes: Uint8Array): Promise<PdfOutline> {
    return Promise.resolve({ ok: false, reason: 'open the PDF in the reader once (outlines are read there in the browser)' });
  }

  dispose(): void {}
}
