// Where the first open of a summary goes, in fresh code-server windows (ours, the built-in Markdown
// preview of the same file and the webview floor of test/bench/webview-floor, in turn): from Enter to the webview element in the workbench, to the
// webview host marking it ready (with the host page's own marks: its start, the service worker ready, the
// content written into the inner frame), to the content frame's first contentful paint, to the heading visible,
// plus the requests the content frame made before its first paint. `node test/bench/first-open-trace.mjs`
// after `npm run package`; TRACE_RUNS windows per side (default 2), TRACE_SIDES which sides in which order
// (default ours,builtin,floor; also floorPick, floorNoFind). Prints one JSON line per window.
import { join } from 'node:path';
import { copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { root, startCodeServer, launchChromium, freshWorkspace } from '../e2e/code-server.mjs';
import { openWorkbench, runCommand, summaryFrame } from '../ui/harness.mjs';
import { settledWindow, packageFloor, headingVisible } from './workbench-bench.mjs';

const RUNS = Number(process.env.TRACE_RUNS ?? 2);

/** Records when the webview element appears and when the webview host marks it ready (epoch ms). */
const observe = () => {
  const marks = {};
  window.__plMarks = marks;
  new MutationObserver(() => {
    const frame = document.querySelector('iframe.webview');
    if (frame && !marks.element) marks.element = Date.now();
    if (frame?.classList.contains('ready') && !marks.ready) marks.ready = Date.now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
};

async function trace(page, start, visible) {
  const marks = await page.evaluate(() => window.__plMarks);
  const inner = await summaryFrame(page).locator('body').evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
    const resources = performance.getEntriesByType('resource').map((r) => ({ name: r.name.split('/').pop().split('?')[0], start: Math.round(r.startTime), end: Math.round(r.responseEnd), bytes: r.transferSize }));
    return { origin: performance.timeOrigin, fcp, domContentLoaded: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd, resources };
  });
  // The webview host's own marks (index.html: script start, service worker ready, content written, …).
  const host = await page.frameLocator('iframe.webview.ready').locator('body').evaluate(() => ({
    origin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('webview/index.html/')).map((m) => [m.name.slice('webview/index.html/'.length), m.startTime]),
  }));
  const rel = (t) => (t === undefined ? undefined : Math.round(t - start));
  const hostMarks = Object.fromEntries([['hostStart', 0], ...host.marks].map(([name, t]) => [name, rel(host.origin + t)]));
  return {
    element: rel(marks.element), hostReady: rel(marks.ready), ...hostMarks, contentFrameStart: rel(inner.origin),
    firstContentfulPaint: rel(inner.fcp === undefined ? undefined : inner.origin + inner.fcp),
    domContentLoaded: rel(inner.domContentLoaded === undefined ? undefined : inner.origin + inner.domContentLoaded),
    visible: rel(visible), resources: inner.resources,
  };
}

async function ours(page) {
  await runCommand(page, 'Paper Lens: Open Paper…');
  await page.locator('.quick-input-widget input').fill('fineweb');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'FineWeb Datasets' }).first().waitFor();
  await page.evaluate(observe);
  const start = Date.now();
  await page.keyboard.press('Enter');
  return trace(page, start, await headingVisible(page, 'The problem'));
}

async function builtin(page) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Markdown: Open Preview to the Side');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Markdown: Open Preview to the Side' }).first().waitFor();
  await page.evaluate(observe);
  const start = Date.now();
  await page.keyboard.press('Enter');
  return trace(page, start, await headingVisible(page, 'The problem'));
}

