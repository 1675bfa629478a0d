import * as vscode from 'vscode';
import { isReadingStatus, type ReadingStatus, type ReadingStatusStore } from '../core/papers/reading-status';
import { Disposable } from '../util/dispose';

const KEY = 'paperLens.readingStatus';

/** Reading statuses kept in the extension's global state, so they follow the user across workspaces. */
export class ReadingStatusService extends Disposable implements ReadingStatusStore {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with the paper id whose status changed. */
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly _memento: vscode.Memento) {
    super();
  }

  get(paperId: string): ReadingStatus {
    const all = this._memento.get<Record<string, unknown>>(KEY, {});
    const value = all[paperId];
    return isReadingStatus(value) ? value : 'unread';
  }

  async set(paperId: string, status: ReadingStatus): Promise<void> {
    const all = { ...this._memento.get<Record<string, unknown>>(KEY, {}) };
    if (status === 'unread') delete all[paperId];
    else all[paperId] = status;
    await this._memento.update(KEY, all);
    this._onDidChange.fire(paperId);
  }
}
