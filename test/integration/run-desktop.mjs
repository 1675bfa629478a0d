// `npm run test:desktop`: the same extension-host suites in desktop VS Code through @vscode/test-electron.
// It downloads VS Code, so it needs internet; CI uses code-server instead (test/e2e/run-integration.mjs).
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { freshWorkspace, root } from '../e2e/code-server.mjs';

const workspace = await freshWorkspace();
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'dist/test/integration/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { PAPER_LENS_TEST_WORKSPACE: workspace },
  });
} catch (err) {
  console.error('desktop integration tests failed:', err);
  process.exit(1);
}
