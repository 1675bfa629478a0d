// The web build of notes-storage.ts: a web worker has no local disk, only `vscode.workspace.fs`.
import type * as vscode from 'vscode';

export { workspaceFsNotesStorage as notesStorage } from './workspace-fs-notes-storage';

/** Nothing to clean: workspace.fs writes leave no temp files. */
export async function cleanupNotesFolder(_folder: vscode.Uri): Promise<string[]> {
  return [];
}
