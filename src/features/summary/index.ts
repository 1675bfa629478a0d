import * as vscode from 'vscode';
import type { Services } from '../../services/services';
import { type PanelDeps, SUMMARY_VIEW_TYPE, SummaryPanel } from './summary-panel';

/** The panel's dependencies, from the services. */
export function panelDeps(services: Services): PanelDeps {
  return { library: services.library, notes: services.notes, extensionUri: services.extensionUri, memento: services.workspaceState };
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(SUMMARY_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state) => SummaryPanel.revive(panel, panelDeps(services), state),
    }),
    { dispose: () => SummaryPanel.disposeAll() },
  );
}