async function floor(page, title = 'Open Webview Floor') {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>Paper Lens Bench: ${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.evaluate(observe);
  const start = Date.now();
  await page.keyboard.press('Enter');
  return trace(page, start, await headingVisible(page, 'The problem'));
}

/** The floor timed as ours is: Enter on the item of the quick pick its command shows. */
async function floorPick(page) {
  await runCommand(page, 'Paper Lens Bench: Pick Webview Floor');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Floor page' }).first().waitFor();
  await page.evaluate(observe);
  const start = Date.now();
  await page.keyboard.press('Enter');
  return trace(page, start, await headingVisible(page, 'The problem'));
}

/** TRACE_WARM=1: the same trace for warm opens, alternating in one window (each side opened once first). */
async function runWarmTrace(browser, server, workspace) {
  const w = await openWorkbench(browser, server, workspace);
  await w.keyboard.press('Control+P');
  await w.locator('.quick-input-widget input').fill('fineweb.md');
  await w.locator('.quick-input-list .monaco-list-row', { hasText: 'fineweb.md' }).first().waitFor();
  await w.keyboard.press('Enter');
  await w.waitForTimeout(2_000);
  const closeAll = async () => {
    await runCommand(w, 'View: Close All Editors');
    await w.locator('iframe.webview').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  };
  const reopenMarkdown = async () => {
    await w.keyboard.press('Control+P');
    await w.locator('.quick-input-widget input').fill('fineweb.md');
    await w.locator('.quick-input-list .monaco-list-row', { hasText: 'fineweb.md' }).first().waitFor();
    await w.keyboard.press('Enter');
    await w.locator('.monaco-editor .view-lines').first().waitFor();
  };
  for (let i = 0; i < 2 * (RUNS + 1); i++) {
    const side = i % 2 === 0 ? 'ours' : 'builtin';
    if (side === 'builtin') await reopenMarkdown();
    const r = side === 'ours' ? await ours(w) : await builtin(w);
    if (i >= 2) console.log(JSON.stringify({ side, warm: true, ...r, resources: r.resources.length }));
    await closeAll();
  }
}

/** Where the time goes, per side: the median of each stage (ms), from Enter to the heading visible. */
function printStages(out) {
  const stages = [
    ['Enter → webview element (command, extension host, editor group)', (r) => r.element],
    ['element → host page script', (r) => r.scriptStart - r.element],
    ['host script → content message', (r) => r['content/started'] - r.scriptStart],
    ['service worker ready', (r) => r['content/workerReady'] - r['content/started']],
    ['inner frame (fake.html) loaded', (r) => r['content/innerFrameLoaded'] - r['content/workerReady']],
    ['page HTML parsed and written', (r) => r['content/wroteInnerContent'] - r['content/innerFrameLoaded']],
    ['written → heading visible (load, layout, Playwright)', (r) => r.visible - r['content/wroteInnerContent']],
    ['total', (r) => r.visible],
  ];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const sides = [...new Set(out.map((r) => r.side))];
  console.log(`\n| stage (median ms) | ${sides.join(' | ')} |\n|---|${sides.map(() => '---').join('|')}|`);
  for (const [name, f] of stages) {
    console.log(`| ${name} | ${sides.map((side) => median(out.filter((r) => r.side === side).map(f).filter((v) => Number.isFinite(v))) ?? '?').join(' | ')} |`);
  }
}

export async function runFirstOpenTrace() {
  const workspace = await freshWorkspace();
  await copyFile(join(root, 'media/papers/fineweb.md'), join(workspace, 'fineweb.md'));
  const floorVsix = await packageFloor();
  const server = await startCodeServer({ vsix: [join(root, 'dist/paper-lens.vsix'), floorVsix.vsix] });
  const browser = await launchChromium();
  const out = [];
  const sides = { ours, builtin, floor, floorPick, floorNoFind: (page) => floor(page, 'Open Findless Panel') };
  const order = (process.env.TRACE_SIDES ?? 'ours,builtin,floor').split(',');
  try {
    if (process.env.TRACE_WARM) return await runWarmTrace(browser, server, workspace);
    for (let i = 0; i < order.length * RUNS; i++) {
      const w = await settledWindow(browser, server, workspace);
      const side = order[i % order.length];
      const r = await sides[side](w);
      out.push({ side, ...r });
      console.log(JSON.stringify({ side, ...r }));
      await w.close();
    }
  } finally {
    await browser.close();
    await server.stop();
    await floorVsix.cleanup();
  }
  printStages(out);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runFirstOpenTrace();
