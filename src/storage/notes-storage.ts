import * as vscode from 'vscode';
import type { NotesStorage } from '../core/notes/notes-store';
import { backupCorrupt, cleanupTempFiles, lockFile, readWithStamp, writeFileAtomic } from './atomic-file';
import { workspaceFsNotesStorage } from './workspace-fs-notes-storage';

const localDisk: NotesStorage = {
  async read(path) {
    const r = await readWithStamp(vscode.Uri.parse(path).fsPath);
    return r && { text: r.text, utf8: r.utf8 };
  },
  write: (path, text) => writeFileAtomic(vscode.Uri.parse(path).fsPath, text),
  backup: async (path) => vscode.Uri.file(await backupCorrupt(vscode.Uri.parse(path).fsPath)).toString(),
  lock: (path) => lockFile(vscode.Uri.parse(path).fsPath),
};

/**
 * The storage for notes files, keyed by URI string: atomic temp-file-and-rename writes on the local disk
 * (`file:`) under a cross-process lock, `vscode.workspace.fs` for every other scheme (no lock there: the
 * read-merge-write still keeps both sides' annotations). The web build has only the latter
 * (`notes-storage.web.ts`).
 */
export const notesStorage: NotesStorage = {
  read: (path) => pick(path).read(path),
  write: (path, text) => pick(path).write(path, text),
  backup: (path) => pick(path).backup(path),
  lock: async (path) => (pick(path).lock ? pick(path).lock!(path) : async () => undefined),
};

/** Removes temp files an interrupted save left in a notes folder on the local disk; returns their paths. */
export async function cleanupNotesFolder(folder: vscode.Uri): Promise<string[]> {
  return folder.scheme === 'file' ? cleanupTempFiles(folder.fsPath) : [];
}

function pick(path: string): NotesStorage {
  return path.startsWith('file:') ? localDisk : workspaceFsNotesStorage;
}
