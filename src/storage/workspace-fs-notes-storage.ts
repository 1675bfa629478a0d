import * as vscode from 'vscode';
import type { NotesStorage } from '../core/notes/notes-store';

/**
 * Notes storage over `vscode.workspace.fs`, for folders that are not on the local disk (virtual workspaces,
 * remote file systems, the web). Paths are URI strings. Writes replace the file in one `writeFile` call; the
 * cross-process guarantees of the `file:` storage (temp file + rename, lock) do not exist there, so the
 * read-merge-write of `saveNotes` is what protects concurrent edits.
 */
export const workspaceFsNotesStorage: NotesStorage = {
  async read(path) {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(path));
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), utf8: true };
    } catch {
      return { text: new TextDecoder('utf-8').decode(bytes), utf8: false };
    }
  },
  async write(path, text) {
    const uri = vscode.Uri.parse(path);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  },
  async backup(path) {
    const uri = vscode.Uri.parse(path);
    const name = uri.path.split('/').pop() ?? 'notes.md';
    const copy = vscode.Uri.joinPath(uri, '..', `${name.replace(/\.md$/, '')}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.md`);
    await vscode.workspace.fs.copy(uri, copy, { overwrite: false });
    return copy.toString();
  },
};
