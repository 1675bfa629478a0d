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

/** Opens a workspace file with Quick Open (Ctrl+P) and waits for its editor tab. */
export async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  // Wait until the list has caught up with the input: the first row is the file.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().filter({ hasText: name }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/** Opens the context menu of a tree row and returns the labels of its items. */
export async function contextMenu(page, row) {
  await row.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10_000 });
  return (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
}

/** Runs a context-menu item of a tree row with the keyboard (menu items ignore synthetic clicks now and then). */
export async function clickMenu(page, row, label) {
  const labels = await contextMenu(page, row);
  assert(labels.includes(label), `the menu offers "${label}" (${labels.join(', ')})`);
  for (let i = 0; i < labels.length + 2; i++) {
    await page.keyboard.press('ArrowDown');
    const focused = (await page.locator('.context-view .monaco-menu .action-item.focused .action-label').first().innerText().catch(() => '')).trim();
    if (focused === label) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`could not reach "${label}" in the menu`);
}

/** Polls `probe` (every 200 ms, up to `ms`) until it is true; throws naming `what` otherwise. */
export async function until(probe, what, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Presses OK in code-server's file dialog (a QuickInput) until it closes: while it still reads the folder
 * typed into it, a click is ignored. With `path`, the path is typed again whenever the dialog has put its
 * own folder back into the input (it does so when its first listing comes in after the typing; seen in CI).
 */
export async function acceptFileDialog(page, title, path) {
  const quick = page.locator('.quick-input-widget');
  const dialog = quick.locator('.quick-input-title', { hasText: title });
  const input = quick.locator('input').first();
  for (let i = 0; i < 4 && await dialog.isVisible(); i++) {
    if (path && (await input.inputValue().catch(() => path)) !== path) {
      await input.fill(path);
      await page.waitForTimeout(300);
    }
    await quick.getByRole('button', { name: 'OK' }).click().catch(() => {});
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
  }
  assert(!(await dialog.isVisible()), `the "${title}" file dialog took the path`);
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
 * Runs each scenario (see {@link runOne}); a scenario that fails runs once more on fresh pages
 * (`PAPER_LENS_UI_RETRIES`, default 1), and a pass on retry is printed with the first failure, so a flaky
 * step stays visible. A scenario that fails every time fails the run.
 */
export async function runScenarios(scenarios, context) {
  let passed = 0;
  let failed = 0;
  const retries = Number(process.env.PAPER_LENS_UI_RETRIES ?? 1);
  for (const [index, [name, fn]] of scenarios.entries()) {
    const started = Date.now();
    let firstError;
    for (let attempt = 0; attempt <= retries; attempt++) {
      const error = await runOne(fn, context, index);
      if (!error) {
        passed++;
        const note = firstError ? ` — passed on retry ${attempt}; first failure: ${firstLine(firstError)}` : '';
        console.log(`  ✔ ${name} (${Date.now() - started} ms)${note}`);
        break;
      }
      firstError ??= error;
      if (attempt === retries) {
        failed++;
        console.log(`  ✘ ${name}\n    ${(error instanceof Error ? error.stack ?? error.message : String(error)).split('\n').join('\n    ')}`);
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

/** The first failure of a scenario that passed on retry: its first lines, so a flake can be pinned down later. */
function firstLine(err) {
  const lines = (err instanceof Error ? err.message : String(err)).split('\n');
  return lines.slice(0, 8).join('\n      ') + (lines.length > 8 ? `\n      … (${lines.length - 8} more lines)` : '');
}

/**
 * Runs one scenario with `context` plus `open()`, which opens a workbench page that is closed afterwards
 * (after a `failed-<n>.png` screenshot when the scenario failed). Returns the error, or undefined.
 */
async function runOne(fn, context, index) {
  const pages = [];
  const open = async (options) => {
    const page = await openWorkbench(context.browser, context.server, context.workspace, options);
    pages.push(page);
    return page;
  };
  try {
    await fn({ ...context, open });
    return undefined;
  } catch (err) {
    for (const page of pages.filter((p) => !p.isClosed())) await screenshot(page, `failed-${index + 1}`).catch(() => {});
    return err ?? new Error('failed');
  } finally {
    for (const page of pages) await page.close().catch(() => {});
  }
}
