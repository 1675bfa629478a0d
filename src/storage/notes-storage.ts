import * as vscode from 'vscode';
import type { NotesStorage } from '../core/notes/notes-store';
import { backupCorrupt, readWithStamp, writeFileAtomic } from './atomic-file';
import { workspaceFsNotesStorage } from './workspace-fs-notes-storage';

const localDisk: NotesStorage = {
  async read(path) {
    const r = await readWithStamp(vscode.Uri.parse(path).fsPath);
    return r && { text: r.text, utf8: r.utf8 };
  },
  write: (path, text) => writeFileAtomic(vscode.Uri.parse(path).fsPath, text),
  backup: async (path) => vscode.Uri.file(await backupCorrupt(vscode.Uri.parse(path).fsPath)).toString(),
};

/**
 * The storage for notes files, keyed by URI string: atomic temp-file-and-rename writes on the local disk
 * (`file:`), `vscode.workspace.fs` for every other scheme. The web build has only the latter
 * (`notes-storage.web.ts`).
 */
export const notesStorage: NotesStorage = {
  read: (path) => pick(path).read(path),
  write: (path, text) => pick(path).write(path, text),
  backup: (path) => pick(path).backup(path),
};

function pick(path: string): NotesStorage {
  return path.startsWith('file:') ? localDisk : workspaceFsNotesStorage;
}
