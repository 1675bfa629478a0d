// State with one owner: reading status, notes written through an open editor, moved folders. Each test
// sets up the files it needs, so the suite does not depend on the order of the others.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, utimesSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PaperLensApi } from '../../../src/extension';
import { api, until } from './support';

function ws(...rel: string[]): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...rel);
}

/**
 * Writes a notes file and waits until the watcher event of that write has been handled, so an editor
 * opened next does not get the event late (it would take it for a change behind its back).
 */
async function writeSeen(lens: PaperLensApi, paperId: string, file: string, text: string): Promise<void> {
  const seen = new Promise<void>((resolve) => {
    const sub = lens.notes.onDidChange((id) => {
      if (id === paperId) {
        sub.dispose();
        resolve();
      }
    });
  });
  // Through VS Code's file service, so its own models hear of the write the same way.
  await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(text));
  await seen;
}

function notesText(paperId: string, status: string, bodies: string[]): string {
  const blocks = bodies.map((b, i) => `## Whole paper — note {#${(0xa0000000 + i).toString(16)}}\n<!-- paper-lens: {"kind":"note","created":"2026-01-01T00:00:00.000Z","updated":"2026-01-01T00:00:00.000Z"} -->\n\n${b}\n`);
  return `---\npaper: ${paperId}\nstatus: ${status}\ntags: []\nformat: 1\n---\n\n${blocks.join('\n')}`;
}

