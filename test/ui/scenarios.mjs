import { assert, openWorkbench, runCommand, summaryFrame, screenshot, PAPER_LENS_ACTIVITY as PAPER_LENS } from './harness.mjs';

/** @type {[string, (ctx: any) => Promise<void>][]} */
export const scenarios = [
  ['the Paper Lens view lists the twelve papers by month', async ({ browser, server, workspace }) => {
    const page = await openWorkbench(browser, server, workspace);
    try {
      await page.locator(PAPER_LENS).click();
      const tree = page.locator('.pane:has(.pane-header[aria-label^="Papers"]) .monaco-list');
      await page.getByRole('treeitem', { name: /^Mixtral/ }).waitFor({ timeout: 30_000 });
      for (const name of [/^January/, /^February/, /^DoRA/, /^Continual Pretraining/]) {
        assert(await page.getByRole('treeitem', { name }).count() === 1, `tree shows ${name}`);
      }
      // Collapse the months one by one from the top to check all twelve papers are listed.
      const papers = new Set();
      for (let i = 0; i < 40 && papers.size < 12; i++) {
        for (const label of await tree.getByRole('treeitem', { level: 2 }).allInnerTexts()) papers.add(label.split('\n')[0]);
        const expanded = tree.locator('[role="treeitem"][aria-level="1"][aria-expanded="true"]').first();
        if (!(await expanded.count())) break;
        await expanded.click();
      }
      assert(papers.size === 13, `the tree lists 12 bundled papers plus the fixture paper, saw ${papers.size}: ${[...papers].join(', ')}`);
      assert(await page.getByRole('treeitem', { name: /^broken\.md/ }).count() === 1, 'the broken user paper is listed as a problem');
      await screenshot(page, 'papers-view');
    } finally {
      await page.close();
    }
  }],

  ['Open Paper… finds Mixtral by typing and renders the summary with math', async ({ browser, server, workspace }) => {
    const page = await openWorkbench(browser, server, workspace);
    try {
      await runCommand(page, 'Paper Lens: Open Paper…');
      const input = page.locator('.quick-input-widget input');
      await input.fill('mixtral');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Mixtral of Experts' }).first().waitFor();
      await page.keyboard.press('Enter');
      const frame = summaryFrame(page);
      await frame.locator('header h1', { hasText: 'Mixtral of Experts' }).waitFor({ timeout: 30_000 });
      const katex = await frame.locator('.katex').count();
      assert(katex > 5, `KaTeX rendered the equations (saw ${katex})`);
      assert(await frame.locator('#pl-sparse-moe-layer').count() === 1, 'the sparse-moe-layer section has its stable id');
      assert(await frame.locator('#pl-load-balancing-loss').count() === 1, 'the load-balancing-loss section has its stable id');
      assert(await frame.locator('table').count() >= 1, 'GFM tables render');
      // KaTeX positions glyphs with inline styles: if the CSP blocked them, `top` would compute to auto.
      const top = await frame.locator('.katex-display .vlist > span[style*="top:"]').first().evaluate((el) => getComputedStyle(el).top);
      assert(top !== 'auto' && top.endsWith('px'), `KaTeX inline layout styles apply (computed top: ${top})`);
      const tab = page.locator('.tabs-container .tab', { hasText: 'Mixtral' });
      assert(await tab.count() === 1, 'the panel title is the short name');
      await screenshot(page, 'summary-mixtral');
    } finally {
      await page.close();
    }
  }],
];
