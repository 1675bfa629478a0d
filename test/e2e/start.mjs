// `npm start`: installs what is missing, builds the VSIX, and serves a real VS Code (code-server) with
// Paper Lens installed on a demo workspace at http://127.0.0.1:PORT until interrupted (Ctrl+C).
import { execSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

run('node test/e2e/ensure-deps.mjs');
run('bash test/e2e/setup.sh');
run('npm run package --silent');

const { startCodeServer, freshWorkspace, freePort } = await import('./code-server.mjs');
const wanted = Number(process.env.PORT ?? 8080);
const port = await portOr(wanted, freePort);
const workspace = await freshWorkspace();
const server = await startCodeServer({ vsix: join(root, 'dist/paper-lens.vsix'), port });
console.log(`\nPaper Lens is running in VS Code (code-server ${'4.139.1'}):\n\n  ${server.url}/?folder=${encodeURIComponent(workspace)}\n`);
console.log(`Demo workspace: ${workspace}\nOpen the Paper Lens icon in the Activity Bar. Press Ctrl+C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping code-server…');
  await server.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);

async function portOr(port, fallback) {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(fallback()));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(port)));
  });
}
