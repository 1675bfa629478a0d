// What the extension-host suites share: the extension's API, the fixture workspace, and waiting for a
// condition. Not a suite itself (index.ts loads only *.test.js).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PaperLensApi } from '../../../src/extension';

/** Activates Paper Lens (if it is not yet) and returns its API. */
export async function api(): Promise<PaperLensApi> {
  const ext = vscode.extensions.getExtension<PaperLensApi>('paper-lens.paper-lens');
  assert.ok(ext, 'Paper Lens is installed in the test host');
  return ext.activate();
}

/** A path in the fixture workspace. */
export function fixture(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the fixture workspace is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

/** Polls `probe` every 100 ms until it gives something truthy, and returns that; throws after `ms`. */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
