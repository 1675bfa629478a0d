// UI scenarios for the PDF reader, run after the others (test/ui/scenarios.mjs appends them). Every PDF is
// generated here with pdf-lib (test/pdf/fixtures.mjs) into the shared workspace, and removed afterwards.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, runCommand, screenshot } from './harness.mjs';
import { paperPdf } from '../pdf/fixtures.mjs';

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
async function openWithReader(page, name) {
  await quickOpen(page, name);
  await page.locator('.editor-instance, .monaco-editor-pane-placeholder, .binary-container, .monaco-workbench .editor-container').first().waitFor({ timeout: 20_000 });
  await runCommand(page, 'View: Reopen Editor With...');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Paper Lens PDF Reader' }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  const frame = readerFrame(page);
  await frame.locator('body[data-state="ready"]').waitFor({ timeout: 60_000 }).catch(async (err) => {
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
async function selectOnPage(frame, n, text) {
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

/** @type {[string, (ctx: any) => Promise<void>][]} */
export const pdfScenarios = [
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


