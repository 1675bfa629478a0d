// A user paper with `detect:` rules (test/fixtures/workspace/.paper-lens/papers/tiled-attention.md) gets lenses on
// test/fixtures/workspace/src/tiled_attention.py, and its one bad rule is listed under it in the Papers view.
import { assert, openFile, screenshot, summaryFrame, PAPER_LENS_ACTIVITY } from './harness.mjs';

/** Index of the lens drawn right above the line that contains `text`, retried while lenses re-render. */
async function lensAbove(page, lens, text) {
  const line = page.locator('.view-line', { hasText: text });
  let seen = '';
  for (let i = 0; i < 40; i++) {
    const lineTop = await line.evaluate((e) => e.getBoundingClientRect().top);
    const boxes = await lens.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().bottom));
    seen = `lens bottoms ${boxes.join(', ')}, line top ${lineTop}`;
    const best = boxes.map((b, j) => [j, Math.abs(b - lineTop)]).sort((a, b) => a[1] - b[1])[0];
    if (best && best[1] < 8) return best[0];
    await page.waitForTimeout(250);
  }
  throw new Error(`no lens right above "${text}" (${seen})`);
}

/** @type {[string, (ctx: any) => Promise<void>][]} */
export const userRulesScenarios = [
  ['a user paper\'s detect rules put a lens on a fixture file that opens its section; a bad rule shows in the Papers view', async ({ open }) => {
    const page = await open();
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
    await openFile(page, 'tiled_attention.py');
    const kernel = page.locator('.codelens-decoration a', { hasText: 'Tiled Attention — The kernel' });
    await kernel.first().waitFor({ timeout: 30_000 });
    const flag = page.locator('.codelens-decoration a', { hasText: 'Tiled Attention — Switching it on' });
    await flag.first().waitFor({ timeout: 10_000 });
    // One lens per section: the call sits in the class (one group), the key repeats the flag's title a few lines on.
    assert(await kernel.count() === 1 && await flag.count() === 1, `one lens per section, at the class and at the flag (saw ${await kernel.count()} and ${await flag.count()})`);
    await lensAbove(page, kernel, 'class TiledAttention');
    const onFlag = await lensAbove(page, flag, 'add_argument("--tiled-attn"');
    await screenshot(page, 'user-rules-lens');

    await flag.nth(onFlag).click();
    const frame = summaryFrame(page);
    await frame.locator('header h1', { hasText: 'Tiled Attention (my notes)' }).waitFor({ timeout: 30_000 });
    await frame.locator('#pl-switching-it-on.pl-flash').waitFor({ timeout: 10_000 });
    // The note is short, so its last section cannot reach the top: it must be in view and flashed.
    const [top, height] = await frame.locator('#pl-switching-it-on').evaluate((el) => [el.getBoundingClientRect().top, window.innerHeight]);
    assert(top >= -2 && top < height - 40, `the "Switching it on" section is in view (top ${top} of ${height})`);
    await screenshot(page, 'user-rules-summary');

    await page.locator(PAPER_LENS_ACTIVITY).click();
    const tree = page.locator('.sidebar .monaco-list');
    const paper = tree.getByRole('treeitem', { name: /^Tiled Attention/ }).first();
    await paper.waitFor({ timeout: 30_000 });
    assert(/1 rule problem/.test(await paper.innerText()), `the paper row says it has a rule problem (${await paper.innerText()})`);
    await paper.locator('.monaco-tl-twistie').click();
    const problem = tree.getByRole('treeitem', { name: /^Rule problem, line 15/ });
    await problem.waitFor({ timeout: 10_000 });
    assert(/unknown section "no-such-heading"/.test(await problem.innerText()), `the problem names the unknown section (${await problem.innerText()})`);
    assert(await tree.getByRole('treeitem', { name: /^The kernel/ }).count() === 1, 'the paper with a bad rule still loads its sections');
    await screenshot(page, 'user-rules-problem');
    await problem.click();
    await page.locator('.tabs-container .tab', { hasText: 'tiled-attention.md' }).waitFor({ timeout: 10_000 });
    // The status bar follows the cursor a moment after the editor opens: wait for it.
    const atLine = await page.locator('.statusbar', { hasText: /Ln 15,/ }).first().waitFor({ timeout: 10_000 }).then(() => true, () => false);
    assert(atLine, 'clicking the problem opens the paper at the rule\'s line');
  }],
];
