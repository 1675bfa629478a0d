import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain JavaScript module shared with the command-line checker
import { checkOriginality, prepareArticle, readTitles, ARTICLE_PATH, RUN_LIMIT } from '../tools/check-originality.mjs';

const root = join(__dirname, '../..');
const papers = join(root, 'media/papers');

/** Every bundled summary is held to the originality check over the real article. */
const REWORKED_SUMMARIES: string[] = readdirSync(papers).filter((n) => n.endsWith('.md')).map((n) => n.replace(/\.md$/, '')).sort();

const haveArticle = existsSync(ARTICLE_PATH);
const sharedFacts = join(root, '../shared/papers/FACTS.md');

type Finding = { sentence: string; runs: string[]; score: number; paraphrase: boolean };
type Result = { maxRun: number; maxScore: number; findings: Finding[] };
const check = (md: string, article: string, titles: string[] = []): Result => checkOriginality(md, article, titles);

// A made-up article about a made-up method, written for this test only.
const ARTICLE = [
  'The reviewer opens with a study of sparse kernels for graph networks.',
  'She writes that the quiet engineering work of pruning the adjacency matrix turned out to matter more than any new layer type.',
  'According to her, the Quickprune method keeps only the strongest edges, which lets small devices run large graphs without losing accuracy.',
  'The authors report a speedup of 3x on citation graphs.',
].join(' ');

describe('originality checker', () => {
  it(`flags a run of ${RUN_LIMIT} words shared with the article, however the case and punctuation differ`, () => {
    const md = 'Pruning matters. In short, THE QUIET ENGINEERING WORK — of pruning the adjacency matrix — won.\n';
    const r = check(md, ARTICLE);
    expect(r.maxRun).toBeGreaterThanOrEqual(RUN_LIMIT);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].runs[0]).toBe('the quiet engineering work of pruning the adjacency matrix');
  });

  it('reports but does not flag as a run a shared run one word shorter than the limit', () => {
    const r = check('We saw the quiet engineering work of pruning the graph.\n', ARTICLE);
    expect(r.maxRun).toBe(RUN_LIMIT - 1);
    expect(r.findings.flatMap((f) => f.runs)).toEqual([]);
  });

  it('excepts paper titles and short quoted terms from the run measure, but not long quotations', () => {
    const titled = 'Quickprune keeps only the strongest edges which lets small devices run large graphs.\n';
    expect(check(titled, ARTICLE).maxRun).toBeGreaterThanOrEqual(RUN_LIMIT);
    expect(check(titled, ARTICLE, ['keeps only the strongest edges']).maxRun).toBeLessThan(RUN_LIMIT);
    expect(check('The idea is the `keeps only the strongest edges` rule; it lets small devices run models.\n', ARTICLE).maxRun).toBeLessThan(RUN_LIMIT);
    const longQuote = 'She says "the quiet engineering work of pruning the adjacency matrix turned out to matter".\n';
    expect(check(longQuote, ARTICLE).findings).toHaveLength(1);
  });

  it('flags a paraphrase that swaps words but keeps the article sentence\'s content and order', () => {
    const md = 'In her view, the Quickprune approach retains just the strongest edges, so that small devices can handle large graphs while keeping accuracy.\n';
    const r = check(md, ARTICLE);
    expect(r.maxRun).toBeLessThan(RUN_LIMIT);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].paraphrase).toBe(true);
    expect(r.findings[0].score).toBeGreaterThanOrEqual(0.25);
  });

  it('does not flag a sentence that shares only technical terms with the article', () => {
    const fewTerms = 'Quickprune scores every edge of the adjacency matrix and drops those below a learned cut-off before each graph convolution.\n';
    expect(check(fewTerms, ARTICLE).findings).toEqual([]);
    // Five shared terms, enough for a plain Jaccard of 0.2, but not in the article sentence's order.
    const manyTerms = 'Accuracy on large graphs drops when Quickprune removes too many edges from the adjacency lists.\n';
    const r = check(manyTerms, ARTICLE);
    expect(r.maxScore).toBeGreaterThanOrEqual(0.2);
    expect(r.findings).toEqual([]);
  });

  it('checks the gist in the front matter but not math, code or link targets', () => {
    const gist = '---\nid: x\ngist: "the quiet engineering work of pruning the adjacency matrix turned out to matter"\n---\n\nBody.\n';
    expect(check(gist, ARTICLE).findings).toHaveLength(1);
    const hidden = 'Body $$the quiet engineering work of pruning the adjacency matrix$$ and [a link](https://x.test/the-quiet-engineering-work-of-pruning-the-adjacency-matrix).\n';
    expect(check(hidden, ARTICLE).findings).toEqual([]);
  });
});

describe.skipIf(!haveArticle)(haveArticle ? 'reworked summaries against the source article' : `reworked summaries against the source article: skipped, ${ARTICLE_PATH} is not present`, () => {
  const article = haveArticle ? prepareArticle(readFileSync(ARTICLE_PATH, 'utf8')) : null;
  const titles: string[] = readTitles();
  if (REWORKED_SUMMARIES.length === 0) it.skip('no summary is listed in REWORKED_SUMMARIES yet', () => {});
  it.each(REWORKED_SUMMARIES)('%s shares no 8-word run and paraphrases no article sentence', (id) => {
    const r: Result = checkOriginality(readFileSync(join(papers, `${id}.md`), 'utf8'), article, titles);
    expect(r.findings.map((f) => `${f.sentence} [${f.runs.join(' / ') || `Jaccard ${f.score.toFixed(2)}`}]`)).toEqual([]);
  });
});

describe.skipIf(!existsSync(sharedFacts))(existsSync(sharedFacts) ? 'test/facts/FACTS.md' : `test/facts/FACTS.md: skipped, ${sharedFacts} is not present`, () => {
  it('is identical to the shared FACTS.md', () => {
    expect(readFileSync(join(root, 'test/facts/FACTS.md'), 'utf8')).toBe(readFileSync(sharedFacts, 'utf8'));
  });
});
