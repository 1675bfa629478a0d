import * as vscode from 'vscode';
import type { Services } from '../../services/services';
import { PaperAdder } from './paper-adder';

/** Add Paper…, Download PDF, Update to Latest arXiv Version, Check for New arXiv Versions. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const adder = new PaperAdder(services);
  context.subscriptions.push(
    vscode.commands.registerCommand('paperLens.addPaper', (arg?: unknown) => adder.add(arg)),
    vscode.commands.registerCommand('paperLens.downloadPdf', (arg?: unknown) => adder.downloadPdf(arg)),
    vscode.commands.registerCommand('paperLens.updatePaper', (arg?: unknown) => adder.update(arg)),
    vscode.commands.registerCommand('paperLens.checkArxivVersions', () => adder.checkVersions()),
  );
}
