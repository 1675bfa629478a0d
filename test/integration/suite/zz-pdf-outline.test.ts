import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PaperLensApi } from '../../../src/extension';
import type { PaperTreeNode } from '../../../src/features/papers-tree/papers-tree-provider';
import { resolvePdfPlace } from '../../../src/core/pdf/pdf-outline';
// @ts-expect-error: plain JavaScript test helper without types
import { garbage, nestedOutlinePdf } from '../../pdf/fixtures.mjs';
import { api, until } from './support';

const ws = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
const file = (...parts: string[]): vscode.Uri => vscode.Uri.joinPath(ws(), ...parts);
const write = (uri: vscode.Uri, text: string): Thenable<void> => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));

const paperMd = (id: string, pdf: string, rules = ''): string =>
  `---\nid: ${id}\ntitle: ${id} paper\nauthors: [A. Author]\npublished: "2024-03"\npdf: ${pdf}\n${rules}---\n\n## Summary {#summary}\n\nText.\n`;

/** The tree row of a paper, found by walking the groups as the view does. */
async function paperNode(lens: PaperLensApi, id: string): Promise<PaperTreeNode | undefined> {
  const queue: (PaperTreeNode | undefined)[] = [undefined];
  while (queue.length) {
    const node = queue.shift();
    for (const child of await lens.papersTree.getChildren(node)) {
      if (child.kind === 'paper' && child.paper.meta.id === id) return child;
      if (child.kind === 'group') queue.push(child);
    }
  }
  return undefined;
}

const label = (lens: PaperLensApi, n: PaperTreeNode): string => String(lens.papersTree.getTreeItem(n).label);

function readerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'paperLens.pdfReader');
}

