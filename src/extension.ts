import type * as vscode from 'vscode';
import * as lookup from './features/lookup';
import * as paperActions from './features/paper-actions';
import * as papersTree from './features/papers-tree';
import * as summary from './features/summary';
import { SummaryPanel } from './features/summary/summary-panel';
import { isLazyLoaded } from './services/lazy-loader';
import { createServices } from './services/services';
import { disposeLog } from './util/log';

const features = [papersTree, summary, lookup, paperActions];

/** What `activate` returns; the integration tests read it through `extension.exports`. */
export interface PaperLensApi {
  library: ReturnType<typeof createServices>['library'];
  status: ReturnType<typeof createServices>['status'];
  currentSummaryPaper(): string | undefined;
  isMarkdownLoaded(): boolean;
}

export function activate(context: vscode.ExtensionContext): PaperLensApi {
  const services = createServices(context);
  for (const feature of features) feature.register(context, services);
  context.subscriptions.push({ dispose: disposeLog });
  return {
    library: services.library,
    status: services.status,
    currentSummaryPaper: () => SummaryPanel.current?.paperId,
    isMarkdownLoaded: isLazyLoaded,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
