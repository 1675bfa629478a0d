// Workspace index across windows, in-process on real files: a generated workspace of 10,000 code files
// (1 in 25 with a planted technique). The first window walks, stats, reads and detects every file and
// writes the persisted index; a second window reads that index, walks and stats, and detects only what
// changed (nothing, then 1% of the files touched). Also the heap the index takes for those 10,000 files.
// The generated files are small and 24 in 25 fail the prefilter, so its first window is mostly walking,
// stating and reading and its second window sits at the stat floor; the same windows are also measured
// on real code (the development set's HEAD trees, code files only, when the mirrors are on this machine),
// where the first window has the detection a real workspace has.
// Run with `node --expose-gc test/bench/index-bench.mjs`; INDEX_BENCH_RUNS sets the repetitions of the
// unchanged second window and of the floor (default 5, medians), INDEX_BENCH_FIRST_RUNS those of the first
// window (default 3, median).
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const FILES = Number(process.env.INDEX_BENCH_FILES ?? 10_000);
/** Second windows with nothing changed (and floors), interleaved; medians are reported. */
const RUNS = Number(process.env.INDEX_BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const OPTIONS = JSON.stringify({ techniques: null, maxBytes: 1_000_000 });

const body = (i) => `class Block${i}(nn.Module):\n    """Block ${i}."""\n    def __init__(self, dim):\n        super().__init__()\n        self.proj = nn.Linear(dim, dim)\n\n    def forward(self, x):\n        return self.proj(x) + x\n\n`;
const planted = 'class LoRALinear(nn.Module):\n    def __init__(self, base, r=8, alpha=16):\n        super().__init__()\n        self.lora_A = nn.Parameter(torch.zeros(r, base.in_features))\n        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))\n        self.scaling = alpha / r\n\n';

function generate(dir) {
  for (let f = 0; f < FILES; f++) {
    const sub = join(dir, `pkg${f % 100}`);
    mkdirSync(sub, { recursive: true });
    let text = '';
    for (let i = 0; i < 12; i++) text += body(f * 100 + i);
    if (f % 25 === 0) text += planted;
    writeFileSync(join(sub, `m${f}.py`), text);
  }
}

// The files the extension's index reads: code files only (its findFiles pattern), in any folder.
const CODE = /\.(py|ipynb|[cm]?[jt]sx?|rs|c|cc|cpp|cxx|cu|cuh|h|hh|hpp|hxx|ya?ml)$/;

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && CODE.test(e.name)) out.push(p);
  }
  return out;
}

