// The web build of atomic-file.ts: a web worker has no local disk, so no `file:` URI reaches these writers
// (callers use vscode.workspace.fs for every other scheme). Only what the web build imports is here.
export async function writeFileAtomic(file: string): Promise<void> {
  throw new Error(`no local file system in a web extension host: cannot write ${file}`);
}
