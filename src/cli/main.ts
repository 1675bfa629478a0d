import { closeSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../core/cli/cli';
import type { ScanFs } from '../core/cli/scan';
import { parseCatalog } from '../core/papers/catalog';

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
  quickText: (bytes) => (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice(0, bytes.byteLength),
};

/** `paper-lens` command line: reads the catalog that the build put next to this file. */
async function main(): Promise<number> {
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

void main().then((code) => {
  process.exitCode = code;
});
