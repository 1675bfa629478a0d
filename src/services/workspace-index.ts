import * as vscode from 'vscode';
import type { Finding } from '../core/detect/index';
import { IgnoreRules } from '../core/ignore/ignore-rules';
import { Disposable } from '../util/dispose';
import { detectorSettings } from './detector-settings';
import { IndexCache } from './index-cache';
import { loadDetector } from './lazy-loader';

/** A place in the workspace that implements a paper section. */
export interface Implementation {
  uri: vscode.Uri;
  finding: Finding;
}

const GLOB = '**/*.{py,ipynb,ts,tsx,mts,cts,js,jsx,mjs,cjs,rs,c,cc,cpp,cxx,cu,cuh,h,hh,hpp,hxx,yaml,yml}';
/** Files handled per slice before yielding to the extension host's event loop. */
const SLICE_MS = 8;

/**
 * Findings of every file in the workspace: built in the background with progress on first use, kept up to
 * date from file-system events and unsaved edits, and never on the typing path (edits are debounced).
 * Respects `files.exclude`, `search.exclude` and each folder's root `.gitignore`.
 */
export class WorkspaceIndex extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this._onDidChange.event;
  private readonly _byFile = new Map<string, Implementation[]>();
  private _ready?: Promise<void>;
  private _changeTimer?: ReturnType<typeof setTimeout>;
  private readonly _editTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private _ignores = new Map<string, IgnoreRules>();

  private readonly _cache: IndexCache;

  /** `storageUri` is the workspace storage where the index is kept for the next window (none: not kept). */
  constructor(private readonly _extensionUri: vscode.Uri, storageUri?: vscode.Uri) {
    super();
    this._cache = new IndexCache(storageUri, _extensionUri);
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
    this._register(vscode.workspace.onDidChangeTextDocument((e) => this._scheduleEdit(e.document)));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('paperLens.codeLens.techniques') || e.affectsConfiguration('paperLens.scan')) void this.rescan();
    }));
    await this.rescan();
  }

  /** Scans the whole workspace again, with progress in the status bar. */
  async rescan(): Promise<void> {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Paper Lens: indexing code' },
      async (progress) => {
        await this._loadIgnores();
        const uris = await vscode.workspace.findFiles(GLOB, this._excludeGlob());
        this._byFile.clear();
        await this._cache.begin();
        let last = Date.now();
        for (let i = 0; i < uris.length; i++) {
          if (this.isDisposed) return;
          await this._indexFile(uris[i], false);
          if (Date.now() - last > SLICE_MS) {
            progress.report({ message: `${i + 1}/${uris.length} files` });
            await new Promise((r) => setTimeout(r, 0));
            last = Date.now();
          }
        }
        await this._cache.end();
      },
    );
    this._onDidChange.fire();
  }

  private _excludeGlob(): string | undefined {
    const files = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude', {});
    const search = vscode.workspace.getConfiguration('search').get<Record<string, boolean>>('exclude', {});
    const globs = Object.entries({ ...files, ...search }).filter(([, on]) => on === true).map(([g]) => g);
    globs.push(...IgnoreRules.ALWAYS.map((d) => `**/${d}/**`));
    return `{${globs.join(',')}}`;
  }

  private async _loadIgnores(): Promise<void> {
    this._ignores = new Map();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.gitignore'));
        this._ignores.set(folder.uri.toString(), IgnoreRules.fromGitignore(new TextDecoder().decode(bytes)));
      } catch {
        // no .gitignore in this folder
      }
    }
  }

  private _isIgnored(uri: vscode.Uri): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return false;
    const rules = this._ignores.get(folder.uri.toString());
    if (!rules) return false;
    const rel = uri.path.slice(folder.uri.path.length).replace(/^\/+/, '');
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) if (rules.ignores(parts.slice(0, i).join('/'), true)) return true;
    return rules.ignores(rel, false);
  }

  private async _indexFile(uri: vscode.Uri, notify = true): Promise<void> {
    if (this._isIgnored(uri)) return;
    const settings = detectorSettings(uri);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > settings.maxFileSize) {
        this._set(uri, [], notify);
        return;
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      // Findings of unsaved text are never kept for the next window: they do not match the file's mtime.
      const onDisk = !open?.isDirty;
      const options = JSON.stringify([settings.techniques, settings.maxFileSize]);
      const kept = onDisk ? this._cache.lookup(uri.toString(), stat.size, stat.mtime, options) : undefined;
      if (kept) {
        this._set(uri, kept.map((finding) => ({ uri, finding })), notify);
        return;
      }
      const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const found = this._detect(text, uri, settings.techniques, settings.maxFileSize);
      if (onDisk) this._cache.record(uri.toString(), stat.size, stat.mtime, options, found.map((i) => i.finding));
      this._set(uri, found, notify);
    } catch {
      this._remove(uri);
    }
  }

  private _detect(text: string, uri: vscode.Uri, techniques: ReturnType<typeof detectorSettings>['techniques'], maxBytes: number): Implementation[] {
    const { findings } = loadDetector(this._extensionUri).detect(text, uri.path, { maxBytes, techniques });
    return findings.map((finding) => ({ uri, finding }));
  }

  private _scheduleEdit(document: vscode.TextDocument): void {
    const known = this._byFile.has(document.uri.toString()) || /\.(py|ipynb|[cm]?[jt]sx?|rs|c|cc|cpp|cxx|cu|cuh|h|hh|hpp|hxx|ya?ml)$/.test(document.uri.path);
    if (document.uri.scheme !== 'file' || !known) return;
    const key = document.uri.toString();
    clearTimeout(this._editTimers.get(key));
    // Typing never waits for the detector: it runs once the user pauses.
    this._editTimers.set(key, setTimeout(() => {
      this._editTimers.delete(key);
      if (this._isIgnored(document.uri)) return;
      const settings = detectorSettings(document);
      this._set(document.uri, this._detect(document.getText(), document.uri, settings.techniques, settings.maxFileSize), true);
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
    if (this._byFile.delete(uri.toString())) this._notifySoon();
  }

  private _notifySoon(): void {
    clearTimeout(this._changeTimer);
    this._changeTimer = setTimeout(() => this._onDidChange.fire(), 200);
  }

  override dispose(): void {
    clearTimeout(this._changeTimer);
    this._editTimers.forEach((t) => clearTimeout(t));
    super.dispose();
  }
}
