import * as vscode from 'vscode';
import type { Finding } from '../core/detect/index';
import { DEFAULT_EXCLUDED_FOLDERS, enabledGlobs, IgnorePolicy, VIRTUAL_ENV_MARKER } from '../core/ignore/ignore-rules';
import { Disposable } from '../util/dispose';
import type { DocumentFindings } from './document-findings';
import type { PaperLibrary } from './paper-library';

/** A place in the workspace that implements a paper section. */
export interface Implementation {
  uri: vscode.Uri;
  finding: Finding;
}

const GLOB = '**/*.{py,ipynb,ts,tsx,mts,cts,js,jsx,mjs,cjs,rs,c,cc,cpp,cxx,cu,cuh,h,hh,hpp,hxx,yaml,yml,json,jsonc,toml}';
/** Files handled per slice before yielding to the extension host's event loop. */
const SLICE_MS = 8;
/** Files read at once during a full scan: enough to hide file-system latency, few enough to stay polite. */
const READ_CONCURRENCY = 8;

/**
 * Findings of every file in the workspace: built in the background with progress on first use, kept up to
 * date from file-system events and unsaved edits, and never on the typing path (edits are debounced).
 * Full scans and watcher events go through one {@link IgnorePolicy} per workspace folder (the CLI's): every
 * `.gitignore` at any depth, `files.exclude`, `search.exclude`, virtual environments and dependency folders.
 * A new rescan cancels the one in progress; the index is swapped in only when a scan completes.
 */
