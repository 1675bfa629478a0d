import * as vscode from 'vscode';
import { paperForPdf, paperIdFromPdfName, pdfCandidates } from '../core/pdf/pdf-paper';
import type { OutlineSection } from '../core/pdf/pdf-location';
import { Disposable } from '../util/dispose';
import type { PaperLibrary } from './paper-library';

const KNOWN_KEY = 'paperLens.pdf.known';

/**
 * Which paper a PDF belongs to and which PDF a paper has. The owner of that mapping: a user paper's
 * front-matter `pdf:` wins; a PDF no paper names belongs to the id made from its file name, remembered
 * (per workspace) once opened so `paper:<id>#page=…` links find it again. Also keeps the outline each
 * opened PDF reported, so links to its sections can be checked.
 */
export class PdfPapers extends Disposable {
  private readonly _outlines = new Map<string, { pages: number; sections: OutlineSection[] }>();
  private readonly _onDidLearn = this._register(new vscode.EventEmitter<string>());
  /** Fires with a paper id whose PDF outline became known. */
  readonly onDidLearn = this._onDidLearn.event;

  constructor(
    private readonly _library: PaperLibrary,
    private readonly _memento: vscode.Memento,
  ) {
    super();
  }

  /** The paper a PDF belongs to (see the class comment for the rule). */
  async paperIdFor(pdf: vscode.Uri): Promise<string> {
    const catalog = await this._library.catalog();
    const papers = catalog.all().flatMap((p) => (p.meta.pdf ? [{ id: p.meta.id, pdf: p.meta.pdf }] : []));
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === pdf.scheme && f.uri.authority === pdf.authority).map((f) => f.uri.path);
    const owner = paperForPdf(pdf.path, papers, folders);
    const id = owner ?? paperIdFromPdfName(pdf.path);
    if (!owner) await this._remember(id, pdf);
    return id;
  }

  /** The PDF of a paper: its front-matter `pdf:` when that file exists, else the one opened under its id. */
  async pdfOf(paperId: string): Promise<vscode.Uri | undefined> {
    const paper = await this._library.get(paperId);
    if (paper?.meta.pdf) {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const base = folders[0]?.uri;
      for (const path of pdfCandidates(paper.meta.pdf, folders.map((f) => f.uri.path))) {
        const uri = base && !/^\/[a-z]:\//i.test(path) ? base.with({ path }) : vscode.Uri.file(path);
        if (await exists(uri)) return uri;
      }
    }
    const known = this._memento.get<Record<string, string>>(KNOWN_KEY, {})[paperId];
    if (known) {
      const uri = vscode.Uri.parse(known);
      if (await exists(uri)) return uri;
    }
    return undefined;
  }

  /** Whether a paper id has a PDF this window knows of (without touching the disk). */
  async hasPdf(paperId: string): Promise<boolean> {
    if (this._memento.get<Record<string, string>>(KNOWN_KEY, {})[paperId]) return true;
    return Boolean((await this._library.get(paperId))?.meta.pdf);
  }

  /** Records what the reader found in a paper's PDF. */
  learn(paperId: string, pages: number, sections: OutlineSection[]): void {
    this._outlines.set(paperId, { pages, sections });
    this._onDidLearn.fire(paperId);
  }

  /** The outline of a paper's PDF as last opened in this window, if it was. */
  outline(paperId: string): { pages: number; sections: OutlineSection[] } | undefined {
    return this._outlines.get(paperId);
  }

  private async _remember(id: string, pdf: vscode.Uri): Promise<void> {
    const known = this._memento.get<Record<string, string>>(KNOWN_KEY, {});
    if (known[id] === pdf.toString()) return;
    await this._memento.update(KNOWN_KEY, { ...known, [id]: pdf.toString() });
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