suite('State owners in the extension host', () => {
  test('adding the first note keeps the reading status the user set', async () => {
    const lens = await api();
    const uri = ws('.paper-lens', 'notes', 'phi4.md');
    // A paper the notes service has never read: no notes file, nothing cached.
    assert.equal(existsSync(uri.fsPath), false);
    await vscode.commands.executeCommand('paperLens.markReading', 'phi4');
    assert.equal(lens.status.get('phi4'), 'reading');
    await vscode.commands.executeCommand('paperLens.addNote', 'phi4', undefined, 'First note on phi-4.');
    assert.equal((await lens.notes.get('phi4')).file.annotations.length, 1);
    assert.equal(lens.status.get('phi4'), 'reading', 'the status survives the first note');
    assert.match(readFileSync(uri.fsPath, 'utf8'), /^status: reading$/m);
    // The notes file is the one store: a new window (a reload) reads the same status from it.
    await lens.notes.reload('phi4');
    assert.equal(lens.status.get('phi4'), 'reading');
  });

  test('with the notes file open and dirty, a new highlight goes through the editor, not behind it', async () => {
    const lens = await api();
    const uri = ws('.paper-lens', 'notes', 'nvlm.md');
    const onDisk = notesText('nvlm', 'unread', ['A note written earlier.']);
    mkdirSync(vscode.Uri.joinPath(uri, '..').fsPath, { recursive: true });
    await writeSeen(lens, 'nvlm', uri.fsPath, onDisk);
    // VS Code for the Web saves after a delay by default; this test needs an edit that stays unsaved.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const end = doc.positionAt(doc.getText().length);
    assert.ok(await editor.edit((e) => e.insert(end, '\nTyped in the editor, not saved yet.\n')));
    assert.ok(doc.isDirty);
    const saves: string[] = [];
    const watchSaves = vscode.workspace.onWillSaveTextDocument((e) => {
      if (e.document.uri.toString() === uri.toString()) saves.push(`reason ${e.reason} at version ${e.document.version}`);
    });
    try {
      const created = await lens.notes.add('nvlm', { kind: 'highlight', color: 'yellow', target: { quote: { exact: 'vision encoder', prefix: '', suffix: '' } } });
      assert.ok(created, 'the highlight is saved');
      const text = doc.getText();
      assert.ok(text.includes('Typed in the editor, not saved yet.'), text);
      assert.ok(text.includes(`{#${created.id}}`), text);
      assert.ok(text.includes('A note written earlier.'));
      assert.ok(doc.isDirty, 'the user’s unsaved edit stays theirs to save');
      assert.equal(readFileSync(uri.fsPath, 'utf8'), onDisk, `nothing was written behind the editor (saves: ${saves.join('; ') || 'none'})`);
      const didSave = await doc.save();
      const saved = readFileSync(uri.fsPath, 'utf8');
      assert.ok(saved.includes(`{#${created.id}}`) && saved.includes('Typed in the editor'), `save returned ${didSave}, dirty ${doc.isDirty}, closed ${doc.isClosed}:\n${saved}`);
    } finally {
      watchSaves.dispose();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });

  test('with the notes file open and saved, the change is applied in the editor and saved', async () => {
    const lens = await api();
    const uri = ws('.paper-lens', 'notes', 'llama3.md');
    mkdirSync(vscode.Uri.joinPath(uri, '..').fsPath, { recursive: true });
    await writeSeen(lens, 'llama3', uri.fsPath, notesText('llama3', 'unread', ['Open but clean.']));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    try {
      const created = await lens.notes.add('llama3', { kind: 'note', target: {}, body: 'Added while the file is open.' });
      assert.ok(created);
      assert.ok(doc.getText().includes('Added while the file is open.'));
      assert.equal(doc.isDirty, false, 'a document without unsaved edits is saved after the change');
      assert.ok(readFileSync(uri.fsPath, 'utf8').includes('Added while the file is open.'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('moving paperLens.notes.folder moves the cache and the watcher; old temp files there are removed', async () => {
    const lens = await api();
    const config = vscode.workspace.getConfiguration('paperLens');
    const oldFile = ws('.paper-lens', 'notes', 'o1-replication.md');
    const newDir = ws('moved-notes');
    mkdirSync(vscode.Uri.joinPath(oldFile, '..').fsPath, { recursive: true });
    writeFileSync(oldFile.fsPath, notesText('o1-replication', 'unread', ['In the old folder.']));
    await lens.notes.reload('o1-replication');
    assert.equal((await lens.notes.get('o1-replication')).file.annotations[0]?.body, 'In the old folder.');
    mkdirSync(newDir.fsPath, { recursive: true });
    const temp = vscode.Uri.joinPath(newDir, '.o1-replication.md.paper-lens-1234-0123456789ab.tmp').fsPath;
    writeFileSync(temp, 'left by a killed writer');
    utimesSync(temp, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const changes: string[] = [];
    const sub = lens.notes.onDidChange((id) => changes.push(id));
    try {
      await config.update('notes.folder', 'moved-notes', vscode.ConfigurationTarget.Workspace);
      await until(() => lens.notes.folder().uri.path.endsWith('/moved-notes'), 'the new folder setting');
      await until(async () => (await lens.notes.get('o1-replication')).file.annotations.length === 0, 'the cache of the old folder to be dropped');
      await until(() => !existsSync(temp), 'the old temp file in the new folder to be cleaned up');
      writeFileSync(vscode.Uri.joinPath(newDir, 'o1-replication.md').fsPath, notesText('o1-replication', 'read', ['In the new folder.']));
      await until(async () => (await lens.notes.get('o1-replication')).file.annotations[0]?.body === 'In the new folder.', 'a file written in the new folder to be picked up');
      changes.length = 0;
      // A file only the old folder has, then one in the new folder: when the second is seen, the first
      // one's event would have come too (same watcher pipeline) if the old folder were still watched.
      writeFileSync(vscode.Uri.joinPath(oldFile, '..', 'zz-old-only.md').fsPath, notesText('zz-old-only', 'unread', ['Only in the old folder.']));
      writeFileSync(vscode.Uri.joinPath(newDir, 'o1-replication.md').fsPath, notesText('o1-replication', 'read', ['Edited in the new folder.']));
      await until(async () => (await lens.notes.get('o1-replication')).file.annotations[0]?.body === 'Edited in the new folder.', 'the second edit in the new folder');
      await until(() => changes.includes('o1-replication'), 'the change event of the new folder');
      assert.equal(lens.status.get('o1-replication'), 'read');
      assert.ok(!changes.includes('zz-old-only'), `the old folder is no longer watched (events: ${changes.join(', ')})`);
    } finally {
      sub.dispose();
      await config.update('notes.folder', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until(() => lens.notes.folder().uri.path.endsWith('/.paper-lens/notes'), 'the folder setting to be reset');
  });

  test('moving paperLens.userPapersFolder watches the new folder and no longer the old one', async () => {
    const lens = await api();
    const config = vscode.workspace.getConfiguration('paperLens');
    const paper = (id: string, title: string): string => `---\nid: ${id}\ntitle: ${title}\nauthors: [A. Reader]\nmonth: 3\ntopics: [scaling]\n---\n\n## Idea {#idea}\n\nA short paper written for this test.\n`;
    await lens.library.catalog();
    mkdirSync(ws('other-papers').fsPath, { recursive: true });
    try {
      await config.update('userPapersFolder', 'other-papers', vscode.ConfigurationTarget.Workspace);
      await until(async () => !(await lens.library.catalog()).get('attention-notes'), 'the papers of the old folder to go');
      await lens.library.catalog();
      writeFileSync(ws('other-papers', 'moved-paper.md').fsPath, paper('moved-paper', 'A Paper in the New Folder'));
      await until(async () => !!(await lens.library.catalog()).get('moved-paper'), 'a paper written in the new folder to be picked up');
      // A paper written in the old folder is no longer read.
      writeFileSync(ws('.paper-lens', 'papers', 'old-folder-paper.md').fsPath, paper('old-folder-paper', 'Written in the Old Folder'));
      writeFileSync(ws('other-papers', 'second-paper.md').fsPath, paper('second-paper', 'A Second Paper in the New Folder'));
      await until(async () => !!(await lens.library.catalog()).get('second-paper'), 'the second paper in the new folder');
      assert.ok(!(await lens.library.catalog()).get('old-folder-paper'));
    } finally {
      await config.update('userPapersFolder', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(ws('.paper-lens', 'papers', 'old-folder-paper.md').fsPath, { force: true });
    }
    await until(async () => !!(await lens.library.catalog()).get('attention-notes'), 'the default folder to be back');
  });
});
