import * as vscode from 'vscode';
import type { CompiledPaper } from '../../core/papers/paper';
import { defaultTitle, type HighlightColor, isHighlightColor } from '../../core/notes/model';
import { type AnnotationView, type FromWebview, type PaperView, parseFromWebview, type ToWebview } from '../../shared/messages';
import { loadLazy } from '../../services/lazy-loader';
import type { NotesService } from '../../services/notes-service';
import type { PaperLibrary } from '../../services/paper-library';
import { Disposable } from '../../util/dispose';
import { log } from '../../util/log';

export const SUMMARY_VIEW_TYPE = 'paperLens.summary';

/** What to do once the paper is on screen. */
export interface ShowOptions {
  section?: string;
  /** Words to mark in the revealed section (from a search). */
  highlight?: string[];
  /** Scroll position to restore (after a window reload). */
  scrollY?: number;
  /** An annotation to scroll to once the annotations are drawn. */
  annotation?: string;
}

/** State the webview keeps with `setState`; VS Code hands it back after a window reload. */
interface PanelState {
  paperId?: string;
  scrollY?: number;
}

/** The same, kept by the extension too: the web workbench may serialize the tab before the webview's first setState. */
const LAST_VIEW_KEY = 'paperLens.summary.lastView';

/**
 * The summary webview. By default one panel is reused for whichever paper is opened; with
 * `paperLens.summary.openInNewTab` each paper gets its own panel.
 */
export class SummaryPanel extends Disposable {
  private static readonly _panels = new Set<SummaryPanel>();
  private static _last: SummaryPanel | undefined;
  private _paper: CompiledPaper | undefined;
  private _pending: ShowOptions = {};
  private _ready = false;

