import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { api, fixture } from './support';

async function poll<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await vscode.workspace.openTextDocument(uri); // the lens command needs a loaded document
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
}

suite('Code ↔ paper in the extension host', () => {
  test('a DoRA class has one lens at its header that opens the weight-decomposition section; its hover lists the magnitude line', async () => {
    const lens = await api();
    const uri = fixture('src/dora_layer.py');
    await vscode.window.showTextDocument(uri);
    const all = await poll(() => lenses(uri), 'code lenses');
    const lines = (await vscode.workspace.openTextDocument(uri)).getText().split('\n');
    const classLine = lines.findIndex((l) => l.startsWith('class DoRALinear'));
    const magnitudeLine = lines.findIndex((l) => l.includes('self.magnitude = nn.Parameter'));
    const dora = all.filter((l) => l.command?.title.includes('DoRA — Weight decomposition'));
    assert.deepEqual(dora.map((l) => l.range.start.line), [classLine], `one DoRA lens, on line ${classLine + 1}; saw ${all.map((l) => `${l.range.start.line + 1}: ${l.command?.title}`).join(' | ')}`);
    const link = dora[0];
    assert.deepEqual(link.command?.arguments, ['dora', 'weight-decomposition']);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(classLine, 2));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(hoverText, new RegExp(`line ${magnitudeLine + 1}: nn\\.Parameter magnitude`), hoverText);
    assert.ok(all.every((l) => l.range.start.line !== 0 && l.range.start.line !== 2), 'no lens on the docstring or the imports');
    await vscode.commands.executeCommand(link.command!.command, ...(link.command!.arguments ?? []));
    assert.equal(lens.currentSummaryPaper(), 'dora');
  });

  test('lenses carry their titles without a resolve step (VS Code delays resolves more and more)', async () => {
    const uri = fixture('src/lora_layer.py');
    await vscode.workspace.openTextDocument(uri);
    // itemResolveCount 0: what VS Code gets from provideCodeLenses alone
    const raw = await poll(async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 0)) ?? [], 'unresolved lenses');
    assert.ok(raw.every((l) => l.command?.title), `every lens has a title before any resolve: ${raw.map((l) => l.command?.title ?? '(none)').join(' | ')}`);
    assert.ok(raw.some((l) => l.command?.title.includes('LoRA — explained in DoRA › LoRA recap')), raw.map((l) => l.command?.title).join(' | '));
  });

  test('the hover shows the equation as readable Unicode, not LaTeX', async () => {
    const uri = fixture('src/dora_layer.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('self.magnitude = nn.Parameter'));
    const hovers = await poll(async () => (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 10))) ?? [], 'a hover');
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /W′ = m \(W₀ \+ BA\)\/\(‖W₀ \+ BA‖_c\)/, text);
    assert.doesNotMatch(text, /\\frac|\\lVert|```latex/, text);
  });

  test('LoraConfig gets a hint lens with the effective scale α/r', async () => {
    const uri = fixture('src/train_config.py');
    const all = await poll(() => lenses(uri), 'code lenses');
    const hint = all.find((l) => l.command?.title.includes('α/r'));
    assert.ok(hint, `a hint lens; saw ${all.map((l) => l.command?.title).join(' | ')}`);
    assert.match(hint.command!.title, /α\/r = 32\/16 = 2/);
    assert.match(hint.command!.title, /α\/√r = 8/);
  });

  test('lenses can be switched off and on', async () => {
    const uri = fixture('src/moe.py');
    assert.ok((await poll(() => lenses(uri), 'MoE lenses')).length > 0);
    assert.equal(await vscode.commands.executeCommand('paperLens.toggleCodeLens'), false);
    try {
      assert.equal((await lenses(uri)).length, 0);
    } finally {
      assert.equal(await vscode.commands.executeCommand('paperLens.toggleCodeLens'), true);
    }
    assert.ok((await lenses(uri)).length > 0);
  });

  test('hover on a finding shows the equation and a link to the section', async () => {
    const uri = fixture('src/moe.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('torch.topk'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, 8));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /TopK/);
    assert.match(text, /command:paperLens\.openPaper/);
  });

  test('paper: references are links; unknown papers and sections are diagnostics with quick fixes', async () => {
    await api();
    const uri = fixture('src/train_config.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const links = await poll(async () => (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri)) ?? [], 'document links');
    const targets = links.map((l) => decodeURIComponent(l.target?.toString() ?? ''));
    assert.ok(targets.some((t) => t.includes('paperLens.openPaper') && t.includes('"mixtral","sparse-moe-layer"')), targets.join(' | '));
    assert.ok(!targets.some((t) => t.includes('nope')), 'no link for an unknown paper');
    const diags = await poll(() => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Paper Lens'), 'diagnostics');
    assert.equal(diags.length, 2, diags.map((d) => d.message).join(' | '));
    assert.ok(diags.some((d) => /Unknown paper "nope"/.test(d.message)));
    assert.ok(diags.some((d) => /no section "no-such-section"/.test(d.message)));
    const unknownSection = diags.find((d) => d.code === 'unknown-section')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, unknownSection.range);
    const fixes = actions.filter((a) => a.title.startsWith('Change to paper:dora#'));
    assert.ok(fixes.length > 0, actions.map((a) => a.title).join(' | '));
  });

  test('Insert Paper Reference writes a comment in the file’s language', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'rust', content: 'fn main() {\n    let x = 1;\n}\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 4, 1, 4);
    assert.equal(await vscode.commands.executeCommand('paperLens.insertPaperReference', 'dora', 'lora-recap'), true);
    assert.equal(doc.lineAt(1).text, '    // paper:dora#lora-recap');
    assert.equal(await vscode.commands.executeCommand('paperLens.insertPaperReference', 'nope'), false);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('the workspace index links sections to the code that implements them', async () => {
    const lens = await api();
    await lens.index.ready();
    const impls = lens.index.implementationsOf('dora', 'weight-decomposition').map((i) => vscode.workspace.asRelativePath(i.uri));
    assert.ok(impls.includes('src/dora_layer.py'), impls.join(', '));
    const found = await vscode.commands.executeCommand<string[]>('paperLens.findImplementations', 'mixtral', 'sparse-moe-layer');
    assert.ok(found.some((f) => f.startsWith('src/moe.py:')), found.join(', '));
    assert.ok(!lens.index.implementationsOf('dpo-vs-ppo').some((i) => i.uri.path.endsWith('moe.py')), 'no DPO finding in the MoE file');
  });

  test('a second scan reuses the persisted index and finds the same code', async () => {
    const lens = await api();
    await lens.index.ready();
    // Suites before this one write files: one rescan records them, the next must detect nothing again.
    await lens.index.rescan();
    const before = lens.index.implementationsOf('dora').map((i) => `${i.uri.path}:${i.finding.line}`);
    await lens.index.rescan();
    const scan = lens.index.lastScan;
    assert.ok(scan.reused > 0, `files reused from the persisted index: ${JSON.stringify(scan)}`);
    assert.equal(scan.detected, 0, `nothing changed on disk, so nothing is detected again: ${JSON.stringify(scan)}`);
    assert.deepEqual(lens.index.implementationsOf('dora').map((i) => `${i.uri.path}:${i.finding.line}`), before);
  });

  test('the persisted index re-detects a file changed to the same size and a new file in an old folder, and forgets a deleted one', async () => {
    const lens = await api();
    await lens.index.ready();
    const dora = await fs.readFile(fixture('src/dora_layer.py').fsPath, 'utf8');
    const changed = fixture('src/persist_changed.py');
    const deleted = fixture('src/persist_deleted.py');
    const added = fixture('src/persist_added.py');
    await fs.writeFile(changed.fsPath, dora);
    await fs.writeFile(deleted.fsPath, dora);
    await lens.index.rescan();
    const files = () => new Set(lens.index.implementationsOf('dora').map((i) => i.uri.path));
    assert.ok(files().has(changed.path) && files().has(deleted.path), 'both copies are indexed and recorded');
    // Same size, no technique left in it; the mtime set ahead so it differs even on a coarse clock.
    await fs.writeFile(changed.fsPath, `#${' '.repeat(Buffer.byteLength(dora) - 2)}\n`);
    const later = new Date(Date.now() + 5_000);
    await fs.utimes(changed.fsPath, later, later);
    assert.equal((await fs.stat(changed.fsPath)).size, Buffer.byteLength(dora));
    await fs.writeFile(added.fsPath, dora);
    await fs.rm(deleted.fsPath);
    // Let the file watcher's own updates land first, so the scan's counts are the scan's alone.
    await poll(() => files().has(added.path) && !files().has(deleted.path) && !files().has(changed.path), 'the watcher to see the three changes');
    await lens.index.rescan();
    const scan = lens.index.lastScan;
    assert.equal(scan.detected, 2, `only the changed and the new file are detected again: ${JSON.stringify(scan)}`);
    assert.ok(files().has(added.path), 'the new file is indexed');
    assert.ok(!files().has(changed.path), 'the changed file no longer links to DoRA');
    assert.ok(!files().has(deleted.path), 'the deleted file is gone');
    await Promise.all([changed, added].map((u) => fs.rm(u.fsPath, { force: true })));
  });
});
