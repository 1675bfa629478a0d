import * as vscode from 'vscode';
import type { Services } from '../../services/services';
import { type Grouping, PapersTreeProvider } from './papers-tree-provider';

const GROUPING_KEY = 'paperLens.papers.grouping';

export function register(context: vscode.ExtensionContext, services: Services): PapersTreeProvider {
  const provider = new PapersTreeProvider(services.library, services.status, services.index, services.notes, services.remote, services.pdfOutlines);
  const view = vscode.window.createTreeView('paperLens.papers', { treeDataProvider: provider, showCollapseAll: true });
  // The workspace index (section → code backlinks) starts once the view is shown, never during activation.
  const startIndex = (): void => {
    if (view.visible && !services.index.started && vscode.workspace.getConfiguration('paperLens').get<boolean>('index.enabled', true)) {
      setTimeout(() => void services.index.ready(), 500);
    }
  };
  context.subscriptions.push(view.onDidChangeVisibility(startIndex));
  startIndex();
  // The daily arXiv version check also waits for the view, and then for the workbench to settle.
  const startUpdateCheck = (): void => {
    if (view.visible) setTimeout(() => services.remote.maybeCheckDaily(async () => (await services.library.catalog()).all().filter((p) => !p.collection)), 5000);
  };
  context.subscriptions.push(view.onDidChangeVisibility(startUpdateCheck));
  startUpdateCheck();

  const setGrouping = (grouping: Grouping): void => {
    provider.grouping = grouping;
    void services.globalState.update(GROUPING_KEY, grouping);
    void vscode.commands.executeCommand('setContext', 'paperLens.grouping', grouping);
  };
  const restrictedMessage = (): string | undefined => (vscode.workspace.isTrusted ? undefined
    : 'Restricted Mode: the bundled papers, search and code lenses work; your papers and notes in this folder load once you trust it.');
  const showMessage = (): void => {
    const parts = [
      restrictedMessage(),
      provider.filter ? `Showing papers matching “${provider.filter}”` : undefined,
    ];
    view.message = parts.filter(Boolean).join(' ') || undefined;
  };
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(showMessage));
  showMessage();
  const setFilter = (filter: string): void => {
    provider.filter = filter;
    void vscode.commands.executeCommand('setContext', 'paperLens.filtered', Boolean(provider.filter));
    // A view with a message never shows its welcome content, so "No papers match" needs the message gone.
    view.message = restrictedMessage();
    if (provider.filter) {
      void provider.filteredCount().then((n) => {
        if (n && provider.filter === filter.trim()) showMessage();
      });
    }
  };
  const saved = services.globalState.get<Grouping>(GROUPING_KEY);
  if (saved === 'topic') provider.grouping = 'topic';
  void vscode.commands.executeCommand('setContext', 'paperLens.grouping', provider.grouping);

  context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand('paperLens.refreshPapers', () => services.library.refresh()),
    vscode.commands.registerCommand('paperLens.groupByTopic', () => setGrouping('topic')),
    vscode.commands.registerCommand('paperLens.groupByMonth', () => setGrouping('month')),
    vscode.commands.registerCommand('paperLens.filterPapers', async (value?: unknown) => {
      const filter = typeof value === 'string' ? value : await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter Papers'),
        prompt: vscode.l10n.t('Show papers whose title, authors, topics or arXiv id contain these words'),
        value: provider.filter,
        placeHolder: vscode.l10n.t('e.g. lora, alignment, 2024, Mistral'),
      });
      if (filter !== undefined) setFilter(filter);
    }),
    vscode.commands.registerCommand('paperLens.clearFilter', () => setFilter('')),
  );
  return provider;
}
