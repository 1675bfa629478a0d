import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { CompiledPaper } from '../../core/papers/paper';
import { type FromWebview, type PaperView, parseFromWebview, type ToWebview } from '../../shared/messages';
import type { PaperLibrary } from '../../services/paper-library';
import { Disposable } from '../../util/dispose';

export const SUMMARY_VIEW_TYPE = 'paperLens.summary';

/** State the webview keeps with `setState`, so a reloaded window can bring the panel back. */
interface PanelState {
  paperId?: string;
  section?: string;
}

/** The summary webview: one panel, reused for whichever paper is opened. */
export class SummaryPanel extends Disposable {
  private static _current: SummaryPanel | undefined;
  private _paper: CompiledPaper | undefined;
  private _pendingSection: string | undefined;
  private _ready = false;

  /** Opens (or reuses) the panel on a paper, revealing a section if given. */
  static async createOrShow(library: PaperLibrary, extensionUri: vscode.Uri, paperId: string, section?: string): Promise<SummaryPanel> {
    const paper = await library.get(paperId);
    if (!paper) throw new Error(`Unknown paper id "${paperId}"`);
    let panel = SummaryPanel._current;
    if (panel) {
      panel._panel.reveal(undefined, false);
    } else {
      const webviewPanel = vscode.window.createWebviewPanel(SUMMARY_VIEW_TYPE, paper.meta.shortTitle, vscode.ViewColumn.Beside, {
        enableScripts: true,
        retainContextWhenHidden: false,
        enableFindWidget: true,
        localResourceRoots: SummaryPanel.resourceRoots(extensionUri),
      });
      panel = new SummaryPanel(webviewPanel, library, extensionUri);
    }
    panel.show(paper, section);
    return panel;
  }

  /** Brings a panel back after a window reload (registered as the webview panel serializer). */
  static async revive(webviewPanel: vscode.WebviewPanel, library: PaperLibrary, extensionUri: vscode.Uri, state: unknown): Promise<void> {
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: SummaryPanel.resourceRoots(extensionUri) };
    const panel = new SummaryPanel(webviewPanel, library, extensionUri);
    const s = (state ?? {}) as PanelState;
    const paper = typeof s.paperId === 'string' ? await library.get(s.paperId) : undefined;
    const first = paper ?? (await library.catalog()).all()[0];
    if (first) panel.show(first, typeof s.section === 'string' ? s.section : undefined);
  }

  static get current(): SummaryPanel | undefined {
    return SummaryPanel._current;
  }

  private static resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
    return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')];
  }

  private constructor(
    private readonly _panel: vscode.WebviewPanel,
    private readonly _library: PaperLibrary,
    private readonly _extensionUri: vscode.Uri,
  ) {
    super();
    SummaryPanel._current = this;
    this._register(_panel.onDidDispose(() => this.dispose()));
    this._register(_panel.webview.onDidReceiveMessage((raw) => this._onMessage(raw)));
    _panel.iconPath = vscode.Uri.joinPath(_extensionUri, 'media', 'paper-lens.svg');
    _panel.webview.html = this._html();
  }

  get paperId(): string | undefined {
    return this._paper?.meta.id;
  }

  get panel(): vscode.WebviewPanel {
    return this._panel;
  }

  show(paper: CompiledPaper, section?: string): void {
    this._paper = paper;
    this._pendingSection = section;
    this._panel.title = paper.meta.shortTitle;
    if (this._ready) void this._sendPaper();
  }

  override dispose(): void {
    if (SummaryPanel._current === this) SummaryPanel._current = undefined;
    this._panel.dispose();
    super.dispose();
  }

  private async _sendPaper(): Promise<void> {
    const paper = this._paper;
    if (!paper) return;
    const catalog = await this._library.catalog();
    const view: PaperView = {
      id: paper.meta.id,
      title: paper.meta.title,
      shortTitle: paper.meta.shortTitle,
      authors: paper.meta.authors,
      organization: paper.meta.organization,
      arxiv: paper.meta.arxiv,
      published: paper.meta.published,
      topics: paper.meta.topics,
      related: paper.meta.related.flatMap((id) => {
        const p = catalog.get(id);
        return p ? [{ id, title: p.meta.shortTitle }] : [];
      }),
      html: paper.html,
    };
    this._post({ type: 'showPaper', paper: view, section: this._pendingSection });
    this._pendingSection = undefined;
  }

  private _post(message: ToWebview): void {
    void this._panel.webview.postMessage(message);
  }

  private async _onMessage(raw: unknown): Promise<void> {
    const message: FromWebview | undefined = parseFromWebview(raw);
    if (!message) {
      console.warn('paper-lens: ignored a malformed message from the summary webview', raw);
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
        if (paper) this.show(paper, message.section);
        else void vscode.window.showWarningMessage(`Paper Lens: no paper with id "${message.paperId}".`);
        return;
      }
      case 'scrolled':
        return; // the webview keeps its own scroll state with setState
    }
  }

  private _html(): string {
    const webview = this._panel.webview;
    const nonce = randomBytes(16).toString('base64');
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
<header id="paper-header" aria-live="polite"></header>
<main id="content" tabindex="-1"><p class="loading">Loading summary…</p></main>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
  }
}

/** Opens http(s) and arXiv links in the external browser; anything else is refused with a message. */
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
