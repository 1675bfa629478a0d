// Workbench benchmarks in a real VS Code (code-server 1.139 with the packaged VSIX), each reported next to
// a baseline measured in the same run:
//  - activation: "Developer: Show Running Extensions" for Paper Lens vs the built-in Markdown extension;
//  - summary paint: from Enter on "Paper Lens: Open Paper…" to a known word visible in the webview, vs
//    from Enter on "Markdown: Open Preview to the Side" to the same word in the built-in preview of the
//    same summary file. Runs alternate; medians are reported.
//  - first open: the same, as the first webview of a fresh window (each window has its own extension host);
//    windows rotate between ours, the built-in preview and the two floors, so none pays another's warm-up;
//  - the floor: from Enter on "Paper Lens Bench: Open Webview Floor" to the heading of a minimal page in a
//    webview panel with the summary panel's options (test/bench/webview-floor, a test-only extension
//    packaged here and installed next to ours): what VS Code itself takes to show a webview. Timed also the
//    way ours is, from Enter on an item of a quick pick the command shows ("Pick Webview Floor"): the
//    command and its activation event then run before the clock starts, for ours as for that floor.
import { join } from 'node:path';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { root, startCodeServer, launchChromium, freshWorkspace } from '../e2e/code-server.mjs';
import { openWorkbench, runCommand, summaryFrame } from '../ui/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Fresh windows per side for the first-open figure (also the activation samples, two per pair). */
const FIRST_RUNS = Number(process.env.BENCH_FIRST_RUNS ?? 2);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * A fresh window on `workspace`, settled: the Papers view listed, fineweb.md open in a text editor (so
 * both sides start from the same editor), and a moment to let start-up work finish.
 */
export async function settledWindow(browser, server, workspace) {
  const w = await openWorkbench(browser, server, workspace);
  await w.waitForTimeout(4_000);
  await w.locator('.activitybar a.action-label[aria-label^="Paper Lens"]').click();
  await w.getByRole('treeitem', { name: /^Mixtral/ }).first().waitFor({ timeout: 30_000 });
  await w.keyboard.press('Control+P');
  await w.locator('.quick-input-widget input').fill('fineweb.md');
  await w.locator('.quick-input-list .monaco-list-row', { hasText: 'fineweb.md' }).first().waitFor();
  await w.keyboard.press('Enter');
  await w.waitForTimeout(2_000);
  return w;
}

/** Presses Enter and returns the ms until an h2 holding `text` is visible in a webview that Enter opened. */
export async function enterUntilHeading(page, text) {
  // Webviews already there (one closing) are not the one Enter opens.
  await page.evaluate(() => document.querySelectorAll('iframe.webview').forEach((f) => { f.dataset.benchBefore = '1'; }));
  const start = Date.now();
  await page.keyboard.press('Enter');
  return (await headingVisible(page, text)) - start;
}

/**
 * Waits until an h2 holding `text` is visible in a new webview and returns when that happened (epoch ms, the
 * page's clock). Checked every frame from the workbench page itself, which reaches into the webview frames
 * (same origin in code-server): a frame locator's retries back off to half a second, which blurred runs by as
 * much. Visible: VS Code has made the content frame the active one and shown it, and the heading has a box.
 */
export async function headingVisible(page, text) {
  const probe = ({ text: wanted }) => {
    for (const host of document.querySelectorAll('iframe.webview.ready:not([data-bench-before])')) {
      let frame;
      try {
        frame = host.contentDocument?.getElementById('active-frame');
      } catch {
        return -1; // not reachable: another origin
      }
      const doc = frame?.contentDocument;
      if (!doc || frame.style.visibility === 'hidden') continue;
      for (const h of doc.querySelectorAll('h2')) {
        if (h.textContent.includes(wanted) && h.getBoundingClientRect().height > 0) return Date.now();
      }
    }
    return 0;
  };
  const at = await (await page.waitForFunction(probe, { text }, { polling: 'raf', timeout: 60_000 })).jsonValue();
  if (at > 0) return at;
  await summaryFrame(page).locator('h2', { hasText: text }).waitFor({ state: 'visible', timeout: 60_000 });
  return Date.now();
}

async function closeAll(page) {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('iframe.webview').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
}

async function timeOurs(page) {
  await runCommand(page, 'Paper Lens: Open Paper…');
  const input = page.locator('.quick-input-widget input');
  await input.fill('fineweb');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'FineWeb Datasets' }).first().waitFor();
  return enterUntilHeading(page, 'The problem');
}

async function timeBuiltin(page) {
  await runCommand(page, 'Go to File…').catch(() => {});
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill('fineweb.md');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'fineweb.md' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Markdown: Open Preview to the Side');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Markdown: Open Preview to the Side' }).first().waitFor();
  return enterUntilHeading(page, 'The problem');
}

/** Enter on the floor extension's command → the heading of its minimal page visible. */
export async function timeFloor(page) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill('>Paper Lens Bench: Open Webview Floor');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Webview Floor' }).first().waitFor();
  return enterUntilHeading(page, 'The problem');
}

