// UI scenarios for the PDF reader, run after the others (test/ui/scenarios.mjs appends them). Every PDF is
// generated here with pdf-lib (test/pdf/fixtures.mjs) into the shared workspace, and removed afterwards.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, runCommand, screenshot, PAPER_LENS_ACTIVITY } from './harness.mjs';
import { garbage, hostilePdf, longPdf, nestedOutlinePdf, paperPdf, truncated } from '../pdf/fixtures.mjs';

const PAPER_ID = 'adapters';
const PDF_PATH = 'pdfs/adapters.pdf';

/** The reader's webview: the custom editor's iframe, two frames deep like every webview. */
export function readerFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

async function quickOpen(page, name) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Opens a PDF the way a user does: Quick Open, then "Reopen Editor With…" › Paper Lens PDF Reader. */
async function openWithReader(page, name, expect = 'ready') {
  await quickOpen(page, name);
  await page.locator('.editor-instance, .monaco-editor-pane-placeholder, .binary-container, .monaco-workbench .editor-container').first().waitFor({ timeout: 20_000 });
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 20_000 });
  // The command is offered once the workbench knows which editors the active file has: retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await runCommand(page, 'View: Reopen Editor With...');
      break;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1_000);
    }
  }
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Paper Lens PDF Reader' }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  const frame = readerFrame(page);
  const wanted = expect === 'any' ? 'body[data-state="ready"], body[data-state="error"]' : `body[data-state="${expect}"]`;
  await frame.locator(wanted).waitFor({ timeout: 60_000 }).catch(async (err) => {
    const body = await frame.locator('body').evaluate((b) => JSON.stringify({ ...b.dataset, message: document.getElementById('message')?.textContent })).catch(() => '?');
    throw new Error(`the reader did not open the PDF: ${body}\n${err.message}`);
  });
  return frame;
}

