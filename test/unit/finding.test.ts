import { describe, expect, it } from 'vitest';
import { compilePaper } from '../../src/core/markdown/pipeline';
import { readableLatex } from '../../src/core/markdown/readable-math';
import { PaperCatalog } from '../../src/core/papers/catalog';
import { matchesWords, normalizeForMatch } from '../../src/core/search/match';
import { PaperSearch } from '../../src/core/search/paper-search';
import type { CompiledPaper } from '../../src/core/papers/paper';
import { bundledPapers } from './support/bundled-papers';

const papers: CompiledPaper[] = bundledPapers();
const catalog = new PaperCatalog(papers);
const ids = (list: CompiledPaper[]): string[] => list.map((p) => p.meta.id);

describe('Open Paper… ranking', () => {
  it('finds a paper by the tree\'s own short name first', () => {
    expect(ids(catalog.rank('DPO vs PPO'))[0]).toBe('dpo-vs-ppo');
    expect(ids(catalog.rank('dpo vs ppo'))).toEqual(['dpo-vs-ppo']);
    expect(ids(catalog.rank('Llama 3'))[0]).toBe('llama3');
  });

  it('finds papers by topic, with hyphens or spaces', () => {
    expect(ids(catalog.rank('mixture of experts'))[0]).toBe('mixtral');
    expect(ids(catalog.rank('mixture-of-experts'))).toEqual(ids(catalog.rank('mixture of experts')));
    expect(ids(catalog.rank('alignment'))).toContain('dpo-vs-ppo');
  });

  it('ranks title matches above author or topic matches, and drops papers missing a word', () => {
    const lora = ids(catalog.rank('lora'));
    expect(lora.slice(0, 2).sort()).toEqual(['dora', 'lora-learns-less']);
    expect(catalog.rank('zebra')).toEqual([]);
    expect(catalog.rank('mixture zebra')).toEqual([]);
    expect(ids(catalog.rank(''))).toEqual(ids(catalog.all()));
  });
});

describe('matching words', () => {
  it('treats hyphens and spaces alike (Go to Section)', () => {
    expect(matchesWords('Mixtral The auxiliary load-balancing loss', 'load balancing')).toBe(true);
    expect(matchesWords('Mixtral The auxiliary load balancing loss', 'load-balancing')).toBe(true);
    expect(matchesWords('Mixtral The auxiliary load-balancing loss', 'aux load')).toBe(true);
    expect(matchesWords('Mixtral The auxiliary load-balancing loss', 'balancing router')).toBe(false);
    expect(normalizeForMatch('  Re-Warming_the LR! ')).toBe('re warming the lr');
  });

  it('the tree filter matches years and months, so its "2024" example works', () => {
    expect(catalog.filter('2024').length).toBe(12);
    expect(ids(catalog.filter('2024 february'))).toEqual(['dora']);
    expect(catalog.filter('1999')).toEqual([]);
  });
});

describe('Search Papers snippets', () => {
  const search = new PaperSearch(papers);
  it('never show raw LaTeX', () => {
    for (const q of ['alpha', 'softmax', 'scale', 'magnitude', 'clip', 'beta', 'replay', 'norm', 'expert']) {
      for (const hit of search.search(q, 40)) expect(hit.snippet, `${q}: ${hit.snippet}`).not.toMatch(/\\[a-zA-Z]+|[{}]/);
    }
  });

  it('keep blocks apart: no sentence is glued to the next one', () => {
    const doc = compilePaper('---\nid: glue\ntitle: Glue\nauthors: [A]\npublished: "2024-01"\nmonth: 1\n---\n\n## Part {#part}\n\nThe first block ends with vice versa.\n\nActually the second block starts here.\n\n- a list item ends.\n- Another item starts.\n');
    if (!doc.ok) throw new Error(doc.errors.join('; '));
    const own = new PaperSearch([doc.paper], []);
    expect(own.search('vice versa', 5)[0]?.snippet).toMatch(/vice versa\.\s+Actually/);
    expect(doc.paper.sections[0].text).toMatch(/ends\.\s+Another/);
    for (const p of papers) for (const s of p.sections) expect(s.text, `${p.meta.id}#${s.id}`).not.toMatch(/\b[a-z]{3,}[.!?][A-Z][a-z]{3,}\b/);
  });
});

describe('readable equations for hovers', () => {
  it.each([
    ['h = W_0x + \\tfrac{\\alpha}{r}\\,BAx', 'h = W₀x + α/r BAx'],
    ['B\\in\\mathbb R^{d\\times r},\\ B_{init}=0', 'B∈ℝ^(d×r), Bᵢₙᵢₜ=0'],
    ["W' = m\\,\\frac{W_0 + BA}{\\lVert W_0 + BA\\rVert_c}", 'W′ = m (W₀ + BA)/(‖W₀ + BA‖_c)'],
    ['\\mathrm{clip}(r_t(\\theta),1-\\epsilon,1+\\epsilon)\\hat A_t', 'clip(rₜ(θ),1−ε,1+ε)Âₜ'],
    ['\\sigma\\Big(\\beta\\log\\tfrac{\\pi_\\theta(y_w|x)}{\\pi_{\\text{ref}}(y_w|x)}\\Big)', 'σ(β log (π_θ(y_w|x))/(π_(ref)(y_w|x)))'],
    ['\\sqrt{r}', '√r'],
  ])('%s', (tex, expected) => {
    expect(readableLatex(tex)).toBe(expected);
  });

  it('leaves no markup behind, even for unknown commands and unbalanced braces', () => {
    for (const tex of ['\\foo{x}_{', '\\frac{a}{', '}{\\\\', '\\left(\\frac{1}{2}\\right)^{2}']) expect(readableLatex(tex)).not.toMatch(/[\\{}]/);
  });
});
