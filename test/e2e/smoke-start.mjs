// Smoke check of the README's main command: runs `npm start` as a user would, waits for the URL it prints,
// opens it in Chromium, checks that the workbench answers with Paper Lens installed (its view lists the
// library), then stops it with Ctrl+C (SIGINT) and checks that the server is gone. Exits non-zero on failure.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { root, freePort, launchChromium } from './code-server.mjs';

const STARTUP_MS = Number(process.env.PAPER_LENS_SMOKE_TIMEOUT ?? 15 * 60_000);

const port = await freePort();
const child = spawn('npm', ['start'], { cwd: root, env: { ...process.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

async function main() {
  const url = await waitFor(() => out.match(/http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/)?.[0], STARTUP_MS, 'the URL that npm start prints');
  if (!url.includes(`:${port}/`)) throw new Error(`npm start printed ${url}, not the PORT it was given (${port})`);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`the workbench answered ${res.status}`);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
    const activity = page.locator('.activitybar a.action-label[aria-label^="Paper Lens"]');
    await activity.waitFor({ state: 'visible', timeout: 60_000 });
    await activity.click();
    await page.getByRole('treeitem', { name: /Mixtral/ }).first().waitFor({ timeout: 60_000 });
  } finally {
    await browser.close();
  }
  console.log('smoke: npm start serves the workbench with Paper Lens installed');

  process.kill(-child.pid, 'SIGINT');
  const result = await Promise.race([exited, sleep(30_000).then(() => undefined)]);
  if (!result) throw new Error('npm start did not stop within 30 s of Ctrl+C');
  if (await listening(port)) throw new Error(`port ${port} still answers after npm start stopped`);
  console.log(`smoke: npm start stopped cleanly on Ctrl+C (${result.signal ?? `exit ${result.code}`})`);
}

async function waitFor(get, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value) return value;
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before printing ${what}`);
    if (Date.now() > deadline) throw new Error(`npm start did not print ${what} within ${ms / 1000} s`);
    await sleep(500);
  }
}

function listening(p) {
  return new Promise((resolve) => {
    const socket = connect(p, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

main().then(() => process.exit(0), (err) => {
  console.error(`smoke: ${err instanceof Error ? err.message : err}`);
  try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  process.exit(1);
});
