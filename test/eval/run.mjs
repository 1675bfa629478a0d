// `npm run eval`: accuracy of the detector on the development set of real public repositories
// (../shared/devset: labels.json + score.py). The labelled files are read from bare git mirrors under
// MIRROR_ROOT (default /work/.mirror or ../.mirror); without them this says so and exits 0.
// Prints score.py's table per technique and overall, then anchor recall per language and per anchor kind.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const firstDir = (dirs) => dirs.filter(Boolean).map((d) => resolve(root, d)).find((d) => existsSync(d));
const devset = firstDir([process.env.DEVSET, '../shared/devset', '../../shared/devset', '/work/shared/devset']);
if (!devset || !existsSync(join(devset, 'score.py'))) {
  console.log('eval: development set (shared/devset/score.py) not present, skipped');
  process.exit(0);
}
const labels = JSON.parse(readFileSync(join(devset, 'labels.json'), 'utf8'));
const mirrorOf = (base, repo) => join(base, repo.replace('/', '+'), 'repo');
const mirrors = firstDir([process.env.MIRROR_ROOT, '/work/.mirror', '../.mirror', '../../.mirror']);
const present = mirrors ? new Set(labels.map((e) => e.repo).filter((r) => existsSync(mirrorOf(mirrors, r)))) : new Set();
if (present.size === 0) {
  console.log('eval: mirrors not present, skipped (set MIRROR_ROOT to a folder of <owner>+<name>/repo git mirrors)');
  process.exit(0);
}

// Build when the CLI is missing or older than any source file.
const newest = (dir) => readdirSync(dir, { withFileTypes: true }).reduce((t, e) => {
  const p = join(dir, e.name);
  return Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
}, 0);
const cli = join(root, 'dist/cli.js');
if (!existsSync(cli) || statSync(cli).mtimeMs < newest(join(root, 'src'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

const run = spawnSync('python3', [join(devset, 'score.py')], { cwd: root, encoding: 'utf8', env: { ...process.env, MIRROR_ROOT: mirrors, VERBOSE: '1' }, maxBuffer: 1 << 26 });
if (run.error || (run.status !== 0 && run.status !== 1)) {
  console.error(run.stderr || String(run.error));
  process.exit(run.status ?? 1);
}
const lines = run.stdout.trimEnd().split('\n');
const notes = lines.filter((l) => /^(?:missed|false file|look-alike hit)/.test(l));
console.log(`mirrors: ${mirrors} (${present.size} of ${new Set(labels.map((e) => e.repo)).size} repositories)\n`);
console.log(lines.filter((l) => !notes.includes(l)).join('\n'));

// Anchor recall per language and per anchor kind, from the anchors score.py reports as missed.
const missed = new Set(notes.filter((l) => l.startsWith('missed anchor ')).map((l) => l.split(' ')[2]));
const tally = { language: new Map(), kind: new Map() };
for (const e of labels) {
  if (!present.has(e.repo)) continue;
  for (const l of e.labels) {
    if (l.borderline) continue;
    const hit = !missed.has(`${e.repo}:${e.path}:${l.line}`);
    for (const [by, key] of [['language', e.language], ['kind', l.anchor]]) {
      const t = tally[by].get(key) ?? { hit: 0, all: 0 };
      t.all++;
      if (hit) t.hit++;
      tally[by].set(key, t);
    }
  }
}
for (const by of ['language', 'kind']) {
  console.log(`\n${by.padEnd(12)} ${'anchors'.padStart(7)} ${'anchor-R'.padStart(9)}`);
  for (const [k, t] of [...tally[by]].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`${k.padEnd(12)} ${String(t.all).padStart(7)} ${(t.hit / t.all).toFixed(2).padStart(9)}`);
}
if (process.env.VERBOSE) console.log(`\n${notes.join('\n')}`);
process.exit(run.status);
