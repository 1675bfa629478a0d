import * as vscode from 'vscode';
import { addAnnotation, type Annotation, type AnnotationPatch, emptyNotes, type NewAnnotation, notesFileName, type NotesFile, paperIdFromNotesFileName, removeAnnotation, updateAnnotation } from '../core/notes/model';
import type { NotesBase, NotesStorage, NotesText } from '../core/notes/notes-store';
import { cleanupNotesFolder, notesStorage as storage } from '../storage/notes-storage';
import { Disposable } from '../util/dispose';
import { log } from '../util/log';
import { loadLazy } from './lazy-loader';

const RESTRICTED = 'notes are off in Restricted Mode: trust this folder to read and save notes in it';

/** One paper's notes as this window knows them. */
export interface PaperNotes {
  file: NotesFile;
  /** Set when the file on disk cannot be parsed: the notes are read-only until it is fixed. */
  readOnly?: { message: string; line: number; backupPath?: string };
}

/**
 * The same store over an open editor: reads see the editor's text (unsaved edits included) and a write is a
 * `WorkspaceEdit` of the changed middle, saved when the document had no unsaved edits before. So the
 * editor never holds a stale copy that a later save would write over the new annotation.
 */
function editorStorage(document: vscode.TextDocument): NotesStorage {
  return {
    async read(): Promise<NotesText> {
      return { text: document.getText(), utf8: true };
    },
    async write(_path, text) {
      const wasDirty = document.isDirty;
      const old = document.getText();
      let start = 0;
      while (start < old.length && start < text.length && old[start] === text[start]) start++;
      let end = 0;
      while (end < old.length - start && end < text.length - start && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(document.positionAt(start), document.positionAt(old.length - end)), text.slice(start, text.length - end));
      if (!(await vscode.workspace.applyEdit(edit)) || document.getText() !== text) throw new Error('the notes file is open in an editor that did not take the change');
      if (!wasDirty && !(await document.save())) throw new Error('the notes file is open in an editor that could not save it');
    },
    backup: (path) => storage.backup(path),
    lock: storage.lock && ((path) => storage.lock!(path)),
  };
}

/**
 * The user's highlights and notes, one Markdown file per paper in `.paper-lens/notes/` of the first
 * workspace folder (setting `paperLens.notes.folder`), or in the extension's global storage without a
 * workspace. The one owner of notes in this window: everyone else asks it or subscribes to it.
 *
 * Writes merge with changes made elsewhere meanwhile. When the paper's notes file is open in an editor the
 * write goes through the editor (merged with its text, unsaved edits included); otherwise it is an atomic
 * file write under a lock that other windows respect. A file that cannot be parsed is backed up, reported
 * with its line, and never written; a bug of the parser is logged as one and locks nothing. Changing the
 * notes folder (or the workspace folders) drops the cache and moves the watcher to the new folder.
 */
