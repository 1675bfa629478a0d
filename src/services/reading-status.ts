import * as vscode from 'vscode';
import { isReadingStatus, type ReadingStatus, type ReadingStatusStore } from '../core/papers/reading-status';
import { Disposable } from '../util/dispose';
import type { NotesService } from './notes-service';

/** Where statuses were kept before they moved into the notes files; read once, to migrate them. */
const LEGACY_KEY = 'paperLens.readingStatus';

/**
 * Reading statuses. The one store is the paper's notes file (front matter `status`), owned by the
 * {@link NotesService}; this class keeps no copy of its own and asks the notes service each time.
 *
 * The rule: the last explicit set wins, whoever made it. A set here is written into the notes file
 * (creating it when the paper has none yet), so adding the first note later starts from that status and
 * cannot reset it; a status written on disk (another window, a hand edit, a checkout) is a later set and
 * wins once the notes service has read it. When both changed since the last read, the merge of the notes
 * store keeps this window's. A paper without a notes file is unread.
 */
export class ReadingStatusService extends Disposable implements ReadingStatusStore {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with the paper id whose status may have changed. */
  readonly onDidChange = this._onDidChange.event;
  private _migrated = false;

  constructor(
    private readonly _memento: vscode.Memento,
    private readonly _notes: NotesService,
  ) {
    super();
    this._register(_notes.onDidChange((paperId) => this._onDidChange.fire(paperId)));
  }

  /**
   * Reads the notes files so {@link get} knows every status (the tree calls this before it renders), and
   * moves statuses kept by older versions in global state into the notes files, once.
   */
  async refreshFromNotes(): Promise<void> {
    await this._notes.summaries();
    if (this._migrated) return;
    this._migrated = true;
    const legacy = this._memento.get<Record<string, unknown>>(LEGACY_KEY);
    if (!legacy) return;
    for (const [paperId, status] of Object.entries(legacy)) {
      if (isReadingStatus(status) && status !== 'unread' && this.get(paperId) === 'unread') await this._notes.setStatus(paperId, status);
    }
    await this._memento.update(LEGACY_KEY, undefined);
  }

  /** The status, reading the notes file first when it was not read yet. */
  async read(paperId: string): Promise<ReadingStatus> {
    return (await this._notes.get(paperId)).file.status;
  }

  /** The status as known now (see {@link refreshFromNotes}); use {@link read} to be sure. */
  get(paperId: string): ReadingStatus {
    return this._notes.peek(paperId)?.file.status ?? 'unread';
  }

  /** Writes the status into the paper's notes file (a read-only notes file refuses it, with a message). */
  async set(paperId: string, status: ReadingStatus): Promise<void> {
    await this._notes.setStatus(paperId, status);
    this._onDidChange.fire(paperId);
  }
}
