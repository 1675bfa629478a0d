import * as vscode from 'vscode';
import { inspectPdfBytes } from '../core/pdf/pdf-bytes';
import { outlineCacheKey, type PdfOutline } from '../core/pdf/pdf-outline';
import { Disposable } from '../util/dispose';
import { OutlineWorkerPool } from './pdf-outline-pool';
import type { PdfPapers } from './pdf-papers';

const MAX_CACHED = 32;

/**
 * The outlines of PDFs as the extension host reads them, without a webview: pdf.js for Node in a worker
 * thread (`dist/pdf-node.mjs`), started on the first request, so activation never loads it. The owner
 * of the parsed outlines: one parse per file path, modification time and size; a changed file is read
 * again. When the host cannot read one (the web build, a parse that failed) the outline the reader
 * reported for the paper, if it was opened, stands in.
 */
export class PdfOutlines extends Disposable {
  private readonly _pool: OutlineWorkerPool;
  private readonly _cache = new Map<string, Promise<PdfOutline>>();
  private _reads = 0;

  constructor(
    extensionUri: vscode.Uri,
    private readonly _pdfPapers: PdfPapers,
  ) {
    super();
    this._pool = new OutlineWorkerPool(vscode.Uri.joinPath(extensionUri, 'dist', 'pdf-node.mjs').fsPath);
    this._register({ dispose: () => this._pool.dispose() });
  }

  /** The outline of the PDF at `uri`; never rejects. */
  async ofFile(uri: vscode.Uri): Promise<PdfOutline> {
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return { ok: false, reason: 'the PDF file is missing' };
    }
    const key = outlineCacheKey(uri.toString(), stat.mtime, stat.size);
    let outline = this._cache.get(key);
    if (outline) {
      // Most recently used last, so the oldest entry is the one dropped.
      this._cache.delete(key);
    } else {
      outline = this._read(uri);
    }
    this._cache.set(key, outline);
    if (this._cache.size > MAX_CACHED) this._cache.delete(this._cache.keys().next().value as string);
    return outline;
  }

  /** How many PDFs have been read and parsed (not served from the cache) in this window. */
  get parseCount(): number {
    return this._reads;
  }

  /** Whether a paper has a PDF (its `pdf:` field, or one opened under its id), without touching the disk. */
  hasPdf(paperId: string): Promise<boolean> {
    return this._pdfPapers.hasPdf(paperId);
  }

  /** Fires with a paper id when the reader reported its PDF's outline. */
  get onDidLearn(): vscode.Event<string> {
    return this._pdfPapers.onDidLearn;
  }

  /** A paper's PDF and its outline; `undefined` when the paper has no PDF this window can find. */
  async ofPaper(paperId: string): Promise<{ uri: vscode.Uri; outline: PdfOutline } | undefined> {
    const uri = await this._pdfPapers.pdfOf(paperId);
    if (!uri) return undefined;
    const outline = await this.ofFile(uri);
    if (outline.ok) return { uri, outline };
    const seen = this._pdfPapers.outline(paperId);
    return { uri, outline: seen ? { ok: true, pages: seen.pages, sections: seen.sections } : outline };
  }

  private async _read(uri: vscode.Uri): Promise<PdfOutline> {
    this._reads++;
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (err) {
      return { ok: false, reason: `the PDF could not be read (${err instanceof Error ? err.message : String(err)})` };
    }
    const check = inspectPdfBytes(bytes);
    if (!check.ok) return { ok: false, reason: check.message };
    return this._pool.parse(bytes);
  }
}
