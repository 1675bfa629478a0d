import * as vscode from 'vscode';
import { newNonce } from '../../util/nonce';
import type { CompiledPaper } from '../../core/papers/paper';
import { defaultTitle, type HighlightColor } from '../../core/notes/model';
import { type AnnotationView, type FromWebview, isForPaper, type PaperView, parseFromWebview, type ToWebview } from '../../shared/messages';
import { loadLazy } from '../../services/lazy-loader';
import type { NotesService } from '../../services/notes-service';
import type { PaperLibrary } from '../../services/paper-library';
import { Disposable } from '../../util/dispose';
import { log } from '../../util/log';
import { deleteAnnotation } from './annotation-actions';
import { inlineStyles, splitFirstScreen, SUMMARY_ASSETS, SUMMARY_RESOURCE_ROOTS, summaryPage } from './summary-html';
import { escapeHtml } from '../../util/escape-html';
import { openExternalLink } from '../shared-webview';

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
const REMOTE_IMAGES_SETTING = 'paperLens.notes.allowRemoteImages';

/** Exactly the files the page loads (see summary-html.ts). */
function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return SUMMARY_RESOURCE_ROOTS.map((path) => vscode.Uri.joinPath(extensionUri, ...path));
}

/**
 * Owns every summary panel: which exist, which one was focused last, and bringing them back after a reload.
 * Built once in the composition root; nothing reaches a panel any other way. By default one panel is reused
 * for whichever paper is opened; with `paperLens.summary.openInNewTab` each paper gets its own panel.
 */
export class SummaryPanelManager extends Disposable {
  private readonly _panels = new Set<SummaryPanel>();
  private _last: SummaryPanel | undefined;
  /** The stylesheets' and the script's text (read once, on the first open), inlined into every page. */
  private _styles?: Promise<PageStyles | undefined>;

  constructor(private readonly _deps: PanelDeps) {
    super();
    this._register(_deps.library.onDidChange(() => {
      for (const p of this._panels) void p.refreshPaper();
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(REMOTE_IMAGES_SETTING)) for (const p of this._panels) p.renderPage();
    }));
  }

  /** Reads what a first page needs (its stylesheets and script) ahead of the first open, e.g. while a paper is picked. */
  prepare(): void {
    void this._pageStyles();
  }

  /** Opens a paper in the reusable panel (or its own one), revealing a section if asked. */
  async createOrShow(paperId: string, options: ShowOptions = {}): Promise<SummaryPanel> {
    const paper = await this._deps.library.get(paperId);
    if (!paper) throw new Error(`Unknown paper id "${paperId}"`);
    const ownTab = vscode.workspace.getConfiguration('paperLens.summary').get<boolean>('openInNewTab', false);
    let panel = ownTab ? [...this._panels].find((p) => p.paperId === paperId) : this._last ?? [...this._panels][0];
    if (panel) {
      panel.reveal();
    } else {
      const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      // The first page already holds the paper and its styles: the first paint waits for no message or request.
      const [view, styles] = await Promise.all([paperView(paper, this._deps.library), this._pageStyles()]);
      const webviewPanel = vscode.window.createWebviewPanel(SUMMARY_VIEW_TYPE, paper.meta.shortTitle, column, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: resourceRoots(this._deps.extensionUri),
      });
      panel = this._add(webviewPanel, { paper, view, styles });
    }
    panel.show(paper, options);
    return panel;
  }

  /** Brings a panel back after a window reload (the webview panel serializer). */
  async revive(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const { library, extensionUri, memento } = this._deps;
    webviewPanel.webview.options = { enableScripts: true, localResourceRoots: resourceRoots(extensionUri) };
    const fromWebview = (state ?? {}) as PanelState;
    const fromExtension = memento.get<PanelState>(LAST_VIEW_KEY, {});
    const saved = typeof fromWebview.paperId === 'string' ? fromWebview : fromExtension;
    const scrollY = saved.scrollY ?? (fromExtension.paperId === saved.paperId ? fromExtension.scrollY : undefined);
    const paper = typeof saved.paperId === 'string' ? await library.get(saved.paperId) : undefined;
    const shown = paper ?? (await library.catalog()).all()[0];
    const [view, styles] = await Promise.all([shown && paperView(shown, library), this._pageStyles()]);
    const panel = this._add(webviewPanel, { paper: shown, view, styles });
    if (shown) panel.show(shown, { scrollY: paper ? scrollY : undefined });
  }

  /** The panel the user is looking at, if it is focused. */
  get active(): SummaryPanel | undefined {
    return [...this._panels].find((p) => p.active);
  }

  /** The panel that showed a paper or had the focus last. */
  get current(): SummaryPanel | undefined {
    return this._last;
  }

  override dispose(): void {
    for (const p of [...this._panels]) p.dispose();
    super.dispose();
  }

  private _pageStyles(): Promise<PageStyles | undefined> {
    this._styles ??= readPageStyles(this._deps.extensionUri);
    return this._styles;
  }

  private _add(webviewPanel: vscode.WebviewPanel, initial: InitialPage): SummaryPanel {
    const panel = new SummaryPanel(webviewPanel, this._deps, initial, {
      focused: (p) => { this._last = p; },
      disposed: (p) => {
        this._panels.delete(p);
        if (this._last === p) this._last = undefined;
      },
    });
    this._panels.add(panel);
    this._last = panel;
    return panel;
  }
}