  /** Opens a paper in the reusable panel (or its own one), revealing a section if asked. */
  static async createOrShow(deps: PanelDeps, paperId: string, options: ShowOptions = {}): Promise<SummaryPanel> {
    const { library, extensionUri } = deps;
    const paper = await library.get(paperId);
    if (!paper) throw new Error(`Unknown paper id "${paperId}"`);
    const ownTab = vscode.workspace.getConfiguration('paperLens.summary').get<boolean>('openInNewTab', false);
    let panel = ownTab
      ? [...SummaryPanel._panels].find((p) => p.paperId === paperId)
      : SummaryPanel._last ?? [...SummaryPanel._panels][0];
    if (panel) {
      panel._panel.reveal(undefined, false);
    } else {
      const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      const webviewPanel = vscode.window.createWebviewPanel(SUMMARY_VIEW_TYPE, paper.meta.shortTitle, column, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: SummaryPanel.resourceRoots(extensionUri),
      });
      panel = new SummaryPanel(webviewPanel, deps);
    }
    panel.show(paper, options);
    return panel;
  }

  /** Brings a panel back after a window reload (the webview panel serializer). */
  static async revive(webviewPanel: vscode.WebviewPanel, deps: PanelDeps, state: unknown): Promise<void> {
    const { library, extensionUri, memento } = deps;
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: SummaryPanel.resourceRoots(extensionUri) };
    const panel = new SummaryPanel(webviewPanel, deps);
    const fromWebview = (state ?? {}) as PanelState;
    const fromExtension = memento.get<PanelState>(LAST_VIEW_KEY, {});
    const saved = typeof fromWebview.paperId === 'string' ? fromWebview : fromExtension;
    const scrollY = saved.scrollY ?? (fromExtension.paperId === saved.paperId ? fromExtension.scrollY : undefined);
    const paper = typeof saved.paperId === 'string' ? await library.get(saved.paperId) : undefined;
    const shown = paper ?? (await library.catalog()).all()[0];
    if (shown) panel.show(shown, { scrollY: paper ? scrollY : undefined });
  }

  /** The panel the user is looking at, if it is focused. */
  static get active(): SummaryPanel | undefined {
    return [...SummaryPanel._panels].find((p) => p._panel.active);
  }

  /** The panel that showed a paper last. */
  static get current(): SummaryPanel | undefined {
    return SummaryPanel._last;
  }

  static disposeAll(): void {
    for (const p of [...SummaryPanel._panels]) p.dispose();
  }

  private static resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
    return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')];
  }

  private readonly _library: PaperLibrary;
  private readonly _extensionUri: vscode.Uri;
  private readonly _memento: vscode.Memento;
  private readonly _notes: NotesService;

  private constructor(
    private readonly _panel: vscode.WebviewPanel,
    deps: PanelDeps,
  ) {
    super();
    ({ library: this._library, extensionUri: this._extensionUri, memento: this._memento, notes: this._notes } = deps);
    this._register(this._notes.onDidChange((paperId) => {
      if (paperId === this.paperId && this._ready) void this._sendAnnotations();
    }));
    SummaryPanel._panels.add(this);
    SummaryPanel._last = this;
    this._register(_panel.onDidDispose(() => this.dispose()));
    this._register(_panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) SummaryPanel._last = this;
    }));
    this._register(_panel.webview.onDidReceiveMessage((raw) => this._onMessage(raw)));
    _panel.iconPath = vscode.Uri.joinPath(this._extensionUri, 'media', 'paper-lens.svg');
    _panel.webview.html = this._html();
  }

  get paperId(): string | undefined {
    return this._paper?.meta.id;
  }

  show(paper: CompiledPaper, options: ShowOptions = {}): void {
    const samePaper = this._paper?.meta.id === paper.meta.id;
    this._paper = paper;
    this._panel.title = paper.meta.shortTitle;
    SummaryPanel._last = this;
    if (!this._ready) {
      this._pending = options;
    } else if (samePaper && (options.section || options.annotation)) {
      if (options.annotation) this._post({ type: 'revealAnnotation', id: options.annotation });
      else if (options.section) this._post({ type: 'revealSection', section: options.section, highlight: options.highlight });
    } else {
      this._pending = options;
      void this._sendPaper();
    }
  }

  override dispose(): void {
    SummaryPanel._panels.delete(this);
    if (SummaryPanel._last === this) SummaryPanel._last = undefined;
    this._panel.dispose();
    super.dispose();
  }

  private async _sendPaper(): Promise<void> {
    const paper = this._paper;
    if (!paper) return;
    const catalog = await this._library.catalog();
    const m = paper.meta;
    const view: PaperView = {
      id: m.id,
      title: m.title,
      shortTitle: m.shortTitle,
      authors: m.authors,
      organization: m.organization,
      arxiv: m.arxiv,
      published: m.published,
      topics: m.topics,
      related: m.related.flatMap((id) => {
        const p = catalog.get(id);
        return p ? [{ id, title: p.meta.shortTitle }] : [];
      }),
      toc: paper.sections.filter((s) => s.depth <= 3).map((s) => ({ id: s.id, title: s.title, depth: s.depth })),
      html: paper.html,
    };
    const { section, highlight, scrollY, annotation } = this._pending;
    this._pending = {};
    this._post({ type: 'showPaper', paper: view, section, highlight, scrollY });
    void this._memento.update(LAST_VIEW_KEY, { paperId: m.id, scrollY: scrollY ?? 0 } satisfies PanelState);
    await this._sendAnnotations();
    if (annotation) this._post({ type: 'revealAnnotation', id: annotation });
  }

  /** Sends the paper's highlights and notes, note bodies rendered through the sanitizing pipeline. */
  private async _sendAnnotations(): Promise<void> {
    const paper = this._paper;
    if (!paper) return;
    const notes = await this._notes.get(paper.meta.id);
    const items: AnnotationView[] = notes.file.annotations.map((a) => {
      let bodyHtml = '';
      try {
        // The pipeline is loaded only for a note with a body, never for a paper without notes.
        bodyHtml = a.body.trim() ? loadLazy(this._extensionUri).compileMarkdownCached(a.body).html : '';
      } catch (err) {
        bodyHtml = `<p><em>This note cannot be shown: ${escapeHtml(err instanceof Error ? err.message : String(err))}</em></p>`;
      }
      return { id: a.id, kind: a.kind, color: a.color, section: a.target.section, quote: a.target.quote, title: a.title ?? defaultTitle(a), bodyHtml };
    });
    const readOnly = notes.readOnly ? `The notes file cannot be read (line ${notes.readOnly.line}: ${notes.readOnly.message}); notes are read-only until it is fixed.` : undefined;
    this._post({ type: 'annotations', paperId: paper.meta.id, items, readOnly });
  }

  private async _annotate(message: Extract<FromWebview, { type: 'annotate' }>): Promise<void> {
    const color: HighlightColor | undefined = isHighlightColor(message.color) ? message.color : message.kind === 'highlight' ? 'yellow' : undefined;
    let body = '';
    if (message.kind === 'note') {
      const where = message.quote ? `“${message.quote.exact.slice(0, 60)}${message.quote.exact.length > 60 ? '…' : ''}”` : message.section ? `section ${message.section}` : 'the whole paper';
      const input = await vscode.window.showInputBox({ title: `Add Note — ${this._paper?.meta.shortTitle}`, prompt: `Note on ${where} (Markdown; $math$ works)`, placeHolder: 'Your note', ignoreFocusOut: true });
      if (input === undefined) return;
      body = input;
    }
    await this._notes.add(message.paperId, { kind: message.kind, color, body, target: { section: message.section, quote: message.quote } });
  }

  private async _edit(paperId: string, id: string): Promise<void> {
    const notes = await this._notes.get(paperId);
    const a = notes.file.annotations.find((x) => x.id === id);
    if (!a) return;
    const input = await vscode.window.showInputBox({ title: 'Edit Note', prompt: 'Markdown; $math$ works. Empty turns a note into a plain highlight.', value: a.body, ignoreFocusOut: true });
    if (input === undefined) return;
    await this._notes.update(paperId, id, { body: input, kind: input.trim() ? 'note' : a.target.quote ? 'highlight' : 'note' });
  }

  private async _delete(paperId: string, id: string): Promise<void> {
    const choice = await vscode.window.showWarningMessage('Delete this annotation? It is removed from the notes file.', { modal: true }, 'Delete');
    if (choice === 'Delete') await this._notes.remove(paperId, id);
  }

  private _post(message: ToWebview): void {
    void this._panel.webview.postMessage(message);
  }

  private async _onMessage(raw: unknown): Promise<void> {
    const message: FromWebview | undefined = parseFromWebview(raw);
    if (!message) {
      log().warn('Ignored a malformed message from the summary webview:', JSON.stringify(raw)?.slice(0, 200));
      return;
    }
    switch (message.type) {
      case 'ready':
        this._ready = true;
        await this._sendPaper();
        return;
      case 'openLink':
        await openExternalLink(message.href);
        return;
      case 'openPaper': {
        const paper = await this._library.get(message.paperId);
        if (paper) this.show(paper, { section: message.section });
        else void vscode.window.showWarningMessage(`Paper Lens: no paper with id "${message.paperId}".`);
        return;
      }
      case 'scrolled':
        if (message.paperId === this.paperId) await this._memento.update(LAST_VIEW_KEY, { paperId: message.paperId, scrollY: message.scrollY } satisfies PanelState);
        return;
      case 'annotate':
        if (message.paperId === this.paperId) await this._annotate(message);
        return;
      case 'editAnnotation':
        await this._edit(message.paperId, message.id);
        return;
      case 'deleteAnnotation':
        await this._delete(message.paperId, message.id);
        return;
    }
  }

  private _html(): string {
    const webview = this._panel.webview;
    const nonce = newNonce();
    const asset = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this._extensionUri, ...path)).toString();
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      // KaTeX positions glyphs with inline style attributes; the sanitizer strips every style a note could bring.
      `style-src ${webview.cspSource} 'unsafe-inline'`,
      `img-src ${webview.cspSource} https: data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'katex', 'katex.min.css')}">
<link rel="stylesheet" href="${asset('media', 'summary.css')}">
<title>Paper Lens</title>
</head>
<body>
<a class="skip-link" href="#content">Skip to summary</a>
<div class="layout">
<nav id="toc" aria-label="Sections"></nav>
<div class="page">
<header id="paper-header"></header>
<main id="content" tabindex="-1" aria-live="polite"><p class="loading">Loading summary…</p></main>
</div>
</div>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
  }
}

/** What a panel needs from the rest of the extension. */
export interface PanelDeps {
  library: PaperLibrary;
  notes: NotesService;
  extensionUri: vscode.Uri;
  memento: vscode.Memento;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Opens http(s) links in the external browser; any other scheme is refused with a message. */
async function openExternalLink(href: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    void vscode.window.showWarningMessage(`Paper Lens: "${href}" is not a valid link.`);
    return;
  }
  if (uri.scheme !== 'https' && uri.scheme !== 'http') {
    void vscode.window.showWarningMessage(`Paper Lens: links with the "${uri.scheme}:" scheme are not opened from summaries.`);
    return;
  }
  await vscode.env.openExternal(uri);
}

/** A fresh CSP nonce from the Web Crypto API, which both Node (≥ 19) and web-worker extension hosts have. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
