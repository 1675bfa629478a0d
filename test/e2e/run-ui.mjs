// Runs the UI scenarios in test/ui against a code-server with the packaged VSIX installed.
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { root, startCodeServer, launchChromium, freshWorkspace, socketsNow, cleanSockets } from './code-server.mjs';
import { runScenarios } from '../ui/harness.mjs';
import { scenarios } from '../ui/scenarios.mjs';

async function main() {
  const vsix = join(root, 'dist/paper-lens.vsix');
  if (!existsSync(vsix)) throw new Error('dist/paper-lens.vsix is missing: run "npm run package" first');
  const sockets = await socketsNow();
  const workspace = await freshWorkspace();
  const server = await startCodeServer({ vsix });
  const browser = await launchChromium();
  try {
    console.log('UI scenarios (code-server with the packaged VSIX):');
    const only = process.env.PAPER_LENS_UI_ONLY;
    const chosen = only ? scenarios.filter(([name]) => name.includes(only)) : scenarios;
    return await runScenarios(chosen, { browser, server, workspace });
  } finally {
    await browser.close();
    await server.stop();
    await cleanSockets(sockets);
  }
}

main().then((failed) => process.exit(failed ? 1 : 0), (err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
