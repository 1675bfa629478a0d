import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPaths, type ScanFs } from '../../src/core/cli/scan';
import { runCli } from '../../src/core/cli/cli';
import { PaperCatalog } from '../../src/core/papers/catalog';
import { IgnoreRules } from '../../src/core/ignore/ignore-rules';

const fs: ScanFs = {
  stat: (p) => { try { const s = statSync(p); return { isDirectory: s.isDirectory(), size: s.size }; } catch { return undefined; } },
  readDir: (p) => readdirSync(p),
  readFile: (p) => readFileSync(p),
  join,
};
const LORA = 'import torch\nfrom torch import nn\n\n\nclass LoRALinear(nn.Module):\n    def __init__(self, base, r=8, alpha=16):\n        super().__init__()\n        self.lora_A = nn.Parameter(torch.zeros(r, base.in_features))\n        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))\n        self.scaling = alpha / r\n';
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'paper-lens-scan-test-'));
  mkdirSync(join(root, 'src/models'), { recursive: true });
  mkdirSync(join(root, 'build'), { recursive: true });
  mkdirSync(join(root, 'node_modules/pkg'), { recursive: true });
  writeFileSync(join(root, 'src/models/lora.py'), LORA);
  writeFileSync(join(root, 'build/lora_copy.py'), LORA);
  writeFileSync(join(root, 'node_modules/pkg/lora.py'), LORA);
  writeFileSync(join(root, 'src/models/ignored.py'), LORA);
  writeFileSync(join(root, '.gitignore'), 'build/\n/src/models/ignored.py\n');
  writeFileSync(join(root, 'src/blob.py'), Buffer.from([0x6c, 0x6f, 0x72, 0x61, 0, 1, 2, 3]));
  writeFileSync(join(root, 'src/huge.py'), `${LORA}${'#'.repeat(3000)}\n`);
  writeFileSync(join(root, 'README.md'), 'LoRA everywhere, but Markdown is not scanned.\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scanPaths over real files', () => {
  it('finds techniques, honours .gitignore and never enters node_modules', () => {
    const r = scanPaths([root], fs, { maxBytes: 3000 });
    const files = [...new Set(r.findings.map((f) => f.file))];
    expect(files).toEqual(['src/models/lora.py']);
    expect(r.findings.find((f) => f.line === 5)?.technique).toBe('lora');
  });

  it('skips binary and oversized files with a reason', () => {
    const r = scanPaths([root], fs, { maxBytes: 3000 });
    expect(r.skipped).toContainEqual({ file: 'src/blob.py', reason: 'binary' });
    expect(r.skipped.find((s) => s.file === 'src/huge.py')?.reason).toMatch(/larger than 3000 bytes/);
  });

  it('gives the same findings with the fast Latin-1 prefilter', () => {
    const quick: ScanFs = { ...fs, quickText: (b) => Buffer.from(b).toString('latin1') };
    expect(scanPaths([root], quick, { maxBytes: 3000 }).findings).toEqual(scanPaths([root], fs, { maxBytes: 3000 }).findings);
  });

  it('the CLI prints JSON with relative files and 1-based lines; bad arguments exit 2', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), fs };
    expect(await runCli(['scan', root, '--json'], new PaperCatalog([]), io)).toBe(0);
    const json = JSON.parse(out.join('\n'));
    expect(json.findings.find((f: { file: string }) => f.file === 'src/models/lora.py')).toMatchObject({ technique: 'lora', paper: 'dora', section: 'lora-recap', line: 5 });
    expect(json.findings.every((f: { line: number }) => f.line >= 1)).toBe(true);
    expect(await runCli(['scan', join(root, 'missing')], new PaperCatalog([]), io)).toBe(2);
    expect(await runCli(['scan', '--frobnicate'], new PaperCatalog([]), io)).toBe(2);
    expect(await runCli(['scan', '--max-bytes', 'lots'], new PaperCatalog([]), io)).toBe(2);
    expect(err.join('\n')).toMatch(/no such file or folder/);
  });
});

describe('IgnoreRules', () => {
  it.each([
    ['*.log', 'a/b/c.log', false, true],
    ['/build', 'build', true, true],
    ['/build', 'src/build', true, false],
    ['docs/**/*.py', 'docs/a/b/x.py', false, true],
    ['out/', 'out', false, false],
    ['out/', 'out', true, true],
    ['?.py', 'a.py', false, true],
    ['[ab].py', 'c.py', false, false],
  ])('%s on %s (dir %s) → %s', (pattern, path, isDir, ignored) => {
    expect(new IgnoreRules([pattern]).ignores(path, isDir)).toBe(ignored);
  });

  it('negation re-includes a file', () => {
    const rules = IgnoreRules.fromGitignore('*.py\n!keep.py\n# comment\n');
    expect(rules.ignores('drop.py', false)).toBe(true);
    expect(rules.ignores('keep.py', false)).toBe(false);
  });

  it('stays fast on hostile patterns and long paths', () => {
    const rules = new IgnoreRules(['**/**/**/**/**/*a*a*a*a*a*a*b']);
    const t = performance.now();
    rules.ignores(`${'a/'.repeat(500)}${'a'.repeat(2000)}`, false);
    expect(performance.now() - t).toBeLessThan(500);
  });
});
