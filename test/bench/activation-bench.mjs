// Activation in plain Node, away from the workbench's noise: fresh processes load the packaged entry
// (dist/extension.js) and call `activate` with a stand-in `vscode` (activation-host.cjs), next to loading the
// built-in Markdown Language Features bundle of the same code-server (its code loading alone: it cannot
// activate without a workbench). Runs alternate; medians. ACTIVATION_RUNS sets the count (default 15).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerEntry } from '../e2e/code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const host = join(root, 'test/bench/activation-host.cjs');
const RUNS = Number(process.env.ACTIVATION_RUNS ?? 15);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const once = (...args) => JSON.parse(execFileSync(process.execPath, [host, ...args], { encoding: 'utf8' }).trim().split('\n').pop());

export function runActivationBench() {
  const markdown = join(dirname(codeServerEntry), '../../lib/vscode/extensions/markdown-language-features/dist/extension.js');
  const ours = [];
  const theirs = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(once(join(root, 'dist/extension.js')));
    if (existsSync(markdown)) theirs.push(once(markdown, '--no-activate'));
  }
  return {
    sync: median(ours.map((r) => r.loadMs + r.activateMs)),
    syncRuns: ours.map((r) => +(r.loadMs + r.activateMs).toFixed(1)),
    resolved: median(ours.map((r) => r.resolvedMs)),
    markdownLoad: theirs.length ? median(theirs.map((r) => r.loadMs)) : undefined,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(runActivationBench()));
