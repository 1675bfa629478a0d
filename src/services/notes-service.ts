import * as vscode from 'vscode';
import { addAnnotation, type Annotation, type AnnotationPatch, emptyNotes, type NewAnnotation, notesFileName, type NotesFile, paperIdFromNotesFileName, removeAnnotation, updateAnnotation } from '../core/notes/model';
import type { NotesBase } from '../core/notes/notes-store';
import { notesStorage as storage } from '../storage/notes-storage';
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
 * The user's highlights and notes, one Markdown file per paper in `.paper-lens/notes/` of the first
 * workspace folder (setting `paperLens.notes.folder`), or in the extension's global storage without a
 * workspace. Writes are atomic and merge with changes made on disk meanwhile; a file that cannot be
 * parsed is backed up, reported with its line, and never written.
 */
export class NotesService extends Disposable {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with the paper id whose notes changed (here or on disk). */
  readonly onDidChange = this._onDidChange.event;
  private readonly _cache = new Map<string, { notes: PaperNotes; base?: NotesBase }>();
  private _watching = false;
  private _queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly _globalStorage: vscode.Uri,
    private readonly _extensionUri: vscode.Uri,
  ) {
    super();
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      for (const id of await this.papersWithNotes()) void this.reload(id);
    }));
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
  async reload(paperId: string): Promise<void> {
    this._cache.delete(paperId);
    await this._load(paperId);
    this._onDidChange.fire(paperId);
  }

  private async _load(paperId: string): Promise<PaperNotes> {
    const path = this.uriOf(paperId).toString();
    // Most papers have no notes file: that answer must not cost the Markdown pipeline (lazy.js), which a
    // first open of a summary would otherwise load for nothing.
    const read = await storage.read(path);
    if (read === undefined) {
      const notes: PaperNotes = { file: emptyNotes(paperId) };
      this._cache.set(paperId, { notes });
      return notes;
    }
    const loaded = await loadLazy(this._extensionUri).loadNotes({ ...storage, read: async () => read }, path, paperId);
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
        void vscode.window.showWarningMessage(`Paper Lens: ${RESTRICTED}.`, 'Manage Workspace Trust').then((choice) => {
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
      const result = await loadLazy(this._extensionUri).saveNotes(storage, this.uriOf(paperId).toString(), entry?.base, change(current.file));
      if (result.state === 'unreadable') {
        const readOnly = { ...result.error, backupPath: result.backupPath };
        this._cache.set(paperId, { notes: { file: current.file, readOnly } });
        this._reportUnreadable(paperId, readOnly);
        this._onDidChange.fire(paperId);
        return false;
      }
      if (result.state === 'busy') {
        void vscode.window.showWarningMessage(`Paper Lens: could not save notes for "${paperId}": ${result.message}.`);
        return false;
      }
      this._cache.set(paperId, { notes: { file: result.file }, base: { file: result.file, text: result.text } });
      if (result.conflicts.length) {
        void vscode.window.showWarningMessage(`Paper Lens: the notes file for "${paperId}" changed on disk; both versions of ${result.conflicts.length} edited note(s) were kept.`);
      }
      if (this.folder().global) this._sayGlobalOnce();
      this._onDidChange.fire(paperId);
      return true;
    };
    const next = this._queue.then(run, run);
    this._queue = next.catch(() => undefined);
    return next.catch((err) => {
      void vscode.window.showErrorMessage(`Paper Lens: saving notes failed: ${err instanceof Error ? err.message : String(err)}. Nothing was overwritten.`);
      return false;
    });
  }

  private _reportUnreadable(paperId: string, e: NonNullable<PaperNotes['readOnly']>): void {
    const file = this.uriOf(paperId);
    void vscode.window.showErrorMessage(
      `Paper Lens: ${vscode.workspace.asRelativePath(file)} cannot be read (line ${e.line}: ${e.message}). Its notes are read-only until it is fixed${e.backupPath ? `; a backup is at ${vscode.workspace.asRelativePath(vscode.Uri.parse(e.backupPath))}` : ''}.`,
      'Open File',
    ).then((choice) => {
      if (choice) void vscode.window.showTextDocument(file, { selection: new vscode.Range(Math.max(e.line - 1, 0), 0, Math.max(e.line - 1, 0), 0) });
    });
  }

  private _globalSaid = false;
  private _sayGlobalOnce(): void {
    if (this._globalSaid) return;
    this._globalSaid = true;
    void vscode.window.showInformationMessage('Paper Lens: no workspace folder is open, so notes are kept in the extension’s global storage.');
  }

  private _watch(): void {
    if (this._watching) return;
    this._watching = true;
    const folder = this.folder().uri;
    const watcher = this._register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '*.md')));
    const changed = (uri: vscode.Uri): void => {
      const id = paperIdFromNotesFileName(uri.path.split('/').pop() ?? '');
      if (id) void this.reload(id);
    };
    this._register(watcher.onDidChange(changed));
    this._register(watcher.onDidCreate(changed));
    this._register(watcher.onDidDelete(changed));
  }
}
