import * as vscode from 'vscode';
import type { Finding } from '../core/detect/index';
import { type CachedFile, type IndexRecord, parseIndexCache, reusable, serializeIndexCache } from '../core/index-cache/index-cache';
import { log } from '../util/log';

/**
 * The workspace index kept from one window to the next, in the extension's workspace storage: findings of
 * every indexed file keyed by URI, size, mtime and detector options, for a detector version derived from
 * the detector bundle itself (so an update of the extension re-detects everything). Owned by the
 * {@link DocumentFindings}: the {@link WorkspaceIndex}'s scans go through it (it is asked before a file is
 * read and told what was found), and a lens on a saved document reads it without starting a scan.
 */
export class IndexCache {
  private _previous: IndexRecord = new Map<string, CachedFile>();
  private _next = new Map<string, CachedFile>();
  private _version = '';
  private _changed = false;
  private _loaded?: Promise<void>;
  /** Files of the current or last scan whose findings came from the last window, and those detected anew. */
  readonly stats = { reused: 0, detected: 0 };

  constructor(
    private readonly _storageUri: vscode.Uri | undefined,
    private readonly _extensionUri: vscode.Uri,
  ) {}

  /** The workspace storage folder the record is kept in; none: not kept. */
  get storageUri(): vscode.Uri | undefined {
    return this._storageUri;
  }

  private get _file(): vscode.Uri | undefined {
    return this._storageUri && vscode.Uri.joinPath(this._storageUri, 'workspace-index.json');
  }

  /** Loads what the last window saved; starts a fresh record of this scan. */
  async begin(): Promise<void> {
    this._next = new Map();
    this._changed = false;
    this.stats.reused = 0;
    this.stats.detected = 0;
    this._loaded = this._readPrevious();
    await this._loaded;
  }

  /** Loads what the last window saved, once, unless a scan did already (for a lens before any scan). */
  load(): Promise<void> {
    this._loaded ??= this._readPrevious();
    return this._loaded;
  }

  private async _readPrevious(): Promise<void> {
    const file = this._file;
    if (!file) return;
    try {
      const detector = await vscode.workspace.fs.stat(vscode.Uri.joinPath(this._extensionUri, 'dist', 'detect.js'));
      this._version = `${detector.size}:${detector.mtime}`;
      this._previous = parseIndexCache(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)), this._version);
    } catch {
      this._previous = new Map(); // first window in this workspace, or no detector bundle (tests)
    }
  }

  /**
   * The findings recorded for this file (by the scan in progress, or the last one, or the last window) when it
   * has not changed since; unlike {@link lookup} it leaves the scan's record alone.
   */
  peek(key: string, size: number, mtime: number, options: string): Finding[] | undefined {
    const stamp = { key, size, mtime, options };
    return reusable(this._next, stamp) ?? reusable(this._previous, stamp);
  }

  /** The findings the last window had for this file, when it has not changed since. */
  lookup(key: string, size: number, mtime: number, options: string): Finding[] | undefined {
    const findings = reusable(this._previous, { key, size, mtime, options });
    if (findings) {
      this._next.set(key, this._previous.get(key)!);
      this.stats.reused++;
    }
    return findings;
  }

  /** Records findings computed in this window. */
  record(key: string, size: number, mtime: number, options: string, findings: Finding[]): void {
    this._next.set(key, { size, mtime, options, findings });
    this._changed = true;
    this.stats.detected++;
  }

  /**
   * Saves this scan's record (files that are gone are left out), unless nothing changed. A failed write
   * costs only a slower next window.
   */
  async end(): Promise<void> {
    const file = this._file;
    const dropped = [...this._previous.keys()].some((k) => !this._next.has(k));
    this._previous = this._next;
    if (!file || !this._version || (!this._changed && !dropped)) return;
    try {
      await vscode.workspace.fs.createDirectory(this._storageUri!);
      const tmp = vscode.Uri.joinPath(this._storageUri!, `workspace-index.json.${Date.now()}.tmp`);
      await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(serializeIndexCache(this._version, this._next)));
      await vscode.workspace.fs.rename(tmp, file, { overwrite: true });
    } catch (err) {
      log().warn('Could not save the workspace index:', err instanceof Error ? err.message : String(err));
    }
  }
}
