// The Getting Started walkthrough, on a code-server of its own so no earlier scenario has completed a step.
import { join } from 'node:path';
import { root, startCodeServer, freshWorkspace } from '../e2e/code-server.mjs';
import { assert, openFile, openWorkbench, runCommand, screenshot, summaryFrame, PAPER_LENS_ACTIVITY } from './harness.mjs';

const STEPS = ['Open the Papers view', 'Read a summary', 'See a lens on your own code', 'Take your first note'];

async function openWalkthrough(page) {
  await runCommand(page, 'Welcome: Open Walkthrough...');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get Started with Paper Lens' }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.locator('.getting-started-step', { hasText: STEPS[0] }).first().waitFor({ timeout: 15_000 });
}

/** The walkthrough's steps that show as done (a filled check). */
async function completed(page) {
  return page.locator('.getting-started-step').evaluateAll((steps) => steps
    .filter((s) => s.querySelector('.codicon-pass-filled, .codicon-getting-started-step-checked') || s.classList.contains('complete'))
    .map((s) => s.querySelector('h3, .step-title')?.textContent?.trim() ?? s.textContent?.trim() ?? ''));
}

/** @type {[string, (ctx: any) => Promise<void>][]} */
export const walkthroughScenarios = [
  ['the Getting Started walkthrough is in Welcome and each step completes when the user does it', async ({ browser }) => {
    const server = await startCodeServer({ vsix: join(root, 'dist/paper-lens.vsix') });
    const workspace = await freshWorkspace();
    const page = await openWorkbench(browser, server, workspace);
    try {
      await openWalkthrough(page);
      const before = await completed(page);
      for (const step of STEPS) assert(!before.some((t) => t.includes(step)), `"${step}" is not done before the user did it (done: ${before.join(' | ')})`);
      await screenshot(page, 'walkthrough-before');

      // 1. The Papers view.
      await page.locator(PAPER_LENS_ACTIVITY).click();
      const tree = page.locator('.sidebar .monaco-list');
      await tree.getByRole('treeitem', { name: /^DoRA/ }).first().waitFor({ timeout: 30_000 });
      // 2. A summary.
      await tree.getByRole('treeitem', { name: /^DoRA/ }).first().click();
      await summaryFrame(page).locator('header h1', { hasText: 'DoRA' }).waitFor({ timeout: 30_000 });
      // 3. A lens on the user's own code.
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
      await openFile(page, 'dora_layer.py');
      await page.locator('.codelens-decoration a', { hasText: /DoRA/ }).first().waitFor({ timeout: 30_000 });
      // 4. A first note, from the Command Palette.
      await runCommand(page, 'Paper Lens: Add Note…');
      const input = page.locator('.quick-input-widget input');
      const whole = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Whole paper' });
      if (!(await whole.first().isVisible({ timeout: 3_000 }).catch(() => false))) {
        await input.fill('DoRA');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'DoRA' }).first().waitFor();
        await page.keyboard.press('Enter');
      }
      await whole.first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await input.fill('Magnitude and direction are trained separately.');
      await page.keyboard.press('Enter');

      await openWalkthrough(page);
      let after = [];
      for (let i = 0; i < 40; i++) {
        after = await completed(page);
        if (STEPS.every((step) => after.some((t) => t.includes(step)))) break;
        await page.waitForTimeout(250);
      }
      await screenshot(page, 'walkthrough-after');
      for (const step of STEPS) assert(after.some((t) => t.includes(step)), `"${step}" is done after the user did it (done: ${after.join(' | ')})`);
    } finally {
      await page.close();
      await server.stop();
    }
  }],
];
