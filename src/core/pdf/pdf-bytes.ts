/**
 * A first look at a file's bytes before pdf.js sees them, and plain-language messages for what pdf.js
 * reports. The PDF is untrusted: this decides what the reader says, never what it runs.
 */

/** Files above this are refused with a message: pdf.js would hold them in memory twice. */
export const MAX_PDF_BYTES = 256 * 1024 * 1024;

/** Documents above this many pages open, but only as far as this page count. */
export const MAX_PDF_PAGES = 5000;

/** What {@link inspectPdfBytes} found. */
export type PdfInspection =
  | {
      ok: true;
      /** Offset of `%PDF-` (some files have junk before it, which readers tolerate). */
      headerAt: number;
      version: string;
      /** No `%%EOF` near the end: likely cut off in a download. pdf.js may still read most of it. */
      truncated: boolean;
      /** The file names JavaScript actions; they are never run, but the reader says so. */
      hasJavaScript: boolean;
    }
  | { ok: false; message: string };

const HEADER_WINDOW = 1024;
const TAIL_WINDOW = 2048;
const JS_SCAN_LIMIT = 32 * 1024 * 1024;

/** Checks that `bytes` look like a PDF, without parsing it. Never throws; linear in the size. */
export function inspectPdfBytes(bytes: Uint8Array, maxBytes = MAX_PDF_BYTES): PdfInspection {
  if (bytes.length === 0) return { ok: false, message: 'The file is empty.' };
  if (bytes.length > maxBytes) return { ok: false, message: `The file is ${Math.round(bytes.length / 1024 / 1024)} MB; the reader opens PDFs up to ${Math.round(maxBytes / 1024 / 1024)} MB.` };
  const headerAt = indexOf(bytes, '%PDF-', 0, Math.min(bytes.length, HEADER_WINDOW));
  if (headerAt < 0) return { ok: false, message: 'This is not a PDF file (it does not start with "%PDF-").' };
  let version = '';
  for (let i = headerAt + 5; i < Math.min(bytes.length, headerAt + 9); i++) {
    const c = bytes[i];
    if ((c >= 0x30 && c <= 0x39) || c === 0x2e) version += String.fromCharCode(c);
    else break;
  }
  const truncated = indexOf(bytes, '%%EOF', Math.max(0, bytes.length - TAIL_WINDOW), bytes.length) < 0;
  const scanEnd = Math.min(bytes.length, JS_SCAN_LIMIT);
  const hasJavaScript = indexOf(bytes, '/JavaScript', 0, scanEnd) >= 0 || indexOf(bytes, '/JS', 0, scanEnd) >= 0;
  return { ok: true, headerAt, version, truncated, hasJavaScript };
}

/** First index of ASCII `needle` in `bytes[from, to)`, or -1. */
function indexOf(bytes: Uint8Array, needle: string, from: number, to: number): number {
  const first = needle.charCodeAt(0);
  const last = to - needle.length;
  outer: for (let i = from; i <= last; i++) {
    if (bytes[i] !== first) continue;
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle.charCodeAt(k)) continue outer;
    return i;
  }
  return -1;
}

/**
 * What to tell the user when pdf.js fails to open a document. pdf.js names its errors
 * (`InvalidPDFException`, `PasswordException`, …); anything else keeps its own message, shortened.
 */
export function describePdfError(err: unknown): string {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String((err as { name: unknown }).name) : '';
  const raw = err instanceof Error ? err.message : typeof err === 'object' && err !== null && 'message' in err ? String((err as { message: unknown }).message) : String(err);
  const detail = raw.replace(/\s+/g, ' ').trim().slice(0, 200);
  switch (name) {
    case 'InvalidPDFException':
      return `This PDF is damaged or not a PDF, and cannot be opened (${detail || 'invalid structure'}).`;
    case 'PasswordException':
      return 'This PDF is password-protected; Paper Lens does not open encrypted PDFs.';
    case 'MissingPDFException':
      return 'The PDF file could not be found.';
    case 'UnexpectedResponseException':
      return `The PDF could not be read (${detail}).`;
    case 'AbortException':
      return 'Opening the PDF was cancelled.';
    default:
      return `The PDF could not be opened: ${detail || 'unknown error'}.`;
  }
}