async function writePdf(workspace, rel, bytes) {
  const file = join(workspace, rel);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

/** Selects `text` on the rendered page `n` of the reader (inside one text-layer span run) and returns it. */
export async function selectOnPage(frame, n, text) {
  return frame.locator(`.pl-page[data-page="${n}"] .textLayer`).evaluate((layer, wanted) => {
    const spans = [...layer.querySelectorAll('span')].filter((s) => s.firstChild && s.firstChild.nodeType === 3);
    const first = wanted.split('\n')[0];
    const last = wanted.split('\n').pop();
    const a = spans.find((s) => s.textContent.includes(first));
    if (!a) return '';
    const startIndex = spans.indexOf(a);
    const b = spans.slice(startIndex).find((s) => s.textContent.includes(last));
    const range = document.createRange();
    range.setStart(a.firstChild, a.textContent.indexOf(first));
    range.setEnd(b.firstChild, b.textContent.indexOf(last) + last.length);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    return range.toString();
  }, text);
}

const userPaper = `---
id: ${PAPER_ID}
title: Weight Decomposition for Adapters
shortTitle: Adapters PDF
authors: [A. Author, B. Author]
published: "2024-02"
pdf: ${PDF_PATH}
---

## Summary {#summary}

A user paper whose PDF is read in Paper Lens.
`;

const treeItem = (page, name) => page.getByRole('treeitem', { name });

/** Expands a tree row by its twistie (a click on the row would run its command instead). */
async function expand(row) {
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
  for (let i = 0; i < 50 && (await row.getAttribute('aria-expanded')) !== 'true'; i++) await row.page().waitForTimeout(200);
  assert((await row.getAttribute('aria-expanded')) === 'true', `the row ${await row.getAttribute('aria-label')} expanded`);
}

const nestedPaper = `---
id: nested-outline
title: A Paper With A Nested Outline
shortTitle: Nested Outline
authors: [A. Author]
published: "2031-05"
pdf: pdfs/nested-outline.pdf
---

## Summary {#summary}

A user paper whose PDF has chapters, sections and a subsection in its outline.
`;

/** @type {[string, (ctx: any) => Promise<void>][]} */
export const pdfScenarios = [
  ['PDF outline in the Papers view: a user paper\'s PDF sections nest under it; clicking one opens the reader on its page', async ({ open, workspace }) => {
    await writePdf(workspace, 'pdfs/nested-outline.pdf', await nestedOutlinePdf());
    await writePdf(workspace, '.paper-lens/papers/nested-outline.md', nestedPaper);
    const page = await open();
    try {
      await page.locator(PAPER_LENS_ACTIVITY).click();
      // The bundled collection folded away, so the user paper's rows are all in view.
      const bundled = treeItem(page, /^Noteworthy 2024/).first();
      await bundled.waitFor({ timeout: 30_000 });
      if ((await bundled.getAttribute('aria-expanded')) === 'true') await bundled.locator('.monaco-tl-twistie').click();
      await expand(treeItem(page, /^Nested Outline, /).first());
      await expand(treeItem(page, /^PDF outline/).first());
      const first = treeItem(page, /^1 Introduction, PDF section/).or(treeItem(page, /^outline unavailable/)).first();
      await first.waitFor({ timeout: 30_000 });
      const name = await first.getAttribute('aria-label');
      assert(name?.startsWith('1 Introduction'), `the outline was read (${name})`);
      await expand(treeItem(page, /^2 Method, PDF section of Nested Outline, page 4$/).first());
      await expand(treeItem(page, /^2\.1 Low-Rank Update, PDF section/).first());
      const leaf = treeItem(page, /^2\.1\.1 Initialisation, PDF section of Nested Outline, page 5$/).first();
      await leaf.waitFor({ timeout: 15_000 });
      assert((await leaf.getAttribute('aria-level')) === '7', `the subsection nests at year › month › paper › PDF outline › 2 › 2.1 (level ${await leaf.getAttribute('aria-level')})`);
      await treeItem(page, /^References, PDF section/).first().waitFor();
      await screenshot(page, 'pdf-outline-tree');
      await leaf.click();
      const frame = readerFrame(page);
      await frame.locator('body[data-state="ready"]').waitFor({ timeout: 60_000 });
      await frame.locator('body[data-page="5"]').waitFor({ timeout: 20_000 });
      await frame.locator('.pl-page[data-page="5"][data-rendered="true"] .textLayer span', { hasText: 'page 5 of the nested outline' }).first().waitFor({ timeout: 20_000 });
      assert(await frame.locator('#page-number').inputValue() === '5', 'the reader says page 5');
      await screenshot(page, 'pdf-outline-tree-opened');

      // Link Selection to Section… offers the PDF's outline beside the summary's sections.
      await writePdf(workspace, 'src/nested_use.py', 'def init_update(w):\n    return w\n');
      await quickOpen(page, 'nested_use.py');
      await page.locator('.view-line', { hasText: 'def init_update' }).click();
      await runCommand(page, 'Paper Lens: Link Selection to Section…');
      const input = page.locator('.quick-input-widget input');
      await input.fill('Nested Outline');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Nested Outline' }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      const pdfRow = page.locator('.quick-input-list .monaco-list-row', { hasText: '2.1.1 Initialisation' }).first();
      await pdfRow.waitFor({ timeout: 20_000 });
      await page.locator('.quick-input-list', { hasText: 'PDF outline' }).waitFor({ timeout: 5_000 });
      await screenshot(page, 'pdf-outline-link-selection');
      await pdfRow.click();
      await page.locator('.view-line', { hasText: 'paper:nested-outline#211-initialisation' }).waitFor({ timeout: 15_000 });
    } finally {
      await rm(join(workspace, 'src/nested_use.py'), { force: true });
      await rm(join(workspace, '.paper-lens/papers/nested-outline.md'), { force: true });
      await rm(join(workspace, 'pdfs/nested-outline.pdf'), { force: true });
    }
  }],

  ['PDF reader: Open With shows pages, text layer and outline; the outline jumps; a highlight is saved, survives a reload and follows a v2', async ({ open, workspace }) => {
    await writePdf(workspace, PDF_PATH, await paperPdf());
    await writePdf(workspace, `.paper-lens/papers/${PAPER_ID}.md`, userPaper);
    const notesFile = join(workspace, `.paper-lens/notes/${PAPER_ID}.md`);
    await rm(notesFile, { force: true });
    const page = await open();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    try {
      const frame = await openWithReader(page, 'adapters.pdf');
      assert(await frame.locator('body').getAttribute('data-pages') === '6', 'six pages');
      await frame.locator('.pl-page[data-page="1"][data-rendered="true"] .textLayer span').first().waitFor({ timeout: 30_000 });
      assert(await frame.locator('.pl-page[data-page="6"][data-rendered]').count() === 0, 'far pages are not rendered up front');
      await frame.locator('.pl-outline-entry', { hasText: '2 Method' }).waitFor({ timeout: 15_000 });
      await screenshot(page, 'pdf-reader-open');

      // The outline jumps to the Method page (a named destination).
      await frame.locator('.pl-outline-entry', { hasText: '2 Method' }).click();
      await frame.locator('.pl-page[data-page="3"][data-rendered="true"] .textLayer span').first().waitFor({ timeout: 15_000 });
      await frame.locator('body[data-page="3"]').waitFor({ timeout: 10_000 });

      // Highlight a passage that spans two lines.
      const wanted = 'The magnitude vector is trained separately\nfrom the direction matrix.';
      const selected = await selectOnPage(frame, 3, wanted);
      assert(selected.includes('trained separately'), `selected the passage (${JSON.stringify(selected)})`);
      await frame.locator('#selection-toolbar .pl-swatch.pl-color-green').click();
      await frame.locator('.pl-page[data-page="3"] .pl-hl.pl-color-green').first().waitFor({ timeout: 15_000 });
      let disk = '';
      for (let i = 0; i < 40 && !disk.includes('"page":3'); i++) {
        disk = await readFile(notesFile, 'utf8').catch(() => '');
        if (!disk.includes('"page":3')) await page.waitForTimeout(250);
      }
      assert(disk.includes(`paper: ${PAPER_ID}`) && disk.includes('"page":3') && disk.includes('"color":"green"'), `the highlight is in the notes file with its page:\n${disk}`);
      assert(disk.includes('> The magnitude vector is trained separately\n> from the direction matrix.'), `the quote is on disk:\n${disk}`);
      assert(/"start":\d+,"end":\d+/.test(disk), 'the text position is on disk');
      const painted = await paintedText(frame, 3);
      assert(painted.includes('magnitude vector') && painted.includes('direction matrix'), `the highlight covers the passage (${painted})`);
      await screenshot(page, 'pdf-reader-highlight');

      // Reload the window: the reader comes back on the same page with the highlight on the same words.
      await runCommand(page, 'Developer: Reload Window');
      await page.waitForTimeout(2_000);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      const again = readerFrame(page);
      await again.locator('body[data-state="ready"]').waitFor({ timeout: 60_000 });
      await again.locator('.pl-page[data-page="3"] .pl-hl.pl-color-green').first().waitFor({ timeout: 30_000 });
      const pageAfter = Number(await again.locator('body').getAttribute('data-page'));
      assert(pageAfter === 3, `the reader reopened on page 3 (on ${pageAfter})`);
      assert((await paintedText(again, 3)) === painted, 'the highlight is painted on the same words after the reload');

      // Replace the PDF with a v2 whose text moved two pages on: the highlight follows.
      await writePdf(workspace, PDF_PATH, await paperPdf({ version: 2 }));
      await again.locator('body[data-pages="8"]').waitFor({ timeout: 30_000 });
      await again.locator('.pl-note-where', { hasText: 'Page 5 (was page 3)' }).waitFor({ timeout: 30_000 });
      await again.locator('.pl-note-where', { hasText: 'Page 5' }).click();
      await again.locator('.pl-page[data-page="5"] .pl-hl.pl-color-green').first().waitFor({ timeout: 30_000 });
      assert((await paintedText(again, 5)) === painted, 'in v2 the highlight is on the same words, now on page 5');
      assert(await again.locator('body').getAttribute('data-detached') === '0', 'nothing is detached');
      await screenshot(page, 'pdf-reader-v2');

      // A file without the passage: the highlight is listed as detached, and stays in the notes file.
      await writePdf(workspace, PDF_PATH, await longPdf(3));
      await again.locator('body[data-pages="3"]').waitFor({ timeout: 30_000 });
      await again.locator('.pl-detached-heading', { hasText: 'Detached (1)' }).waitFor({ timeout: 30_000 });
      assert(await again.locator('.pl-hl').count() === 0, 'nothing is painted for a detached highlight');
      assert((await readFile(notesFile, 'utf8')).includes('> The magnitude vector is trained separately'), 'the detached highlight is still in the notes file');
      await screenshot(page, 'pdf-reader-detached');
    } finally {
      if (process.env.PAPER_LENS_UI_DEBUG) console.log(errors.join('\n'));
    }
  }],
];

/** The text under the highlights of page `n`: the text-layer spans their boxes cover. */
async function paintedText(frame, n) {
  return frame.locator(`.pl-page[data-page="${n}"]`).evaluate((pageDiv) => {
    const boxes = [...pageDiv.querySelectorAll('.pl-hl')].map((b) => b.getBoundingClientRect());
    const words = [];
    for (const span of pageDiv.querySelectorAll('.textLayer span')) {
      const text = span.firstChild;
      if (!text || text.nodeType !== 3) continue;
      const r = document.createRange();
      for (const m of text.textContent.matchAll(/\S+/g)) {
        r.setStart(text, m.index);
        r.setEnd(text, m.index + m[0].length);
        const w = r.getBoundingClientRect();
        const cx = w.left + w.width / 2;
        const cy = w.top + w.height / 2;
        if (boxes.some((b) => cx >= b.left && cx <= b.right && cy >= b.top && cy <= b.bottom)) words.push(m[0]);
      }
    }
    return words.join(' ');
  });
}



pdfScenarios.push(
  ['PDF reader: a paper:…#page= link opens the reader on that page; themes light, dark and high contrast', async ({ open, workspace, server }) => {
    await writePdf(workspace, PDF_PATH, await paperPdf());
    await writePdf(workspace, `.paper-lens/papers/${PAPER_ID}.md`, userPaper);
    await writePdf(workspace, 'src/uses_adapters.py', `# Weight decomposition, see paper:${PAPER_ID}#page=4 for the table.\nrank = 8\n`);
    const page = await open();
    await quickOpen(page, 'uses_adapters.py');
    const refLine = page.locator('.view-line', { hasText: `paper:${PAPER_ID}#page=4` });
    await refLine.waitFor({ timeout: 20_000 });
    const target = refLine.locator('span', { hasText: 'page' }).last();
    let frame;
    // The link appears once the document is scanned; a click before that only moves the cursor.
    for (let attempt = 0; attempt < 8 && !frame; attempt++) {
      if (await target.isVisible()) {
        await page.keyboard.down('Control');
        await target.hover();
        await page.waitForTimeout(400);
        await target.click();
        await page.keyboard.up('Control');
      }
      const f = readerFrame(page);
      if (await f.locator('body[data-state="ready"]').waitFor({ timeout: 10_000 }).then(() => true, () => false)) frame = f;
    }
    assert(frame, 'the link opened the PDF reader');
    await frame.locator('body[data-page="4"]').waitFor({ timeout: 15_000 });
    await frame.locator('.pl-page[data-page="4"][data-rendered="true"]').waitFor({ timeout: 15_000 });
    await screenshot(page, 'pdf-reader-page-link');
    // Zoom, keys, and the place kept across a tab switch (the hidden webview is dropped and rebuilt).
    await frame.locator('#zoom').selectOption('150');
    await frame.locator('body[data-zoom="150"]').waitFor({ timeout: 10_000 });
    await frame.locator('body[data-page="4"]').waitFor({ timeout: 10_000 });
    await frame.locator('#viewer').press('n');
    await frame.locator('body[data-page="5"]').waitFor({ timeout: 10_000 });
    await page.locator('.tabs-container .tab', { hasText: 'uses_adapters.py' }).click();
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.locator('.tabs-container .tab', { hasText: 'adapters.pdf' }).click();
    const back = readerFrame(page);
    await back.locator('body[data-state="ready"]').waitFor({ timeout: 30_000 });
    await back.locator('body[data-zoom="150"][data-page="5"]').waitFor({ timeout: 15_000 });
    await back.locator('#viewer').press('f');
    await back.locator('body:not([data-zoom="150"])').waitFor({ timeout: 10_000 });
    await page.close();

    const themes = [
      ['light', 'Default Light Modern', 'vscode-light', false],
      ['dark', 'Default Dark Modern', 'vscode-dark', true],
      ['high-contrast', 'Default High Contrast', 'vscode-high-contrast', true],
    ];
    try {
      for (const [name, theme, bodyClass, darkPages] of themes) {
        await server.updateSettings({ 'workbench.colorTheme': theme });
        const p = await open();
        const f = await openWithReader(p, 'adapters.pdf');
        await f.locator(`body.${bodyClass}`).waitFor({ timeout: 15_000 });
        await f.locator('.pl-page[data-rendered="true"]').first().waitFor({ timeout: 30_000 });
        const dark = await f.locator('body').evaluate((b) => b.classList.contains('pl-dark-pages'));
        assert(dark === darkPages, `${name}: pages are ${darkPages ? '' : 'not '}drawn dark (auto)`);
        const [bg, fg] = await f.locator('.pl-toolbar').evaluate((t) => [getComputedStyle(t).backgroundColor, getComputedStyle(t).color]);
        assert(bg !== fg, `${name}: the toolbar text and background differ`);
        await screenshot(p, `pdf-reader-theme-${name}`);
        await p.close();
      }
    } finally {
      await server.updateSettings({});
    }
  }],

  ['PDF reader: hostile, truncated, malformed and 1,000-page PDFs give a message or open, and never hang the window', async ({ open, workspace }) => {
    await writePdf(workspace, 'pdfs/hostile-js.pdf', await hostilePdf());
    await writePdf(workspace, 'pdfs/cut-off.pdf', truncated(await paperPdf(), 0.4));
    await writePdf(workspace, 'pdfs/not-a-pdf.pdf', garbage());
    await writePdf(workspace, 'pdfs/thousand-pages.pdf', await longPdf(1000));
    const page = await open();
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });

    const hostile = await openWithReader(page, 'hostile-js.pdf');
    await hostile.locator('#notice', { hasText: 'contains JavaScript; the reader never runs it' }).waitFor({ timeout: 15_000 });
    await hostile.locator('.pl-page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    assert(await hostile.locator('.pl-link').count() === 0, 'a JavaScript link action gets no clickable link');
    await screenshot(page, 'pdf-reader-hostile');

    await runCommand(page, 'View: Close All Editors');
    const bad = await openWithReader(page, 'not-a-pdf.pdf', 'error');
    await bad.locator('.pl-error', { hasText: 'not a PDF file' }).waitFor({ timeout: 15_000 });

    await runCommand(page, 'View: Close All Editors');
    const cut = await openWithReader(page, 'cut-off.pdf', 'any');
    const state = await cut.locator('body').getAttribute('data-state');
    if (state === 'error') assert(/damaged|could not/.test(await cut.locator('.pl-error').innerText()), 'a cut-off PDF that cannot be read says so');
    else await cut.locator('#notice', { hasText: 'looks cut off' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'pdf-reader-truncated');

    await runCommand(page, 'View: Close All Editors');
    const big = await openWithReader(page, 'thousand-pages.pdf');
    assert(await big.locator('body').getAttribute('data-pages') === '1000', '1,000 pages');
    // Walk through the document; only pages near the view keep a canvas.
    for (const n of [100, 250, 500, 750, 1000]) {
      await big.locator('#page-number').fill(String(n));
      await big.locator('#page-number').press('Enter');
      await big.locator(`.pl-page[data-page="${n}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
    }
    const canvases = await big.locator('.pl-page canvas').count();
    assert(canvases <= 8, `at most 8 canvases are kept (saw ${canvases})`);
    await big.locator('body').press('Home');
    await big.locator('.pl-page[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    await big.locator('#find').fill('Page 777 of');
    await big.locator('#find').press('Enter');
    await big.locator('#find-count', { hasText: '1 of 1' }).waitFor({ timeout: 60_000 });
    await big.locator('.pl-page[data-page="777"] .pl-find-hit').first().waitFor({ timeout: 30_000 });
    assert(await page.locator('.monaco-workbench').isVisible(), 'the workbench is still there');
    assert(dialogs.length === 0, `no dialogs (${dialogs.join(' | ')})`);
    await screenshot(page, 'pdf-reader-1000-pages');
  }],
);

pdfScenarios.push(
  ['PDF reader: a note with math on a passage, edited and deleted, all through the notes file', async ({ open, workspace }) => {
    await writePdf(workspace, PDF_PATH, await paperPdf());
    await writePdf(workspace, `.paper-lens/papers/${PAPER_ID}.md`, userPaper);
    const notesFile = join(workspace, `.paper-lens/notes/${PAPER_ID}.md`);
    await rm(notesFile, { force: true });
    const page = await open();
    const frame = await openWithReader(page, 'adapters.pdf');
    await frame.locator('.pl-outline-entry', { hasText: '3 Experiments' }).click();
    await frame.locator('.pl-page[data-page="4"][data-rendered="true"] .textLayer span').first().waitFor({ timeout: 15_000 });
    const selected = await selectOnPage(frame, 4, 'Low-rank updates change the direction');
    assert(selected.includes('Low-rank updates'), `selected (${selected})`);
    await frame.locator('#selection-toolbar .pl-add-note').click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('Compare with $\\frac{\\alpha}{r}$ scaling');
    await page.keyboard.press('Enter');
    await frame.locator('.pl-note .katex').first().waitFor({ timeout: 15_000 });
    await frame.locator('.pl-page[data-page="4"] .pl-hl.pl-has-note').first().waitFor({ timeout: 15_000 });
    let disk = await readFile(notesFile, 'utf8');
    assert(disk.includes('"kind":"note"') && disk.includes('"page":4') && disk.includes('Compare with $\\frac{\\alpha}{r}$ scaling'), `the note is on disk:\n${disk}`);
    assert(disk.includes('"section":"3-experiments"'), `the note knows its outline section:\n${disk}`);

    await frame.locator('.pl-note .pl-note-actions button', { hasText: 'Edit' }).click();
    await input.waitFor();
    await input.fill('Edited: $\\beta$ too');
    await page.keyboard.press('Enter');
    await frame.locator('.pl-note', { hasText: 'Edited:' }).locator('.katex').waitFor({ timeout: 15_000 });
    disk = await readFile(notesFile, 'utf8');
    assert(disk.includes('Edited: $\\beta$ too') && !disk.includes('Compare with'), 'the edit is on disk');
    await screenshot(page, 'pdf-reader-note');

    await frame.locator('.pl-note .pl-note-actions button', { hasText: 'Delete' }).click();
    await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Delete', exact: true }).click();
    await frame.locator('.pl-note').waitFor({ state: 'detached', timeout: 15_000 });
    assert(await frame.locator('.pl-hl').count() === 0, 'the highlight is gone from the page');
    disk = await readFile(notesFile, 'utf8');
    assert(!disk.includes('Edited:') && disk.includes(`paper: ${PAPER_ID}`), 'the note is deleted from the file, the file stays');
  }],
);

pdfScenarios.push(
  ['PDF reader thumbnails: click thumbnail 3 shows page 3, arrows and End move through the strip, a 500-page PDF keeps at most 40 thumbnails; light, dark, high contrast', async ({ open, workspace, server }) => {
    await writePdf(workspace, PDF_PATH, await paperPdf());
    await writePdf(workspace, `.paper-lens/papers/${PAPER_ID}.md`, userPaper);
    await writePdf(workspace, 'pdfs/five-hundred.pdf', await longPdf(500));
    const page = await open();
    const refused = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to (load|execute|create|connect)/i.test(m.text())) refused.push(m.text()); });
    const frame = await openWithReader(page, 'adapters.pdf');
    assert(await frame.locator('#thumbs').isHidden(), 'the strip starts hidden');
    await frame.locator('#toggle-thumbs').click();
    await frame.locator('#toggle-thumbs[aria-pressed="true"]').waitFor({ timeout: 5_000 });
    assert(await frame.locator('.pl-thumb').count() === 6, 'one thumbnail per page');
    await frame.locator('.pl-thumb[data-page="3"][data-rendered="true"] canvas').waitFor({ timeout: 30_000 });
    assert(await frame.locator('.pl-thumb[data-page="1"]').getAttribute('aria-current') === 'page', 'page 1 is marked current');
    assert(await frame.locator('.pl-thumb[data-page="3"]').getAttribute('aria-label') === 'Page 3', 'a thumbnail says which page it is');

    await frame.locator('.pl-thumb[data-page="3"]').click();
    await frame.locator('body[data-page="3"]').waitFor({ timeout: 10_000 });
    await frame.locator('.pl-page[data-page="3"][data-rendered="true"] .textLayer span').first().waitFor({ timeout: 15_000 });
    await frame.locator('.pl-thumb[data-page="3"][aria-current="page"]').waitFor({ timeout: 5_000 });

    // Keyboard: arrows move focus and the pages with it, End goes to the last page; one thumbnail is in the tab order.
    await frame.locator('.pl-thumb[data-page="3"]').press('ArrowDown');
    await frame.locator('body[data-page="4"]').waitFor({ timeout: 10_000 });
    const focused = async () => frame.locator('body').evaluate(() => document.activeElement?.getAttribute('data-page') ?? '');
    assert(await focused() === '4', 'focus moved to thumbnail 4');
    await page.keyboard.press('ArrowUp');
    await frame.locator('body[data-page="3"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('End');
    await frame.locator('body[data-page="6"]').waitFor({ timeout: 10_000 });
    assert(await focused() === '6', 'End focused the last thumbnail');
    assert(await frame.locator('.pl-thumb[tabindex="0"]').count() === 1, 'exactly one thumbnail is in the tab order');
    await screenshot(page, 'pdf-reader-thumbnails');
    await page.keyboard.press('b');
    await frame.locator('#thumbs').waitFor({ state: 'hidden', timeout: 5_000 });
    await frame.locator('#viewer').press('b');
    await frame.locator('#thumbs').waitFor({ state: 'visible', timeout: 5_000 });

    // 500 pages: walking the whole strip keeps only the thumbnails near its view.
    await runCommand(page, 'View: Close All Editors');
    const big = await openWithReader(page, 'five-hundred.pdf');
    await big.locator('#viewer').press('b');
    await big.locator('.pl-thumb[data-page="1"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    for (const n of [100, 200, 300, 400, 500]) {
      await big.locator('#page-number').fill(String(n));
      await big.locator('#page-number').press('Enter');
      await big.locator(`.pl-thumb[data-page="${n}"][data-rendered="true"]`).waitFor({ timeout: 30_000 });
    }
    const drawn = await big.locator('.pl-thumb canvas').count();
    assert(drawn > 0 && drawn <= 40, `at most 40 thumbnail canvases are kept on 500 pages (saw ${drawn})`);
    assert(refused.length === 0, `the reader's CSP refused nothing it needs (boot script, worker, styles):\n${refused.join('\n')}`);
    await page.close();

    const themes = [['light', 'Default Light Modern', 'vscode-light'], ['dark', 'Default Dark Modern', 'vscode-dark'], ['high-contrast', 'Default High Contrast', 'vscode-high-contrast']];
    try {
      for (const [name, theme, bodyClass] of themes) {
        await server.updateSettings({ 'workbench.colorTheme': theme });
        const p = await open();
        const f = await openWithReader(p, 'adapters.pdf');
        await f.locator(`body.${bodyClass}`).waitFor({ timeout: 15_000 });
        if (await f.locator('#thumbs').isHidden()) await f.locator('#toggle-thumbs').click();
        await f.locator('.pl-thumb[data-page="2"][data-rendered="true"]').waitFor({ timeout: 30_000 });
        await f.locator('.pl-thumb[data-page="2"]').click();
        await f.locator('.pl-thumb[data-page="2"][aria-current="page"]').waitFor({ timeout: 10_000 });
        const [border, bg] = await f.locator('.pl-thumb[data-page="2"]').evaluate((b) => [getComputedStyle(b).borderTopColor, getComputedStyle(document.getElementById('thumbs')).backgroundColor]);
        assert(border !== bg, `${name}: the current thumbnail's border stands out from the strip (${border} on ${bg})`);
        await screenshot(p, `pdf-reader-thumbnails-${name}`);
        await p.close();
      }
    } finally {
      await server.updateSettings({});
    }
  }],
);
