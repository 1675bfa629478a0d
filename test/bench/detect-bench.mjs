// Micro-benchmark of the code detector. Run from the repo root: `node test/bench/detect-bench.mjs`.
// Bundles src/core/detect with esbuild into a temp dir, then measures:
//   1. detect() on a 10,000-line Python file with a few planted techniques: first (cold) call and warm median;
//   2. throughput on text with no trigger word (the prefilter path) and on trigger-bearing text (full path);
//   3. ripgrep over the same no-trigger text, when `rg` is installed, for comparison;
//   4. the extension's first lens of a new window on the same file unchanged on disk: no detector, the findings
//      come from the persisted workspace index (10,000 files); each run a fresh Node process (see firstLens below).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const dir = mkdtempSync(join(tmpdir(), 'detect-bench-'));
const outfile = join(dir, 'detect.mjs');
await build({ entryPoints: ['src/core/detect/index.ts'], bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'warning' });

// Deterministic filler in the shape of ordinary model code: classes, methods, comments, strings, docstrings.
function filler(lines, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const out = [];
  let i = 0;
  while (out.length < lines) {
    i++;
    out.push(`class Block${i}(nn.Module):`, `    """Residual block number ${i} with attention and an MLP."""`, '', '    def __init__(self, dim, heads=8):');
    out.push('        super().__init__()', '        self.norm = nn.LayerNorm(dim)  # pre-norm', `        self.proj = nn.Linear(dim, ${pick(['dim', '4 * dim', 'dim // 2'])}, bias=False)`);
    out.push('', '    def forward(self, x, mask=None):', `        h = self.proj(self.norm(x)).view(x.size(0), -1, ${pick(['8', '16'])})`);
    out.push(`        logger.info(f"shape {h.shape} in block ${i}")`, '        return x + h.reshape_as(x)', '', '');
  }
  return out.slice(0, lines);
}

const planted = [
  'class LoRALinear(nn.Module):', '    def __init__(self, d, r=8, alpha=16):', '        super().__init__()',
  '        self.lora_A = nn.Parameter(torch.zeros(r, d))', '        self.lora_B = nn.Parameter(torch.zeros(d, r))', '        self.scaling = alpha / r', '',
  'class SparseMoeBlock(nn.Module):', '    def __init__(self, d, num_experts=8, top_k=2):', '        super().__init__()',
  '        self.gate = nn.Linear(d, num_experts, bias=False)', '', '    def forward(self, x):',
  '        weights, selected_experts = torch.topk(self.gate(x), self.top_k, dim=-1)', '        return weights', '',
  'def dpo_loss(pc, pr, ref_chosen_logps, ref_rejected_logps, beta=0.1):',
  '    return -F.logsigmoid(beta * ((pc - pr) - (ref_chosen_logps - ref_rejected_logps)))', '',
];
const base = filler(10_000 - planted.length);
const at = [1000, 5000, 9000];
const lines = [...base.slice(0, at[0]), ...planted.slice(0, 7), ...base.slice(at[0], at[1]), ...planted.slice(7, 16), ...base.slice(at[1], at[2]), ...planted.slice(16), ...base.slice(at[2])];
const tenK = lines.join('\n') + '\n';

const { detect } = await import(pathToFileURL(outfile).href);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const t0 = process.hrtime.bigint();
  const r = f();
  return [Number(process.hrtime.bigint() - t0) / 1e6, r];
};

const [cold, first] = time(() => detect(tenK, 'model.py'));
for (let i = 0; i < 30; i++) detect(tenK, 'model.py');
const warm = median(Array.from({ length: 50 }, () => time(() => detect(tenK, 'model.py'))[0]));
console.log(`10k-line Python (${(tenK.length / 1024).toFixed(0)} KiB, ${first.findings.length} findings): cold ${cold.toFixed(2)} ms, warm median ${warm.toFixed(2)} ms`);
for (const f of first.findings) console.log(`  ${String(f.line).padStart(5)} ${f.technique.padEnd(4)} ${f.kind.padEnd(12)} ${f.evidence}`);

// No-trigger text: the same filler, which has none of the prefilter's words.
const plain = filler(400_000, 7).join('\n');
if (detect(plain, 'x.py').findings.length !== 0) throw new Error('filler unexpectedly has findings');
const chunk = 64 * 1024;
const files = [];
for (let i = 0; i < plain.length; i += chunk) files.push(plain.slice(i, i + chunk));
const mb = plain.length / 1e6;
for (let i = 0; i < 3; i++) for (const f of files) detect(f, 'x.py');
const scan = median(Array.from({ length: 7 }, () => time(() => { for (const f of files) detect(f, 'x.py'); })[0]));
console.log(`no-trigger text: ${mb.toFixed(1)} MB in ${files.length} files of 64 KiB: ${scan.toFixed(1)} ms, ${(mb / (scan / 1000)).toFixed(0)} MB/s`);

console.log(`full path (the 10k-line file, warm): ${((tenK.length / 1e6) / (warm / 1000)).toFixed(0)} MB/s`);

