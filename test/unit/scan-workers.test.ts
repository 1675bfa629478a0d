// The CLI scans large trees across worker threads; the result must be the one-thread result, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFiles, scanFiles } from '../../src/core/cli/scan';
import { scanFilesInWorkers, startScanInWorkers } from '../../src/cli/scan-workers';
import { fs } from './support/node-scan-fs';

const LORA = 'import torch\nfrom torch import nn\n\n\nclass LoRALinear(nn.Module):\n    def __init__(self, base, r=8, alpha=16):\n        super().__init__()\n        self.lora_A = nn.Parameter(torch.zeros(r, base.in_features))\n        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))\n        self.scaling = alpha / r\n';
const PLAIN = 'def add(a, b):\n    return a + b\n';
let dir: string;
let script: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paper-lens-scan-workers-'));
  const tree = join(dir, 'tree');
  for (let i = 0; i < 400; i++) {
    const sub = join(tree, `pkg${i % 7}`);
    mkdirSync(sub, { recursive: true });
    const name = join(sub, `m${String(i).padStart(3, '0')}.py`);
    if (i % 97 === 5) writeFileSync(name, Buffer.from([0x6c, 0x6f, 0x72, 0x61, 0, 1]));
    else if (i % 89 === 3) writeFileSync(name, `${LORA}${'#'.repeat(6000)}\n`);
    else writeFileSync(name, i % 9 === 0 ? `${PLAIN}\n\n${LORA}` : PLAIN);
  }
  // The CLI's own bundle is the workers' script, as in dist/cli.js.
  script = join(dir, 'cli.js');
  await esbuild.build({ entryPoints: ['src/cli/main.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'silent' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scanFilesInWorkers', () => {
  // On a one-core machine the first test checks the one-thread path only.
  it('gives the one-thread result over 400 files: findings in file order, skips and counts', async () => {
    const { files } = collectFiles([join(dir, 'tree')], fs);
    expect(files.length).toBe(400);
    const options = { maxBytes: 5000 };
    const serial = scanFiles(files, fs, options);
    let threads = 0;
    const parallel = await scanFilesInWorkers(script, fs, files, options, (n) => (threads = n));
    expect(threads).toBe(Math.min(availableParallelism(), 4));
    expect(parallel).toEqual(serial);
    expect(new Set(parallel.findings.map((f) => f.file)).size).toBeGreaterThan(40);
    expect(parallel.skipped.map((s) => s.reason)).toContain('binary');
    expect(parallel.skipped.some((s) => s.reason === 'larger than 5000 bytes')).toBe(true);
  });

  it('falls back to this thread when a worker cannot start', async () => {
    const { files } = collectFiles([join(dir, 'tree')], fs);
    const options = { maxBytes: 5000 };
    let threads = 0;
    const result = await scanFilesInWorkers(join(dir, 'no-such-script.js'), fs, files, options, (n) => (threads = n));
    expect(threads).toBe(1);
    expect(result).toEqual(scanFiles(files, fs, options));
    expect(result.findings.length).toBeGreaterThan(40);
  });
});

describe('startScanInWorkers', () => {
  it('fed file by file during the walk, gives the one-thread result over 400 files', async () => {
    const options = { maxBytes: 5000 };
    let threads = 0;
    const job = startScanInWorkers(script, fs, options, (n) => (threads = n));
    const { files } = collectFiles([join(dir, 'tree')], fs, [], undefined, (f) => job.add(f));
    const parallel = await job.finish();
    expect(threads).toBe(Math.min(availableParallelism(), 4));
    expect(parallel).toEqual(scanFiles(files, fs, options));
    expect(new Set(parallel.findings.map((f) => f.file)).size).toBeGreaterThan(40);
    expect(parallel.skipped.map((s) => s.reason)).toContain('binary');
  });

  it('stays on this thread for a small scan', async () => {
    const options = { maxBytes: 5000 };
    let threads = 0;
    const job = startScanInWorkers(script, fs, options, (n) => (threads = n));
    const { files } = collectFiles([join(dir, 'tree', 'pkg0')], fs, [], undefined, (f) => job.add(f));
    expect(files.length).toBeLessThan(256);
    const result = await job.finish();
    expect(threads).toBe(1);
    expect(result).toEqual(scanFiles(files, fs, options));
  });

  it('falls back to this thread when a worker cannot start', async () => {
    const options = { maxBytes: 5000 };
    let threads = 0;
    const job = startScanInWorkers(join(dir, 'no-such-script.js'), fs, options, (n) => (threads = n));
    const { files } = collectFiles([join(dir, 'tree')], fs, [], undefined, (f) => job.add(f));
    const result = await job.finish();
    expect(threads).toBe(1);
    expect(result).toEqual(scanFiles(files, fs, options));
    expect(result.findings.length).toBeGreaterThan(40);
  });
});
