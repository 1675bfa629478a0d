import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PaperLensApi } from '../../../src/extension';

const EXTENSION_ID = 'paper-lens.paper-lens';

async function api(): Promise<PaperLensApi> {
  const ext = vscode.extensions.getExtension<PaperLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

async function waitFor<T>(probe: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function summaryTabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('paperLens.summary'))
    .map((t) => t.label);
}

suite('Paper Lens in the extension host', () => {
  test('activation does not load the Markdown pipeline', async () => {
    const lens = await api();
    // Recorded by activate itself, so the check holds whichever suite ran first.
    assert.equal(lens.markdownLoadedAtActivation, false, 'remark/KaTeX must not load at activation');
  });

  test('registers every command that package.json contributes', async () => {
    await api();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: { command: string }[] = ext.packageJSON.contributes.commands;
    assert.ok(contributed.length >= 10);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const { command } of contributed) assert.ok(registered.has(command), `${command} is contributed but not registered`);
  });

  test('the library has the twelve bundled papers, one per month of 2024', async () => {
    const lens = await api();
    const catalog = await lens.library.catalog();
    const bundled = catalog.all().filter((p) => p.meta.published.startsWith('2024'));
    assert.equal(bundled.length, 12);
    assert.deepEqual(bundled.map((p) => p.meta.month), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.ok(catalog.section('dora', 'weight-decomposition'), 'DoRA has a weight-decomposition section');
    assert.ok(catalog.section('mixtral', 'load-balancing-loss'), 'Mixtral has a load-balancing-loss section');
  });

  test('user papers in the workspace are compiled lazily and broken ones are reported', async () => {
    const lens = await api();
    const catalog = await lens.library.catalog();
    assert.equal(lens.isMarkdownLoaded(), true, 'loading user papers loads the pipeline');
    const mine = catalog.get('attention-notes');
    assert.ok(mine, 'the fixture paper .paper-lens/papers/attention-notes.md is in the library');
    assert.equal(mine.meta.title, 'My Notes on Attention');
    assert.match(mine.html, /class="katex"/, 'math in a user paper is rendered by KaTeX');
    assert.doesNotMatch(mine.html, /<script/i, 'script in a user paper is removed');
    const broken = lens.library.problems.find((p) => p.uri.path.endsWith('/broken.md'));
    assert.ok(broken, 'broken.md is reported as a problem');
    assert.match(broken.message, /title/);
  });

  test('Open Paper opens the summary webview on the paper', async () => {
    const lens = await api();
    const opened = await vscode.commands.executeCommand<string>('paperLens.openPaper', 'dora', 'weight-decomposition');
    assert.equal(opened, 'dora');
    assert.equal(lens.currentSummaryPaper(), 'dora');
    const labels = await waitFor(() => (summaryTabLabels().length ? summaryTabLabels() : undefined), 'the summary tab');
    assert.deepEqual(labels, ['DoRA']);
    await vscode.commands.executeCommand('paperLens.openPaper', 'mixtral');
    await waitFor(() => (summaryTabLabels()[0] === 'Mixtral' ? true : undefined), 'the panel to switch to Mixtral');
    assert.equal(summaryTabLabels().length, 1, 'the panel is reused, not duplicated');
  });

  test('an unknown paper id is refused without an exception', async () => {
    const lens = await api();
    const before = lens.currentSummaryPaper();
    const result = await vscode.commands.executeCommand('paperLens.openPaper', 'no-such-paper');
    assert.equal(result, undefined);
    assert.equal(lens.currentSummaryPaper(), before);
  });

  test('Copy BibTeX puts a valid entry with the arXiv id on the clipboard', async () => {
    await api();
    await vscode.env.clipboard.writeText('');
    assert.equal(await vscode.commands.executeCommand('paperLens.copyBibtex', 'dora'), true);
    const bib = await vscode.env.clipboard.readText();
    assert.match(bib, /^@misc\{liu2024dora,/);
    assert.match(bib, /eprint = \{2402\.09353\}/);
    assert.match(bib, /archivePrefix = \{arXiv\}/);
    await vscode.commands.executeCommand('paperLens.copyArxivLink', 'mixtral');
    assert.equal(await vscode.env.clipboard.readText(), 'https://arxiv.org/abs/2401.04088');
  });

  test('paper commands refuse bad arguments with a message, not an exception', async () => {
    await api();
    await vscode.env.clipboard.writeText('unchanged');
    assert.equal(await vscode.commands.executeCommand('paperLens.copyBibtex', 'no-such-paper'), false);
    assert.equal(await vscode.commands.executeCommand('paperLens.copyBibtex', 42), false);
    assert.equal(await vscode.commands.executeCommand('paperLens.toggleReadingStatus', { paper: null }), false);
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
  });

  test('reading status cycles and accepts tree nodes as arguments', async () => {
    const lens = await api();
    const fineweb = (await lens.library.catalog()).get('fineweb');
    assert.equal(lens.status.get('fineweb'), 'unread');
    await vscode.commands.executeCommand('paperLens.toggleReadingStatus', 'fineweb');
    assert.equal(lens.status.get('fineweb'), 'reading');
    await vscode.commands.executeCommand('paperLens.markRead', { kind: 'paper', paper: fineweb });
    assert.equal(lens.status.get('fineweb'), 'read');
    await vscode.commands.executeCommand('paperLens.toggleReadingStatus', 'fineweb');
    assert.equal(lens.status.get('fineweb'), 'unread');
  });

  test('an unknown section opens the paper at the top instead of failing', async () => {
    const lens = await api();
    assert.equal(await vscode.commands.executeCommand('paperLens.openPaper', 'fineweb', 'no-such-section'), 'fineweb');
    assert.equal(lens.currentSummaryPaper(), 'fineweb');
  });
});
