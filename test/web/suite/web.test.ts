// Runs in a web-worker extension host (browser build of VS Code), on a virtual workspace folder.
import * as vscode from 'vscode';
import type { PaperLensApi } from '../../../src/extension';

const EXTENSION_ID = 'paper-lens.paper-lens';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

async function api(): Promise<PaperLensApi> {
  const ext = vscode.extensions.getExtension<PaperLensApi>(EXTENSION_ID);
  check(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Paper Lens in a web-worker extension host', () => {
  test('runs as a web extension on a virtual workspace', async () => {
    await api();
    check(vscode.env.uiKind === vscode.UIKind.Web, 'the UI is the web workbench');
    check(typeof (globalThis as { process?: unknown }).process === 'undefined' || !('versions' in ((globalThis as { process?: { versions?: unknown } }).process ?? {})), 'no Node.js process object: this is a web worker');
    const folder = vscode.workspace.workspaceFolders?.[0];
    check(folder && folder.uri.scheme !== 'file', `the workspace is virtual (got ${folder?.uri.toString()})`);
  });

  test('the library lists the twelve bundled papers', async () => {
    const lens = await api();
    const catalog = await lens.library.catalog();
    const bundled = catalog.all().filter((p) => p.meta.published.startsWith('2024'));
    check(bundled.length === 12, `12 bundled papers, got ${bundled.length}`);
    check(catalog.section('dora', 'weight-decomposition'), 'DoRA has its weight-decomposition section');
  });

  test('a summary opens in a webview panel', async () => {
    await api();
    await vscode.commands.executeCommand('paperLens.openPaper', 'dora', 'weight-decomposition');
    const tab = await waitFor(() => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('paperLens.summary')), 'the summary tab');
    check(/DoRA/.test(tab.label), `the tab is DoRA's summary (label ${tab.label})`);
  });

  test('code lenses and paper: references work on an open document', async () => {
    await api();
    const doc = await vscode.workspace.openTextDocument({
      language: 'python',
      content: [
        '# see paper:dora#weight-decomposition',
        'import torch.nn as nn',
        'class LoRALinear(nn.Module):',
        '    def __init__(self, base, r=8, alpha=16):',
        '        super().__init__()',
        '        self.lora_A = nn.Linear(base.in_features, r, bias=False)',
        '        self.lora_B = nn.Linear(r, base.out_features, bias=False)',
        '        self.scaling = alpha / r',
        '',
      ].join('\n'),
    });
    await vscode.window.showTextDocument(doc);
    const lenses = await waitFor(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
      return found?.some((l) => l.command?.command === 'paperLens.openPaper') ? found : undefined;
    }, 'a Paper Lens code lens');
    check(lenses.some((l) => l.range.start.line === 2), `a lens on the LoRALinear class line (lines: ${lenses.map((l) => l.range.start.line)})`);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    check(links.some((l) => l.target?.toString().includes('paperLens.openPaper')), 'the paper: reference is a link');
  });

  test('notes are written into the virtual workspace through workspace.fs', async () => {
    const lens = await api();
    const folder = vscode.workspace.workspaceFolders![0];
    const created = await lens.notes.add('dora', { kind: 'note', body: 'Magnitude is a per-column vector.', target: { section: 'weight-decomposition' } });
    check(created, 'the note was saved');
    const uri = vscode.Uri.joinPath(folder.uri, '.paper-lens/notes/dora.md');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    check(text.includes('Magnitude is a per-column vector.'), `the notes file in the workspace has the note:\n${text}`);
  });

  test('Add Paper from a BibTeX entry loads the library bundle and writes the paper through workspace.fs', async () => {
    const lens = await api();
    check(!lens.isLibraryLoaded(), 'citation-js is not loaded before the first Add Paper');
    const bibtex = '@article{fixture2098web,\n  title = {Widgets in a Web Worker},\n  author = {Fixture, Ada and M{\\"u}ller, Bo},\n  journal = {Journal of Fixtures},\n  year = {2098},\n  month = may,\n}';
    const ids = await vscode.commands.executeCommand<string[]>('paperLens.addPaper', bibtex);
    check(ids?.length === 1, `one paper added (${JSON.stringify(ids)})`);
    check(lens.isLibraryLoaded(), 'the library bundle was loaded for it');
    const folder = vscode.workspace.workspaceFolders![0];
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, `.paper-lens/papers/${ids[0]}.md`)));
    check(/\ntitle: Widgets in a Web Worker\n/.test(text) && /\nyear: 2098\n/.test(text), `the paper file has its front matter:\n${text}`);
    check(/Müller/.test(text), `the BibTeX accent is decoded:\n${text}`);
    const paper = await waitFor(async () => (await lens.library.catalog()).get(ids[0]), 'the paper in the library');
    check(paper.meta.year === 2098 && paper.meta.month === 5, `year and month from BibTeX (${paper.meta.year}-${paper.meta.month})`);
    check(/^@article\{/.test(paper.meta.bibtex ?? ''), `its BibTeX is kept (${paper.meta.bibtex})`);
  });

  test('Add Paper from arXiv and Download PDF go through fetch to the configured server', async () => {
    const lens = await api();
    const ids = await vscode.commands.executeCommand<string[]>('paperLens.addPaper', 'arXiv:9912.00001');
    check(ids?.[0] === 'fixture-2099-widgets', `the arXiv paper was added (${JSON.stringify(ids)})`);
    const paper = await waitFor(async () => (await lens.library.catalog()).get('fixture-2099-widgets'), 'the arXiv paper in the library');
    check(paper.meta.arxivVersion === 2 && paper.meta.authors.includes('Bo Müller'), `metadata from the Atom feed (v${paper.meta.arxivVersion}, ${paper.meta.authors.join(', ')})`);
    const target = await vscode.commands.executeCommand<string>('paperLens.downloadPdf', 'fixture-2099-widgets');
    check(target?.endsWith('/papers/pdf/9912.00001v2.pdf'), `downloaded to ${target}`);
    const folder = vscode.workspace.workspaceFolders![0];
    const pdf = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, 'papers/pdf/9912.00001v2.pdf'));
    const bytes = new TextDecoder('latin1').decode(pdf);
    check(bytes.startsWith('%PDF-') && bytes.includes('/Title (Widgets All the Way Down)'), 'the served PDF is in the workspace');
    const after = await waitFor(async () => ((await lens.library.get('fixture-2099-widgets'))?.meta.pdf ? lens.library.get('fixture-2099-widgets') : undefined), 'the pdf field');
    check(after?.meta.pdf === 'papers/pdf/9912.00001v2.pdf', `the pdf field points at the download (${after?.meta.pdf})`);
  });
});
