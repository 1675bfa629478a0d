import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../core/cli/cli';
import type { ScanFs } from '../core/cli/scan';
import { parseCatalog } from '../core/papers/catalog';

const nodeFs: ScanFs = {
  stat(path) {
    try {
      const s = statSync(path);
      return { isDirectory: s.isDirectory(), size: s.size };
    } catch {
      return undefined;
    }
  },
  readDir: (path) => readdirSync(path),
  readFile: (path) => readFileSync(path),
  join,
};

/** `paper-lens` command line: reads the catalog that the build put next to this file. */
function main(): number {
  let catalog;
  try {
    catalog = parseCatalog(readFileSync(join(__dirname, 'catalog.json'), 'utf8'));
  } catch (err) {
    process.stderr.write(`paper-lens: cannot read the paper catalog (${err instanceof Error ? err.message : err}). Run "npm run build".\n`);
    return 1;
  }
  return runCli(process.argv.slice(2), catalog, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    fs: nodeFs,
  });
}

process.exitCode = main();
