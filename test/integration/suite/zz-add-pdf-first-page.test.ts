import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
// @ts-expect-error: plain JavaScript test helper without types
import { untitledPaperPdf } from '../../pdf/fixtures.mjs';

const ws = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
const file = (...parts: string[]): vscode.Uri => vscode.Uri.joinPath(ws(), ...parts);

suite('Add Paper from a local PDF without metadata', () => {
  const pdf = file('pdfs-untitled', 'folded.pdf');
  const original = vscode.window.showInputBox;
  let written: vscode.Uri | undefined;

  suiteTeardown(async () => {
    (vscode.window as { showInputBox: typeof original }).showInputBox = original;
    for (const uri of [file('pdfs-untitled'), written]) if (uri) await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('title and authors come from the first page, prefilled in the input boxes, and the user’s correction is saved', async () => {
    const bytes = await untitledPaperPdf();
    assert.ok(!new TextDecoder('latin1').decode(bytes).includes('/Title'), 'the fixture has no Title metadata');
    await vscode.workspace.fs.writeFile(pdf, bytes);
    const asked: { title?: string; value?: string; prompt?: string }[] = [];
    // Answers: keep the title as prefilled, correct the authors, give a year.
    (vscode.window as { showInputBox: typeof original }).showInputBox = async (options?: vscode.InputBoxOptions) => {
      asked.push({ title: options?.title, value: options?.value, prompt: options?.prompt });
      if (asked.length === 1) return options?.value;
      if (asked.length === 2) return `${options?.value ?? ''}, Cy Corrected`;
      return '2024';
    };
    const ids = await vscode.commands.executeCommand<string[] | undefined>('paperLens.addPaper', pdf);
    assert.equal(asked.length, 3, `three questions: ${JSON.stringify(asked)}`);
    assert.equal(asked[0].value, 'Folded Widgets Make Gadgets Cheaper');
    assert.match(asked[0].prompt ?? '', /first page/);
    assert.equal(asked[1].value, 'Ada Fixture, Bo Tester');
    assert.ok(ids?.length === 1, `one paper added (${JSON.stringify(ids)})`);
    written = file('.paper-lens', 'papers', `${ids[0]}.md`);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(written));
    assert.match(text, /title: Folded Widgets Make Gadgets Cheaper/);
    assert.match(text, /Ada Fixture/);
    assert.match(text, /Bo Tester/);
    assert.match(text, /Cy Corrected/);
    assert.match(text, /pdf: pdfs-untitled\/folded\.pdf/);
  });
});
