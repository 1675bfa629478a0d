// Runs the mocha suites in dist/test/integration inside the real extension host of code-server
// (VS Code 1.139), with the extension loaded from this tree as a development extension.
// Exits with the suites' exit code, non-zero on any failure or on a time-out.
import { format } from 'node:util';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { root, startCodeServer, launchChromium, freshWorkspace, socketsNow, cleanSockets } from './code-server.mjs';

const TIMEOUT_MS = Number(process.env.PAPER_LENS_IT_TIMEOUT ?? 180_000);

async function main() {
  const suite = join(root, 'dist/test/integration/index.js');
  if (!existsSync(suite)) throw new Error('dist/test/integration/index.js is missing: run "npm run build" first');
  const sockets = await socketsNow();
  const workspace = await freshWorkspace();
  const server = await startCodeServer({ smokeDriver: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let failures = 0;
    const done = new Promise((resolve) => {
      page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (/ENOTFOUND open-vsx|vsda|github.*auth/i.test(line)) return;
      (level === 'error' ? console.error : console.log)(line);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(suite)],
      ['extensionEnvironment', JSON.stringify({ PAPER_LENS_TEST_WORKSPACE: workspace })],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
    const code = await Promise.race([done, timeout]);
    if (code === 'timeout') {
      console.error(`integration: the extension host did not finish within ${TIMEOUT_MS / 1000} s\n${server.log().slice(-4000)}`);
      failures = 1;
    } else {
      failures = code;
    }
    console.log(`integration: extension host exited with code ${failures}`);
    return failures === 0 ? 0 : 1;
  } finally {
    await browser.close();
    await server.stop();
    await cleanSockets(sockets);
  }
}

main().then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
