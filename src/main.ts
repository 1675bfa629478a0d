import type * as vscode from 'vscode';
import * as addPaper from './features/add-paper';
import * as codeLens from './features/code-lens';
import * as lookup from './features/lookup';
import * as notes from './features/notes';
import * as paperActions from './features/paper-actions';
import * as paperReferences from './features/paper-references';
import * as papersTree from './features/papers-tree';
import * as pdfReader from './features/pdf-reader';
import * as summary from './features/summary';
import * as walkthrough from './features/walkthrough';
import * as workspaceIndex from './features/workspace-index';
import { isLazyLoaded } from './services/lazy-loader';
import { isLibraryLoaded } from './services/library-loader';
import { createServices } from './services/services';
import { disposeLog } from './util/log';

const features = [papersTree, summary, lookup, paperActions, codeLens, paperReferences, workspaceIndex, notes, addPaper, pdfReader, walkthrough];

/** What `activate` returns; the integration tests read it through `extension.exports`. */
export interface PaperLensApi {
  library: ReturnType<typeof createServices>['library'];
  status: ReturnType<typeof createServices>['status'];
  index: ReturnType<typeof createServices>['index'];
  findings: ReturnType<typeof createServices>['findings'];
  notes: ReturnType<typeof createServices>['notes'];
  pdfOutlines: ReturnType<typeof createServices>['pdfOutlines'];
  /** The Papers view's data provider (the tests walk its rows). */
  papersTree: ReturnType<typeof papersTree.register>;
  currentSummaryPaper(): string | undefined;
  isMarkdownLoaded(): boolean;
  /** Whether citation-js and the arXiv clients (`dist/library.js`) have been loaded. */
  isLibraryLoaded(): boolean;
  /** Whether the Markdown pipeline was already loaded when `activate` returned (it must not be). */
  markdownLoadedAtActivation: boolean;
}

export function activate(context: vscode.ExtensionContext): PaperLensApi {
  const services = createServices(context);
  let tree: ReturnType<typeof papersTree.register> | undefined;
  for (const feature of features) {
    const registered = feature.register(context, services);
    if (feature === papersTree) tree = registered as typeof tree;
  }
  context.subscriptions.push({ dispose: disposeLog });
  return {
    library: services.library,
    status: services.status,
    index: services.index,
    findings: services.findings,
    notes: services.notes,
    pdfOutlines: services.pdfOutlines,
    papersTree: tree!,
    currentSummaryPaper: () => services.summaries.current?.paperId,
    isMarkdownLoaded: isLazyLoaded,
    isLibraryLoaded,
    markdownLoadedAtActivation: isLazyLoaded(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
