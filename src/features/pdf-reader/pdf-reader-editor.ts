import * as vscode from 'vscode';
import { newNonce } from '../../util/nonce';
import { defaultTitle, type HighlightColor, isHighlightColor } from '../../core/notes/model';
import { inspectPdfBytes } from '../../core/pdf/pdf-bytes';
import { type FromPdfWebview, parseFromPdfWebview, type PdfAnnotationView, type PdfReaderSettings, type PdfTarget, type ToPdfWebview } from '../../shared/pdf-messages';
import { loadLazy } from '../../services/lazy-loader';
import type { Services } from '../../services/services';
import { Disposable } from '../../util/dispose';
import { log } from '../../util/log';
import { escapeHtml } from '../../util/escape-html';
import { openExternalLink } from '../shared-webview';

export const PDF_VIEW_TYPE = 'paperLens.pdfReader';

/**
 * One PDF open in the reader. Reads the file through `vscode.workspace.fs` (so local, remote and web
 * workspaces all work) and sends its bytes to the webview, which renders them with pdf.js in a worker.
 * Notes go through the NotesService like the summary's; the webview keeps its own place with setState.
 */
export class PdfReaderEditor extends Disposable {
  private _ready = false;
  private _generation = 0;
  private _paperId: string | undefined;
  private _target: PdfTarget | undefined;
  private _reloadTimer: ReturnType<typeof setTimeout> | undefined;
  /** The first read, started with the webview so the bytes are in hand when its script says `ready`. */
  private _prefetch: Promise<Uint8Array> | undefined;
  private readonly _paperIdLookup: Promise<string>;

