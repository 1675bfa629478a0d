import * as vscode from 'vscode';
import type { Services } from '../../services/services';
import { PapersTreeProvider } from './papers-tree-provider';

export function register(context: vscode.ExtensionContext, services: Services): void {
  const provider = new PapersTreeProvider(services.library);
  context.subscriptions.push(
    provider,
    vscode.window.createTreeView('paperLens.papers', { treeDataProvider: provider, showCollapseAll: true }),
    vscode.commands.registerCommand('paperLens.refreshPapers', () => services.library.refresh()),
  );
}
