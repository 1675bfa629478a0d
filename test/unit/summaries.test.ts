import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain JavaScript module shared with the command-line checker
import { checkSummary, readFacts, numberInFacts, MIN_WORDS, MAX_WORDS } from '../tools/check-summaries.mjs';
import { compilePaper } from '../../src/core/markdown/pipeline';
import { PaperCatalog } from '../../src/core/papers/catalog';

const dir = join(__dirname, '../../media/papers');
const files = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
const facts: string = readFacts();
const compiled = files.map((f) => {
  const r = compilePaper(readFileSync(join(dir, f), 'utf8'));
  if (!r.ok) throw new Error(`${f}: ${r.errors.join('; ')}`);
  return r.paper;
});
const catalog = new PaperCatalog(compiled);

/** Sections that code lenses and notes link to; renaming one breaks links in users' code. */
const REQUIRED_SECTIONS: Record<string, string[]> = {
  mixtral: ['sparse-moe-layer', 'load-balancing-loss'],
  dora: ['lora-recap', 'weight-decomposition'],
  'lora-learns-less': ['learning-vs-forgetting', 'practical-lora-settings'],
  'dpo-vs-ppo': ['dpo-objective', 'ppo-objective'],
  'continual-pretraining': ['rewarming-redecaying', 'replay'],
};
const COMMON_SECTIONS = ['problem', 'idea', 'equations', 'results', 'implementation', 'related-papers', 'raschkas-take'];

describe('bundled summaries', () => {
  it('there are twelve, one per month, named after their id', () => {
    expect(files).toHaveLength(12);
    expect(compiled.map((p) => `${p.meta.id}.md`).sort()).toEqual(files);
    expect(compiled.map((p) => p.meta.month).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it.each(files)('%s passes the FACTS.md check (numbers, length, front matter, heading ids)', (f) => {
    expect(checkSummary(readFileSync(join(dir, f), 'utf8'), facts).problems).toEqual([]);
  });

  it.each(compiled.map((p) => [p.meta.id, p] as const))('%s: arXiv id, title and authors appear in FACTS.md', (_id, p) => {
    expect(facts).toContain(p.meta.arxiv);
    expect(facts).toContain(p.meta.title);
    for (const author of p.meta.authors.filter((a) => a !== 'others')) expect(facts).toContain(author);
    expect(p.meta.gist.length).toBeLessThanOrEqual(220);
  });

  it.each(compiled.map((p) => [p.meta.id, p] as const))('%s has the common sections and the ones code links to', (id, p) => {
    const ids = p.sections.map((s) => s.id);
    for (const s of [...COMMON_SECTIONS, ...(REQUIRED_SECTIONS[id] ?? [])]) expect(ids).toContain(s);
  });

  it.each(compiled.map((p) => [p.meta.id, p] as const))('%s relates only to papers in the library', (_id, p) => {
    for (const r of p.meta.related) expect(catalog.get(r), `related id ${r}`).toBeDefined();
  });

  it('the number check rejects a number that FACTS.md does not have', () => {
    expect(numberInFacts(facts, '2401.04088')).toBe(true);
    expect(numberInFacts(facts, '2401.04089')).toBe(false);
    expect(numberInFacts(facts, '47')).toBe(true);
    expect(numberInFacts(facts, '4.7')).toBe(true);
    expect(numberInFacts(facts, '4.9')).toBe(false);
  });

  it('the summary check rejects a bad number and a body outside the word bounds, and accepts one inside', () => {
    const real = readFileSync(join(dir, 'mixtral.md'), 'utf8');
    expect(checkSummary(real, facts).problems).toEqual([]);
    const fm = /^---\n[\s\S]*?\n---\n/.exec(real)![0];
    const body = (n: number) => `## Body {#body}\n\n${Array.from({ length: n }, () => 'word').join(' ')}\n`;
    expect(checkSummary(fm + body(MIN_WORDS + 10), facts).problems).toEqual([]);
    expect(checkSummary(fm + body(MAX_WORDS - 10), facts).problems).toEqual([]);
    expect(checkSummary(fm + body(MAX_WORDS + 10), facts).problems.join()).toMatch(/words/);
    expect(checkSummary(fm + body(MIN_WORDS - 10), facts).problems.join()).toMatch(/words/);
    const withNumber = (n: string) => `${fm}${body(MIN_WORDS + 10)}\nAbout ${n}B parameters run per token.\n`;
    expect(checkSummary(withNumber('13'), facts).problems).toEqual([]);
    expect(checkSummary(withNumber('48.5'), facts).problems.join()).toContain('48.5');
  });
});