/** Enter on the one item of the floor extension's quick pick (the way Open Paper… is timed) → the heading visible. */
export async function timeFloorPick(page) {
  await runCommand(page, 'Paper Lens Bench: Pick Webview Floor');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Floor page' }).first().waitFor();
  return enterUntilHeading(page, 'The problem');
}

/** Packages test/bench/webview-floor into a VSIX in a temp folder (vsce, offline); returns its path and a cleanup. */
export async function packageFloor() {
  const dir = await mkdtemp(join(tmpdir(), 'paper-lens-floor-'));
  const vsix = join(dir, 'webview-floor.vsix');
  const { createVSIX } = createRequire(import.meta.url)('@vscode/vsce');
  const log = console.log;
  console.log = () => {}; // vsce lists the files it packs
  try {
    await createVSIX({ cwd: join(root, 'test/bench/webview-floor'), packagePath: vsix, dependencies: false, allowMissingRepository: true, skipLicense: true });
  } finally {
    console.log = log;
  }
  return { vsix, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function activationTimes(page) {
  // The list is virtualized: a tall page renders every row.
  await page.setViewportSize({ width: 1400, height: 3000 });
  await runCommand(page, 'Developer: Show Running Extensions');
  const editor = page.locator('.runtime-extensions-editor');
  await editor.waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1_000);
  await editor.locator('.monaco-list-row').first().waitFor({ timeout: 15_000 });
  const rows = await editor.locator('.monaco-list-row').allInnerTexts();
  // A row starts with the extension's display name: "Paper Lens" must not find "Paper Lens bench: webview floor".
  const find = (name) => {
    const row = rows.find((r) => r.trimStart().startsWith(name) && !r.includes('Paper Lens bench'));
    const m = row && /(?:Startup )?Activation:\s*([\d.]+)\s*ms/i.exec(row.replace(/\n/g, ' '));
    return m ? Number(m[1]) : undefined;
  };
  if (process.env.BENCH_DEBUG) console.log(rows.map((r) => r.replace(/\n/g, ' | ')).join('\n'));
  return { ours: find('Paper Lens'), markdown: find('Markdown Language Features') };
}

export async function runWorkbenchBench() {
  const workspace = await freshWorkspace();
  await copyFile(join(root, 'media/papers/fineweb.md'), join(workspace, 'fineweb.md'));
  const floorVsix = await packageFloor();
  const server = await startCodeServer({ vsix: [join(root, 'dist/paper-lens.vsix'), floorVsix.vsix] });
  const browser = await launchChromium();
  try {
    const page = await openWorkbench(browser, server, workspace);
    // Warm both paths once (cold numbers are noise from the first webview ever created).
    const coldOurs = await timeOurs(page);
    await closeAll(page);
    const coldBuiltin = await timeBuiltin(page);
    await closeAll(page);
    await timeFloor(page);
    await closeAll(page);
    await timeFloorPick(page);
    await closeAll(page);
    const ours = [];
    const builtin = [];
    const floor = [];
    const floorPick = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timeOurs(page));
      await closeAll(page);
      builtin.push(await timeBuiltin(page));
      await closeAll(page);
      floor.push(await timeFloor(page));
      await closeAll(page);
      floorPick.push(await timeFloorPick(page));
      await closeAll(page);
    }
    await page.close();
    // Activation, as VS Code measures it, in fresh windows (each has its own extension host) once the
    // workbench has settled, so other extensions' start-up work does not land in either figure.
    const oursAct = [];
    const markdownAct = [];
    const firstOurs = [];
    const firstBuiltin = [];
    const firstFloor = [];
    const firstFloorPick = [];
    for (let i = 0; i < 4 * FIRST_RUNS; i++) {
      const w = await settledWindow(browser, server, workspace);
      if (i % 4 === 0) firstOurs.push(await timeOurs(w));
      else if (i % 4 === 1) firstBuiltin.push(await timeBuiltin(w));
      else if (i % 4 === 2) firstFloor.push(await timeFloor(w));
      else firstFloorPick.push(await timeFloorPick(w));
      const a = await activationTimes(w);
      if (a.ours !== undefined) oursAct.push(a.ours);
      if (a.markdown !== undefined) markdownAct.push(a.markdown);
      await w.close();
    }
    const activation = { ours: median(oursAct), markdown: median(markdownAct), oursRuns: oursAct, markdownRuns: markdownAct };
    return {
      paint: { ours: median(ours), builtin: median(builtin), floor: median(floor), floorPick: median(floorPick), ratio: median(ours) / median(builtin), oursRuns: ours, builtinRuns: builtin, floorRuns: floor, floorPickRuns: floorPick, coldOurs, coldBuiltin },
      activation,
      first: { ours: median(firstOurs), builtin: median(firstBuiltin), floor: median(firstFloor), floorPick: median(firstFloorPick), oursRuns: firstOurs, builtinRuns: firstBuiltin, floorRuns: firstFloor, floorPickRuns: firstFloorPick },
    };
  } finally {
    await browser.close();
    await server.stop();
    await floorVsix.cleanup();
  }
}
