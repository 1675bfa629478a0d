import type * as vscode from 'vscode';
import { PaperLibrary } from './paper-library';

/** Long-lived objects shared by the features; built once in `activate`. */
export interface Services {
  readonly extensionUri: vscode.Uri;
  readonly library: PaperLibrary;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const library = new PaperLibrary(context.extensionUri);
  context.subscriptions.push(library);
  return { extensionUri: context.extensionUri, library };
}
