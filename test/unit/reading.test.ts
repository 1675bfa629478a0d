import { describe, expect, it } from 'vitest';
import { PaperCatalog } from '../../src/core/papers/catalog';
import { bibtexKey, toBibtex, arxivUrl } from '../../src/core/papers/bibtex';
import { nextStatus, isReadingStatus } from '../../src/core/papers/reading-status';
import { PaperSearch, snippetAround } from '../../src/core/search/paper-search';
import type { CompiledPaper, PaperMeta } from '../../src/core/papers/paper';
import { bundledPapers } from './support/bundled-papers';

const papers: CompiledPaper[] = bundledPapers();
const catalog = new PaperCatalog(papers);
const search = new PaperSearch(papers);
const meta = (id: string): PaperMeta => catalog.get(id)!.meta;

describe('BibTeX', () => {
  it('builds an arXiv @misc entry with a stable key, the id and every listed author', () => {
    const bib = toBibtex(meta('dora'));
    expect(bib).toMatch(/^@misc\{liu2024dora,\n/);
    expect(bib).toContain('eprint = {2402.09353}');
    expect(bib).toContain('archivePrefix = {arXiv}');
    expect(bib).toContain('author = {Shih-Yang Liu and Chien-Yi Wang and');
    expect(bib).toContain('title = {{DoRA: Weight-Decomposed Low-Rank Adaptation}}');
    expect(bib.trim().endsWith('}')).toBe(true);
    // balanced braces: a BibTeX parser would choke otherwise
    let depth = 0;
    for (const c of bib) depth += c === '{' ? 1 : c === '}' ? -1 : 0;
    expect(depth).toBe(0);
  });

  it('keeps "others" as BibTeX does and escapes LaTeX specials', () => {
    expect(toBibtex(meta('mixtral'))).toMatch(/Devendra Singh Chaplot and others\}/);
    const odd: PaperMeta = { ...meta('dora'), title: 'Costs & 100% {braces} #1_x', authors: ['Ann Édith'] };
    const bib = toBibtex(odd);
    expect(bib).toContain('Costs \\& 100\\% \\{braces\\} \\#1\\_x');
    expect(bibtexKey(odd)).toBe('edith2024costs');
  });

  it('arxivUrl is undefined without an id', () => {
    expect(arxivUrl({ arxiv: '' })).toBeUndefined();
    expect(arxivUrl(meta('phi4'))).toBe('https://arxiv.org/abs/2412.08905');
  });
});

describe('catalog grouping and filtering', () => {
  it('groups by topic in a fixed order; a paper can sit in several topics', () => {
    const groups = catalog.byTopic();
    expect(groups[0].label).toBe('Mixture of experts');
    expect(groups[0].papers.map((p) => p.meta.id)).toContain('mixtral');
    const peft = groups.find((g) => g.key === 'parameter-efficient-finetuning')!;
    expect(peft.papers.map((p) => p.meta.id).sort()).toEqual(['dora', 'lora-learns-less']);
    const inGroups = new Set(groups.flatMap((g) => g.papers.map((p) => p.meta.id)));
    expect(inGroups.size).toBe(12);
  });

  it('filter matches every word against title, authors, topics and arXiv id', () => {
    expect(catalog.filter('lora').map((p) => p.meta.id).sort()).toEqual(['dora', 'lora-learns-less']);
    expect(catalog.filter('Biderman').map((p) => p.meta.id)).toEqual(['lora-learns-less']);
    expect(catalog.filter('2401.04088').map((p) => p.meta.id)).toEqual(['mixtral']);
    const aligned = catalog.filter('alignment dpo').map((p) => p.meta.id);
    expect(aligned).toContain('dpo-vs-ppo');
    expect(aligned).not.toContain('fineweb');
    expect(catalog.filter('no such words')).toEqual([]);
    const tags = (p: CompiledPaper) => (p.meta.id === 'fineweb' ? ['to-reproduce'] : []);
    expect(catalog.filter('#to-reproduce data', tags).map((p) => p.meta.id)).toEqual(['fineweb']);
    expect(catalog.filter('to-reproduce').map((p) => p.meta.id)).toEqual([]);
  });
});

describe('reading status', () => {
  it('cycles unread → reading → read → unread', () => {
    expect(nextStatus('unread')).toBe('reading');
    expect(nextStatus('reading')).toBe('read');
    expect(nextStatus('read')).toBe('unread');
    expect(isReadingStatus('done')).toBe(false);
  });
});

describe('full-text search', () => {
  it('finds re-warming in the continual pretraining summary first', () => {
    const [top] = search.search('re-warming');
    expect(`${top.paperId}#${top.sectionId}`).toBe('continual-pretraining#rewarming-redecaying');
    expect(top.snippet.toLowerCase()).toContain('re-warming');
    expect(top.terms.some((t) => t.toLowerCase().startsWith('re-warm'))).toBe(true);
  });

  it('ranks section titles: load balancing goes to the Mixtral section of that name', () => {
    const [top] = search.search('load balancing loss');
    expect(`${top.paperId}#${top.sectionId}`).toBe('mixtral#load-balancing-loss');
  });

  it('tolerates small typos and returns nothing for blank queries', () => {
    expect(search.search('decompositon')[0]?.paperId).toBe('dora');
    expect(search.search('   ')).toEqual([]);
  });

  it('snippets are one line around the first term', () => {
    const s = snippetAround('alpha\nbeta gamma delta '.repeat(20) + 'needle here', ['needle'], '', 40);
    expect(s).toContain('needle');
    expect(s).not.toContain('\n');
    expect(s.startsWith('…')).toBe(true);
  });

  it('searches the user\'s notes and tags next to the summaries', () => {
    const withNotes = new PaperSearch(papers, [
      { paperId: 'dora', paperTitle: 'DoRA', annotationId: 'a1b2c3d4', sectionId: 'weight-decomposition', text: 'zebrafish analogy for the magnitude' },
      { paperId: 'fineweb', paperTitle: 'FineWeb', annotationId: '', label: 'Your tags', text: 'quokka-tag' },
    ]);
    const [note] = withNotes.search('zebrafish');
    expect(note).toMatchObject({ paperId: 'dora', sectionId: 'weight-decomposition', sectionTitle: 'Your note', annotationId: 'a1b2c3d4' });
    const [tag] = withNotes.search('quokka');
    expect(tag).toMatchObject({ paperId: 'fineweb', sectionTitle: 'Your tags' });
    expect(tag.annotationId).toBeUndefined();
    expect(search.search('zebrafish')).toEqual([]);
  });
});
