// UI scenarios for the library (issue 11): adding a paper from a local stand-in for the arXiv API.
// scenarios.mjs appends these at its end, so they run last and the paper they add cannot change what
// earlier scenarios count.
import { createServer } from 'node:http';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { untitledPaperPdf } from '../pdf/fixtures.mjs';
import { join } from 'node:path';
import { assert, clickMenu, runCommand, screenshot, PAPER_LENS_ACTIVITY } from './harness.mjs';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Title (Widgets All the Way Down) >>\nendobj\ntrailer\n<< /Info 1 0 R >>\n%%EOF\n', 'latin1');

const atom = (version, { id, title }) => `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title>ArXiv Query</title>
  <id>http://arxiv.org/api/ui-fixture</id>
  <entry>
    <id>http://arxiv.org/abs/${id}v${version}</id>
    <updated>2100-01-10T10:00:00Z</updated>
    <published>2099-12-01T09:30:00Z</published>
    <title>${title}</title>
    <summary>We study fixture widgets, with $W = U \\Sigma V^\\top$ in the abstract.</summary>
    <author><name>Ada Fixture</name></author>
    <author><name>Bo Müller</name></author>
  </entry>
</feed>`;

/**
 * A stand-in for export.arxiv.org and arxiv.org/pdf on 127.0.0.1 that records what it was asked (answering cross-origin
 * requests too, as arXiv does, for the web build's fetch from a web worker): one paper
 * (`id`, `title`) whose version is `state.version`, its PDF (`pdf`), and the PDFs of the arXiv ids `alsoPdf`.
 */
export async function startArxiv({ id = '9912.00001', title = 'Widgets All the Way Down', pdf = PDF, alsoPdf = [] } = {}) {
  const requests = [];
  const state = { version: 2 };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname + url.search);
    res.setHeader('access-control-allow-origin', '*');
    const pdfOf = url.pathname.startsWith('/pdf/') ? url.pathname.slice(5).replace(/v\d+$/, '') : undefined;
    if (url.pathname === '/api/query' && url.searchParams.get('id_list') === id) {
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(atom(state.version, { id, title }));
    } else if (pdfOf === id ? /v\d+$/.test(url.pathname) : alsoPdf.includes(pdfOf)) {
      res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    requests,
    state,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/** Points the folder's settings at the stand-in `arxiv` (PDFs go to papers/pdf); returns the settings file. */
export async function useArxivSettings(workspace, arxiv) {
  const settingsFile = join(workspace, '.vscode/settings.json');
  await mkdir(join(workspace, '.vscode'), { recursive: true });
  await writeFile(settingsFile, JSON.stringify({
    'paperLens.arxiv.apiBaseUrl': `${arxiv.base}/api`,
    'paperLens.arxiv.pdfBaseUrl': `${arxiv.base}/pdf`,
    'paperLens.pdf.downloadFolder': 'papers/pdf',
  }, null, 2));
  return settingsFile;
}

const treeItem = (page, name) => page.getByRole('treeitem', { name });

/** Writes `bytes` to docs/<name> and runs Add Paper… from its Explorer context menu; returns the input box at 1/3. */
/** Puts a PDF in the workspace's docs/ folder: before the window opens, so the Explorer lists it from the start. */
async function putPdf(workspace, name, bytes) {
  await mkdir(join(workspace, 'docs'), { recursive: true });
  await writeFile(join(workspace, 'docs', name), bytes);
}

async function addFromExplorer(page, name) {
  await runCommand(page, 'View: Show Explorer');
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'docs' }).first();
  // In CI the Explorer once never showed a folder written while the window was open (no file event came);
  // a refresh reads the folder again.
  if (!(await row.waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
    await runCommand(page, 'File: Refresh Explorer');
    await row.waitFor({ timeout: 20_000 });
  }
  const file = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  if (!(await file.isVisible())) await row.click();
  await file.waitFor();
  await clickMenu(page, file, 'Add Paper…');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  // The first question comes after the PDF is read (pdf.js in a worker thread when the metadata has no title).
  await page.locator('.quick-input-widget', { hasText: '1/3' }).waitFor({ timeout: 30_000 });
  return input;
}

