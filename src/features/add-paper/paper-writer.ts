import * as vscode from 'vscode';
import { writeFileAtomic as nodeWriteAtomic } from '../../storage/atomic-file';

/**
 * Writes bytes so that nobody sees a half-written or missing file. On a local disk that is the notes
 * store's temp-file-fsync-rename ({@link nodeWriteAtomic}); `vscode.workspace.fs.rename` with `overwrite`
 * deletes the target before renaming (a UI test caught the gap), so it is not used for this. Other file
 * systems (a web host, virtual folders) get `vscode.workspace.fs.writeFile`, which replaces in place.
 */
export async function writeFileAtomic(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  if (uri.scheme === 'file') {
    await nodeWriteAtomic(uri.fsPath, bytes);
    return;
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, bytes);
}

/**
 * Replaces a paper file's text. When the file is open in an editor the change goes through the editor (a
 * WorkspaceEdit, then save), so unsaved typing there is not overwritten behind the user's back; otherwise
 * it is an atomic write. `expected` is the text the change was computed from: if the file no longer holds
 * it, nothing is written and `false` comes back.
 */
export async function replacePaperText(uri: vscode.Uri, expected: string, text: string): Promise<boolean> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    if (open.getText() !== expected) return false;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), text);
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    return open.save();
  }
  const current = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  if (current !== expected) return false;
  await writeFileAtomic(uri, new TextEncoder().encode(text));
  return true;
}

/** Reads a file as UTF-8 text. */
export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Whether a file exists. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
