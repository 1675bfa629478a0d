// Code-lens toggle scope, JSON references, and diagnostics that belong to one open file of one scheme.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, until } from './support';

const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Paper Lens');

suite('Lens settings and reference diagnostics in the extension host', () => {
  test('Toggle Code Lenses writes where the value is effective, and says the effective value', async () => {
    await api();
    const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('paperLens');
    await config().update('codeLens.enabled', true, vscode.ConfigurationTarget.Workspace);
    try {
      const said = await vscode.commands.executeCommand<boolean>('paperLens.toggleCodeLens');
      assert.equal(said, false);
      assert.equal(config().get('codeLens.enabled'), false, 'the effective value is off');
      assert.equal(config().inspect('codeLens.enabled')?.workspaceValue, false, 'the workspace value was the one changed');
      assert.equal(config().inspect('codeLens.enabled')?.globalValue, undefined, 'the global value was left alone');
      assert.equal(await vscode.commands.executeCommand<boolean>('paperLens.toggleCodeLens'), true);
      assert.equal(config().get('codeLens.enabled'), true);
    } finally {
      await config().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
      await config().update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('Insert Paper Reference refuses JSON (no comments there) and uses // in JSONC', async () => {
    await api();
    const json = await vscode.workspace.openTextDocument({ language: 'json', content: '{\n  "a": 1\n}\n' });
    let editor = await vscode.window.showTextDocument(json);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    assert.equal(await vscode.commands.executeCommand('paperLens.insertPaperReference', 'dora', 'lora-recap'), false);
    assert.equal(json.getText(), '{\n  "a": 1\n}\n', 'the JSON file is unchanged');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    const jsonc = await vscode.workspace.openTextDocument({ language: 'jsonc', content: '{\n  "a": 1\n}\n' });
    editor = await vscode.window.showTextDocument(jsonc);
    editor.selection = new vscode.Selection(1, 2, 1, 2);
    assert.equal(await vscode.commands.executeCommand('paperLens.insertPaperReference', 'dora', 'lora-recap'), true);
    assert.equal(jsonc.lineAt(1).text, '  // paper:dora#lora-recap');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a file closed before its diagnostics were computed gets none from the pending timer', async () => {
    await api();
    // Opened first, so it has another untitled name than the one that is closed below.
    const later = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = 2\n' });
    const closing = await vscode.workspace.openTextDocument({ language: 'python', content: 'x = 1\n' });
    assert.notEqual(later.uri.toString(), closing.uri.toString());
    const editor = await vscode.window.showTextDocument(closing);
    const closed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.toString() === closing.uri.toString()) {
          sub.dispose();
          resolve();
        }
      });
    });
    // The edit schedules a check; the editor is closed right after, before the check's timer fires.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# paper:no-such-paper-closed\n'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closed;
    // A check scheduled after the close comes after the closed document's timer would have fired.
    const laterEditor = await vscode.window.showTextDocument(later);
    await laterEditor.edit((e) => e.insert(new vscode.Position(0, 0), '# paper:no-such-paper-later\n'));
    await until(() => ours(later.uri).length > 0, 'diagnostics of the later document');
    assert.deepEqual(ours(closing.uri).map((d) => d.message), [], 'no diagnostics for the closed document');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('documents of other schemes (git:, diff views) get no diagnostics of their own', async () => {
    await api();
    const scheme = 'paper-lens-test-git';
    const provider = vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: () => '# paper:no-such-paper-virtual\nx = 1\n' });
    try {
      const virtual = await vscode.workspace.openTextDocument(vscode.Uri.parse(`${scheme}:/src/virtual.py`));
      await vscode.window.showTextDocument(virtual, { preview: false });
      const real = await vscode.workspace.openTextDocument({ language: 'python', content: '# paper:no-such-paper-real\n' });
      await vscode.window.showTextDocument(real, { preview: false });
      await until(() => ours(real.uri).length > 0, 'diagnostics of the untitled document');
      assert.deepEqual(ours(virtual.uri).map((d) => d.message), [], 'no diagnostics for the virtual document');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      provider.dispose();
    }
  });
});