const data = join(dir, 'plain');
execFileSync('mkdir', ['-p', data]);
files.forEach((f, i) => writeFileSync(join(data, `f${i}.py`), f));
const rgOnce = () => {
  try {
    execFileSync('rg', ['-i', '-l', '--no-ignore', 'lora|dora|expert|moe|dpo|ppo|advantage|chosen|replay', data], { stdio: 'ignore' });
  } catch (e) {
    if (e.code === 'ENOENT') throw e; // exit status 1 just means no file matched
  }
};
let rg;
try {
  rgOnce();
  rg = median(Array.from({ length: 5 }, () => time(rgOnce)[0]));
  console.log(`ripgrep -i over the same ${files.length} files from page cache (process start included): ${rg.toFixed(1)} ms, ${(mb / (rg / 1000)).toFixed(0)} MB/s`);
} catch {
  console.log('ripgrep not installed');
}
// The first lens of a new window on the 10,000-line file, unchanged since the last window indexed it: what
// DocumentFindings does for a document that is not dirty (src/services/document-findings.ts): stat the file
// and, once per window, load the persisted index (stat the detector bundle for its version, read and parse the
// record), then look the file up by size, mtime and options. Each run is a fresh Node process (nothing
// warmed up: the module is loaded in the timed process but outside the timing, as dist/main.js is loaded at
// activation), with a record of 10,000 files, 1 in 25 with findings, as test/bench/index-bench.mjs makes.
const cacheModule = join(dir, 'index-cache.mjs');
await build({ entryPoints: ['src/core/index-cache/index-cache.ts'], bundle: true, platform: 'node', format: 'esm', outfile: cacheModule, logLevel: 'warning' });
const { serializeIndexCache } = await import(pathToFileURL(cacheModule).href);
const modelFile = join(dir, 'model.py');
writeFileSync(modelFile, tenK);
const OPTIONS = JSON.stringify([['lora', 'dora', 'moe', 'dpo', 'ppo', 'rewarm'], [], 1_000_000, '[]']);
/** Writes a persisted index of `files` files (the 10,000-line file among them) and the script of one first lens over it. */
function firstLensScript(files) {
  const record = new Map();
  for (let f = 0; f < files - 1; f++) record.set(`file:///ws/pkg${f % 100}/m${f}.py`, { size: 4000 + f, mtime: 1_700_000_000_000 + f, options: OPTIONS, findings: f % 25 === 0 ? first.findings.slice(0, 1) : [] });
  const st = statSync(modelFile);
  record.set(pathToFileURL(modelFile).href, { size: st.size, mtime: st.mtimeMs, options: OPTIONS, findings: first.findings });
  const recordFile = join(dir, `workspace-index-${files}.json`);
  writeFileSync(recordFile, serializeIndexCache(`${statSync(outfile).size}:${statSync(outfile).mtimeMs}`, record));
  const lookup = join(dir, `first-lens-${files}.mjs`);
  writeFileSync(lookup, `import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
const { parseIndexCache } = await import(${JSON.stringify(pathToFileURL(cacheModule).href)});
const t0 = performance.now();
const load = async () => {
  const bundle = await stat(${JSON.stringify(outfile)});
  return parseIndexCache(new TextDecoder().decode(await readFile(${JSON.stringify(recordFile)})), \`\${bundle.size}:\${bundle.mtimeMs}\`);
};
const [st, record] = await Promise.all([stat(${JSON.stringify(modelFile)}), load()]);
const options = JSON.stringify([['lora', 'dora', 'moe', 'dpo', 'ppo', 'rewarm'], [], 1_000_000, '[]']);
const found = record.findingsIfUnchanged({ key: ${JSON.stringify(pathToFileURL(modelFile).href)}, size: st.size, mtime: st.mtimeMs, options });
const total = performance.now() - t0;
// The next file's first lens in the same window: the record is loaded already.
const t1 = performance.now();
const st2 = await stat(${JSON.stringify(modelFile)});
const again = record.findingsIfUnchanged({ key: ${JSON.stringify(pathToFileURL(modelFile).href)}, size: st2.size, mtime: st2.mtimeMs, options });
console.log(JSON.stringify({ total, next: performance.now() - t1, findings: found?.length ?? -1, again: again?.length ?? -1 }));
`);
  const runs = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, [lookup], { encoding: 'utf8' })));
  if (runs.some((r) => r.findings !== first.findings.length || r.again !== first.findings.length)) throw new Error(`the persisted index did not give the file's findings: ${JSON.stringify(runs)}`);
  const ms = median(runs.map((r) => r.total));
  console.log(`first lens of a new window, file unchanged (persisted index of ${files} files, ${(statSync(recordFile).size / 1024).toFixed(0)} KiB; fresh process): ${ms.toFixed(2)} ms [${runs.map((r) => r.total.toFixed(2)).join(', ')}]; next file in that window ${median(runs.map((r) => r.next)).toFixed(2)} ms`);
  return { ms, runs: runs.map((r) => r.total), next: median(runs.map((r) => r.next)) };
}
const bigRecord = firstLensScript(10_000);
const smallRecord = firstLensScript(100);

// For run.mjs's table.
console.log(`BENCH_JSON ${JSON.stringify({ coldMs: cold, warmMs: warm, findings: first.findings.length, prefilterMBps: mb / (scan / 1000), rgMBps: rg && mb / (rg / 1000), firstLensMs: bigRecord.ms, firstLensRuns: bigRecord.runs, nextLensMs: bigRecord.next, firstLensSmallMs: smallRecord.ms, firstLensSmallRuns: smallRecord.runs })}`);
