import * as vscode from 'vscode';
import { recognizePaperInput, type PaperInput } from '../../core/library/identifiers';
import type { PaperDraft } from '../../core/library/paper-draft';
import type { PaperFileFields } from '../../core/library/paper-file';
import { loadLazy } from '../../services/lazy-loader';
import { loadLibrary, type LibraryModule } from '../../services/library-loader';
import type { Services } from '../../services/services';
import { log } from '../../util/log';
import { resolvePaperArg } from '../shared-paper-arg';
import { guessFromFirstPage } from '../../core/library/first-page';
import { readPdfFirstPage } from '../../services/pdf-first-page';
import { exists, readText, replacePaperText, writeFileAtomic } from './paper-writer';

interface AddPick extends vscode.QuickPickItem {
  action: 'input' | 'pdf' | 'bib';
}

const MAX_LOCAL_BYTES = 200 * 1024 * 1024;
const EXAMPLES = 'e.g. 2401.04088, https://arxiv.org/abs/2401.04088v2, 10.1145/3292500.3330701, @article{…}';

/**
 * Adds papers to the user's library (`.paper-lens/papers/<id>.md`) from arXiv, a DOI, BibTeX or a local
 * PDF; downloads arXiv PDFs; updates a paper to its latest arXiv version. Every remote call runs under a
 * cancellable progress notification; failures are one readable message, never a half-written file.
 */
export class PaperAdder {
  constructor(private readonly _services: Services) {}

  private get _lib(): LibraryModule {
    return loadLibrary(this._services.extensionUri);
  }

  /** "Add Paper…": from a command argument (id, URL, DOI, BibTeX text, or a .pdf/.bib Uri), else a QuickPick. */
  async add(arg?: unknown): Promise<string[] | undefined> {
    if (arg instanceof vscode.Uri) return arg.path.toLowerCase().endsWith('.bib') ? this._addBibFile(arg) : this._addLocalPdf(arg);
    if (typeof arg === 'string') return this._addInput(recognizePaperInput(arg));
    const choice = await this._pick();
    if (!choice) return undefined;
    if (choice.action === 'pdf') return this._addLocalPdf();
    if (choice.action === 'bib') return this._addBibFile();
    return this._addInput(recognizePaperInput(choice.value));
  }

  private _pick(): Promise<{ action: AddPick['action']; value: string } | undefined> {
    const qp = vscode.window.createQuickPick<AddPick>();
    qp.title = vscode.l10n.t('Add Paper');
    qp.placeholder = vscode.l10n.t('arXiv id or URL, DOI, or a BibTeX entry ({0})', EXAMPLES);
    qp.ignoreFocusOut = true;
    const files: AddPick[] = [
      { action: 'pdf', label: '$(file-pdf) Local PDF…', detail: 'Title and authors from the PDF, which you can correct', alwaysShow: true },
      { action: 'bib', label: '$(file-code) BibTeX file (.bib)…', detail: 'Adds every entry you pick', alwaysShow: true },
    ];
    const update = (): void => {
      const value = qp.value.trim();
      if (!value) {
        qp.items = files;
        return;
      }
      qp.items = [inputPick(recognizePaperInput(value)), ...files];
    };
    update();
    return new Promise((resolve) => {
      let done = false;
      qp.onDidChangeValue(update);
      qp.onDidAccept(() => {
        const item = qp.selectedItems[0] ?? qp.activeItems[0];
        if (!item) return;
        if (item.action === 'input' && recognizePaperInput(qp.value).kind === 'unknown') {
          qp.title = vscode.l10n.t('Add Paper: not an arXiv id, DOI or BibTeX entry');
          return;
        }
        done = true;
        resolve({ action: item.action, value: qp.value });
        qp.hide();
      });
      qp.onDidHide(() => {
        qp.dispose();
        if (!done) resolve(undefined);
      });
      qp.show();
    });
  }

