// Restricted Mode: a code-server of its own with Workspace Trust on, the fixture folder untrusted.
import { join } from 'node:path';
import { root, startCodeServer, freshWorkspace } from '../e2e/code-server.mjs';
import { assert, openFile, openWorkbench, screenshot, PAPER_LENS_ACTIVITY } from './harness.mjs';

/** @type {[string, (ctx: any) => Promise<void>][]} */
export const restrictedScenarios = [
  ['Restricted Mode: the bundled library and lenses work, workspace papers and notes wait for trust', async ({ browser }) => {
    const server = await startCodeServer({ vsix: join(root, 'dist/paper-lens.vsix'), trust: true });
    const workspace = await freshWorkspace();
    const page = await openWorkbench(browser, server, workspace);
    try {
      await page.locator('.statusbar', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
      await page.locator(PAPER_LENS_ACTIVITY).click();
      const tree = page.locator('.sidebar .monaco-list');
      await tree.getByRole('treeitem', { name: /^Mixtral/ }).first().waitFor({ timeout: 30_000 });
      const message = await page.locator('.sidebar .message').first().innerText();
      assert(/Restricted Mode/.test(message) && /trust/.test(message), `the Papers view says what Restricted Mode turns off (message: ${message})`);
      assert(await tree.getByRole('treeitem', { name: /^My Notes on Attention/ }).count() === 0, 'the workspace paper is not loaded before the folder is trusted');
      await screenshot(page, 'restricted-mode-papers');

      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
      await openFile(page, 'dora_layer.py');
      await page.locator('.codelens-decoration a', { hasText: /DoRA/ }).first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'restricted-mode-lens');
    } finally {
      await page.close();
      await server.stop();
    }
  }],
];