  constructor(
    readonly uri: vscode.Uri,
    private readonly _panel: vscode.WebviewPanel,
    private readonly _services: Services,
    target: PdfTarget | undefined,
    private readonly _onDispose: (editor: PdfReaderEditor) => void,
  ) {
    super();
    this._target = target;
    const root = _services.extensionUri;
    _panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist')] };
    this._prefetch = Promise.resolve(vscode.workspace.fs.readFile(uri));
    this._prefetch.catch(() => undefined);
    this._paperIdLookup = _services.pdfPapers.paperIdFor(uri);
    this._paperIdLookup.catch(() => undefined);
    _panel.webview.html = this._html();
    this._register(_panel.webview.onDidReceiveMessage((raw) => this._onMessage(raw)));
    this._register(_panel.onDidDispose(() => this.dispose()));
    this._register(_services.notes.onDidChange((id) => {
      if (id === this._paperId && this._ready) void this._sendAnnotations();
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('paperLens.pdf.darkPages')) this._post({ type: 'settings', settings: settings() });
    }));
    // A new version of the paper replaces the file: reload it in place and re-anchor the notes.
    const dir = vscode.Uri.joinPath(uri, '..');
    const name = uri.path.split('/').pop() ?? '';
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, name)));
    const changed = (): void => {
      clearTimeout(this._reloadTimer);
      this._reloadTimer = setTimeout(() => void this._load(), 300);
    };
    this._register(watcher.onDidChange(changed));
    this._register(watcher.onDidCreate(changed));
    this._register({ dispose: () => clearTimeout(this._reloadTimer) });
  }

  get paperId(): string | undefined {
    return this._paperId;
  }

  get panel(): vscode.WebviewPanel {
    return this._panel;
  }

  /** Scrolls to a page, an outline section or an annotation (now, or once the document is open). */
  reveal(target: PdfTarget): void {
    if (this._ready && this._generation > 0) this._post({ type: 'reveal', target });
    else this._target = target;
  }

  override dispose(): void {
    this._onDispose(this);
    super.dispose();
  }

  private async _load(): Promise<void> {
    let bytes: Uint8Array;
    try {
      const prefetched = this._prefetch;
      this._prefetch = undefined;
      bytes = await (prefetched ?? vscode.workspace.fs.readFile(this.uri));
    } catch (err) {
      this._post({ type: 'error', message: `The PDF could not be read: ${err instanceof Error ? err.message : String(err)}` });
      return;
    }
    const check = inspectPdfBytes(bytes);
    if (!check.ok) {
      this._post({ type: 'error', message: check.message });
      return;
    }
    const notices: string[] = [];
    if (check.hasJavaScript) notices.push('This PDF contains JavaScript; the reader never runs it.');
    if (check.truncated) notices.push('This PDF looks cut off (no end-of-file marker); some pages may be missing.');
    this._paperId ??= await this._paperIdLookup;
    const target = this._target;
    this._target = undefined;
    this._generation++;
    this._post({
      type: 'load',
      // A plain Uint8Array view: VS Code transfers typed arrays by constructor name, and Node's Buffer is not one.
      data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      generation: this._generation,
      fileName: this.uri.path.split('/').pop() ?? 'PDF',
      paperId: this._paperId,
      settings: settings(),
      target,
      notice: notices.join(' ') || undefined,
    });
    await this._sendAnnotations();
  }

  private async _sendAnnotations(): Promise<void> {
    const paperId = this._paperId;
    if (!paperId) return;
    const notes = await this._services.notes.get(paperId);
    const { compileMarkdownCached } = loadLazy(this._services.extensionUri);
    const items: PdfAnnotationView[] = notes.file.annotations.map((a) => {
      let bodyHtml = '';
      try {
        bodyHtml = a.body.trim() ? compileMarkdownCached(a.body).html : '';
      } catch (err) {
        bodyHtml = `<p><em>This note cannot be shown: ${escapeHtml(err instanceof Error ? err.message : String(err))}</em></p>`;
      }
      const view: PdfAnnotationView = { id: a.id, kind: a.kind, color: a.color, title: a.title ?? defaultTitle(a), bodyHtml };
      if (a.target.page !== undefined) view.page = a.target.page;
      if (a.target.position) view.position = a.target.position;
      if (a.target.quote) view.quote = a.target.quote;
      return view;
    });
    const readOnly = notes.readOnly ? `The notes file cannot be read (line ${notes.readOnly.line}: ${notes.readOnly.message}); notes are read-only until it is fixed.` : undefined;
    this._post({ type: 'annotations', paperId, items, readOnly });
  }

  private async _onMessage(raw: unknown): Promise<void> {
    const m: FromPdfWebview | undefined = parseFromPdfWebview(raw);
    if (!m) {
      log().warn('Ignored a malformed message from the PDF reader:', JSON.stringify(raw)?.slice(0, 200));
      return;
    }
    switch (m.type) {
      case 'ready':
        this._ready = true;
        await this._load();
        return;
      case 'openLink':
        await openExternalLink(m.href, ['https', 'http', 'mailto'], (scheme) => vscode.l10n.t('Paper Lens: links with the "{0}:" scheme are not opened from PDFs.', scheme));
        return;
      case 'opened':
        if (this._paperId) this._services.pdfPapers.learn(this._paperId, m.pages, m.sections);
        return;
      case 'failed':
        log().warn(`${this.uri.toString(true)}: ${m.message}`);
        return;
      case 'annotate':
        await this._annotate(m);
        return;
      case 'editAnnotation':
        await this._edit(m.id);
        return;
      case 'deleteAnnotation':
        if (!this._paperId) return;
        if ((await vscode.window.showWarningMessage(vscode.l10n.t('Delete this annotation? It is removed from the notes file.'), { modal: true }, 'Delete')) === 'Delete') {
          await this._services.notes.remove(this._paperId, m.id);
        }
        return;
    }
  }

  private async _annotate(m: Extract<FromPdfWebview, { type: 'annotate' }>): Promise<void> {
    const paperId = this._paperId;
    if (!paperId) return;
    const color: HighlightColor = isHighlightColor(m.color) ? m.color : 'yellow';
    let body = '';
    if (m.kind === 'note') {
      const excerpt = `“${m.quote.exact.slice(0, 60)}${m.quote.exact.length > 60 ? '…' : ''}”`;
      const input = await vscode.window.showInputBox({ title: 'Add Note — page ' + m.page, prompt: vscode.l10n.t('Note on {0} (Markdown; $math$ works)', excerpt), placeHolder: vscode.l10n.t('Your note'), ignoreFocusOut: true });
      if (input === undefined) return;
      body = input;
    }
    await this._services.notes.add(paperId, { kind: m.kind, color, body, target: { section: m.section, quote: m.quote, page: m.page, position: m.position } });
  }

  private async _edit(id: string): Promise<void> {
    const paperId = this._paperId;
    if (!paperId) return;
    const a = (await this._services.notes.get(paperId)).file.annotations.find((x) => x.id === id);
    if (!a) return;
    const input = await vscode.window.showInputBox({ title: vscode.l10n.t('Edit Note'), prompt: vscode.l10n.t('Markdown; $math$ works. Empty turns a note into a plain highlight.'), value: a.body, ignoreFocusOut: true });
    if (input === undefined) return;
    await this._services.notes.update(paperId, id, { body: input, kind: input.trim() ? 'note' : a.target.quote ? 'highlight' : 'note' });
  }

  private _post(message: ToPdfWebview): void {
    void this._panel.webview.postMessage(message);
  }

  private _html(): string {
    const webview = this._panel.webview;
    const nonce = newNonce();
    const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this._services.extensionUri, ...path)).toString();
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      // KaTeX in note bodies positions glyphs with style attributes; the sanitizer strips every style a note could bring.
      `style-src ${webview.cspSource} 'unsafe-inline'`,
      `img-src ${webview.cspSource} data: blob:`,
      `font-src ${webview.cspSource} data:`,
      // The worker script is fetched from the extension and started from a blob: URL (workers must be same-origin).
      `connect-src ${webview.cspSource}`,
      'worker-src blob:',
    ].join('; ');
    const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<script nonce="${nonce}" src="${asset('dist', 'pdf-boot.js')}" data-worker="${attr(asset('dist', 'pdfjs', 'pdf.worker.min.mjs'))}"></script>