export class WorkspaceIndex extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  private readonly _byFile = new Map<string, Implementation[]>();
  private _ready?: Promise<void>;
  private _changeTimer?: ReturnType<typeof setTimeout>;
  private readonly _editTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private _policies = new Map<string, IgnorePolicy>();
  private _scan?: vscode.CancellationTokenSource;
  /** Files that changed while a full scan ran; re-read once it is swapped in. */
  private readonly _changedDuringScan = new Set<string>();
  private _policyTimer?: ReturnType<typeof setTimeout>;

  /** `findings` computes (or recalls) every file's findings and keeps the persisted index; `library` says when user rules change. */
  constructor(
    private readonly _findings: DocumentFindings,
    private readonly _library?: PaperLibrary,
  ) {
    super();
  }

  private get _cache(): DocumentFindings['persisted'] {
    return this._findings.persisted;
  }

  get started(): boolean {
    return this._ready !== undefined;
  }

  /** Starts the first scan if needed and resolves when it is done. */
  ready(): Promise<void> {
    this._ready ??= this._start();
    return this._ready;
  }

  /** Every indexed place that links to `paper#section`, by file then line. */
  implementationsOf(paperId: string, sectionId?: string): Implementation[] {
    const out: Implementation[] = [];
    for (const list of this._byFile.values()) {
      for (const i of list) if (i.finding.paper === paperId && (!sectionId || i.finding.section === sectionId)) out.push(i);
    }
    return out.sort((a, b) => a.uri.path.localeCompare(b.uri.path) || a.finding.line - b.finding.line);
  }

  /** How the last full scan went: files whose findings were kept from the last window, and files detected. */
  get lastScan(): { reused: number; detected: number } {
    return { ...this._cache.stats };
  }

  get fileCount(): number {
    return this._byFile.size;
  }

  private async _start(): Promise<void> {
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(GLOB));
    this._register(watcher.onDidChange((uri) => void this._indexFile(uri)));
    this._register(watcher.onDidCreate((uri) => void this._indexFile(uri)));
    this._register(watcher.onDidDelete((uri) => this._remove(uri)));
    // A new or edited .gitignore, or a new virtual environment, changes what is indexed.
    const policyFiles = this._register(vscode.workspace.createFileSystemWatcher(`**/{.gitignore,${VIRTUAL_ENV_MARKER}}`));
    const policyChanged = (): void => {
      clearTimeout(this._policyTimer);
      this._policyTimer = setTimeout(() => void this.rescan(), 300);
    };
    this._register(policyFiles.onDidChange(policyChanged));
    this._register(policyFiles.onDidCreate(policyChanged));
    this._register(policyFiles.onDidDelete(policyChanged));
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this._scheduleEdit(e.document)));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('paperLens.codeLens.techniques') || e.affectsConfiguration('paperLens.scan') || e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) void this.rescan();
    }));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()));
    // New or edited `detect:` rules in a user paper change what every file links to.
    if (this._library) this._register(this._library.onDidChange(() => void this.rescan()));
    await this.rescan();
  }

  /** Scans the whole workspace again, with progress in the status bar; cancels a scan in progress. */
  async rescan(): Promise<void> {
    this._scan?.cancel();
    const source = new vscode.CancellationTokenSource();
    this._scan = source;
    const token = source.token;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Paper Lens: indexing code') },
        async (progress) => {
          await this._loadPolicies(token);
          if (token.isCancellationRequested) return;
          await this._cache.begin();
          const uris = (await vscode.workspace.findFiles(GLOB, this._excludeGlob(), undefined, token)).filter((u) => !this._isIgnored(u));
          const next = new Map<string, Implementation[]>();
          let done = 0;
          let last = Date.now();
          let cursor = 0;
          const worker = async (): Promise<void> => {
            while (cursor < uris.length && !token.isCancellationRequested && !this.isDisposed) {
              const uri = uris[cursor++];
              const list = await this._read(uri);
              if (list?.length) next.set(uri.toString(), list);
              done++;
              if (Date.now() - last > SLICE_MS) {
                progress.report({ message: `${done}/${uris.length} files` });
                await new Promise((r) => setTimeout(r, 0));
                last = Date.now();
              }
            }
          };
          await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, uris.length) }, worker));
          if (token.isCancellationRequested || this.isDisposed) return;
          this._byFile.clear();
          for (const [k, v] of next) this._byFile.set(k, v);
          await this._cache.end();
        },
      );
    } finally {
      if (this._scan === source) this._scan = undefined;
      source.dispose();
    }
    if (token.isCancellationRequested || this.isDisposed) return;
    const changed = [...this._changedDuringScan];
    this._changedDuringScan.clear();
    for (const key of changed) await this._indexFile(vscode.Uri.parse(key), false);
    this._onDidChange.fire();
  }

  private _excludeGlob(): string | undefined {
    const files = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude', {});
    const search = vscode.workspace.getConfiguration('search').get<Record<string, boolean>>('exclude', {});
    // Only a speed-up for the file search: the policy decides, folder by folder.
    const globs = [...enabledGlobs(files), ...enabledGlobs(search), ...DEFAULT_EXCLUDED_FOLDERS.map((d) => `**/${d}/**`)];
    return `{${globs.join(',')}}`;
  }

  private async _loadPolicies(token: vscode.CancellationToken): Promise<void> {
    const policies = new Map<string, IgnorePolicy>();
    const exclude = `{${DEFAULT_EXCLUDED_FOLDERS.map((d) => `**/${d}/**`).join(',')}}`;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const globs = [
        ...enabledGlobs(vscode.workspace.getConfiguration('files', folder).get<Record<string, unknown>>('exclude')),
        ...enabledGlobs(vscode.workspace.getConfiguration('search', folder).get<Record<string, unknown>>('exclude')),
      ];
      const policy = new IgnorePolicy(globs);
      const [gitignores, venvs] = await Promise.all([
        vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), exclude, undefined, token),
        vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/${VIRTUAL_ENV_MARKER}`), exclude, undefined, token),
      ]);
      for (const uri of venvs) {
        const dir = this._relative(folder, uri).split('/').slice(0, -1).join('/');
        if (dir) policy.excludeFolder(dir);
      }
      for (const uri of gitignores) {
        try {
          const bytes = await vscode.workspace.fs.readFile(uri);
          policy.addGitignore(this._relative(folder, uri).split('/').slice(0, -1).join('/'), new TextDecoder().decode(bytes));
        } catch {
          // an unreadable .gitignore ignores nothing
        }
      }
      policies.set(folder.uri.toString(), policy);
    }
    if (!token.isCancellationRequested) this._policies = policies;
  }

  private _relative(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string {
    return uri.path.slice(folder.uri.path.length).replace(/^\/+/, '');
  }

  private _isIgnored(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const policy = this._policies.get(folder.uri.toString()) ?? new IgnorePolicy();
    return policy.ignoresPath(this._relative(folder, uri));
  }

  private async _indexFile(uri: vscode.Uri, notify = true): Promise<void> {
    if (this._scan) this._changedDuringScan.add(uri.toString());
    if (this._isIgnored(uri)) {
      this._remove(uri);
      return;
    }
    const list = await this._read(uri);
    if (list === undefined) this._remove(uri);
    else this._set(uri, list, notify);
  }

  /** The file's findings; `undefined` when it cannot be read (deleted meanwhile). */
  private async _read(uri: vscode.Uri): Promise<Implementation[] | undefined> {
    return (await this._findings.ofFile(uri))?.map((finding) => ({ uri, finding }));
  }

  private _scheduleEdit(document: vscode.TextDocument): void {
    const known = this._byFile.has(document.uri.toString()) || /\.(py|ipynb|[cm]?[jt]sx?|rs|c|cc|cpp|cxx|cu|cuh|h|hh|hpp|hxx|ya?ml)$/.test(document.uri.path);
    if (document.uri.scheme !== 'file' || !known) return;
    const key = document.uri.toString();
    clearTimeout(this._editTimers.get(key));
    // Typing never waits for the detector: it runs once the user pauses.
    this._editTimers.set(key, setTimeout(() => {
      this._editTimers.delete(key);
      if (this._isIgnored(document.uri) || this.isDisposed) return;
      // Usually computed already, for the lenses of this version.
      void this._findings.ofDocument(document).then((found) => {
        if (!this.isDisposed) this._set(document.uri, found.map((finding) => ({ uri: document.uri, finding })), true);
      }, () => undefined);
    }, 750));
  }

  private _set(uri: vscode.Uri, list: Implementation[], notify: boolean): void {
    const key = uri.toString();
    const before = this._byFile.get(key);
    if (list.length) this._byFile.set(key, list);
    else this._byFile.delete(key);
    if (notify && (before?.length || list.length)) this._notifySoon();
  }

  private _remove(uri: vscode.Uri): void {
    if (this._scan) this._changedDuringScan.add(uri.toString());
    if (this._byFile.delete(uri.toString())) this._notifySoon();
  }

  private _notifySoon(): void {
    clearTimeout(this._changeTimer);
    this._changeTimer = setTimeout(() => this._onDidChange.fire(), 200);
  }

  override dispose(): void {
    this._scan?.cancel();
    clearTimeout(this._policyTimer);
    clearTimeout(this._changeTimer);
    this._editTimers.forEach((t) => clearTimeout(t));
    super.dispose();
  }
}
