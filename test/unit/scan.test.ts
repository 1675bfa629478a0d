import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanPaths, type ScanFs } from '../../src/core/cli/scan';
import { runCli } from '../../src/core/cli/cli';
import { PaperCatalog } from '../../src/core/papers/catalog';
import { IgnorePolicy } from '../../src/core/ignore/ignore-rules';
import { fs } from './support/node-scan-fs';

// Lists entry types as Node's readdir does, so the walk stats and resolves only symlinks.
const typedFs: ScanFs = {
  ...fs,
  readDirTypes: (p) => readdirSync(p, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory(), isSymbolicLink: e.isSymbolicLink() })),
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

  it('a walk with typed folder entries finds and skips the same files, oversized ones by their bytes', () => {
    const typed = scanPaths([root], typedFs, { maxBytes: 3000 });
    expect(typed).toEqual(scanPaths([root], fs, { maxBytes: 3000 }));
    expect(typed.skipped.find((s) => s.file === 'src/huge.py')?.reason).toMatch(/larger than 3000 bytes/);
    expect(typed.findings.map((f) => f.file)).toContain('src/models/lora.py');
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

describe('scan: the Latin-1 view reused as text for ASCII files', () => {
  let tree: string;
  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'paper-lens-scan-ascii-'));
    writeFileSync(join(tree, 'ascii.py'), LORA);
    // A BOM and multi-byte characters before the class: offsets and lines differ between the views.
    writeFileSync(join(tree, 'utf8.py'), `\ufeff# café — ✓ ünïcode\nname = "naïve ☃"\n${LORA}\nconfig = LoraConfig(r=8, lora_alpha=16, init_lora_weights="gaußian")\n`);
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('gives the findings of the decoded text, lines included, with and without the ASCII shortcut', () => {
    const quick: ScanFs = { ...fs, quickText: (b) => Buffer.from(b).toString('latin1'), isAscii: (b) => !Buffer.from(b).some((c) => c > 127) };
    const fast = scanPaths([tree], quick, { maxBytes: 100_000 });
    expect(fast).toEqual(scanPaths([tree], fs, { maxBytes: 100_000 }));
    expect(fast.findings.filter((f) => f.symbol === 'LoRALinear').map((f) => `${f.file}:${f.line}`)).toEqual(['ascii.py:5', 'utf8.py:7']);
    expect(fast.findings.find((f) => f.symbol === 'LoraConfig')?.params?.init_lora_weights).toBe('gaußian');
  });
});

describe('IgnorePolicy', () => {
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
    const policy = new IgnorePolicy();
    policy.addGitignore('', pattern);
    expect(policy.ignores(path, isDir)).toBe(ignored);
  });

  it('negation re-includes a file, also from a nested .gitignore', () => {
    const policy = new IgnorePolicy();
    policy.addGitignore('', '*.py\n!keep.py\n# comment\n');
    policy.addGitignore('pkg', '!pkg_keep.py\ngenerated/\n');
    expect(policy.ignores('drop.py', false)).toBe(true);
    expect(policy.ignores('keep.py', false)).toBe(false);
    expect(policy.ignores('pkg/pkg_keep.py', false)).toBe(false);
    expect(policy.ignoresPath('pkg/generated/lora.py')).toBe(true);
    expect(policy.ignoresPath('other/generated/lora.py')).toBe(true); // *.py from the root
  });

  it('applies VS Code exclude globs (braces, **, root-anchored names) and the default folders', () => {
    const policy = new IgnorePolicy(['**/out', 'dist/**', '**/*.{gen,tmp}.py', 'scratch.py']);
    expect(policy.ignoresPath('a/out/lora.py')).toBe(true);
    expect(policy.ignoresPath('dist/x/lora.py')).toBe(true);
    expect(policy.ignoresPath('src/x.gen.py')).toBe(true);
    expect(policy.ignoresPath('src/x.tmp.py')).toBe(true);
    expect(policy.ignoresPath('scratch.py')).toBe(true);
    expect(policy.ignoresPath('src/scratch.py')).toBe(false);
    expect(policy.ignoresPath('src/lora.py')).toBe(false);
    for (const p of ['.venv/lib/peft/lora.py', 'venv/lora.py', 'x/lib/python3.12/site-packages/peft/lora.py', 'node_modules/a/lora.py', '.git/lora.py']) {
      expect(policy.ignoresPath(p), p).toBe(true);
    }
    policy.excludeFolder('env');
    expect(policy.ignoresPath('env/lib/lora.py')).toBe(true);
  });
});

describe('scan: one ignore policy, no symlink loops', () => {
  let tree: string;
  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'paper-lens-scan-links-'));
    mkdirSync(join(tree, 'src/pkg/generated'), { recursive: true });
    writeFileSync(join(tree, 'src/lora.py'), LORA);
    writeFileSync(join(tree, 'src/pkg/.gitignore'), 'generated/\n');
    writeFileSync(join(tree, 'src/pkg/generated/lora_gen.py'), LORA);
    // A virtual environment under a name no default list has, found by its pyvenv.cfg.
    mkdirSync(join(tree, 'env/lib/python3.12/site-packages/peft'), { recursive: true });
    writeFileSync(join(tree, 'env/pyvenv.cfg'), 'home = /usr/bin\n');
    writeFileSync(join(tree, 'env/lib/python3.12/site-packages/peft/lora.py'), LORA);
    mkdirSync(join(tree, 'tools/lib/site-packages/x'), { recursive: true });
    writeFileSync(join(tree, 'tools/lib/site-packages/x/lora.py'), LORA);
    // A link to a parent folder, and two folders that link to each other.
    symlinkSync(tree, join(tree, 'src/up'), 'dir');
    mkdirSync(join(tree, 'a'));
    mkdirSync(join(tree, 'b'));
    writeFileSync(join(tree, 'a/lora_a.py'), LORA);
    symlinkSync(join(tree, 'b'), join(tree, 'a/to-b'), 'dir');
    symlinkSync(join(tree, 'a'), join(tree, 'b/to-a'), 'dir');
    // A link to a file read already, and a dangling link.
    symlinkSync(join(tree, 'src/lora.py'), join(tree, 'zz_link.py'));
    symlinkSync(join(tree, 'missing.py'), join(tree, 'zz_dangling.py'));
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('honours nested .gitignore files, virtual environments and site-packages', () => {
    const files = [...new Set(scanPaths([tree], fs, { maxBytes: 100_000 }).findings.map((f) => f.file))].sort();
    expect(files.some((f) => f.includes('generated') || f.includes('env/') || f.includes('site-packages'))).toBe(false);
  });

  it('a link to a parent folder and two mutual links give each finding once, and the walk ends', () => {
    const r = scanPaths([tree], fs, { maxBytes: 100_000 });
    const perFile = r.findings.filter((f) => f.technique === 'lora' && f.line === 5).map((f) => f.file).sort();
    expect(perFile).toEqual(['a/lora_a.py', 'src/lora.py']);
  });

  it('a typed walk resolves only the links, with the same result: each file once, ignored folders left out', () => {
    const r = scanPaths([tree], typedFs, { maxBytes: 100_000 });
    expect(r).toEqual(scanPaths([tree], fs, { maxBytes: 100_000 }));
    expect(r.findings.filter((f) => f.technique === 'lora' && f.line === 5).map((f) => f.file).sort()).toEqual(['a/lora_a.py', 'src/lora.py']);
    expect(r.findings.some((f) => f.file.includes('generated') || f.file.includes('env/') || f.file.includes('site-packages'))).toBe(false);
  });
});