/** The stylesheets and the script the page inlines, as read from `dist/summary/`. */
interface PageStyles {
  katex: string;
  summary: string;
  script: string;
}

/** What a new panel's first page shows. */
interface InitialPage {
  paper?: CompiledPaper;
  view?: PaperView;
  styles?: PageStyles;
}

/** Reads the stylesheets and the script once; if that fails the page loads them from `dist/summary/` instead. */
async function readPageStyles(extensionUri: vscode.Uri): Promise<PageStyles | undefined> {
  const read = async (path: readonly string[]) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, ...path)));
  try {
    const [katex, summary, script] = await Promise.all([read(SUMMARY_ASSETS.katexCss), read(SUMMARY_ASSETS.css), read(SUMMARY_ASSETS.script)]);
    return { katex, summary, script };
  } catch (err) {
    log().warn('Could not read the summary page assets; the page loads them instead:', err instanceof Error ? err.message : String(err));
    return undefined;
  }
}

/** What the webview is sent for a paper: its facts, contents and HTML, related papers by short title. */
async function paperView(paper: CompiledPaper, library: PaperLibrary): Promise<PaperView> {
  const catalog = await library.catalog();
  const m = paper.meta;
  return {
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
}

/** How a panel tells its manager what happened to it. */
interface PanelEvents {
  focused(panel: SummaryPanel): void;
  disposed(panel: SummaryPanel): void;
}

/**
 * One summary webview. The webview keeps its own place (scroll) with `setState` and reads it back each time
 * it starts; the panel only supplies what the webview cannot know (which paper, which section to reveal).
 * A hidden webview is destroyed and says `ready` again when shown, so readiness is reset when it hides and
 * whatever was asked meanwhile waits in `_pending` until then.
 */
export class SummaryPanel extends Disposable {
  private _paper: CompiledPaper | undefined;
  private _pending: ShowOptions = {};
  private _ready = false;
  private readonly _library: PaperLibrary;
  private readonly _extensionUri: vscode.Uri;
  private readonly _memento: vscode.Memento;
  private readonly _notes: NotesService;
  /** The view last built for the paper shown: the page is rendered with it. */
  private _view: PaperView | undefined;
  /** The paper and HTML the page was set with (its <main> holds them), until the page is set again. */
  private _inPage: { id: string; html: string } | undefined;
  /** The paper the webview said at `ready` it shows from the page; gone once anything else is sent. */
  private _held: string | undefined;
  private readonly _styles: PageStyles | undefined;

  constructor(
    private readonly _panel: vscode.WebviewPanel,
    deps: PanelDeps,
    initial: InitialPage,
    private readonly _events: PanelEvents,
  ) {
    super();
    this._paper = initial.paper;
    this._view = initial.view;
    this._styles = initial.styles;
    ({ library: this._library, extensionUri: this._extensionUri, memento: this._memento, notes: this._notes } = deps);
    this._register(this._notes.onDidChange((paperId) => {
      if (paperId === this.paperId && this._ready) void this._sendAnnotations();
    }));
    this._register(_panel.onDidDispose(() => this.dispose()));
    this._register(_panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this._events.focused(this);
      // Without retainContextWhenHidden the webview is gone once hidden; it says `ready` again when shown.
      if (!e.webviewPanel.visible) this._ready = false;
    }));
    this._register(_panel.webview.onDidReceiveMessage((raw) => this._onMessage(raw)));
    _panel.iconPath = vscode.Uri.joinPath(this._extensionUri, 'media', 'paper-lens.svg');
    this.renderPage();
  }

  get paperId(): string | undefined {
    return this._paper?.meta.id;
  }

  get active(): boolean {
    return this._panel.active;
  }

  reveal(): void {
    this._panel.reveal(undefined, false);
  }

  show(paper: CompiledPaper, options: ShowOptions = {}): void {
    const samePaper = this._paper?.meta.id === paper.meta.id;
    this._paper = paper;
    this._panel.title = paper.meta.shortTitle;
    this._events.focused(this);
    if (!this._ready) {
      // Keep what an earlier request asked for unless this one asks for something else.
      this._pending = samePaper && !options.section && !options.annotation && options.scrollY === undefined ? this._pending : options;
    } else if (samePaper && (options.section || options.annotation)) {
      if (options.annotation) this._postOrKeep({ type: 'revealAnnotation', id: options.annotation }, options);
      else if (options.section) this._postOrKeep({ type: 'revealSection', section: options.section, highlight: options.highlight }, options);
    } else if (!samePaper || options.scrollY !== undefined) {
      this._pending = options;
      void this._sendPaper();
    }
  }

  /** Sets the page again (a setting it depends on changed); the webview restarts and keeps its place. */
  renderPage(): void {
    this._ready = false;
    this._panel.webview.html = this._html();
  }

  /** The library changed: show the paper's new text if it changed (a user paper edited on disk). */
  async refreshPaper(): Promise<void> {
    const id = this.paperId;
    if (!id) return;
    const fresh = await this._library.get(id);
    if (!fresh || fresh === this._paper || this.paperId !== id) return;
    const old = this._paper;
    this._paper = fresh;
    this._panel.title = fresh.meta.shortTitle;
    if (old && fresh.html === old.html && JSON.stringify(fresh.meta) === JSON.stringify(old.meta)) return;
    if (this._ready) await this._sendPaper();
  }

  override dispose(): void {
    this._events.disposed(this);
    this._panel.dispose();
    super.dispose();
  }

  /** Posts a reveal; when the webview is not there to take it, it waits for the next `ready`. */
  private _postOrKeep(message: ToWebview, options: ShowOptions): void {
    void this._panel.webview.postMessage(message).then((delivered) => {
      if (!delivered) {
        this._ready = false;
        this._pending = options;
      }
    });
  }

  private async _sendPaper(): Promise<void> {
    const paper = this._paper;
    if (!paper) return;
    const view = await paperView(paper, this._library);
    this._view = view;
    const m = paper.meta;
    const { section, highlight, scrollY, annotation } = this._pending;
    this._pending = {};
    // The page already holds this very HTML (it was set with it): say so with an empty html instead of
    // sending it again, so the webview keeps the DOM it drew at first paint rather than lay it out twice.
    const inPage = this._held === view.id && this._inPage?.id === view.id && this._inPage.html === view.html;
    this._held = undefined;
    this._post({ type: 'showPaper', paper: inPage ? { ...view, html: '' } : view, section, highlight, scrollY });
    // Remember which paper is shown; its place comes from the webview's `scrolled` messages, never reset here.
    const last = this._memento.get<PanelState>(LAST_VIEW_KEY, {});
    if (last.paperId !== m.id) void this._memento.update(LAST_VIEW_KEY, { paperId: m.id } satisfies PanelState);
    await this._sendAnnotations();
    if (annotation) this._post({ type: 'revealAnnotation', id: annotation });
  }
  /** Sends the paper's highlights and notes, note bodies rendered through the sanitizing pipeline. */
  private async _sendAnnotations(): Promise<void> {
    const paper = this._paper;
    if (!paper) return;
    const notes = await this._notes.get(paper.meta.id);
    // Annotations made in the paper's PDF (they carry a page) are drawn by the PDF reader, not here.
    const items: AnnotationView[] = notes.file.annotations.filter((a) => a.target.page === undefined).map((a) => {
      let bodyHtml = '';
      try {
        // The pipeline is loaded only for a note with a body, never for a paper without notes.
        bodyHtml = a.body.trim() ? loadLazy(this._extensionUri).compileMarkdownCached(a.body).html : '';
      } catch (err) {
        bodyHtml = `<p><em>This note cannot be shown: ${escapeHtml(err instanceof Error ? err.message : String(err))}</em></p>`;
      }
      return { id: a.id, kind: a.kind, color: a.color, section: a.target.section, quote: a.target.quote, title: a.title ?? defaultTitle(a, paper.sections.find((x) => x.id === a.target.section)?.title), bodyHtml };
    });
    const readOnly = notes.readOnly ? `The notes file cannot be read (line ${notes.readOnly.line}: ${notes.readOnly.message}); notes are read-only until it is fixed.` : undefined;
    this._post({ type: 'annotations', paperId: paper.meta.id, items, readOnly });
  }

  private async _annotate(message: Extract<FromWebview, { type: 'annotate' }>): Promise<void> {
    const color: HighlightColor | undefined = message.color ?? (message.kind === 'highlight' ? 'yellow' : undefined);
    let body = '';
    if (message.kind === 'note') {
      const where = message.quote ? `“${message.quote.exact.slice(0, 60)}${message.quote.exact.length > 60 ? '…' : ''}”` : message.section ? `section ${message.section}` : 'the whole paper';
      const input = await vscode.window.showInputBox({ title: vscode.l10n.t('Add Note — {0}', String(this._paper?.meta.shortTitle)), prompt: vscode.l10n.t('Note on {0} (Markdown; $math$ works)', where), placeHolder: vscode.l10n.t('Your note'), ignoreFocusOut: true });
      if (input === undefined) return;
      body = input;
    }
    // The heading in the notes file names the section by its title ("The core idea — highlight").
    const sectionTitle = this._paper?.meta.id === message.paperId ? this._paper.sections.find((x) => x.id === message.section)?.title : undefined;
    const target = { section: message.section, quote: message.quote };
    await this._notes.add(message.paperId, { kind: message.kind, color, body, target, title: sectionTitle ? defaultTitle({ kind: message.kind, target }, sectionTitle) : undefined });
  }

  private async _edit(paperId: string, id: string): Promise<void> {
    const notes = await this._notes.get(paperId);
    const a = notes.file.annotations.find((x) => x.id === id);
    if (!a) return;
    const input = await vscode.window.showInputBox({ title: vscode.l10n.t('Edit Note'), prompt: vscode.l10n.t('Markdown; $math$ works. Empty turns a note into a plain highlight.'), value: a.body, ignoreFocusOut: true });
    if (input === undefined) return;
    await this._notes.update(paperId, id, { body: input, kind: input.trim() ? 'note' : a.target.quote ? 'highlight' : 'note' });
  }

  private _post(message: ToWebview): void {
    void this._panel.webview.postMessage(message);
  }

  private async _onMessage(raw: unknown): Promise<void> {
    const message: FromWebview | undefined = parseFromWebview(raw);
    if (!message) {
      log().warn('Ignored a malformed message from the summary webview:', JSON.stringify(raw)?.slice(0, 200));
      this._post({ type: 'idle' });
      return;
    }
    if (!isForPaper(message, this.paperId)) {
      log().warn(`Ignored a "${message.type}" message for a paper this panel does not show:`, JSON.stringify(raw)?.slice(0, 200));
      if (message.type !== 'scrolled') this._post({ type: 'idle' });
      return;
    }
    switch (message.type) {
      case 'ready':
        this._ready = true;
        this._held = message.holds;
        await this._sendPaper();
        return;
      case 'openLink':
        await openExternalLink(message.href, ['https', 'http'], (scheme) => vscode.l10n.t('Paper Lens: links with the "{0}:" scheme are not opened from summaries.', scheme));
        return;
      case 'openPaper': {
        const paper = await this._library.get(message.paperId);
        if (paper) this.show(paper, { section: message.section });
        else void vscode.window.showWarningMessage(vscode.l10n.t('Paper Lens: no paper with id "{0}".', message.paperId));
        return;
      }
      case 'scrolled':
        await this._memento.update(LAST_VIEW_KEY, { paperId: message.paperId, scrollY: message.scrollY } satisfies PanelState);
        return;
    }
    // The rest change the notes; the webview disables its forms until it hears back.
    try {
      switch (message.type) {
        case 'annotate':
          await this._annotate(message);
          return;
        case 'editAnnotation':
          await this._edit(message.paperId, message.id);
          return;
        case 'deleteAnnotation':
          await deleteAnnotation(this._notes, message.paperId, message.id);
          return;
        case 'recolorAnnotation':
          await this._notes.update(message.paperId, message.id, { color: message.color });
          return;
      }
    } finally {
      this._post({ type: 'idle' });
    }
  }

  private _html(): string {
    const webview = this._panel.webview;
    const asset = (path: readonly string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this._extensionUri, ...path)).toString();
    const view = this._view?.id === this.paperId ? this._view : undefined;
    // The first layout takes the paper's first screen; the rest waits in the page, parsed, until it has painted.
    const prerendered = view && (({ html, ...rest }: PaperView) => {
      const [first, later] = splitFirstScreen(html);
      return { id: view.id, viewJson: JSON.stringify(rest), html: first, rest: later };
    })(view);
    this._inPage = view && { id: view.id, html: view.html };
    return summaryPage({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      allowRemoteImages: vscode.workspace.getConfiguration('paperLens.notes').get<boolean>('allowRemoteImages', false),
      asset,
      styles: this._styles && inlineStyles(this._styles.katex, this._styles.summary, asset([...SUMMARY_ASSETS.katexCss.slice(0, -1), 'fonts'])),
      script: this._styles?.script,
      paper: prerendered,
    });
  }
}

/** What a panel needs from the rest of the extension. */
export interface PanelDeps {
  library: PaperLibrary;
  notes: NotesService;
  extensionUri: vscode.Uri;
  memento: vscode.Memento;
}
