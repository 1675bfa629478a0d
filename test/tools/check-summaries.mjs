#!/usr/bin/env node
// Checks the bundled summaries against FACTS.md: every number in a summary must appear in FACTS.md, the
// front matter keys and heading ids must exist, and the body must be 700–2,600 words.
// `node test/tools/check-summaries.mjs [id…]`; the unit tests import checkSummary.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** FACTS.md from the team's shared folder when it sits beside the checkout, else the snapshot in test/facts. */
export function readFacts() {
  const path = [join(root, '../shared/papers/FACTS.md'), join(root, 'test/facts/FACTS.md')].find(existsSync);
  return readFileSync(path, 'utf8');
}

/** Body length bounds in words (display math excluded): deep enough to implement from, short enough to read. */
export const MIN_WORDS = 700;
export const MAX_WORDS = 2600;

export const FRONT_MATTER_KEYS = ['id', 'title', 'shortTitle', 'authors', 'organization', 'arxiv', 'published', 'month', 'topics', 'techniques', 'related', 'gist'];

/** Whether `tok` (a run of digits and dots) stands in `facts` as a whole number, not inside a longer one. */
export function numberInFacts(facts, tok) {
  for (let i = facts.indexOf(tok); i >= 0; i = facts.indexOf(tok, i + 1)) {
    const before = facts[i - 1] ?? ' ';
    const after = facts[i + tok.length] ?? ' ';
    const afterNext = facts[i + tok.length + 1] ?? '';
    if (!/[\d.]/.test(before) && !/\d/.test(after) && !(after === '.' && /\d/.test(afterNext))) return true;
  }
  return false;
}

/** Returns the word count, section ids and every problem found in one summary. */
export function checkSummary(text, facts) {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const problems = [];
  if (!m) problems.push('no front matter');
  const fm = m ? m[1] : '';
  for (const key of FRONT_MATTER_KEYS) if (!new RegExp(`^${key}:`, 'm').test(fm)) problems.push(`front matter lacks ${key}`);
  const body = m ? text.slice(m[0].length) : text;
  const words = body.replace(/\$\$[\s\S]*?\$\$/g, ' ').split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
  if (words < MIN_WORDS || words > MAX_WORDS) problems.push(`body has ${words} words (${MIN_WORDS}–${MAX_WORDS} wanted)`);
  // `published`/`month` are the date in another notation; their parts are checked through the body's dates.
  const checked = `${fm.replace(/^(published|month):.*$/gm, '')}\n${body}`;
  const bad = new Set((checked.match(/\d+(?:\.\d+)*/g) ?? []).filter((tok) => !numberInFacts(facts, tok)));
  if (bad.size) problems.push(`numbers not found in FACTS.md: ${[...bad].join(', ')}`);
  const ids = [...body.matchAll(/^#{2,4} .*\{#([a-z0-9-]+)\}\s*$/gm)].map((x) => x[1]);
  const headings = [...body.matchAll(/^#{2,4} .*$/gm)].length;
  if (ids.length !== headings) problems.push(`${headings - ids.length} heading(s) without a {#slug} id`);
  return { words, ids, problems };
}

function main() {
  const facts = readFacts();
  const dir = join(root, 'media/papers');
  const only = process.argv.slice(2);
  let failures = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
    if (only.length && !only.some((o) => f.startsWith(o))) continue;
    const { words, ids, problems } = checkSummary(readFileSync(join(dir, f), 'utf8'), facts);
    console.log(`${f}: ${words} words, ${ids.length} sections [${ids.join(' ')}]${problems.length ? `\n  - ${problems.join('\n  - ')}` : ' OK'}`);
    if (problems.length) failures++;
  }
  process.exit(failures ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
