import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, fixture } from './support';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  await vscode.workspace.openTextDocument(uri);
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return all.map((l) => `${l.range.start.line + 1}: ${l.command?.title ?? ''} ${JSON.stringify(l.command?.arguments ?? [])}`);
}

suite('User papers\' detect rules in the extension host', () => {
  test('lenses from tiled-attention.md open its sections; switching the paper off removes them', async () => {
    const lens = await api();
    const uri = fixture('src/tiled_attention.py');
    let titles: string[] = [];
    for (let i = 0; i < 100 && titles.length < 2; i++) {
      titles = (await lensTitles(uri)).filter((t) => t.includes('Tiled Attention'));
      if (titles.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    // Findings of one paper section inside one class (lines 6 and 9), or with the same title a few lines
    // apart (the flag on 14, the config key on 18), show as one lens at the first; the index keeps them all.
    assert.deepEqual(titles.map((t) => t.replace(/\$\([^)]*\) /, '')), [
      '6: Tiled Attention — The kernel ["tiled-attention","the-kernel"]',
      '14: Tiled Attention — Switching it on ["tiled-attention","switching-it-on"]',
    ]);
    const problems = lens.library.ruleProblems.filter((p) => p.paperId === 'tiled-attention');
    assert.deepEqual(problems.map((p) => [p.line, /unknown section "no-such-heading"/.test(p.message)]), [[15, true]]);

    const config = vscode.workspace.getConfiguration('paperLens');
    await config.update('codeLens.techniques', { 'tiled-attention': false }, vscode.ConfigurationTarget.Workspace);
    try {
      const off = (await lensTitles(uri)).filter((t) => t.includes('Tiled Attention'));
      assert.deepEqual(off, [], 'no lens from a switched-off user paper');
    } finally {
      await config.update('codeLens.techniques', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the workspace index lists the fixture file under the paper\'s sections', async () => {
    const lens = await api();
    await lens.index.ready();
    // The settings change above starts a rescan of its own: wait for it to settle.
    let impls = lens.index.implementationsOf('tiled-attention', 'the-kernel');
    for (let i = 0; i < 100 && impls.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      impls = lens.index.implementationsOf('tiled-attention', 'the-kernel');
    }
    assert.deepEqual(impls.map((i) => [i.uri.path.split('/').pop(), i.finding.line]), [['tiled_attention.py', 6], ['tiled_attention.py', 9]]);
  });
});
