import type * as vscode from 'vscode';
import type { PaperLensApi } from './main';

export type { PaperLensApi } from './main';

/**
 * The file VS Code loads to activate Paper Lens, kept to a few hundred bytes: loading it and calling
 * `activate` is what "Show Running Extensions" reports as activation. The composition root
 * (`dist/main.js`: services, views, commands, lenses) is loaded in the next turn of the event loop, so the
 * extension host handles whatever else is queued first; VS Code holds our commands, views and webview
 * revivals until the returned promise resolves, so none of them can run before it is in place.
 */
export function activate(context: vscode.ExtensionContext): Promise<PaperLensApi> {
  return new Promise((resolve, reject) => {
    setImmediate(() => {
      try {
        // A computed path, so esbuild keeps the composition root out of this bundle.
        const main = require(`${context.extensionPath}/dist/main.js`) as typeof import('./main');
        resolve(main.activate(context));
      } catch (err) {
        reject(err);
      }
    });
  });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
