import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PaperLensApi } from '../../../src/extension';
import { DocumentFindings } from '../../../src/services/document-findings';
import { api, fixture, until } from './support';

/** Lines (1-based) of the DoRA lenses VS Code gets for the document. */
async function doraLensLines(uri: vscode.Uri): Promise<number[]> {
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return all.filter((l) => l.command?.title.includes('DoRA — Weight decomposition')).map((l) => l.range.start.line + 1);
}

/** The DoRA lens lines once the lenses show (the detector bundle may still be loading). */
async function shownDoraLensLines(uri: vscode.Uri): Promise<number[]> {
  let lines: number[] = [];
  await until(async () => (lines = await doraLensLines(uri)).length > 0, 'the lens');
  return lines;
}

/** Lines of the index's DoRA findings in one file. */
function indexedDoraLines(lens: PaperLensApi, uri: vscode.Uri): number[] {
  return lens.index.implementationsOf('dora', 'weight-decomposition').filter((i) => i.uri.toString() === uri.toString()).map((i) => i.finding.line);
}

const write = (uri: vscode.Uri, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

suite('One owner of a document\'s findings (lenses and workspace index)', () => {
  const created: vscode.Uri[] = [];

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
  });

  test('a saved file the index has read gets its lenses without running the detector; each edited version is detected once for lenses and index together', async () => {
    const lens = await api();
    await lens.index.ready();
    const dora = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture('src/dora_layer.py')));
    const classLine = dora.split('\n').findIndex((l) => l.startsWith('class DoRALinear')) + 1;
    const uri = fixture('src/owner_once.py');
    created.push(uri);
    await write(uri, dora);
    // The file watcher reads and detects the new file, and records it with its size and mtime.
    await until(() => indexedDoraLines(lens, uri).length > 0, 'the index to read the new file');
    const read = lens.findings.detectCount(uri);
    assert.ok(read >= 1, 'the index detected the new file');

    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    assert.deepEqual(await shownDoraLensLines(uri), [classLine]);
    assert.equal(lens.findings.detectCount(uri), read, 'the lens of the saved file came from the index\'s record, not from another detection');

    // An unsaved edit: the lenses follow it, and the index (750 ms after typing) takes the same findings.
    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n')));
    assert.ok(doc.isDirty);
    assert.deepEqual(await doraLensLines(uri), [classLine + 1], 'the lens moved with the edit');
    await until(() => indexedDoraLines(lens, uri)[0] === classLine + 1, 'the index to take the edit');
    assert.equal(lens.findings.detectCount(uri), read + 1, 'one detection for the edited version, shared by the lenses and the index');

    // A dirty document never shows what the record of the file on disk says: the class is gone from the text.
    assert.ok(await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), 'x = 1\n')));
    assert.deepEqual(await doraLensLines(uri), [], 'no DoRA lens for text without DoRA');
    await until(() => indexedDoraLines(lens, uri).length === 0, 'the index to drop the DoRA finding');
    assert.equal(lens.findings.detectCount(uri), read + 2, 'one more for the next version');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('after the index loads its persisted record, a file that has not changed is never detected for its lenses', async () => {
    const lens = await api();
    await lens.index.ready();
    const dora = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixture('src/dora_layer.py')));
    const classLine = dora.split('\n').findIndex((l) => l.startsWith('class DoRALinear')) + 1;
    const uri = fixture('src/owner_kept.py');
    created.push(uri);
    await write(uri, dora);
    await until(() => indexedDoraLines(lens, uri).length > 0, 'the index to read the new file');
    // A full scan reads the record from the file, as a new window does, and records every file again.
    await lens.index.rescan();
    const read = lens.findings.detectCount(uri);
    await vscode.window.showTextDocument(uri);
    assert.deepEqual(await shownDoraLensLines(uri), [classLine]);
    assert.equal(lens.findings.detectCount(uri), read, 'detected by the index only, never for the lens');
  });

  test('in a new window, a saved file the persisted index holds gets its findings from the file on disk, with no detection', async () => {
    const lens = await api();
    const uri = fixture('src/owner_kept.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.ok(!doc.isDirty);
    const expected = await lens.findings.ofDocument(doc);
    assert.ok(expected.some((f) => f.technique === 'dora'), 'the file has a DoRA finding');
    // What the next window builds: a service that has read nothing yet, over the same workspace storage.
    const storage = lens.findings.persisted.storageUri;
    assert.ok(storage, 'the workspace has a storage folder');
    const extension = vscode.extensions.getExtension('paper-lens.paper-lens')!.extensionUri;
    const fresh = new DocumentFindings(extension, lens.library, storage);
    try {
      assert.deepEqual(await fresh.ofDocument(doc), expected, 'the same findings as this window computed');
      assert.equal(fresh.detectCount(), 0, 'read from workspace-index.json, not detected');
    } finally {
      fresh.dispose();
    }
  });

  test('lenses follow a settings change on a document whose findings came from the record', async () => {
    const uri = fixture('src/owner_kept.py');
    await vscode.window.showTextDocument(uri);
    assert.equal((await doraLensLines(uri)).length, 1);
    const config = vscode.workspace.getConfiguration('paperLens');
    await config.update('codeLens.techniques', { dora: false }, vscode.ConfigurationTarget.Workspace);
    try {
      assert.deepEqual(await doraLensLines(uri), [], 'DoRA switched off: no DoRA lens');
    } finally {
      await config.update('codeLens.techniques', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal((await doraLensLines(uri)).length, 1, 'DoRA back on: the lens is back');
  });
});
