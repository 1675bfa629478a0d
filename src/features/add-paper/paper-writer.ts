import * as vscode from 'vscode';

/**
 * Writes bytes so that nobody sees a half-written file: a hidden temp file next to the target, then a
 * rename over it (the same folder, so the same file system). Works on any `vscode.workspace.fs` provider.
 */
export async function writeFileAtomic(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const dir = vscode.Uri.joinPath(uri, '..');
  await vscode.workspace.fs.createDirectory(dir);
  const name = uri.path.split('/').pop() ?? 'file';
  const temp = vscode.Uri.joinPath(dir, `.${name}.paper-lens-${Math.random().toString(16).slice(2, 14)}.tmp`);
  try {
    await vscode.workspace.fs.writeFile(temp, bytes);
    await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
  } catch (err) {
    await vscode.workspace.fs.delete(temp).then(undefined, () => undefined);
    throw err;
  }
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
