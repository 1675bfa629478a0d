import * as vscode from 'vscode';
import { DETECTOR_LANGUAGES } from '../../services/detector-settings';
import type { Services } from '../../services/services';

/** Context keys that complete steps of the Getting Started walkthrough (package.json `walkthroughs`). */
export const SUMMARY_READ = 'paperLens.walkthrough.summaryRead';
export const LENS_SEEN = 'paperLens.walkthrough.lensSeen';
export const NOTE_TAKEN = 'paperLens.walkthrough.noteTaken';

/**
 * Completes the walkthrough's "read a summary" step when a summary tab opens, its "lens on your own code" step when a Paper Lens lens shows in a workspace
 * file, and its "first note" step when the user has an annotation. Each listener goes once its step is done.
 */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const lensWatch = vscode.window.onDidChangeActiveTextEditor((editor) => void checkLens(editor));
  const checkLens = async (editor: vscode.TextEditor | undefined): Promise<void> => {
    const doc = editor?.document;
    if (!doc || !DETECTOR_LANGUAGES.includes(doc.languageId) || !vscode.workspace.getWorkspaceFolder(doc.uri)) return;
    // Lenses are computed for the visible editor anyway; asking again hits the provider's cache.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 50);
    if (!lenses?.some((l) => l.command?.command === 'paperLens.openPaper')) return;
    void vscode.commands.executeCommand('setContext', LENS_SEEN, true);
    lensWatch.dispose();
  };
  const noteWatch = services.notes.onDidChange(async (paperId) => {
    const { file } = await services.notes.get(paperId);
    if (!file.annotations.length) return;
    void vscode.commands.executeCommand('setContext', NOTE_TAKEN, true);
    noteWatch.dispose();
  });
  const isSummary = (tab: vscode.Tab): boolean => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('paperLens.summary');
  const summaryWatch = vscode.window.tabGroups.onDidChangeTabs((e) => {
    if (![...e.opened, ...e.changed].some(isSummary)) return;
    void vscode.commands.executeCommand('setContext', SUMMARY_READ, true);
    summaryWatch.dispose();
  });
  context.subscriptions.push(lensWatch, noteWatch, summaryWatch);
  void checkLens(vscode.window.activeTextEditor);
}