/** The development set's repositories at HEAD in `dir` (as the scan bench does), or false without mirrors. */
function devsetTree(dir) {
  const mirrors = '/work/.mirror';
  if (process.env.SCAN_DEVSET === '0' || !existsSync(mirrors)) return false;
  const repos = readdirSync(mirrors).filter((n) => existsSync(join(mirrors, n, 'repo')));
  for (const name of repos) {
    mkdirSync(join(dir, name), { recursive: true });
    try {
      execSync(`git --git-dir ${JSON.stringify(join(mirrors, name, 'repo'))} archive HEAD | tar -x -C ${JSON.stringify(join(dir, name))}`, { stdio: 'ignore' });
    } catch {
      // an empty or broken mirror: skip it
    }
  }
  return repos.length > 0;
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

export async function runIndexBench() {
  const tmp = mkdtempSync(join(tmpdir(), 'paper-lens-index-'));
  try {
    const out = join(tmp, 'bench.mjs');
    await build({ stdin: { contents: "export { detect } from './src/core/detect/index';\nexport * from './src/core/index-cache/index-cache';", resolveDir: fileURLToPath(new URL('../..', import.meta.url)), loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
    const lib = await import(pathToFileURL(out).href);
    const ws = join(tmp, 'ws');
    generate(ws);
    const r = measure(lib, ws, join(tmp, 'index-cache.json'), true);
    // The same on real code, where the first window has real detection to do: the dev-set HEAD trees.
    const real = join(tmp, 'devset');
    if (devsetTree(real)) r.devset = measure(lib, real, join(tmp, 'devset-cache.json'), false);
    return r;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** First and second windows (and, with `memory`, the heap figures) on the workspace `ws`. */
function measure({ detect, serializeIndexCache, parseIndexCache, planReindex }, ws, cacheFile, memory) {
  {
    const decoder = new TextDecoder();

    // First window: everything read and detected; the cache written at the end.
    walk(ws).forEach((p) => statSync(p)); // same page cache for both windows
    // Repeated too (each one writes the cache afresh); the median is the baseline of every ratio.
    const FIRST_RUNS = Number(process.env.INDEX_BENCH_FIRST_RUNS ?? 3);
    const firsts = [];
    const files = new Map();
    const index = new Map();
    let t0;
    for (let r = 0; r < FIRST_RUNS; r++) {
      files.clear();
      index.clear();
      t0 = process.hrtime.bigint();
      for (const p of walk(ws)) {
        const st = statSync(p);
        const { findings } = detect(decoder.decode(readFileSync(p)), p);
        files.set(p, { size: st.size, mtime: st.mtimeMs, options: OPTIONS, findings });
        if (findings.length) index.set(p, findings);
      }
      writeFileSync(cacheFile, serializeIndexCache('bench', files));
      firsts.push(ms(t0));
    }
    const first = median(firsts);

    const secondWindow = () => {
      const t = process.hrtime.bigint();
      const cache = parseIndexCache(readFileSync(cacheFile, 'utf8'), 'bench');
      const stamps = walk(ws).map((p) => {
        const st = statSync(p);
        return { key: p, size: st.size, mtime: st.mtimeMs, options: OPTIONS };
      });
      const plan = planReindex(cache, stamps);
      const next = new Map();
      // Like the extension's IndexCache: a reused file keeps the record the last window made for it.
      for (const key of plan.reuse.keys()) next.set(key, cache.get(key));
      for (const s of plan.detect) {
        const { findings } = detect(decoder.decode(readFileSync(s.key)), s.key);
        next.set(s.key, { size: s.size, mtime: s.mtime, options: OPTIONS, findings });
      }
      // Like the extension: written only when something changed.
      if (plan.detect.length || cache.size !== next.size) writeFileSync(cacheFile, serializeIndexCache('bench', next));
      return { ms: ms(t), redetected: plan.detect.length };
    };
    // The floor of any second window that trusts nothing it has not checked: walking and one stat per file.
    // Both are repeated, interleaved, and the medians kept: one sample on a shared machine is mostly noise.
    const floors = [];
    const seconds = [];
    for (let r = 0; r < RUNS; r++) {
      t0 = process.hrtime.bigint();
      for (const p of walk(ws)) statSync(p);
      floors.push(ms(t0));
      seconds.push(secondWindow());
    }
    const floor = median(floors);
    const second = seconds.find((s) => s.ms === median(seconds.map((x) => x.ms)));
    const all = walk(ws);
    const touched = all.filter((_, i) => i % 100 === 0);
    const later = new Date(Date.now() + 5_000);
    for (const p of touched) utimesSync(p, later, later);
    const secondChanged = secondWindow();

    // Without the persisted index a second window does what the first did.
    t0 = process.hrtime.bigint();
    for (const p of walk(ws)) {
      statSync(p);
      detect(decoder.decode(readFileSync(p)), p);
    }
    const noCache = ms(t0);

    // Heap of the in-memory index (files with findings) and of the cache map (every file).
    const heap = () => {
      globalThis.gc?.();
      globalThis.gc?.();
      return process.memoryUsage().heapUsed;
    };
    // Ten fresh copies each, so one figure is well above the heap's noise.
    const json = JSON.stringify([...index]);
    const h0 = heap();
    const indexCopies = Array.from({ length: 10 }, () => new Map(JSON.parse(json)));
    const h1 = heap();
    const text = readFileSync(cacheFile, 'utf8');
    const cacheCopies = Array.from({ length: 10 }, () => parseIndexCache(text, 'bench'));
    const h2 = heap();
    if (!memory) return { files: all.length, withFindings: index.size, firstMs: first, secondMs: second.ms, secondRedetected: second.redetected, secondChangedMs: secondChanged.ms, secondChangedRedetected: secondChanged.redetected, walkStatMs: floor, noCacheSecondMs: noCache, firstRuns: firsts.map((x) => Math.round(x)), secondRuns: seconds.map((x) => Math.round(x.ms)) };
    const r = {
      files: all.length, withFindings: index.size, firstMs: first, secondMs: second.ms, secondRedetected: second.redetected,
      secondChangedMs: secondChanged.ms, secondChangedRedetected: secondChanged.redetected, noCacheSecondMs: noCache, walkStatMs: floor,
      ratio: second.ms / first, firstRuns: firsts.map((x) => Math.round(x)), secondRuns: seconds.map((x) => Math.round(x.ms)), floorRuns: floors.map((x) => Math.round(x)), indexHeapKB: (h1 - h0) / 10 / 1024, cacheHeapKB: (h2 - h1) / 10 / 1024, cacheFileKB: statSync(cacheFile).size / 1024,
      gc: typeof globalThis.gc === 'function',
    };
    if (!indexCopies[9].size || !cacheCopies[9].size) throw new Error('empty index');
    return r;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await runIndexBench()));
