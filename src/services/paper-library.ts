import * as vscode from 'vscode';
import { PaperCatalog, parseCatalog } from '../core/papers/catalog';
import type { CompiledPaper } from '../core/papers/paper';
import { Disposable } from '../util/dispose';
import { loadLazy } from './lazy-loader';

/** A user paper that could not be loaded, with a message that says why. */
export interface PaperProblem {
  uri: vscode.Uri;
  message: string;
}

const MAX_USER_PAPER_BYTES = 1024 * 1024;

/**
 * The papers the extension knows: the catalog compiled at build time plus Markdown papers the user keeps in
 * the workspace (`paperLens.userPapersFolder`). Loads nothing until first asked, so activation stays cheap.
 */
export class PaperLibrary extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;

  private _bundled?: Promise<PaperCatalog>;
  private _current?: Promise<PaperCatalog>;
  private _problems: PaperProblem[] = [];
  private _watching = false;

  constructor(private readonly _extensionUri: vscode.Uri) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('paperLens.userPapersFolder')) this.refresh();
      }),
    );
  }

  /** The full library; cached until a user paper changes. */
  catalog(): Promise<PaperCatalog> {
    this._current ??= this._load();
    return this._current;
  }

  /** The papers bundled with the extension only: what code lenses link to, without loading user papers. */
  bundled(): Promise<PaperCatalog> {
    this._bundled ??= this._loadBundled();
    return this._bundled;
  }

  /** User papers that failed to load during the last load. */
  get problems(): readonly PaperProblem[] {
    return this._problems;
  }

  async get(id: string): Promise<CompiledPaper | undefined> {
    return (await this.catalog()).get(id);
  }

  refresh(): void {
    this._current = undefined;
    this._onDidChange.fire();
  }

  private async _load(): Promise<PaperCatalog> {
    this._bundled ??= this._loadBundled();
    const bundled = await this._bundled;
    this._watch();
    const { papers, problems } = await this._loadUserPapers(bundled);
    this._problems = problems;
    return bundled.with(papers);
  }

  private async _loadBundled(): Promise<PaperCatalog> {
    const uri = vscode.Uri.joinPath(this._extensionUri, 'dist', 'catalog.json');
    const bytes = await vscode.workspace.fs.readFile(uri);
    return parseCatalog(new TextDecoder().decode(bytes));
  }

  private _folderSetting(): string {
    return vscode.workspace.getConfiguration('paperLens').get<string>('userPapersFolder', '.paper-lens/papers').trim();
  }

  private _watch(): void {
    if (this._watching || !vscode.workspace.workspaceFolders?.length) return;
    this._watching = true;
    const folder = this._folderSetting().replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '');
    if (!folder) return;
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(`**/${folder}/*.md`));
    const changed = (): void => this.refresh();
    this._register(watcher.onDidCreate(changed));
    this._register(watcher.onDidChange(changed));
    this._register(watcher.onDidDelete(changed));
  }

  private async _loadUserPapers(bundled: PaperCatalog): Promise<{ papers: CompiledPaper[]; problems: PaperProblem[] }> {
    const folder = this._folderSetting();
    const papers: CompiledPaper[] = [];
    const problems: PaperProblem[] = [];
    if (!folder) return { papers, problems };
    for (const ws of vscode.workspace.workspaceFolders ?? []) {
      const dir = vscode.Uri.joinPath(ws.uri, folder);
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        continue; // no user papers in this folder
      }
      for (const [name, type] of entries) {
        if (type !== vscode.FileType.File || !name.endsWith('.md')) continue;
        const uri = vscode.Uri.joinPath(dir, name);
        const result = await this._loadUserPaper(uri, name.slice(0, -3).toLowerCase(), bundled);
        if ('paper' in result) papers.push(result.paper);
        else problems.push({ uri, message: result.message });
      }
    }
    return { papers, problems };
  }

  private async _loadUserPaper(
    uri: vscode.Uri,
    fallbackId: string,
    bundled: PaperCatalog,
  ): Promise<{ paper: CompiledPaper } | { message: string }> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_USER_PAPER_BYTES) return { message: `${Math.round(stat.size / 1024)} KB; papers over 1 MB are skipped` };
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.includes(0)) return { message: 'not a text file' };
      const markdown = loadLazy(this._extensionUri);
      const result = markdown.compilePaperCached(new TextDecoder().decode(bytes), fallbackId.replace(/[^a-z0-9-]/g, '-'));
      if (!result.ok) return { message: result.errors.join('; ') };
      if (bundled.get(result.paper.meta.id)) return { message: `the id "${result.paper.meta.id}" belongs to a bundled paper; give it another id` };
      return { paper: result.paper };
    } catch (err) {
      return { message: err instanceof Error ? err.message : String(err) };
    }
  }
}