<link rel="stylesheet" href="${asset('media', 'pdf-reader.css')}">
<title>Paper Lens PDF Reader</title>
</head>
<body data-worker="${attr(asset('dist', 'pdfjs', 'pdf.worker.min.mjs'))}" data-state="loading">
<div class="pl-toolbar" role="toolbar" aria-label="PDF">
<button id="toggle-sidebar" type="button" title="Contents and notes (t)" aria-label="Contents and notes" aria-pressed="true">☰</button>
<button id="toggle-thumbs" type="button" title="Page thumbnails (b)" aria-label="Page thumbnails" aria-pressed="false">▦</button>
<button id="prev-page" type="button" title="Previous page (p)" aria-label="Previous page">↑</button>
<input id="page-number" type="number" min="1" value="1" aria-label="Page number (g)">
<span id="page-count">/ –</span>
<button id="next-page" type="button" title="Next page (n)" aria-label="Next page">↓</button>
<span class="pl-sep"></span>
<button id="zoom-out" type="button" title="Zoom out (-)" aria-label="Zoom out">−</button>
<select id="zoom" aria-label="Zoom">
<option value="fit-width">Fit width</option><option value="fit-page">Fit page</option>
<option value="50">50%</option><option value="75">75%</option><option value="100">100%</option><option value="125">125%</option>
<option value="150">150%</option><option value="200">200%</option><option value="300">300%</option><option value="custom" hidden>custom</option>
</select>
<button id="zoom-in" type="button" title="Zoom in (+)" aria-label="Zoom in">+</button>
<span class="pl-sep"></span>
<input id="find" type="search" placeholder="Find in document" aria-label="Find in document (Ctrl+F)">
<button id="find-prev" type="button" title="Previous match (Shift+Enter)" aria-label="Previous match">‹</button>
<button id="find-next" type="button" title="Next match (Enter)" aria-label="Next match">›</button>
<span id="find-count" aria-live="polite"></span>
</div>
<div id="notice" class="pl-notice" role="status" hidden></div>
<div class="pl-main">
<aside id="sidebar" aria-label="Contents and notes"><nav id="outline" aria-label="Contents"></nav><section id="notes" aria-label="Notes"></section></aside>
<nav id="thumbs" aria-label="Page thumbnails" hidden></nav>
<div id="viewer" tabindex="0" aria-label="Pages">
<div id="message" class="pl-message" aria-live="polite">Opening PDF…</div>
<div id="pages"></div>
</div>
</div>
<div id="selection-toolbar" role="toolbar" aria-label="Annotate selection" hidden></div>
<script nonce="${nonce}" src="${asset('dist', 'pdf-reader.js')}"></script>
<link rel="stylesheet" href="${asset('dist', 'summary', 'katex', 'katex.min.css')}">
</body>
</html>`;
  }
}

function settings(): PdfReaderSettings {
  const v = vscode.workspace.getConfiguration('paperLens.pdf').get<string>('darkPages', 'auto');
  return { darkPages: v === 'on' || v === 'off' ? v : 'auto' };
}
