import * as vscode from 'vscode';
import { isReadingStatus, type ReadingStatus, type ReadingStatusStore } from '../core/papers/reading-status';
import { Disposable } from '../util/dispose';
import type { NotesService } from './notes-service';

const KEY = 'paperLens.readingStatus';

/**
 * Reading statuses. The status lives in the paper's notes file (front matter `status`) when the workspace
 * has one, so it travels with the notes; the extension's global state keeps a copy for papers without
 * notes and for windows without a workspace.
 */
export class ReadingStatusService extends Disposable implements ReadingStatusStore {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with the paper id whose status changed. */
  readonly onDidChange = this._onDidChange.event;
  private _fromNotes = new Map<string, ReadingStatus>();

  constructor(
    private readonly _memento: vscode.Memento,
    private readonly _notes?: NotesService,
  ) {
    super();
    if (_notes) {
      this._register(_notes.onDidChange(async (paperId) => {
        const { file, readOnly } = await _notes.get(paperId);
        if (readOnly) return;
        if (this._fromNotes.get(paperId) !== file.status) {
          this._fromNotes.set(paperId, file.status);
          this._onDidChange.fire(paperId);
        }
      }));
    }
  }

  /** Reads the statuses of papers that have notes files (the tree calls this before it renders). */
  async refreshFromNotes(): Promise<void> {
    if (!this._notes) return;
    const next = new Map<string, ReadingStatus>();
    for (const [id, s] of await this._notes.summaries()) next.set(id, s.status);
    this._fromNotes = next;
  }

  get(paperId: string): ReadingStatus {
    const noted = this._fromNotes.get(paperId);
    if (noted) return noted;
    const value = this._memento.get<Record<string, unknown>>(KEY, {})[paperId];
    return isReadingStatus(value) ? value : 'unread';
  }

  async set(paperId: string, status: ReadingStatus): Promise<void> {
    const all = { ...this._memento.get<Record<string, unknown>>(KEY, {}) };
    if (status === 'unread') delete all[paperId];
    else all[paperId] = status;
    await this._memento.update(KEY, all);
    // Only papers the user already annotates get their status written to a notes file.
    if (this._notes && (this._fromNotes.has(paperId) || (await this._notes.papersWithNotes()).includes(paperId))) {
      if (await this._notes.setStatus(paperId, status)) this._fromNotes.set(paperId, status);
    }
    this._onDidChange.fire(paperId);
  }
}
