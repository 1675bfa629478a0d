// Workspace-scan throughput: `paper-lens scan --json` over generated corpora of 10, 50 and 200 MB of
// mixed-language code with planted technique snippets (and over the development set's HEAD trees when the
// mirrors are on this machine) against ripgrep searching the same files for the same trigger words, both
// as whole processes from a warm page cache, alternating, medians of SCAN_RUNS (3). Each corpus also gets
// the floor: the same scan with detection skipped (walk, read, prefilter, decode only).
import { execFileSync, execSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.SCAN_RUNS ?? 3);
const SIZES_MB = (process.env.SCAN_BENCH_MB ?? '10,50,200').split(',').map(Number);
const MIRRORS = '/work/.mirror';
// The detector's prefilter words: a file without any of them cannot yield a finding.
const TRIGGERS = 'lora|dora|xpert|moe|dpo|ppo|advantage|logsigmoid|log_sigmoid|chosen|rewarm|re_warm|redecay|continual|continued|initial_checkpoint|replay|reset_lr|aux_loss|load_balanc|surr|cliprange|wdecomp|magnitude';

const FILLERS = {
  py: (i) => `class Layer${i}(nn.Module):\n    """Block ${i}."""\n    def __init__(self, dim):\n        super().__init__()\n        self.proj = nn.Linear(dim, dim)  # projection\n\n    def forward(self, x):\n        return self.proj(x) + x\n\n`,
  ts: (i) => `export function step${i}(state: State, input: number[]): State {\n  // update the running mean\n  const total = input.reduce((a, b) => a + b, 0);\n  return { ...state, mean: total / Math.max(input.length, 1), count: state.count + 1 };\n}\n\n`,
  rs: (i) => `pub fn kernel_${i}(xs: &[f32], out: &mut [f32]) {\n    // elementwise scale\n    for (o, x) in out.iter_mut().zip(xs) {\n        *o = x * 0.5 + 1.0;\n    }\n}\n\n`,
  cpp: (i) => `float reduce_${i}(const std::vector<float>& v) {\n  // sum of squares\n  float s = 0.f;\n  for (float x : v) s += x * x;\n  return s;\n}\n\n`,
  yaml: (i) => `stage_${i}:\n  batch_size: 32\n  learning_rate: 0.0003\n  warmup_steps: 100\n  # comment ${i}\n\n`,
};
const PLANTED = {
  py: 'class LoRALinear(nn.Module):\n    def __init__(self, base, r=8, alpha=16):\n        super().__init__()\n        self.lora_A = nn.Parameter(torch.zeros(r, base.in_features))\n        self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))\n        self.scaling = alpha / r\n\n',
  ts: 'export class MoeRouter {\n  constructor(private numExperts: number, private topK = 2) {}\n  route(logits: number[]): number[] {\n    return topk(logits, this.topK);\n  }\n}\n\n',
  rs: 'pub struct LoraLinear {\n    lora_a: Tensor,\n    lora_b: Tensor,\n    scaling: f32,\n}\n\n',
  cpp: 'torch::Tensor dpo_loss(torch::Tensor policy_chosen_logps, torch::Tensor policy_rejected_logps, torch::Tensor ref_chosen_logps, torch::Tensor ref_rejected_logps, double beta) {\n  auto logits = (policy_chosen_logps - ref_chosen_logps) - (policy_rejected_logps - ref_rejected_logps);\n  return -torch::log_sigmoid(beta * logits).mean();\n}\n\n',
  yaml: 'lora:\n  r: 16\n  lora_alpha: 32\n  target_modules: [q_proj, v_proj]\n\n',
};

export function generate(dir, targetBytes) {
  let bytes = 0;
  let planted = 0;
  const exts = Object.keys(FILLERS);
  for (let f = 0; bytes < targetBytes; f++) {
    const ext = exts[f % exts.length];
    const sub = join(dir, `pkg${f % 40}`);
    mkdirSync(sub, { recursive: true });
    let text = '';
    for (let i = 0; text.length < 40_000; i++) text += FILLERS[ext](i);
    if (f % 25 === 0) {
      const at = text.indexOf('\n\n', text.length >> 1) + 2;
      text = text.slice(0, at) + PLANTED[ext] + text.slice(at);
      planted++;
    }
    writeFileSync(join(sub, `file${f}.${ext}`), text);
    bytes += text.length;
  }
  return { bytes, planted };
}

