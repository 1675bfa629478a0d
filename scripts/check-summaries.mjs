#!/usr/bin/env node
// Checks the bundled summaries against FACTS.md: every number in a summary must appear in FACTS.md,
// the required front matter fields and section ids must exist, and the body must be 700–1,500 words.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const factsPath = [join(root, '../shared/papers/FACTS.md'), join(root, 'test/facts/FACTS.md')].find(existsSync);
const facts = readFileSync(factsPath, 'utf8');
const dir = join(root, 'media/papers');
const only = process.argv.slice(2);
let failures = 0;

function numberInFacts(tok) {
  let i = facts.indexOf(tok);
  while (i >= 0) {
    const before = facts[i - 1] ?? ' ';
    const after = facts[i + tok.length] ?? ' ';
    if (!/[\d.]/.test(before) && !/\d/.test(after) && !(after === '.' && /\d/.test(facts[i + tok.length + 1] ?? ''))) return true;
    i = facts.indexOf(tok, i + 1);
  }
  return false;
}

for (const f of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
  if (only.length && !only.some((o) => f.startsWith(o))) continue;
  const text = readFileSync(join(dir, f), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const problems = [];
  if (!m) problems.push('no front matter');
  const fm = m ? m[1] : '';
  for (const key of ['id', 'title', 'shortTitle', 'authors', 'organization', 'arxiv', 'published', 'month', 'topics', 'techniques', 'related']) {
    if (!new RegExp(`^${key}:`, 'm').test(fm)) problems.push(`front matter lacks ${key}`);
  }
  const body = m ? text.slice(m[0].length) : text;
  const words = body.replace(/\$\$[\s\S]*?\$\$/g, ' ').split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
  if (words < 700 || words > 1500) problems.push(`body has ${words} words (700–1500 wanted)`);
  const checked = fm.replace(/^(published|month):.*$/gm, '') + '\n' + body;
  const bad = new Set();
  for (const tok of checked.match(/\d+(?:\.\d+)*/g) ?? []) if (!numberInFacts(tok)) bad.add(tok);
  if (bad.size) problems.push(`numbers not found in FACTS.md: ${[...bad].join(', ')}`);
  const ids = [...body.matchAll(/^#{2,4} .*\{#([a-z0-9-]+)\}\s*$/gm)].map((x) => x[1]);
  const headings = [...body.matchAll(/^#{2,4} .*$/gm)].length;
  if (ids.length !== headings) problems.push(`${headings - ids.length} heading(s) without a {#slug} id`);
  console.log(`${f}: ${words} words, ${ids.length} sections [${ids.join(' ')}]${problems.length ? '\n  - ' + problems.join('\n  - ') : ' OK'}`);
  failures += problems.length ? 1 : 0;
}
process.exit(failures ? 1 : 0);
