// How code lenses move the text when a file opens. VS Code asks a provider for lenses no sooner than 250 ms
// after the editor shows a file it has no lenses for, so the rows can only be inserted after the text is on
// screen: the text moves down once. What Paper Lens controls is that it moves exactly once (every row of the
// file arrives in one answer, none later) and never again for that file: VS Code keeps the last lenses per
// file and draws them at once when the file is shown again, which only holds if the answer is stable.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, screenshot } from './harness.mjs';

const PROBE = 'probe_line_below_every_lens = True';

async function quickOpen(page, name) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: name }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * From the moment the probe line is on screen, samples its top edge every frame for `ms` and returns each
 * change as { at (ms after it appeared), by (px) }.
 */
async function watchProbe(page, ms) {
  return page.evaluate(async ({ probe, ms }) => {
    const find = () => [...document.querySelectorAll('.monaco-editor .view-line')].find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(probe));
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const deadline = performance.now() + 20_000;
    let line = find();
    while (!line && performance.now() < deadline) { await frame(); line = find(); }
    if (!line) return { error: 'probe line never shown' };
    const start = performance.now();
    let top = line.getBoundingClientRect().top;
    const moves = [];
    while (performance.now() - start < ms) {
      await frame();
      const now = find();
      if (!now) continue;
      const t = now.getBoundingClientRect().top;
      if (t !== top) moves.push({ at: Math.round(performance.now() - start), by: Math.round(t - top) });
      top = t;
    }
    return { moves };
  }, { probe: PROBE, ms });
}

export const lensLayoutScenarios = [
  ['code lenses move the text once when a file first opens, and not at all when it is shown again', async ({ open, workspace }) => {
    const page = await open();
    await writeFile(join(workspace, 'src/layout_probe.py'), [
      '"""A LoRA layer and a DPO loss in one file, for the layout probe."""',
      'import torch',
      'import torch.nn.functional as F',
      'from torch import nn',
      '',
      '',
      'class LowRankAdapter(nn.Module):',
      '    def __init__(self, base: nn.Linear, r: int = 8, alpha: float = 16.0):',
      '        super().__init__()',
      '        self.base = base',
      '        self.base.weight.requires_grad_(False)',
      '        self.scaling = alpha / r',
      '        self.lora_A = nn.Parameter(torch.zeros(r, base.in_features))',
      '        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))',
      '',
      '    def forward(self, x):',
      '        return self.base(x) + (x @ self.lora_A.T @ self.lora_B.T) * self.scaling',
      '',
      '',
      'def dpo_loss(policy_chosen_logps, policy_rejected_logps, ref_chosen_logps, ref_rejected_logps, beta=0.1):',
      '    logits = beta * ((policy_chosen_logps - ref_chosen_logps) - (policy_rejected_logps - ref_rejected_logps))',
      '    return -F.logsigmoid(logits).mean()',
      '',
      '',
      PROBE,
      '',
    ].join('\n'));

    // First time this window shows the file.
    await quickOpen(page, 'layout_probe.py');
    const first = await watchProbe(page, 4_000);
    assert(!first.error, first.error);
    const rows = await page.locator('.codelens-decoration').count();
    assert(rows >= 2, `the probe file has its lens rows (${rows})`);
    await screenshot(page, 'code-lens-layout-first-open');
    console.log(`    first open: the probe line moved ${first.moves.length} time(s): ${JSON.stringify(first.moves)}`);
    assert(first.moves.length <= 1, `the text moves at most once when lenses first appear, moved ${first.moves.length} times: ${JSON.stringify(first.moves)}`);

    // Shown again: close it, open another file, come back. The rows are drawn with the text.
    await page.keyboard.press('Control+W');
    await quickOpen(page, 'moe.py');
    await page.locator('.tabs-container .tab.active', { hasText: 'moe.py' }).waitFor({ timeout: 15_000 });
    await quickOpen(page, 'layout_probe.py');
    const again = await watchProbe(page, 3_000);
    assert(!again.error, again.error);
    console.log(`    shown again: the probe line moved ${again.moves.length} time(s): ${JSON.stringify(again.moves)}`);
    assert(again.moves.length === 0, `the text does not move when the file is shown again: ${JSON.stringify(again.moves)}`);
    assert(await page.locator('.codelens-decoration').count() === rows, 'the same lens rows as the first time');
  }],
];
