import type * as vscode from 'vscode';
import { NotesService } from './notes-service';
import { PaperLibrary } from './paper-library';
import { ReadingStatusService } from './reading-status';
import { WorkspaceIndex } from './workspace-index';

/** Long-lived objects shared by the features; built once in `activate`, all cheap to construct. */
export interface Services {
  readonly extensionUri: vscode.Uri;
  readonly library: PaperLibrary;
  readonly status: ReadingStatusService;
  readonly globalState: vscode.Memento;
  readonly workspaceState: vscode.Memento;
  readonly index: WorkspaceIndex;
  readonly notes: NotesService;
}

export function createServices(context: vscode.ExtensionContext): Services {
  const library = new PaperLibrary(context.extensionUri);
  const index = new WorkspaceIndex(context.extensionUri, context.storageUri);
  const notes = new NotesService(context.globalStorageUri, context.extensionUri);
  const status = new ReadingStatusService(context.globalState, notes);
  context.subscriptions.push(library, status, index, notes);
  return { extensionUri: context.extensionUri, library, status, globalState: context.globalState, workspaceState: context.workspaceState, index, notes };
}