/** @type {[string, (ctx: any) => Promise<void>][]} */
export const libraryScenarios = [
  ['library: Add Paper… from the local arXiv server puts the paper under its year; Download PDF sets its pdf field', async ({ open, workspace }) => {
    const arxiv = await startArxiv();
    const settingsFile = await useArxivSettings(workspace, arxiv);
    try {
      const page = await open();
      await page.locator(PAPER_LENS_ACTIVITY).click();
      await treeItem(page, /^Noteworthy 2024/).waitFor({ timeout: 30_000 });
      await treeItem(page, /^January/).first().waitFor();
      await page.locator('.sidebar').hover();
      await page.locator('.sidebar a.action-label[aria-label="Add Paper…"]:visible').first().click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('https://arxiv.org/abs/9912.00001');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'arXiv 9912.00001' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');

      await treeItem(page, /^2099/).waitFor({ timeout: 30_000 }).catch(async (err) => {
        const toasts = await page.locator('.notification-toast').allInnerTexts();
        throw new Error(`${err.message}\nnotifications: ${toasts.join(' | ')}\nrequests: ${arxiv.requests.join(', ')}`);
      });
      const row = treeItem(page, /^Widgets All the Way Down/).first();
      await row.waitFor({ timeout: 30_000 });
      assert((await row.getAttribute('aria-level')) === '3', 'the paper sits at year › month › paper');
      const file = join(workspace, '.paper-lens/papers/fixture-2099-widgets.md');
      const text = await readFile(file, 'utf8');
      assert(text.includes('arxivVersion: 2') && text.includes('## Abstract {#abstract}'), `the paper file is on disk:\n${text}`);
      assert(arxiv.requests[0] === '/api/query?id_list=9912.00001&max_results=1', `one API request (${arxiv.requests.join(', ')})`);
      await row.hover();
      await screenshot(page, 'library-added-paper');

      // The notification offers the PDF; the download lands in the workspace folder from the setting.
      const button = page.locator('.notification-toast .monaco-button', { hasText: 'Download PDF' }).first();
      await button.waitFor({ timeout: 15_000 });
      await button.click();
      const pdf = join(workspace, 'papers/pdf/9912.00001v2.pdf');
      for (let i = 0; i < 100 && !(await stat(pdf).catch(() => undefined)); i++) await page.waitForTimeout(200);
      assert((await readFile(pdf)).equals(PDF), 'the PDF from the server is on disk');
      for (let i = 0; i < 50 && !(await readFile(file, 'utf8')).includes('pdf: papers/pdf/9912.00001v2.pdf'); i++) await page.waitForTimeout(200);
      assert((await readFile(file, 'utf8')).includes('pdf: papers/pdf/9912.00001v2.pdf'), 'the paper’s pdf field points at the download');
      assert(arxiv.requests.at(-1) === '/pdf/9912.00001v2', `the PDF was asked for by version (${arxiv.requests.join(', ')})`);
      await page.locator('.notification-toast', { hasText: 'PDF of' }).first().waitFor({ timeout: 15_000 });
      await screenshot(page, 'library-pdf-downloaded');

      // arXiv gets a v3: the check marks the paper, and its inline Update button brings it (and its PDF) up to date.
      arxiv.state.version = 3;
      await runCommand(page, 'Paper Lens: Check for New arXiv Versions');
      const marked = treeItem(page, /^Widgets All the Way Down/).filter({ hasText: '↑ v3 on arXiv' }).first();
      await marked.waitFor({ timeout: 30_000 });
      const icon = await marked.evaluate((row) => [...row.querySelectorAll('[class*="icon"]')].map((e) => `${e.className} ${getComputedStyle(e).backgroundImage}`).join(' | '));
      assert(icon.includes('arrow-circle-up'), `the paper’s icon says a new version is there (${icon})`);
      await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
      await screenshot(page, 'library-new-version');
      await marked.hover();
      await marked.locator('a.action-label[aria-label="Update to Latest arXiv Version"]').click();
      for (let i = 0; i < 100 && !(await readFile(file, 'utf8')).includes('arxivVersion: 3'); i++) await page.waitForTimeout(200);
      const updated = await readFile(file, 'utf8');
      assert(updated.includes('arxivVersion: 3') && updated.includes('pdf: papers/pdf/9912.00001v3.pdf'), `the paper is at v3 with its new PDF:\n${updated}`);
      await treeItem(page, /^Widgets All the Way Down/).filter({ hasNotText: '↑ v3' }).first().waitFor({ timeout: 15_000 });
    } finally {
      await rm(settingsFile, { force: true });
      await arxiv.close();
    }
  }],

  ['library: a local PDF from the Explorer is added with its metadata, corrected by the user', async ({ open, workspace }) => {
    // A PDF whose Info dictionary has a UTF-16 title and a plain author, as writers of real PDFs do.
    const utf16 = (t) => `<FEFF${[...t].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('')}>`;
    const pdf = Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Title ${utf16('Gadgets — a Local Fixture')} /Author (Cy Local and Di Fixture) >>\nendobj\ntrailer\n<< /Root 1 0 R /Info 3 0 R >>\n%%EOF\n`, 'latin1');
    await putPdf(workspace, 'gadgets-local.pdf', pdf);
    const page = await open();
    const input = await addFromExplorer(page, 'gadgets-local.pdf');
    assert(await input.inputValue() === 'Gadgets — a Local Fixture', `the title comes from the PDF (${await input.inputValue()})`);
    await input.fill('Gadgets: A Local Fixture');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: '2/3' }).waitFor();
    assert(await input.inputValue() === 'Cy Local and Di Fixture', `the authors come from the PDF (${await input.inputValue()})`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: '3/3' }).waitFor();
    await input.fill('20x8');
    await page.locator('.quick-input-widget', { hasText: 'Four digits' }).waitFor();
    await input.fill('2098');
    await page.keyboard.press('Enter');

    const paperFile = join(workspace, '.paper-lens/papers/local-2098-gadgets.md');
    for (let i = 0; i < 50 && !(await stat(paperFile).catch(() => undefined)); i++) await page.waitForTimeout(200);
    const text = await readFile(paperFile, 'utf8');
    assert(text.includes('title: "Gadgets: A Local Fixture"') && text.includes('authors: [ Cy Local, Di Fixture ]') && text.includes('pdf: docs/gadgets-local.pdf') && text.includes('year: 2098'),
      `the corrected metadata and the PDF path are in the paper file:\n${text}`);
    await page.locator(PAPER_LENS_ACTIVITY).click();
    await treeItem(page, /^Gadgets: A Local Fixture/).first().waitFor({ timeout: 30_000 });
    await treeItem(page, /^2098/).waitFor();
    await screenshot(page, 'library-local-pdf');
  }],
  ['library: a local PDF with no metadata gets title and authors from its first page (pdf.js in the packaged extension)', async ({ open, workspace }) => {
    await putPdf(workspace, 'folded.pdf', Buffer.from(await untitledPaperPdf()));
    const page = await open();
    const input = await addFromExplorer(page, 'folded.pdf');
    assert(await input.inputValue() === 'Folded Widgets Make Gadgets Cheaper', `the title is read from page 1 (${await input.inputValue()})`);
    await page.locator('.quick-input-widget', { hasText: 'first page' }).waitFor({ timeout: 5_000 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: '2/3' }).waitFor();
    assert(await input.inputValue() === 'Ada Fixture, Bo Tester', `the authors are read from page 1, affiliation marks dropped (${await input.inputValue()})`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget', { hasText: '3/3' }).waitFor();
    await input.fill('2097');
    await page.keyboard.press('Enter');
    const dir = join(workspace, '.paper-lens/papers');
    let name;
    for (let i = 0; i < 50 && !name; i++) {
      for (const f of (await readdir(dir).catch(() => [])).filter((x) => x.endsWith('.md'))) {
        if ((await readFile(join(dir, f), 'utf8')).includes('pdf: docs/folded.pdf')) name = f;
      }
      if (!name) await page.waitForTimeout(200);
    }
    assert(name, 'the paper file was written');
    const text = await readFile(join(dir, name), 'utf8');
    assert(text.includes('title: Folded Widgets Make Gadgets Cheaper') && text.includes('pdf: docs/folded.pdf') && text.includes('year: 2097'), `the paper file:\n${text}`);
    await screenshot(page, 'library-local-pdf-first-page');
    await rm(join(dir, name), { force: true });
    await rm(join(workspace, 'docs/folded.pdf'), { force: true });
  }],
];
