import * as vscode from 'vscode';
import type { Services } from '../../services/services';
import { SUMMARY_VIEW_TYPE, SummaryPanel } from './summary-panel';

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(SUMMARY_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => SummaryPanel.revive(panel, services.library, services.extensionUri, services.workspaceState, state),
    }),
    { dispose: () => SummaryPanel.disposeAll() },
  );
}
