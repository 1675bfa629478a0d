import * as vscode from 'vscode';
import { PaperCatalog, parseCatalog } from '../core/papers/catalog';
import { BUNDLED_COLLECTION, type CompiledPaper } from '../core/papers/paper';
import { Disposable } from '../util/dispose';
import type { UserRuleSet } from '../core/detect/user-rules';
import { loadDetector, loadLazy } from './lazy-loader';

/** A user paper that could not be loaded, with a message that says why. */
export interface PaperProblem {
  uri: vscode.Uri;
  message: string;
  /** Set for a problem in the `detect:` rules of a paper that did load: its id and the 1-based line. */
  paperId?: string;
  line?: number;
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
  private _userUris = new Map<string, vscode.Uri>();
  /** The folder setting the watcher is for; undefined until the first load. */
  private _watched?: string;
  private _watcher?: vscode.Disposable;
  private _ruleProblems: PaperProblem[] = [];
  private _rules?: { catalog: Promise<PaperCatalog>; rules: Promise<UserRuleSet> };

  constructor(private readonly _extensionUri: vscode.Uri) {
    super();
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('paperLens.userPapersFolder')) this._retarget();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this._retarget(true)));
    this._register({ dispose: () => this._watcher?.dispose() });
  }

  /** The folder moved: watch the new one (the old watcher goes) and reload. */
  private _retarget(force = false): void {
    if (this._watched !== undefined && (force || this._watched !== this._folderSetting())) {
      this._watched = undefined;
      this._watch();
    }
    this.refresh();
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

  /** The Markdown file a user paper was loaded from, as of the last load; `undefined` for bundled papers. */
  async userPaperUri(id: string): Promise<vscode.Uri | undefined> {
    await this.catalog();
    return this._userUris.get(id);
  }

  /** Where new user papers go: the papers folder of the first workspace folder; `undefined` without one. */
  userPapersFolder(): vscode.Uri | undefined {
    const folder = this._folderSetting();
    const ws = vscode.workspace.workspaceFolders?.[0];
    return folder && ws ? vscode.Uri.joinPath(ws.uri, folder) : undefined;
  }

  /** Problems in the `detect:` rules of user papers that loaded, from the last load. */
  get ruleProblems(): readonly PaperProblem[] {
    return this._ruleProblems;
  }

  /**
   * The `detect:` rules of the user papers, indexed for matching; built once per load of the library
   * (so it changes exactly when {@link onDidChange} fires).
   */
  detectRules(): Promise<UserRuleSet> {
    const catalog = this.catalog();
    if (this._rules?.catalog !== catalog) {
      const rules = catalog.then((c) => new (loadDetector(this._extensionUri).UserRuleSet)(
        c.all().filter((p) => p.detect?.length).map((p) => ({ paper: p.meta.id, rules: p.detect ?? [] })),
      ));
      this._rules = { catalog, rules };
    }
    return this._rules.rules;
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
    const { papers, problems, uris } = await this._loadUserPapers(bundled);
    this._problems = problems.filter((p) => !p.paperId);
    this._ruleProblems = problems.filter((p) => p.paperId);
    this._userUris = uris;
    return bundled.with(papers);
  }

  private async _loadBundled(): Promise<PaperCatalog> {
    const uri = vscode.Uri.joinPath(this._extensionUri, 'dist', 'catalog.json');
    const bytes = await vscode.workspace.fs.readFile(uri);
    const catalog = parseCatalog(new TextDecoder().decode(bytes));
    return new PaperCatalog(catalog.all().map((p) => ({ ...p, collection: BUNDLED_COLLECTION })));
  }

  private _folderSetting(): string {
    return vscode.workspace.getConfiguration('paperLens').get<string>('userPapersFolder', '.paper-lens/papers').trim();
  }

  private _watch(): void {
    if (this._watched !== undefined || !vscode.workspace.workspaceFolders?.length) return;
    this._watched = this._folderSetting();
    this._watcher?.dispose();
    this._watcher = undefined;
    const folder = this._watched.replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '');
    if (!folder) return;
    // One watcher per workspace folder, on exactly the folder that is read (it may not exist yet).
    const parts: vscode.Disposable[] = [];
    const changed = (): void => this.refresh();
    for (const ws of vscode.workspace.workspaceFolders) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(ws, `${folder}/*.md`));
      parts.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
    }
    this._watcher = vscode.Disposable.from(...parts);
  }

  private async _loadUserPapers(bundled: PaperCatalog): Promise<{ papers: CompiledPaper[]; problems: PaperProblem[]; uris: Map<string, vscode.Uri> }> {
    const folder = this._folderSetting();
    const papers: CompiledPaper[] = [];
    const problems: PaperProblem[] = [];
    const uris = new Map<string, vscode.Uri>();
    // Restricted Mode: papers from an untrusted folder are not compiled until the user trusts it.
    if (!folder || !vscode.workspace.isTrusted) return { papers, problems, uris };
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
        if ('paper' in result) {
          papers.push(result.paper);
          if (!uris.has(result.paper.meta.id)) uris.set(result.paper.meta.id, uri);
          for (const p of result.paper.detectProblems ?? []) problems.push({ uri, message: p.message, paperId: result.paper.meta.id, line: p.line });
        } else problems.push({ uri, message: result.message });
      }
    }
    return { papers, problems, uris };
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
