import { isAscii } from 'node:buffer';
import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../core/cli/cli';
import type { ScanFs, ScanOptions } from '../core/cli/scan';
import { parseCatalog, type PaperCatalog } from '../core/papers/catalog';
import type { CompiledPaper } from '../core/papers/paper';
import { isScanWorker, runScanWorker, scanFilesInWorkers, startScanInWorkers } from './scan-workers';

/** One read buffer per thread, grown as needed: a scan allocates nothing per file. */
let buffer = Buffer.allocUnsafe(1 << 20);

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
  readDirTypes: (path) => readdirSync(path, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isSymbolicLink: e.isSymbolicLink() })),
  readFile(path) {
    const fd = openSync(path, 'r');
    try {
      // No fstat: read until end of file, doubling the shared buffer when it fills up.
      let read = 0;
      for (;;) {
        if (read === buffer.length) {
          const bigger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(bigger, 0, 0, read);
          buffer = bigger;
        }
        const n = readSync(fd, buffer, read, buffer.length - read, null);
        if (n === 0) break;
        read += n;
      }
      return buffer.subarray(0, read);
    } finally {
      closeSync(fd);
    }
  },
  join,
  realPath: (path) => realpathSync.native(path),
  // latin1Slice is toString('latin1') without its argument checks; it is not in @types/node.
  isAscii: (bytes) => isAscii(bytes),
  quickText: (bytes) => (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(0, bytes.byteLength),
};

/**
 * The user's own papers in `.paper-lens/papers/` of the current folder, so `scan` and `report` apply their
 * `detect:` rules as the editor does. A paper that does not compile is reported and left out.
 */
function loadUserPapers(bundled: PaperCatalog): CompiledPaper[] {
  const dir = join(process.cwd(), '.paper-lens', 'papers');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.md')).sort();
  } catch {
    return [];
  }
  // The Markdown pipeline is dist/lazy.js, next to this file: required by a computed path so it is not
  // bundled twice, and only loaded when there are papers to compile.
  const { compilePaper } = require(join(__dirname, 'lazy.js')) as typeof import('../core/lazy-bundle');
  const papers: CompiledPaper[] = [];
  for (const name of names) {
    try {
      const result = compilePaper(readFileSync(join(dir, name), 'utf8'), name.slice(0, -3).toLowerCase().replace(/[^a-z0-9-]/g, '-'));
      if (!result.ok) process.stderr.write(`paper-lens: .paper-lens/papers/${name} could not be loaded: ${result.errors.join('; ')}\n`);
      else if (bundled.get(result.paper.meta.id)) process.stderr.write(`paper-lens: .paper-lens/papers/${name} uses the id of a bundled paper; skipped\n`);
      else papers.push(result.paper);
    } catch (err) {
      process.stderr.write(`paper-lens: .paper-lens/papers/${name} could not be read: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  return papers;
}

/** The scan options, with detection skipped when the scan bench asks for its floor (`PAPER_LENS_SCAN_FLOOR=1`). */
function floor(options: ScanOptions): ScanOptions {
  return process.env.PAPER_LENS_SCAN_FLOOR === '1' ? { ...options, skipDetection: true } : options;
}

/** `paper-lens` command line: reads the catalog that the build put next to this file. */
async function main(): Promise<number> {
  let catalog;
  try {
    catalog = parseCatalog(readFileSync(join(__dirname, 'catalog.json'), 'utf8'));
  } catch (err) {
    process.stderr.write(`paper-lens: cannot read the paper catalog (${err instanceof Error ? err.message : err}). Run "npm run build".\n`);
    return 1;
  }
  const command = process.argv[2];
  if (command === 'scan' || command === 'report') catalog = catalog.with(loadUserPapers(catalog));
  return runCli(process.argv.slice(2), catalog, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    fs: nodeFs,
    // this bundle is also the workers' script: started as a worker it only scans (see the end of this file)
    // PAPER_LENS_SCAN_FLOOR=1 (for the scan bench only): the same walk, reads and prefilter, no detection
    scanFiles: (files, options) => scanFilesInWorkers(__filename, nodeFs, files, floor(options)),
    startScan: (options) => startScanInWorkers(__filename, nodeFs, floor(options)),
  });
}

if (isScanWorker()) {
  runScanWorker(nodeFs);
} else {
  void main().then((code) => {
    process.exitCode = code;
  });
}
