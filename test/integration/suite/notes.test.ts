// Each test writes the notes files it reads, so the suite passes alone, first or last.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as vscode from 'vscode';
import type { PaperLensApi } from '../../../src/extension';
import { api, until } from './support';

function notesUri(paperId: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '.paper-lens', 'notes', `${paperId}.md`);
}

async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Starts a paper's notes from the given text (or from no file at all). */
async function setUp(lens: PaperLensApi, paperId: string, text?: string): Promise<vscode.Uri> {
  const uri = notesUri(paperId);
  mkdirSync(vscode.Uri.joinPath(uri, '..').fsPath, { recursive: true });
  if (text === undefined) rmSync(uri.fsPath, { force: true });
  else writeFileSync(uri.fsPath, text);
  await lens.notes.reload(paperId);
  return uri;
}

const ONE_NOTE = (paperId: string, body: string): string =>
  `---\npaper: ${paperId}\nstatus: unread\ntags: []\nformat: 1\n---\n\n## Whole paper — note {#b0000001}\n<!-- paper-lens: {"kind":"note","created":"2026-01-01T00:00:00.000Z","updated":"2026-01-01T00:00:00.000Z"} -->\n\n${body}\n`;

suite('Notes in the extension host', () => {
  test('a note with math is written to .paper-lens/notes/<paper>.md as readable Markdown', async () => {
    const lens = await api();
    await setUp(lens, 'dora');
    const id = await vscode.commands.executeCommand<string>('paperLens.addNote', 'dora', 'weight-decomposition', 'Magnitude is $m = \\lVert W_0 \\rVert_c$.');
    assert.match(id, /^[0-9a-f]{8}$/);
    const text = await readText(notesUri('dora'));
    assert.match(text, /^---\npaper: dora\n/);
    assert.match(text, new RegExp(`\\{#${id}\\}`));
    assert.ok(text.includes('Magnitude is $m = \\lVert W_0 \\rVert_c$.'), text);
    assert.equal((await lens.notes.get('dora')).file.annotations.length, 1);
  });

  test('a hand edit on disk is picked up, and a later UI change keeps it', async () => {
    const lens = await api();
    const uri = await setUp(lens, 'precision-scaling', ONE_NOTE('precision-scaling', 'Magnitude is written by the UI.'));
    const text = await readText(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text.replace('Magnitude is', 'Edited by hand: magnitude is')));
    await until(async () => (await lens.notes.get('precision-scaling')).file.annotations[0]?.body.startsWith('Edited by hand'), 'the hand edit to be read back');
    await vscode.commands.executeCommand('paperLens.addNote', 'precision-scaling', undefined, 'A second note on the whole paper.');
    const after = await readText(uri);
    assert.ok(after.includes('Edited by hand: magnitude is'), 'the hand edit survives the UI change');
    assert.ok(after.includes('A second note on the whole paper.'));
  });

  test('a hand edit written in two steps (truncate, then write) is picked up and not taken for a broken file', async () => {
    const lens = await api();
    const uri = await setUp(lens, 'lora-learns-less', ONE_NOTE('lora-learns-less', 'Before the hand edit.'));
    const text = await readText(uri);
    // What an editor without atomic saves does: the file is empty for a moment.
    writeFileSync(uri.fsPath, '');
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(uri.fsPath, text.replace('Before the hand edit.', 'After the hand edit.'));
    await until(async () => (await lens.notes.get('lora-learns-less')).file.annotations[0]?.body === 'After the hand edit.', 'the hand edit to be read');
    const folder = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(uri, '..'));
    assert.deepEqual(folder.map(([n]) => n).filter((n) => n.startsWith('lora-learns-less.corrupt-')), [], 'no backup of a half-written file');
    assert.equal((await lens.notes.get('lora-learns-less')).readOnly, undefined);
  });

  test('a file that cannot be parsed is backed up, never rewritten, and its notes are read-only', async () => {
    const lens = await api();
    const uri = notesUri('mixtral');
    const broken = '---\npaper: mixtral\nformat: 1\n---\n\n<!-- paper-lens: {"kind":"note" -->\nno heading above this\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(broken));
    await lens.notes.reload('mixtral');
    const notes = await lens.notes.get('mixtral');
    assert.ok(notes.readOnly, 'the notes are read-only');
    assert.ok(notes.readOnly.line > 0);
    const result = await vscode.commands.executeCommand('paperLens.addNote', 'mixtral', undefined, 'must not be written');
    assert.equal(result, undefined);
    assert.equal(await readText(uri), broken, 'the unreadable file is left exactly as it was');
    const folder = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(uri, '..'));
    assert.ok(folder.some(([name]) => name.startsWith('mixtral.corrupt-')), `a backup exists: ${folder.map(([n]) => n).join(', ')}`);
  });

  test('Export Notes writes one Markdown file with citations', async () => {
    await setUp(await api(), 'dora', ONE_NOTE('dora', 'Edited by hand: magnitude is kept in the export.'));
    const target = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'exported-notes.md');
    await vscode.commands.executeCommand('paperLens.exportNotes', 'all', target);
    const text = await readText(target);
    assert.match(text, /^# Paper Lens notes/);
    assert.match(text, /## DoRA: Weight-Decomposed Low-Rank Adaptation/);
    assert.match(text, /arXiv:2402\.09353/);
    assert.match(text, /BibTeX key `liu2024dora`/);
    assert.match(text, /@misc\{liu2024dora,/);
    assert.ok(text.includes('Edited by hand: magnitude is'));
  });

  test('Link Selection to Section records a paper: reference above the selection', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'class Block:\n    def forward(self, x):\n        return x\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 4, 2, 16);
    assert.equal(await vscode.commands.executeCommand('paperLens.linkSelectionToSection', 'mixtral', 'sparse-moe-layer'), true);
    assert.equal(doc.lineAt(1).text, '    # paper:mixtral#sparse-moe-layer');
    assert.equal(doc.lineAt(2).text, '    def forward(self, x):');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('tags and reading status live in the notes front matter', async () => {
    const lens = await api();
    await setUp(lens, 'dora', ONE_NOTE('dora', 'A note.'));
    const tags = await vscode.commands.executeCommand<string[]>('paperLens.editTags', 'dora', ['PEFT', ' reading-list ', 'peft']);
    assert.deepEqual(tags, ['peft', 'reading-list']);
    await vscode.commands.executeCommand('paperLens.markRead', 'dora');
    assert.equal(lens.status.get('dora'), 'read');
    const text = await readText(notesUri('dora'));
    assert.match(text, /^status: read$/m);
    assert.match(text, /^tags: \[ ?peft, reading-list ?\]$/m);
    // A status written on disk (another window, a checkout) wins over this window's copy.
    await vscode.workspace.fs.writeFile(notesUri('dora'), new TextEncoder().encode(text.replace('status: read', 'status: reading')));
    await until(() => lens.status.get('dora') === 'reading', 'the status from disk');
  });

  test('save warnings name the paper by its title, never by its id', async function () {
    this.timeout(60_000);
    const lens = await api();
    const paper = 'test-time-compute';
    const title = (await lens.library.get(paper))!.meta.shortTitle;
    assert.notEqual(title, paper);
    const uri = await setUp(lens, paper, ONE_NOTE(paper, 'As first written.'));
    await lens.notes.get(paper);
    const reports: string[] = [];
    const sub = lens.notes.onDidReport((m) => reports.push(m));
    const lock = vscode.Uri.joinPath(uri, '..', `.${paper}.md.paper-lens.lock`).fsPath;
    try {
      // The same note edited on disk and here before the watcher reads the disk: both versions are kept.
      writeFileSync(uri.fsPath, ONE_NOTE(paper, 'Edited by hand.'));
      await lens.notes.update(paper, 'b0000001', { body: 'Edited in the UI.' });
      await until(() => reports.length === 1, 'the conflict warning');
      assert.match(reports[0], /changed on disk; both versions/);
      assert.ok(reports[0].includes(`"${title}"`) && !reports[0].includes(`"${paper}"`), reports[0]);

      // Another live process holds the notes file's lock past the save's patience: the save gives up, by title.
      writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now(), token: 'held-by-test' }));
      assert.equal(await lens.notes.update(paper, 'b0000001', { body: 'Not saved.' }), false);
      await until(() => reports.length === 2, 'the busy warning');
      assert.match(reports[1], /could not save notes for .*locked/);
      assert.ok(reports[1].includes(`"${title}"`) && !reports[1].includes(`"${paper}"`), reports[1]);
    } finally {
      sub.dispose();
      rmSync(lock, { force: true });
      rmSync(uri.fsPath, { force: true });
      await lens.notes.reload(paper);
    }
  });
});
