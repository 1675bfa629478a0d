// A small scenario runner for UI tests in the real workbench: each scenario gets a fresh page on a shared
// code-server that has the packaged VSIX installed. Prints "N passed, N failed" and exits non-zero on failure.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { root } from '../e2e/code-server.mjs';

export const resultsDir = join(root, 'test-results');

export const PAPER_LENS_ACTIVITY = '.activitybar a.action-label[aria-label^="Paper Lens"]';

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Opens the workbench on a folder and waits until it is ready. */
export async function openWorkbench(browser, server, folder, { colorScheme = 'dark' } = {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, colorScheme });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  // The Activity Bar entry appears once the extension's contributions are registered.
  await page.locator(PAPER_LENS_ACTIVITY).waitFor({ state: 'visible', timeout: 60_000 });
  return page;
}

export async function runCommand(page, title) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export function summaryFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

export async function screenshot(page, name) {
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Runs each scenario with `context` plus `open()`, which opens a workbench page that the runner closes
 * afterwards, taking a `failed-<n>.png` screenshot of it first when the scenario failed.
 */
export async function runScenarios(scenarios, context) {
  let passed = 0;
  let failed = 0;
  for (const [index, [name, fn]] of scenarios.entries()) {
    const started = Date.now();
    const pages = [];
    const open = async (options) => {
      const page = await openWorkbench(context.browser, context.server, context.workspace, options);
      pages.push(page);
      return page;
    };
    try {
      await fn({ ...context, open });
      passed++;
      console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.log(`  ✘ ${name}\n    ${(err instanceof Error ? err.stack ?? err.message : String(err)).split('\n').join('\n    ')}`);
      for (const page of pages.filter((p) => !p.isClosed())) await screenshot(page, `failed-${index + 1}`).catch(() => {});
    } finally {
      for (const page of pages) await page.close().catch(() => {});
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}