suite('PDF outline in the Papers view, links and lenses', () => {
  const created = [file('outline-pdfs'), file('.paper-lens', 'papers', 'outline-int.md'), file('.paper-lens', 'papers', 'outline-bad.md'), file('src', 'outline_rules.py')];

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of created) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    (await api()).library.refresh();
  });

  test('a user paper with a PDF shows its outline nested under it, each entry opening the reader at its section', async () => {
    const lens = await api();
    // Activation and the suites before this one never needed an outline: pdf.js for Node was not started.
    assert.equal(lens.pdfOutlines.parseCount, 0);
    await vscode.workspace.fs.writeFile(file('outline-pdfs', 'outline-int.pdf'), await nestedOutlinePdf());
    await write(file('.paper-lens', 'papers', 'outline-int.md'), paperMd('outline-int', 'outline-pdfs/outline-int.pdf',
      'detect:\n  - section: 21-low-rank-update\n    identifiers: [OutlineIntUpdate]\n  - section: page=6\n    calls: [outline_int_refs]\n  - section: 9-gone\n    identifiers: [OutlineIntGone]\n'));
    lens.library.refresh();
    const paper = await until(() => paperNode(lens, 'outline-int'), 'the paper in the tree');
    const children = await lens.papersTree.getChildren(paper);
    const pdf = children.find((c) => c.kind === 'pdf');
    assert.ok(pdf, `a PDF outline row under the paper: ${children.map((c) => c.kind).join(', ')}`);
    assert.equal(label(lens, pdf), 'PDF outline');
    assert.equal(lens.papersTree.getTreeItem(pdf).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    const rows = await lens.papersTree.getChildren(pdf);
    // The rule naming an outline id this PDF lacks is listed first, on its line of the paper file.
    const problem = rows[0];
    assert.equal(problem.kind, 'problem');
    assert.equal(label(lens, problem), 'Rule problem, line 12');
    assert.match(String(lens.papersTree.getTreeItem(problem).description), /"section: 9-gone": The PDF's outline has no section "9-gone"/);
    const top = rows.slice(1);
    assert.deepEqual(top.map((n) => label(lens, n)), ['1 Introduction', '2 Method', 'References', 'Broken link']);
    const method = top[1];
    const item = lens.papersTree.getTreeItem(method);
    assert.equal(item.description, 'p. 4');
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.deepEqual([item.command?.command, ...(item.command?.arguments ?? [])], ['paperLens.openPdf', 'outline-int', '2-method']);
    const sub = await lens.papersTree.getChildren(method);
    assert.deepEqual(sub.map((n) => label(lens, n)), ['2.1 Low-Rank Update']);
    assert.deepEqual((await lens.papersTree.getChildren(sub[0])).map((n) => label(lens, n)), ['2.1.1 Initialisation']);
    assert.equal(lens.papersTree.getTreeItem(top[3]).description, undefined, 'an entry whose destination is no page shows no page');

    // The row's command opens the reader on this paper's PDF, at the section the host resolves to page 4.
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    await until(() => readerTabs().some((t) => (t.input as vscode.TabInputCustom).uri.path.endsWith('/outline-pdfs/outline-int.pdf')), 'a reader tab for the PDF');
    const found = await lens.pdfOutlines.ofPaper('outline-int');
    assert.ok(found?.outline.ok);
    assert.deepEqual(resolvePdfPlace('2-method', found.outline), { ok: true, target: { section: '2-method' }, page: 4, title: '2 Method' });
  });

  test('the outline is parsed once per file version, and again when the file changes', async () => {
    const lens = await api();
    const uri = file('outline-pdfs', 'outline-int.pdf');
    const a = await lens.pdfOutlines.ofFile(uri);
    const parses = lens.pdfOutlines.parseCount;
    const b = await lens.pdfOutlines.ofFile(uri);
    assert.equal(a, b, 'the same cached result');
    assert.equal(lens.pdfOutlines.parseCount, parses, 'not a second parse');
    await vscode.workspace.fs.writeFile(uri, await nestedOutlinePdf({ cyclic: true }));
    const c = await lens.pdfOutlines.ofFile(uri);
    assert.equal(lens.pdfOutlines.parseCount, parses + 1, 'the changed file is parsed again');
    assert.notEqual(c, a);
    assert.ok(c.ok && a.ok);
    assert.ok(!c.sections.some((s) => s.id === '211-initialisation'), 'the new file\'s outline, without the entry its loop cut off');
    await vscode.workspace.fs.writeFile(uri, await nestedOutlinePdf());
  });

  test('a broken PDF gives one "outline unavailable" row with the reason', async () => {
    const lens = await api();
    await vscode.workspace.fs.writeFile(file('outline-pdfs', 'bad.pdf'), new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Outlines 9 0 R'), ...garbage()]));
    await write(file('.paper-lens', 'papers', 'outline-bad.md'), paperMd('outline-bad', 'outline-pdfs/bad.pdf'));
    lens.library.refresh();
    const paper = await until(() => paperNode(lens, 'outline-bad'), 'the broken paper in the tree');
    const pdf = (await lens.papersTree.getChildren(paper)).find((c) => c.kind === 'pdf');
    assert.ok(pdf);
    const rows = await lens.papersTree.getChildren(pdf);
    assert.equal(rows.length, 1);
    assert.match(label(lens, rows[0]), /^outline unavailable: This PDF is damaged or not a PDF/);
  });

  test('paper:<id>#<outline-section> links open the PDF, and a section the outline lacks is flagged', async () => {
    await write(file('src', 'outline_rules.py'), '# paper:outline-int#21-low-rank-update and paper:outline-int#9-nowhere\nclass OutlineIntUpdate:\n    pass\n\noutline_int_refs()\n');
    const uri = file('src', 'outline_rules.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const links = await until(async () => {
      const l = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
      return l?.length ? l : undefined;
    }, 'document links');
    const targets = links.map((l) => decodeURIComponent(l.target?.query ?? ''));
    assert.ok(targets.includes('["outline-int","21-low-rank-update"]'), targets.join(' | '));
    const diags = await until(() => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Paper Lens');
      return d.length ? d : undefined;
    }, 'a diagnostic for the missing outline section');
    assert.deepEqual(diags.map((d) => d.message), ['The PDF of "outline-int": The PDF\'s outline has no section "9-nowhere".']);

    const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, '# paper:outline-int#'.length), '#');
    const ids = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const id of ['summary', '2-method', '211-initialisation']) assert.ok(ids.includes(id), `completion ${id} in ${ids.join(', ')}`);
  });

  test('Link Selection to Section takes a PDF outline section or page of a user paper, and refuses one the outline lacks', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'def update(w):\n    return w\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 1, 12);
    assert.equal(await vscode.commands.executeCommand('paperLens.linkSelectionToSection', 'outline-int', '211-initialisation'), true);
    assert.equal(doc.lineAt(0).text, '# paper:outline-int#211-initialisation');
    assert.equal(await vscode.commands.executeCommand('paperLens.linkSelectionToSection', 'outline-int', 'page=6'), true);
    // The selection moved down with the first comment; the second goes above it, under the first.
    assert.equal(doc.lineAt(1).text, '# paper:outline-int#page=6');
    assert.equal(await vscode.commands.executeCommand('paperLens.linkSelectionToSection', 'outline-int', '9-nowhere'), false);
    assert.equal(await vscode.commands.executeCommand('paperLens.linkSelectionToSection', 'outline-int', 'page=7'), false);
    assert.equal(doc.lineCount, 5, 'only the two accepted references were written (three lines before)');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('lenses from detect rules that name a PDF section or page open the reader there', async () => {
    const uri = file('src', 'outline_rules.py');
    const lenses = await until(async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
      const ours = all.filter((l) => l.command?.command === 'paperLens.openPdf');
      return ours.length >= 2 ? ours : undefined;
    }, 'two PDF lenses');
    assert.deepEqual(lenses.map((l) => [l.range.start.line + 1, ...(l.command?.arguments ?? [])]), [[2, 'outline-int', '21-low-rank-update'], [5, 'outline-int', 'page=6']]);
    assert.match(lenses[0].command!.title, /2\.1 Low-Rank Update|21-low-rank-update/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(lenses[1].command!.command, ...(lenses[1].command!.arguments ?? []));
    await until(() => readerTabs().some((t) => (t.input as vscode.TabInputCustom).uri.path.endsWith('/outline-pdfs/outline-int.pdf')), 'the reader opened from the lens');
  });
});