function timed(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8', env: env ? { ...process.env, ...env } : process.env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0 && !(cmd === 'rg' && r.status === 1)) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export function hasRipgrep() {
  return spawnSync('rg', ['--version']).error === undefined;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// The file types the scan reads, so ripgrep searches the same files.
const RG_TYPES = ['py', 'ipynb', 'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'rs', 'c', 'cc', 'cpp', 'cxx', 'cu', 'cuh', 'h', 'hh', 'hpp', 'hxx', 'yaml', 'yml'].flatMap((e) => ['-g', `*.${e}`]);

/** Times `paper-lens scan` against ripgrep over one folder of `bytes` bytes of code. */
function measure(dir, bytes, label) {
  const cli = join(root, 'dist/cli.js');
  const rg = hasRipgrep();
  // Warm the page cache, and count what each tool sees.
  const first = JSON.parse(timed(process.execPath, [cli, 'scan', dir, '--json']).stdout);
  const filesWithFindings = new Set(first.findings.map((x) => x.file)).size;
  const rgFiles = rg ? timed('rg', ['-i', '-l', '--no-ignore', ...RG_TYPES, TRIGGERS, dir]).stdout.trim().split('\n').filter(Boolean).length : undefined;
  const ours = [];
  const theirs = [];
  const floor = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(timed(process.execPath, [cli, 'scan', dir, '--json']).ms);
    // The floor of any scanner written in Node: the same CLI, walk, reads, prefilter and decode with the
    // detector not called (PAPER_LENS_SCAN_FLOOR=1); what it costs over ripgrep is not the detector's.
    floor.push(timed(process.execPath, [cli, 'scan', dir, '--json'], { PAPER_LENS_SCAN_FLOOR: '1' }).ms);
    if (rg) theirs.push(timed('rg', ['-i', '-c', '--no-ignore', ...RG_TYPES, TRIGGERS, dir]).ms);
  }
  const mb = bytes / 1e6;
  const r = {
    label, corpusMB: Number(mb.toFixed(1)), filesWithFindings, rgMatchingFiles: rgFiles, oursMs: median(ours), oursMBps: mb / (median(ours) / 1000),
    floorMs: median(floor), floorMBps: mb / (median(floor) / 1000),
  };
  if (rg) Object.assign(r, { rgMs: median(theirs), rgMBps: mb / (median(theirs) / 1000), ratio: median(theirs) / median(ours), floorRatio: median(theirs) / median(floor) });
  return r;
}

function statSize(p) {
  return Number(spawnSync('stat', ['-c', '%s', p], { encoding: 'utf8' }).stdout);
}

/** The development set's repositories at HEAD, extracted to a temp folder (never into the project). */
function devsetTree(dir) {
  if (!existsSync(MIRRORS)) return undefined;
  const repos = readdirSync(MIRRORS).filter((n) => existsSync(join(MIRRORS, n, 'repo')));
  if (!repos.length) return undefined;
  for (const name of repos) {
    const to = join(dir, name);
    mkdirSync(to, { recursive: true });
    try {
      execSync(`git --git-dir ${JSON.stringify(join(MIRRORS, name, 'repo'))} archive HEAD | tar -x -C ${JSON.stringify(to)}`, { stdio: 'ignore' });
    } catch {
      // an empty or broken mirror: skip it
    }
  }
  const list = spawnSync('rg', ['--files', '--no-ignore', ...RG_TYPES, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const files = list.error ? [] : list.stdout.trim().split('\n').filter(Boolean);
  let bytes = 0;
  for (const f of files) bytes += statSize(f);
  return { repos: repos.length, files: files.length, bytes };
}

export async function runBench() {
  const results = [];
  for (const size of SIZES_MB) {
    const dir = mkdtempSync(join(tmpdir(), 'paper-lens-scan-'));
    try {
      const { bytes } = generate(dir, size * 1e6);
      results.push(measure(dir, bytes, `generated ${size} MB`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (process.env.SCAN_DEVSET !== '0' && hasRipgrep()) {
    const dir = mkdtempSync(join(tmpdir(), 'paper-lens-devset-'));
    try {
      const tree = devsetTree(dir);
      if (tree) results.push({ ...measure(dir, tree.bytes, `dev-set HEAD trees (${tree.repos} repos, ${tree.files} code files)`), devset: tree });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { ripgrep: hasRipgrep(), rows: results };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  console.log(JSON.stringify(await runBench(), null, 1));
}