export class NotesService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with the paper id whose notes changed (here or on disk). */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidReport = this._register(new vscode.EventEmitter<string>());
  /** Fires with the text of each warning or error about a save that is shown to the user. */
  readonly onDidReport = this._onDidReport.event;
  private readonly _cache = new Map<string, { notes: PaperNotes; base?: NotesBase; bug?: true }>();
  /** The folder the watcher and the cache are for; undefined until first use. */
  private _watched?: vscode.Uri;
  private _watcher?: vscode.Disposable;
  private _queue: Promise<unknown> = Promise.resolve();
  private readonly _reloadTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly _globalStorage: vscode.Uri,
    private readonly _extensionUri: vscode.Uri,
    /** The title a message names a paper by (messages never show bare ids). */
    private readonly _titleOf: (paperId: string) => Promise<string | undefined> = async () => undefined,
  ) {
    super();
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      for (const id of await this.papersWithNotes()) void this.reload(id);
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('paperLens.notes.folder')) this._retarget();
    }));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this._retarget()));
    // Coming back to the window: edits made elsewhere meanwhile are read even if an event was lost.
    this._register(vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) void this._revalidate();
    }));
    this._register({ dispose: () => {
      this._watcher?.dispose();
      this._reloadTimers.forEach((t) => clearTimeout(t));
    } });
    // Watching from the start, not from the first read: an edit made just after the notes are first shown
    // would otherwise fall into the time the watcher takes to start.
    this._watch();
  }

  /** The notes as cached now, without reading anything; `undefined` when the paper was not read yet. */
  peek(paperId: string): PaperNotes | undefined {
    const hit = this._cache.get(paperId);
    return hit?.bug ? undefined : hit?.notes;
  }

  /** The folder notes live in, and whether it is the global fallback. */
  folder(): { uri: vscode.Uri; global: boolean } {
    const ws = vscode.workspace.workspaceFolders?.[0];
    if (!ws) return { uri: vscode.Uri.joinPath(this._globalStorage, 'notes'), global: true };
    const rel = vscode.workspace.getConfiguration('paperLens', ws).get<string>('notes.folder', '.paper-lens/notes').trim() || '.paper-lens/notes';
    return { uri: vscode.Uri.joinPath(ws.uri, rel), global: false };
  }

  uriOf(paperId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder().uri, notesFileName(paperId));
  }

  /**
   * Whether notes are off because the workspace is not trusted (Restricted Mode): notes in the workspace
   * are neither read nor written until the user trusts the folder.
   */
  get restricted(): boolean {
    return !vscode.workspace.isTrusted && !this.folder().global;
  }

  /** The notes of a paper (empty when there is no file yet). */
  async get(paperId: string): Promise<PaperNotes> {
    if (this.restricted) return { file: emptyNotes(paperId), readOnly: { message: RESTRICTED, line: 0 } };
    this._watch();
    const hit = this._cache.get(paperId);
    if (hit) return hit.notes;
    return this._load(paperId);
  }

  /** Paper ids that have a notes file. */
  async papersWithNotes(): Promise<string[]> {
    if (this.restricted) return [];
    try {
      const entries = await vscode.workspace.fs.readDirectory(this.folder().uri);
      return entries.flatMap(([name, type]) => (type === vscode.FileType.File ? [paperIdFromNotesFileName(name)].filter((x): x is string => !!x) : []));
    } catch {
      return [];
    }
  }

  add(paperId: string, input: NewAnnotation): Promise<Annotation | undefined> {
    let created: Annotation | undefined;
    return this._mutate(paperId, (file) => {
      const r = addAnnotation(file, input, new Date().toISOString());
      created = r.annotation;
      return r.file;
    }).then((ok) => (ok ? created : undefined));
  }

  update(paperId: string, id: string, patch: AnnotationPatch): Promise<boolean> {
    return this._mutate(paperId, (file) => updateAnnotation(file, id, patch, new Date().toISOString()));
  }

  remove(paperId: string, id: string): Promise<boolean> {
    return this._mutate(paperId, (file) => removeAnnotation(file, id));
  }

  /** Sets the paper's tags (front matter `tags`), trimmed, lowercased and without duplicates. */
  setTags(paperId: string, tags: readonly string[]): Promise<boolean> {
    const clean = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    return this._mutate(paperId, (file) => ({ ...file, tags: clean }));
  }

  /** Writes the reading status into the paper's notes file (front matter `status`). */
  setStatus(paperId: string, status: NotesFile['status']): Promise<boolean> {
    return this._mutate(paperId, (file) => ({ ...file, status }));
  }

  /** Tags and status of papers that have a notes file, for the tree, filters and search. */
  async summaries(): Promise<Map<string, { tags: string[]; status: NotesFile['status']; annotations: number }>> {
    const out = new Map<string, { tags: string[]; status: NotesFile['status']; annotations: number }>();
    for (const id of await this.papersWithNotes()) {
      const { file } = await this.get(id);
      out.set(id, { tags: file.tags, status: file.status, annotations: file.annotations.length });
    }
    return out;
  }

  /** Re-reads a paper's file (after an external change). */
  /**
   * Re-reads a paper's file (after an external change). Runs in turn with saves, so a slow read that started
   * before a save can never put the older text back into the cache after it.
   */
  reload(paperId: string, afterEvent = false): Promise<void> {
    const run = async (): Promise<void> => {
      // The old entry stays until the new one is read: `peek` never sees a gap.
      await this._load(paperId, afterEvent);
      this._onDidChange.fire(paperId);
    };
    const next = this._queue.then(run, run);
    this._queue = next.catch(() => undefined);
    return next;
  }

  /** Reloads every cached paper whose file no longer holds the text last read or written. */
  private async _revalidate(): Promise<void> {
    for (const [paperId, entry] of [...this._cache]) {
      if (entry.bug || entry.notes.readOnly) continue;
      const disk = await storage.read(this.uriOf(paperId).toString()).catch(() => undefined);
      if (disk?.text !== entry.base?.text && this._cache.get(paperId) === entry) void this.reload(paperId, true);
    }
  }

  private async _load(paperId: string, afterEvent = false): Promise<PaperNotes> {
    const path = this.uriOf(paperId).toString();
    // Most papers have no notes file: that answer must not cost the Markdown pipeline (lazy.js), which a
    // first open of a summary would otherwise load for nothing.
    const read = await storage.read(path);
    if (read === undefined) {
      const notes: PaperNotes = { file: emptyNotes(paperId) };
      this._cache.set(paperId, { notes });
      return notes;
    }
    const recheck = afterEvent ? () => new Promise<void>((r) => setTimeout(r, 250)) : undefined;
    // The text just read serves the first read; a re-check after a change event reads the file again.
    let first: NotesText | undefined = read;
    const readOnce: NotesStorage = {
      ...storage,
      read: async (p) => {
        const text = first;
        first = undefined;
        return text ?? storage.read(p);
      },
    };
    const loaded = await loadLazy(this._extensionUri).loadNotes(readOnce, path, paperId, { recheck });
    if (loaded.state === 'bug') {
      this._logBug(paperId, loaded.error.bug);
      const notes: PaperNotes = { file: emptyNotes(paperId) };
      this._cache.set(paperId, { notes, bug: true });
      return notes;
    }
    if (loaded.state === 'unreadable') {
      const notes: PaperNotes = { file: { paperId, status: 'unread', tags: [], formatVersion: 1, annotations: [] }, readOnly: { ...loaded.error, backupPath: loaded.backupPath } };
      this._cache.set(paperId, { notes });
      this._reportUnreadable(paperId, notes.readOnly!);
      return notes;
    }
    for (const w of loaded.warnings) log().warn(`${notesFileName(paperId)}: ${w}`);
    const notes: PaperNotes = { file: loaded.file };
    this._cache.set(paperId, { notes, base: loaded.text === undefined ? undefined : { file: loaded.file, text: loaded.text } });
    return notes;
  }

  private _mutate(paperId: string, change: (file: NotesFile) => NotesFile): Promise<boolean> {
    // One save at a time: each starts from the result of the previous one.
    const run = async (): Promise<boolean> => {
      if (this.restricted) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Paper Lens: {0}.', RESTRICTED), 'Manage Workspace Trust').then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
        });
        return false;
      }
      const current = await this.get(paperId);
      if (current.readOnly) {
        this._reportUnreadable(paperId, current.readOnly);
        return false;
      }
      const entry = this._cache.get(paperId);
      const uri = this.uriOf(paperId);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
      const result = await loadLazy(this._extensionUri).saveNotes(open ? editorStorage(open) : storage, uri.toString(), entry?.base, change(current.file));
      if (result.state === 'bug') {
        this._logBug(paperId, result.error.bug);
        void this._title(paperId).then((title) => this._report('error', vscode.l10n.t('Paper Lens: could not save notes for "{0}" because of a bug in Paper Lens (details in the Paper Lens output). Nothing was written.', title)));
        return false;
      }
      if (result.state === 'unreadable') {
        const readOnly = { ...result.error, backupPath: result.backupPath };
        this._cache.set(paperId, { notes: { file: current.file, readOnly } });
        this._reportUnreadable(paperId, readOnly);
        this._onDidChange.fire(paperId);
        return false;
      }
      if (result.state === 'busy') {
        void this._title(paperId).then((title) => this._report('warning', vscode.l10n.t('Paper Lens: could not save notes for "{0}": {1}.', title, result.message)));
        return false;
      }
      this._cache.set(paperId, { notes: { file: result.file }, base: { file: result.file, text: result.text } });
      if (result.conflicts.length) {
        void this._title(paperId).then((title) => this._report('warning', vscode.l10n.t('Paper Lens: the notes file for "{0}" changed on disk; both versions of {1} edited note(s) were kept.', title, result.conflicts.length)));
      }
      if (this.folder().global) this._sayGlobalOnce();
      this._onDidChange.fire(paperId);
      return true;
    };
    const next = this._queue.then(run, run);
    this._queue = next.catch(() => undefined);
    return next.catch((err) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: saving notes failed: {0}. Nothing was overwritten.', err instanceof Error ? err.message : String(err)));
      return false;
    });
  }

  private async _title(paperId: string): Promise<string> {
    return (await this._titleOf(paperId).catch(() => undefined)) ?? paperId;
  }

  private _report(level: 'warning' | 'error', message: string): void {
    this._onDidReport.fire(message);
    void (level === 'error' ? vscode.window.showErrorMessage(message) : vscode.window.showWarningMessage(message));
  }

  private _logBug(paperId: string, stack: string): void {
    log().error(`bug: the notes parser failed on ${notesFileName(paperId)} (the file is not marked corrupt or read-only): ${stack}`);
  }

  private _reportUnreadable(paperId: string, e: NonNullable<PaperNotes['readOnly']>): void {
    const file = this.uriOf(paperId);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Paper Lens: {0} cannot be read (line {1}: {2}). Its notes are read-only until it is fixed{3}.', vscode.workspace.asRelativePath(file), e.line, e.message, e.backupPath ? `; a backup is at ${vscode.workspace.asRelativePath(vscode.Uri.parse(e.backupPath))}` : ''),
      'Open File',
    ).then((choice) => {
      if (choice) void vscode.window.showTextDocument(file, { selection: new vscode.Range(Math.max(e.line - 1, 0), 0, Math.max(e.line - 1, 0), 0) });
    });
  }

  private _globalSaid = false;
  private _sayGlobalOnce(): void {
    if (this._globalSaid) return;
    this._globalSaid = true;
    void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: no workspace folder is open, so notes are kept in the extension’s global storage.'));
  }

  private _watch(): void {
    const folder = this.folder().uri;
    if (this._watched?.toString() === folder.toString()) return;
    this._watcher?.dispose();
    this._watched = folder;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*.md'));
    const changed = (uri: vscode.Uri): void => {
      const id = paperIdFromNotesFileName(uri.path.split('/').pop() ?? '');
      if (!id) return;
      // A writer that truncates and then writes gives two events; reading between them sees an empty file.
      clearTimeout(this._reloadTimers.get(id));
      this._reloadTimers.set(id, setTimeout(() => {
        this._reloadTimers.delete(id);
        void this.reload(id, true);
      }, 100));
    };
    this._watcher = vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
    // Temp files of writers that were killed mid-save; old ones only, so a save in progress elsewhere is safe.
    // The watcher takes a moment to start; an edit made in that moment is caught by one look afterwards.
    const settle = setTimeout(() => void this._revalidate(), 1500);
    this._watcher = vscode.Disposable.from(this._watcher, { dispose: () => clearTimeout(settle) });
    void cleanupNotesFolder(folder).then((removed) => removed.forEach((f) => log().info(`removed a temp file left by an interrupted save: ${f}`)), (err) => log().warn(`cleaning temp files in ${folder.fsPath}: ${err}`));
  }

  /** The notes folder may have moved: forget what was read from the old one and watch the new one. */
  private _retarget(): void {
    if (!this._watched || this._watched.toString() === this.folder().uri.toString()) return;
    const known = [...this._cache.keys()];
    this._cache.clear();
    this._watch();
    for (const id of known) this._onDidChange.fire(id);
  }
}
