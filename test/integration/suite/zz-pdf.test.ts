import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
// @ts-expect-error: plain JavaScript test helper without types
import { paperPdf } from '../../pdf/fixtures.mjs';
import { api, until } from './support';

const ws = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
const file = (...parts: string[]): vscode.Uri => vscode.Uri.joinPath(ws(), ...parts);

function readerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'paperLens.pdfReader');
}

suite('PDF reader in the extension host', () => {
  const created = [file('pdfs'), file('.paper-lens', 'papers', 'adapters-int.md'), file('.paper-lens', 'notes', 'adapters-int.md')];

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('a user paper names its PDF with pdf:, and Open PDF opens it in the reader', async () => {
    const lens = await api();
    await vscode.workspace.fs.writeFile(file('pdfs', 'adapters-int.pdf'), await paperPdf());
    await vscode.workspace.fs.writeFile(file('.paper-lens', 'papers', 'adapters-int.md'), new TextEncoder().encode('---\nid: adapters-int\ntitle: Adapters\nauthors: [A. Author]\npublished: "2024-02"\npdf: pdfs/adapters-int.pdf\n---\n\n## Summary {#summary}\n\nText.\n'));
    lens.library.refresh();
    await until(async () => Boolean((await lens.library.get('adapters-int'))?.meta.pdf), 'the user paper with its pdf field');
    const id = await vscode.commands.executeCommand<string>('paperLens.openPdf', 'adapters-int', 'page=3');
    assert.equal(id, 'adapters-int');
    await until(() => readerTabs().some((t) => (t.input as vscode.TabInputCustom).uri.path.endsWith('/pdfs/adapters-int.pdf')), 'a reader tab for the PDF');
  });

  test('a PDF no paper names belongs to the id made from its file name, remembered for paper: links', async () => {
    const uri = file('pdfs', 'My Paper (v2).pdf');
    await vscode.workspace.fs.writeFile(uri, await paperPdf());
    assert.equal(await vscode.commands.executeCommand<string>('paperLens.openPdf', uri), 'my-paper-v2');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await vscode.commands.executeCommand<string>('paperLens.openPdf', 'my-paper-v2', 'page=2'), 'my-paper-v2');
    await until(() => readerTabs().some((t) => (t.input as vscode.TabInputCustom).uri.path.endsWith('/My Paper (v2).pdf')), 'the remembered PDF opened by id');
  });

  test('a paper without a PDF is refused with a message, not opened', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.equal(await vscode.commands.executeCommand('paperLens.openPdf', 'dora', 'page=1'), undefined);
    assert.equal(readerTabs().length, 0);
  });

  test('a PDF annotation goes through the notes service with its page and text position', async () => {
    const lens = await api();
    const a = await lens.notes.add('adapters-int', { kind: 'highlight', color: 'green', target: { page: 3, position: { start: 10, end: 30 }, quote: { exact: 'The magnitude vector', prefix: 'method.\n', suffix: ' is trained' } } });
    assert.ok(a);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('.paper-lens', 'notes', 'adapters-int.md')));
    assert.ok(text.includes(`## Page 3 — highlight {#${a!.id}}`), text);
    assert.ok(text.includes('"page":3,"start":10,"end":30,"color":"green"'), text);
    const back = (await lens.notes.get('adapters-int')).file.annotations.find((x) => x.id === a!.id);
    assert.deepEqual(back?.target.position, { start: 10, end: 30 });
  });
});
