// The web build of notes-storage.ts: a web worker has no local disk, only `vscode.workspace.fs`.
export { workspaceFsNotesStorage as notesStorage } from './workspace-fs-notes-storage';
