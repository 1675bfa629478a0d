import { assert, runCommand, summaryFrame, screenshot, PAPER_LENS_ACTIVITY as PAPER_LENS } from './harness.mjs';

const treeItem = (page, name) => page.getByRole('treeitem', { name });
const waitGone = async (locator, what) => {
  await locator.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => { throw new Error(`${what} did not go away`); });
};

async function openPapersView(page) {
  await page.locator(PAPER_LENS).click();
  await treeItem(page, /^Mixtral/).first().waitFor({ timeout: 30_000 });
}

async function viewAction(page, label) {
  await page.locator('.sidebar').hover();
  await page.locator(`.sidebar a.action-label[aria-label="${label}"]:visible`).first().click();
}

async function quickOpenPaper(page, text, expectLabel) {
  await runCommand(page, 'Paper Lens: Open Paper…');
  await page.locator('.quick-input-widget input').fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: expectLabel }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** @type {[string, (ctx: any) => Promise<void>][]} */
export const scenarios = [
  ['the Paper Lens view lists the twelve papers by month', async ({ open }) => {
    const page = await open();
    await openPapersView(page);
    const tree = page.locator('.sidebar .monaco-list');
    for (const name of [/^January/, /^February/, /^DoRA/, /^Continual Pretraining/]) {
      assert(await treeItem(page, name).count() === 1, `tree shows ${name}`);
    }
    // Collapse the months one by one from the top so every paper is rendered once.
    const papers = new Set();
    for (let i = 0; i < 40 && papers.size < 13; i++) {
      for (const label of await tree.getByRole('treeitem', { level: 2 }).allInnerTexts()) papers.add(label.split('\n')[0]);
      const expanded = tree.locator('[role="treeitem"][aria-level="1"][aria-expanded="true"]').first();
      if (!(await expanded.count())) break;
      await expanded.click();
    }
    assert(papers.size === 13, `the tree lists 12 bundled papers plus the fixture paper, saw ${papers.size}: ${[...papers].join(', ')}`);
    assert(await treeItem(page, /^broken\.md/).count() === 1, 'the broken user paper is listed as a problem');
  }],

  ['grouping switches to topics and persists; a DoRA section opens the summary scrolled to it', async ({ open }) => {
    const page = await open();
    await openPapersView(page);
    await viewAction(page, 'Group Papers by Topic');
    await treeItem(page, /^Mixture of experts/).waitFor();
    assert(await treeItem(page, /^January/).count() === 0, 'month groups are gone when grouped by topic');
    await page.reload();
    await page.locator(PAPER_LENS).waitFor({ timeout: 60_000 });
    await openPapersView(page).catch(() => {});
    await treeItem(page, /^Mixture of experts/).waitFor({ timeout: 30_000 });
    await viewAction(page, 'Group Papers by Month');
    await treeItem(page, /^February/).waitFor();

    await treeItem(page, /^DoRA/).first().locator('.monaco-tl-twistie').click();
    await treeItem(page, /^Key equations/).first().waitFor();
    const section = treeItem(page, /^Weight decomposition/).first();
    await section.click();
    const frame = summaryFrame(page);
    await frame.locator('header h1', { hasText: 'DoRA: Weight-Decomposed Low-Rank Adaptation' }).waitFor({ timeout: 30_000 });
    const heading = frame.locator('#pl-weight-decomposition');
    await heading.waitFor();
    await frame.locator('#pl-weight-decomposition.pl-flash').waitFor({ timeout: 5_000 });
    const top = await heading.evaluate((el) => el.getBoundingClientRect().top);
    assert(top >= -2 && top < 120, `the weight-decomposition heading is scrolled to the top (top = ${top})`);
    assert(await frame.locator('#toc a[aria-current]').innerText() === 'Weight decomposition: magnitude and direction', 'the TOC marks the current section');
    await screenshot(page, 'dora-weight-decomposition');
  }],

  ['Open Paper… finds Mixtral by typing and renders the summary with math', async ({ open }) => {
    const page = await open();
    await quickOpenPaper(page, 'mixtral', 'Mixtral of Experts');
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
    assert(await page.locator('.tabs-container .tab', { hasText: 'Mixtral' }).count() === 1, 'the panel title is the short name');
    await screenshot(page, 'summary-mixtral');
  }],

  ['Search Papers… for "re-warming" lands in the continual-pretraining summary with the words marked', async ({ open }) => {
    const page = await open();
    await runCommand(page, 'Paper Lens: Search Papers…');
    await page.locator('.quick-input-widget input').fill('re-warming');
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    await first.filter({ hasText: 'Continual Pretraining ›' }).waitFor({ timeout: 10_000 });
    assert((await first.innerText()).toLowerCase().includes('re-warming'), 'the first result shows a snippet with the match');
    await screenshot(page, 'search-rewarming');
    await page.keyboard.press('Enter');
    const frame = summaryFrame(page);
    await frame.locator('header h1', { hasText: 'Continually Pre-train' }).waitFor({ timeout: 30_000 });
    const marks = frame.locator('mark.pl-hit');
    await marks.first().waitFor();
    assert((await marks.first().innerText()).toLowerCase().startsWith('re-warm'), 'the matching words are marked');
    const y = await marks.first().evaluate((el) => el.getBoundingClientRect().top);
    const h = await marks.first().evaluate(() => window.innerHeight);
    assert(y > 0 && y < h, `the marked passage is on screen (top ${y} of ${h})`);
  }],

  ['the summary panel comes back on the same paper after a window reload', async ({ open }) => {
    const page = await open();
    await quickOpenPaper(page, 'llama', 'The Llama 3 Herd of Models');
    await summaryFrame(page).locator('header h1', { hasText: 'The Llama 3 Herd of Models' }).waitFor({ timeout: 30_000 });
    await summaryFrame(page).locator('#pl-results').scrollIntoViewIfNeeded();
    await page.waitForTimeout(500); // the webview saves its scroll position after 150 ms of quiet
    await runCommand(page, 'Developer: Reload Window');
    await page.waitForTimeout(2_000);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const frame = summaryFrame(page);
    await frame.locator('header h1', { hasText: 'The Llama 3 Herd of Models' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(300);
    const scrollY = await frame.locator('body').evaluate(() => window.scrollY);
    assert(scrollY > 100, `the scroll position is restored (scrollY = ${scrollY})`);
    assert(await page.locator('.tabs-container .tab', { hasText: 'Llama 3' }).count() === 1, 'one Llama 3 tab');
  }],

  ['light, dark and high-contrast themes: sidebar and summary use the theme colors', async ({ server, open }) => {
    const themes = [
      ['light', 'Default Light Modern', 'vscode-light'],
      ['dark', 'Default Dark Modern', 'vscode-dark'],
      ['high-contrast', 'Default High Contrast', 'vscode-high-contrast'],
    ];
    const backgrounds = new Set();
    for (const [name, theme, bodyClass] of themes) {
      await server.updateSettings({ 'workbench.colorTheme': theme });
      const page = await open();
      {
        await openPapersView(page);
        await quickOpenPaper(page, 'dora', 'DoRA');
        const frame = summaryFrame(page);
        await frame.locator('header h1', { hasText: 'DoRA' }).waitFor({ timeout: 30_000 });
        await frame.locator(`body.${bodyClass}`).waitFor({ timeout: 10_000 });
        const [bg, fg] = await frame.locator('body').evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]);
        assert(bg !== fg, `${name}: text and background differ`);
        backgrounds.add(bg);
        await screenshot(page, `theme-${name}`);
        await page.close();
      }
    }
    await server.updateSettings({});
    assert(backgrounds.size === 3, `each theme gives the summary its own background (${[...backgrounds].join(' | ')})`);
  }],
];
