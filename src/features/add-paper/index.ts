import * as vscode from 'vscode';
import type { Services } from '../../services/services';
import { log } from '../../util/log';
import { PaperAdder } from './paper-adder';

/** A command that reports an unexpected failure as one message instead of leaving the user guessing. */
function guarded<A extends unknown[], R>(title: string, run: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log().error(`${title}: ${err instanceof Error ? err.stack ?? message : message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Paper Lens: {0} failed: {1}', title, message));
      return undefined;
    }
  };
}

/** Add Paper…, Download PDF, Update to Latest arXiv Version, Check for New arXiv Versions. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  const adder = new PaperAdder(services);
  context.subscriptions.push(
    vscode.commands.registerCommand('paperLens.addPaper', guarded('Add Paper', (arg?: unknown) => adder.add(arg))),
    vscode.commands.registerCommand('paperLens.downloadPdf', guarded('Download PDF', (arg?: unknown) => adder.downloadPdf(arg))),
    vscode.commands.registerCommand('paperLens.updatePaper', guarded('Update to Latest arXiv Version', (arg?: unknown) => adder.update(arg))),
    vscode.commands.registerCommand('paperLens.checkArxivVersions', guarded('Check for New arXiv Versions', () => adder.checkVersions())),
  );
}
