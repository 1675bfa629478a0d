import type * as vscode from 'vscode';
import * as openPaper from './features/open-paper';
import * as papersTree from './features/papers-tree';
import * as summary from './features/summary';
import { SummaryPanel } from './features/summary/summary-panel';
import { isMarkdownLoaded } from './services/markdown-loader';
import { createServices } from './services/services';

const features = [papersTree, summary, openPaper];

/** What `activate` returns; the integration tests read it through `extension.exports`. */
export interface PaperLensApi {
  library: ReturnType<typeof createServices>['library'];
  currentSummaryPaper(): string | undefined;
  isMarkdownLoaded(): boolean;
}

export function activate(context: vscode.ExtensionContext): PaperLensApi {
  const services = createServices(context);
  for (const feature of features) feature.register(context, services);
  return {
    library: services.library,
    currentSummaryPaper: () => SummaryPanel.current?.paperId,
    isMarkdownLoaded,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
