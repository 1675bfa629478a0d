import * as vscode from 'vscode';
import { RequestQueue } from '../core/library/rate-limiter';
import type { CompiledPaper } from '../core/papers/paper';
import { Disposable } from '../util/dispose';
import { log } from '../util/log';
import type { ArxivClient, DoiClient } from './library-http';
import { loadLibrary } from './library-loader';

/** arXiv's terms of use: no more than one request every three seconds, one connection at a time. */
export const ARXIV_INTERVAL_MS = 3000;
const DOI_INTERVAL_MS = 1000;
const LATEST_KEY = 'paperLens.arxiv.latestVersions';
const DAY_MS = 24 * 60 * 60 * 1000;
const IDS_PER_REQUEST = 50;
const RETRY_MS = 60 * 60 * 1000;

interface LatestState {
  /** arXiv id → latest version seen. */
  versions: Record<string, number>;
  checkedAt: number;
}

/**
 * The one owner of everything remote in the library: the request queues (one per service, shared by every
 * command, so two commands cannot double the rate) and the latest arXiv version of each user paper, kept
 * in global state so a mark survives a reload. The last check's answer wins over the previous one; a
 * paper's own `arxivVersion` (what the user has) is read from its file each time, never cached here.
 */
export class LibraryRemote extends Disposable {
  private readonly _arxivQueue = new RequestQueue(ARXIV_INTERVAL_MS);
  private readonly _doiQueue = new RequestQueue(DOI_INTERVAL_MS);
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  /** Fires when the known latest versions change. */
  readonly onDidChange = this._onDidChange.event;
  private _checking?: Promise<number>;
  /** When the daily check last started in this window, so an offline machine is not retried on every view. */
  private _lastAttempt = 0;

  constructor(
    private readonly _extensionUri: vscode.Uri,
    private readonly _globalState: vscode.Memento,
  ) {
    super();
  }

  /** An arXiv client on the current settings; loads the library bundle. */
  arxiv(): ArxivClient {
    const cfg = vscode.workspace.getConfiguration('paperLens');
    const { ArxivClient } = loadLibrary(this._extensionUri);
    return new ArxivClient({
      apiBaseUrl: cfg.get<string>('arxiv.apiBaseUrl', 'https://export.arxiv.org/api'),
      pdfBaseUrl: cfg.get<string>('arxiv.pdfBaseUrl', 'https://arxiv.org/pdf'),
      queue: this._arxivQueue,
      timeoutMs: cfg.get<number>('arxiv.timeoutSeconds', 30) * 1000,
      pdfTimeoutMs: Math.max(cfg.get<number>('arxiv.timeoutSeconds', 30) * 1000, 120_000),
    });
  }

  doi(): DoiClient {
    const cfg = vscode.workspace.getConfiguration('paperLens');
    const { DoiClient } = loadLibrary(this._extensionUri);
    return new DoiClient({ baseUrl: cfg.get<string>('doi.apiBaseUrl', 'https://doi.org'), queue: this._doiQueue, timeoutMs: cfg.get<number>('arxiv.timeoutSeconds', 30) * 1000 });
  }

  /** The newer version arXiv has of a paper, or `undefined` when it has none (or we do not know). */
  newerVersion(paper: CompiledPaper): number | undefined {
    const { arxiv, arxivVersion } = paper.meta;
    if (!arxiv || !arxivVersion) return undefined;
    const latest = this._state().versions[arxiv];
    return latest && latest > arxivVersion ? latest : undefined;
  }

  /** Records what a fresh fetch of one paper said (after Add or Update). */
  async recordLatest(arxivId: string, version: number): Promise<void> {
    const state = this._state();
    if (state.versions[arxivId] === version) return;
    await this._globalState.update(LATEST_KEY, { ...state, versions: { ...state.versions, [arxivId]: version } });
    this._onDidChange.fire();
  }

  /**
   * Asks arXiv for the latest version of every given paper that has an arXiv id and a version, a batch per
   * request; returns how many have a newer one. Concurrent calls share one check.
   */
  checkForUpdates(papers: readonly CompiledPaper[], signal?: AbortSignal): Promise<number> {
    this._checking ??= this._check(papers, signal).finally(() => (this._checking = undefined));
    return this._checking;
  }

  /** Runs {@link checkForUpdates} when the last check is a day old and the setting allows; never throws. */
  maybeCheckDaily(papers: () => Promise<readonly CompiledPaper[]>): void {
    if (!vscode.workspace.getConfiguration('paperLens').get<boolean>('arxiv.checkForUpdates', true)) return;
    if (Date.now() - this._state().checkedAt < DAY_MS || Date.now() - this._lastAttempt < RETRY_MS) return;
    this._lastAttempt = Date.now();
    void papers()
      .then((list) => (list.some((p) => p.meta.arxiv && p.meta.arxivVersion) ? this.checkForUpdates(list) : 0))
      .catch((err: unknown) => log().warn(`daily arXiv version check failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  private async _check(papers: readonly CompiledPaper[], signal?: AbortSignal): Promise<number> {
    const ids = [...new Set(papers.filter((p) => p.meta.arxiv && p.meta.arxivVersion).map((p) => p.meta.arxiv))];
    const versions = { ...this._state().versions };
    const client = this.arxiv();
    for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
      const { entries } = await client.entries(ids.slice(i, i + IDS_PER_REQUEST), signal);
      for (const e of entries) versions[e.id] = e.version;
    }
    await this._globalState.update(LATEST_KEY, { versions, checkedAt: Date.now() } satisfies LatestState);
    this._onDidChange.fire();
    return papers.filter((p) => this.newerVersion(p)).length;
  }

  private _state(): LatestState {
    const s = this._globalState.get<LatestState>(LATEST_KEY);
    return s && typeof s === 'object' && s.versions ? s : { versions: {}, checkedAt: 0 };
  }
}
