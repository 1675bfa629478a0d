import type { FromPdfWebview } from '../../shared/pdf-messages';

/** What dist/pdf-boot.js leaves for the main script on `window.plBoot`. */
export interface PdfBoot {
  api: { postMessage(message: FromPdfWebview): void; getState(): unknown; setState(state: unknown): void };
  /** pdf.js's worker, started from a blob: URL (rejects when it cannot be fetched). */
  worker: Promise<Worker>;
  /** When the boot script ran (wall clock), for the bench's trace. */
  started: number;
  /** Messages that arrived before the main script listened; stops keeping them. */
  takeQueued(): unknown[];
}