  private async _addInput(input: PaperInput): Promise<string[] | undefined> {
    switch (input.kind) {
      case 'arxiv': {
        const entry = await this._remote(`Adding arXiv ${input.id}…`, (signal) => this._services.remote.arxiv().entry(input.id, signal));
        if (!entry) return undefined;
        await this._services.remote.recordLatest(entry.id, entry.version);
        return this._saveAll([this._lib.draftFromArxiv(entry)]);
      }
      case 'doi': {
        const csl = await this._remote(`Adding DOI ${input.doi}…`, (signal) => this._services.remote.doi().csl(input.doi, signal));
        if (!csl) return undefined;
        let bibtex: string | undefined;
        try {
          bibtex = this._lib.formatBibtex(csl);
        } catch (err) {
          log().warn(`could not format BibTeX for ${input.doi}: ${String(err)}`);
        }
        const draft = this._lib.draftFromCsl(csl, { bibtex });
        draft.doi ??= input.doi;
        return this._saveAll([draft]);
      }
      case 'bibtex':
        return this._addBibtexText(input.text);
      default:
        void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: "{0}" is not an arXiv id, DOI or BibTeX entry ({1}).', input.text.slice(0, 80), EXAMPLES));
        return undefined;
    }
  }

  private async _addBibFile(uri?: vscode.Uri): Promise<string[] | undefined> {
    uri ??= (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { BibTeX: ['bib'] }, openLabel: 'Add Papers', title: vscode.l10n.t('Add Papers from a BibTeX File') }))?.[0];
    if (!uri) return undefined;
    return this._addBibtexText(await readText(uri), true);
  }

  private async _addBibtexText(text: string, choose = false): Promise<string[] | undefined> {
    let parsed: ReturnType<LibraryModule['parseBibtex']>;
    try {
      parsed = this._lib.parseBibtex(text);
    } catch (err) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: {0}.', err instanceof Error ? err.message : String(err)));
      return undefined;
    }
    if (parsed.skipped.length) log().warn(`BibTeX entries skipped: ${parsed.skipped.join('; ')}`);
    let entries = parsed.entries;
    if (choose && entries.length > 1) {
      const picks = await vscode.window.showQuickPick(
        entries.map((e) => ({ label: e.draft.title, description: `${e.key}${e.draft.year ? ` · ${e.draft.year}` : ''}`, detail: e.draft.authors.join(', '), picked: true, entry: e })),
        { canPickMany: true, title: vscode.l10n.t('Add Papers: {0} entries', entries.length), placeHolder: vscode.l10n.t('Uncheck the entries you do not want') },
      );
      if (!picks?.length) return undefined;
      entries = picks.map((p) => p.entry);
    }
    if (!entries.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: no BibTeX entry with a title was found ({0}).', parsed.skipped.join('; ')));
      return undefined;
    }
    return this._saveAll(entries.map((e) => e.draft));
  }

  private async _addLocalPdf(uri?: vscode.Uri): Promise<string[] | undefined> {
    uri ??= (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { PDF: ['pdf'] }, openLabel: 'Add PDF', title: vscode.l10n.t('Add a Paper from a PDF') }))?.[0];
    if (!uri) return undefined;
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_LOCAL_BYTES) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: the PDF is {0} MB; PDFs over 200 MB are not read.', Math.round(stat.size / 1048576)));
      return undefined;
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    const info = this._lib.readPdfInfo(bytes);
    const source = { title: info.title ? 'metadata' : '', authors: info.authors ? 'metadata' : '' };
    if (!info.title || !info.authors) {
      // pdf.js reads what the byte scan cannot (compressed Info) and page 1, in a worker thread.
      const page = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the PDF…') }, () => readPdfFirstPage(this._services.extensionUri, bytes));
      if (page) {
        const guess = guessFromFirstPage(page.items, page.pageHeight);
        const fill = (key: 'title' | 'authors', meta: string, fromPage: string): void => {
          if (info[key]) return;
          if (meta.trim()) [info[key], source[key]] = [meta.replace(/\s+/g, ' ').trim().slice(0, 500), 'metadata'];
          else if (fromPage) [info[key], source[key]] = [fromPage, 'page'];
        };
        fill('title', page.title, guess.title);
        fill('authors', page.author, guess.authors);
      }
    }
    const from = (key: 'title' | 'authors'): string | undefined => source[key] === 'metadata' ? vscode.l10n.t('From the PDF’s metadata; correct it if needed') : source[key] === 'page' ? vscode.l10n.t('From the PDF’s first page; correct it if needed') : undefined;
    const name = uri.path.split('/').pop()?.replace(/\.pdf$/i, '') ?? '';
    const pdf = this._pdfField(uri);
    const fromName = recognizePaperInput(name.replace(/_/g, '/'));
    const arxivId = info.arxiv ?? (fromName.kind === 'arxiv' ? fromName.id : undefined);
    if (arxivId) {
      const use = await vscode.window.showInformationMessage(vscode.l10n.t('This PDF looks like arXiv {0}. Take its title, authors and abstract from arXiv?', arxivId), 'Use arXiv', 'Type Them In');
      if (use === undefined) return undefined;
      if (use === 'Use arXiv') {
        const entry = await this._remote(`Adding arXiv ${arxivId}…`, (signal) => this._services.remote.arxiv().entry(arxivId, signal));
        if (!entry) return undefined;
        return this._saveAll([{ ...this._lib.draftFromArxiv(entry), pdf }]);
      }
    }
    const title = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add PDF (1/3): Title'), value: info.title || name, prompt: from('title') ?? vscode.l10n.t('The PDF has no title in its metadata or on its first page'),
      ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'A paper needs a title'),
    });
    if (title === undefined) return undefined;
    const authors = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add PDF (2/3): Authors'), value: info.authors, prompt: [from('authors'), vscode.l10n.t('Separated by commas, semicolons or “and”')].filter(Boolean).join(' — '), ignoreFocusOut: true,
    });
    if (authors === undefined) return undefined;
    const year = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add PDF (3/3): Year'), prompt: vscode.l10n.t('Year of publication'), ignoreFocusOut: true,
      validateInput: (v) => (/^\s*\d{4}\s*$/.test(v) ? undefined : 'Four digits, e.g. 2024'),
    });
    if (year === undefined) return undefined;
    return this._saveAll([{ title: title.trim(), authors: this._lib.splitAuthors(authors), year: Number(year.trim()), pdf }]);
  }

  /** Saves drafts as paper files; a paper already in the library (same arXiv id or DOI) is not added again. */
  private async _saveAll(drafts: PaperDraft[]): Promise<string[] | undefined> {
    const folder = this._services.library.userPapersFolder();
    if (!folder) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: open a folder first. Added papers are Markdown files in its `paperLens.userPapersFolder` (.paper-lens/papers).'));
      return undefined;
    }
    const catalog = await this._services.library.catalog();
    const names = new Set(
      (await vscode.workspace.fs.readDirectory(folder).then(undefined, () => [] as [string, vscode.FileType][])).map(([n]) => n.toLowerCase()),
    );
    const ids: string[] = [];
    const existing: string[] = [];
    for (const draft of drafts) {
      const problems = this._lib.draftProblems(draft);
      if (problems.length) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: “{0}” was not added: {1}.', draft.title || 'untitled', problems.join(', ')));
        continue;
      }
      const same = catalog.all().find(
        (p) => (draft.arxiv && p.meta.arxiv === draft.arxiv) || (draft.doi && p.meta.doi?.toLowerCase() === draft.doi.toLowerCase()),
      );
      if (same) {
        existing.push(same.meta.id);
        continue;
      }
      const taken = (id: string): boolean => !!catalog.get(id) || names.has(`${id}.md`) || ids.includes(id);
      const { id, text } = loadLazy(this._services.extensionUri).draftToFile(draft, taken);
      const uri = vscode.Uri.joinPath(folder, `${id}.md`);
      if (await exists(uri)) continue;
      await writeFileAtomic(uri, new TextEncoder().encode(text));
      names.add(`${id}.md`);
      ids.push(id);
    }
    if (ids.length) this._services.library.refresh();
    this._report(ids, existing, drafts);
    return [...ids, ...existing];
  }

  private _report(ids: string[], existing: string[], drafts: PaperDraft[]): void {
    if (existing.length && !ids.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: already in your library: {0}.', existing.join(', ')), 'Open').then((c) => {
        if (c) void vscode.commands.executeCommand('paperLens.openPaper', existing[0]);
      });
      return;
    }
    if (!ids.length) return;
    const one = ids.length === 1 ? drafts.find((d) => d.title) : undefined;
    const buttons = one?.arxiv && !one.pdf ? ['Open', 'Download PDF'] : ['Open'];
    const what = one ? `“${one.title}”` : `${ids.length} papers`;
    void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: added {0}{1}.', what, existing.length ? ` (${existing.length} already there)` : ''), ...buttons).then((c) => {
      if (c === 'Open') void vscode.commands.executeCommand('paperLens.openPaper', ids[0]);
      if (c === 'Download PDF') void vscode.commands.executeCommand('paperLens.downloadPdf', ids[0]);
    });
  }

  /** "Download PDF": the arXiv PDF of the paper's version into the download folder; sets its `pdf` field. */
  async downloadPdf(arg?: unknown): Promise<string | undefined> {
    const paper = await resolvePaperArg(this._services, arg, 'Download PDF');
    if (!paper) return undefined;
    if (!paper.meta.arxiv) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Paper Lens: "{0}" has no arXiv id to download a PDF from.', paper.meta.id));
      return undefined;
    }
    const target = await this._fetchPdf(paper.meta.arxiv, paper.meta.arxivVersion, paper.meta.shortTitle);
    if (!target) return undefined;
    const fileUri = await this._services.library.userPaperUri(paper.meta.id);
    if (fileUri) {
      await this._updateFile(fileUri, { pdf: this._pdfField(target) });
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: PDF of “{0}” saved to {1}.', paper.meta.shortTitle, this._display(target)), 'Open PDF').then((c) => {
      if (c) void vscode.commands.executeCommand('vscode.open', target);
    });
    return target.toString();
  }

  /** "Update to Latest arXiv Version": new title, authors, abstract and version; a new PDF if it had one. */
  async update(arg?: unknown): Promise<number | undefined> {
    const paper = await resolvePaperArg(this._services, arg, 'Update to Latest arXiv Version');
    if (!paper) return undefined;
    const fileUri = await this._services.library.userPaperUri(paper.meta.id);
    if (!fileUri || !paper.meta.arxiv) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Paper Lens: only papers you added with an arXiv id can be updated; "{0}" is {1}.', paper.meta.id, fileUri ? 'not on arXiv' : 'bundled'));
      return undefined;
    }
    const arxiv = paper.meta.arxiv;
    const entry = await this._remote(`Checking arXiv for a newer version of ${arxiv}…`, (signal) => this._services.remote.arxiv().entry(arxiv, signal));
    if (!entry) return undefined;
    await this._services.remote.recordLatest(entry.id, entry.version);
    if (paper.meta.arxivVersion && entry.version <= paper.meta.arxivVersion) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: “{0}” is already at the latest version (v{1}).', paper.meta.shortTitle, entry.version));
      return entry.version;
    }
    const changes: Partial<Record<keyof PaperFileFields, unknown>> = { title: entry.title, authors: entry.authors, arxivVersion: entry.version };
    if (entry.doi && !paper.meta.doi) changes.doi = entry.doi;
    if (paper.meta.pdf) {
      const target = await this._fetchPdf(arxiv, entry.version, paper.meta.shortTitle);
      if (target) changes.pdf = this._pdfField(target);
    }
    if (!(await this._updateFile(fileUri, changes, entry.abstract))) return undefined;
    void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: “{0}” updated to v{1}{2}.', entry.title, entry.version, changes.pdf ? ', with its new PDF' : ''));
    return entry.version;
  }

  /** "Check for New arXiv Versions": one batched request for all user papers with an arXiv version. */
  async checkVersions(): Promise<number | undefined> {
    const papers = (await this._services.library.catalog()).all().filter((p) => !p.collection && p.meta.arxiv && p.meta.arxivVersion);
    if (!papers.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Paper Lens: none of your added papers has an arXiv version to check.'));
      return 0;
    }
    const n = await this._remote('Checking arXiv for new versions…', (signal) => this._services.remote.checkForUpdates(papers, signal));
    if (n === undefined) return undefined;
    void vscode.window.showInformationMessage(n ? `Paper Lens: ${n} of your papers ${n === 1 ? 'has' : 'have'} a newer arXiv version (marked ↑ in the Papers view).` : 'Paper Lens: your arXiv papers are up to date.');
    return n;
  }

  private async _fetchPdf(arxiv: string, version: number | undefined, label: string): Promise<vscode.Uri | undefined> {
    const folder = this._pdfFolder();
    if (!folder) return undefined;
    const target = vscode.Uri.joinPath(folder, `${arxiv.replace(/\//g, '_')}${version ? `v${version}` : ''}.pdf`);
    const bytes = await this._remote(`Downloading the PDF of ${label}…`, (signal, progress) =>
      this._services.remote.arxiv().pdf(arxiv, version, signal, (received, total) => {
        progress.report({ message: `${Math.round(received / 1024)} KB${total ? ` of ${Math.round(total / 1024)} KB` : ''}` });
      }),
    );
    if (!bytes) return undefined;
    await writeFileAtomic(target, bytes);
    return target;
  }

  /** The folder from `paperLens.pdf.downloadFolder`: empty = global storage, relative = in the workspace. */
  private _pdfFolder(): vscode.Uri | undefined {
    const setting = vscode.workspace.getConfiguration('paperLens').get<string>('pdf.downloadFolder', '').trim();
    if (!setting) return vscode.Uri.joinPath(this._services.globalStorageUri, 'pdfs');
    if (/^([a-zA-Z]:[\\/]|[\\/])/.test(setting)) return vscode.Uri.file(setting);
    const ws = vscode.workspace.workspaceFolders?.[0];
    if (!ws) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: "paperLens.pdf.downloadFolder" is the relative path "{0}", which needs an open folder.', setting));
      return undefined;
    }
    return vscode.Uri.joinPath(ws.uri, setting);
  }

  /** The `pdf` field for a file: relative to the first workspace folder when inside it, else absolute. */
  private _pdfField(uri: vscode.Uri): string {
    const ws = vscode.workspace.workspaceFolders?.[0];
    if (ws && uri.scheme === ws.uri.scheme && uri.path.startsWith(`${ws.uri.path.replace(/\/$/, '')}/`)) return uri.path.slice(ws.uri.path.replace(/\/$/, '').length + 1);
    return uri.scheme === 'file' ? uri.fsPath : uri.toString();
  }

  private _display(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false);
  }

  private async _updateFile(uri: vscode.Uri, changes: Partial<Record<keyof PaperFileFields, unknown>>, abstract?: string): Promise<boolean> {
    // Two tries: a save by the user between our read and our write makes the first one stand down.
    for (let attempt = 0; attempt < 2; attempt++) {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const text = open ? open.getText() : await readText(uri);
      let next: string;
      try {
        next = loadLazy(this._services.extensionUri).updatePaperFile(text, changes, abstract === undefined ? {} : { abstract });
      } catch (err) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: {0} was left as it is: {1}.', this._display(uri), err instanceof Error ? err.message : String(err)));
        return false;
      }
      if (next === text || (await replacePaperText(uri, text, next))) {
        this._services.library.refresh();
        return true;
      }
    }
    void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: {0} kept changing while it was being updated; try again.', this._display(uri)));
    return false;
  }

  /** Runs remote work under a cancellable progress notification; an error becomes one message and `undefined`. */
  private async _remote<T>(
    title: string,
    work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>,
  ): Promise<T | undefined> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Paper Lens: {0}', title), cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      try {
        return await work(controller.signal, progress);
      } catch (err) {
        const kind = (err as { name?: string; kind?: string })?.name === 'LibraryError' ? (err as { kind: string }).kind : undefined;
        if (kind === 'cancelled' || controller.signal.aborted) return undefined;
        const message = err instanceof Error ? err.message : String(err);
        log().warn(`${title} ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: {0}', kind ? message : `${title.replace(/…$/, '')} failed: ${message}`));
        return undefined;
      } finally {
        sub.dispose();
      }
    });
  }
}

function inputPick(input: PaperInput): AddPick {
  switch (input.kind) {
    case 'arxiv':
      return { action: 'input', label: `$(cloud-download) arXiv ${input.id}${input.version ? `v${input.version}` : ''}`, detail: 'Title, authors, abstract and latest version from the arXiv API', alwaysShow: true };
    case 'doi':
      return { action: 'input', label: `$(cloud-download) DOI ${input.doi}`, detail: 'Metadata from doi.org (CSL-JSON)', alwaysShow: true };
    case 'bibtex':
      return { action: 'input', label: '$(quote) BibTeX entry', detail: 'Read with citation-js; the entry is kept in the paper file', alwaysShow: true };
    default:
      return { action: 'input', label: '$(warning) Not an arXiv id, DOI or BibTeX entry yet', detail: EXAMPLES, alwaysShow: true };
  }
}
