import type * as vscode from 'vscode';
import { SummaryPanelManager } from '../features/summary/summary-panel';
import { NotesService } from './notes-service';
import { DocumentFindings } from './document-findings';
import { LibraryRemote } from './library-remote';
import { PaperLibrary } from './paper-library';
import { PdfOutlines } from './pdf-outlines';
import { PdfPapers } from './pdf-papers';
import { ReadingStatusService } from './reading-status';
import { WorkspaceIndex } from './workspace-index';

/** Long-lived objects shared by the features; built once in `activate`, all cheap to construct. */
export interface Services {
  readonly extensionUri: vscode.Uri;
  readonly library: PaperLibrary;
  readonly status: ReadingStatusService;
  readonly globalState: vscode.Memento;
  readonly workspaceState: vscode.Memento;
  readonly index: WorkspaceIndex;
  /** The findings of every document and file at its version, for the lenses and the index alike. */
  readonly findings: DocumentFindings;
  readonly notes: NotesService;
  /** Every summary panel; the only way to reach one. */
  readonly summaries: SummaryPanelManager;
  /** arXiv and DOI access (one request queue each) and the latest arXiv versions seen. */
  readonly remote: LibraryRemote;
  readonly globalStorageUri: vscode.Uri;
  readonly pdfPapers: PdfPapers;
  /** PDF outlines read in the extension host (pdf.js in a worker thread, on first use), cached per file version. */
  readonly pdfOutlines: PdfOutlines;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const library = new PaperLibrary(context.extensionUri);
  const findings = new DocumentFindings(context.extensionUri, library, context.storageUri);
  const index = new WorkspaceIndex(findings, library);
  const notes = new NotesService(context.globalStorageUri, context.extensionUri, async (id) => (await library.get(id))?.meta.shortTitle);
  const status = new ReadingStatusService(context.globalState, notes);
  const summaries = new SummaryPanelManager({ library, notes, extensionUri: context.extensionUri, memento: context.workspaceState });
  const remote = new LibraryRemote(context.extensionUri, context.globalState);
  const pdfPapers = new PdfPapers(library, context.workspaceState);
  const pdfOutlines = new PdfOutlines(context.extensionUri, pdfPapers);
  context.subscriptions.push(library, status, findings, index, notes, summaries, remote, pdfPapers, pdfOutlines);
  return {
    extensionUri: context.extensionUri, library, status, globalState: context.globalState, workspaceState: context.workspaceState, index, findings, notes,
    summaries, remote, globalStorageUri: context.globalStorageUri, pdfPapers, pdfOutlines,
  };
}
