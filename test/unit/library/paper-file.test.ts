import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { compilePaper } from '../../../src/core/markdown/pipeline';
import { parsePaperMeta } from '../../../src/core/papers/paper-meta';
import { readFrontMatter, renderPaperFile, replaceSection, splitFrontMatter, updatePaperFile, type PaperFileFields } from '../../../src/core/library/paper-file';

const BIB = '@article{hu2021lora,\n  title = {{LoRA}: Low-Rank Adaptation},\n  author = {Hu, Edward J. and Shen, Yelong},\n  year = {2021}\n}';

const fields: PaperFileFields = {
  id: 'hu-2021-lora',
  title: 'LoRA: Low-Rank Adaptation of Large Language Models',
  authors: ['Edward J. Hu', 'Yelong Shen'],
  arxiv: '2106.09685',
  arxivVersion: 2,
  doi: '10.48550/arXiv.2106.09685',
  published: '2021-06-17',
  year: 2021,
  topics: ['parameter-efficient-finetuning', 'my-reading-list'],
  pdf: 'papers/lora.pdf',
  bibtex: BIB,
};

describe('paper front matter: year, pdf, doi, bibtex', () => {
  it('a written paper file reads back as the same metadata through the real pipeline', () => {
    const text = renderPaperFile(fields, 'We propose  Low-Rank\nAdaptation, $W_0 + BA$.');
    const r = compilePaper(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.paper.meta).toMatchObject({
      id: 'hu-2021-lora', title: fields.title, authors: fields.authors, arxiv: '2106.09685', arxivVersion: 2,
      doi: '10.48550/arXiv.2106.09685', published: '2021-06-17', year: 2021, month: 6, pdf: 'papers/lora.pdf', bibtex: BIB,
      topics: ['parameter-efficient-finetuning', 'my-reading-list'],
    });
    expect(r.paper.sections[0]).toMatchObject({ id: 'abstract', title: 'Abstract' });
    // Whitespace from the API's hard-wrapped abstract is collapsed into one paragraph.
    expect(r.paper.sections[0].text).toMatch(/^We propose Low-Rank Adaptation, /);
    expect(r.paper.html).toContain('katex');
    // The YAML itself holds exactly the fields written.
    expect(readFrontMatter(text)).toEqual({ ...fields, bibtex: `${BIB}\n` });
  });

  it('validates the new fields with readable messages', () => {
    const bad = parsePaperMeta({ id: 'x', title: 'T', year: 24, doi: 'not-a-doi', pdf: 42, bibtex: 'title = x', arxiv: '2401.1' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const all = bad.errors.join('\n');
    expect(all).toMatch(/"year" must be a four-digit year/);
    expect(all).toMatch(/"doi" must look like/);
    expect(all).toMatch(/"pdf" must be the path/);
    expect(all).toMatch(/"bibtex" must be one BibTeX entry/);
    expect(all).toMatch(/"arxiv" must look like/);
    const mismatch = parsePaperMeta({ id: 'x', title: 'T', year: 2023, published: '2024-01' });
    expect(!mismatch.ok && mismatch.errors.join()).toMatch(/does not match/);
  });

  it('a year without a month is allowed (month 0 = unknown); neither is an error', () => {
    const y = parsePaperMeta({ id: 'x', title: 'T', year: '1998' });
    expect(y.ok && [y.meta.year, y.meta.month]).toEqual([1998, 0]);
    const p = parsePaperMeta({ id: 'x', title: 'T', published: '2019' });
    expect(p.ok && [p.meta.year, p.meta.month]).toEqual([2019, 0]);
    expect(parsePaperMeta({ id: 'x', title: 'T' }).ok).toBe(false);
    expect(parsePaperMeta({ id: 'x', title: 'T', year: 2020, month: 0 }).ok).toBe(false);
  });

  it('normalizes a doi.org URL and an arXiv id with a version', () => {
    const r = parsePaperMeta({ id: 'x', title: 'T', month: 1, doi: 'https://doi.org/10.1145/3292500.3330701', arxiv: '2401.04088v3' });
    expect(r.ok && [r.meta.doi, r.meta.arxiv, r.meta.arxivVersion]).toEqual(['10.1145/3292500.3330701', '2401.04088', 3]);
    const old = parsePaperMeta({ id: 'x', title: 'T', month: 1, arxiv: 'hep-th/9901001' });
    expect(old.ok && old.meta.arxiv).toBe('hep-th/9901001');
  });

  it('topics are free one-word tags', () => {
    const r = parsePaperMeta({ id: 'x', title: 'T', month: 1, topics: ['astrology', 'to-read'] });
    expect(r.ok && r.meta.topics).toEqual(['astrology', 'to-read']);
    const bad = parsePaperMeta({ id: 'x', title: 'T', month: 1, topics: ['two words'] });
    expect(!bad.ok && bad.errors.join()).toMatch(/one-word tags/);
  });
});

const HAND = `---
# my own notes on this one
id: hu-2021-lora
title:   "LoRA: Low-Rank Adaptation"    # shorter title, mine
authors: [Edward J. Hu,   Yelong Shen]
arxiv: '2106.09685'
arxivVersion: 1
month: 6
year: 2021
topics:
  - peft     # tag
bibtex: |
  @misc{hu2021lora,
    title = {LoRA}
  }
pdf: papers/lora-v1.pdf
---

## Abstract {#abstract}

Old abstract.

## My thoughts {#mine}

Keep me exactly   as I am.
`;

describe('updating a hand-edited paper file', () => {
  it('rewrites only the changed fields; every other byte stays', () => {
    const out = updatePaperFile(HAND, { arxivVersion: 2, pdf: 'papers/lora-v2.pdf', title: 'LoRA: Low-Rank Adaptation', year: 2021 });
    expect(out).toBe(HAND.replace('arxivVersion: 1', 'arxivVersion: 2').replace('pdf: papers/lora-v1.pdf', 'pdf: papers/lora-v2.pdf'));
  });

  it('appends new fields, removes undefined ones, keeps comments and the rest of the body', () => {
    const out = updatePaperFile(HAND, { doi: '10.48550/arXiv.2106.09685', pdf: undefined, bibtex: '@misc{x,\n  title = {X}\n}\n' });
    const data = readFrontMatter(out)!;
    expect(data.doi).toBe('10.48550/arXiv.2106.09685');
    expect('pdf' in data).toBe(false);
    expect(data.bibtex).toBe('@misc{x,\n  title = {X}\n}\n');
    expect(out).toContain('# my own notes on this one');
    expect(out).toContain('title:   "LoRA: Low-Rank Adaptation"    # shorter title, mine');
    expect(out).toContain('  - peft     # tag');
    expect(out.endsWith('## My thoughts {#mine}\n\nKeep me exactly   as I am.\n')).toBe(true);
    expect(compilePaper(out).ok).toBe(true);
  });

  it('replaces the abstract section and only it', () => {
    const out = updatePaperFile(HAND, { arxivVersion: 3 }, { abstract: 'New  abstract <b>with</b> tags.' });
    expect(out).toContain('## Abstract {#abstract}\n\nNew abstract &lt;b>with&lt;/b> tags.\n\n## My thoughts {#mine}\n\nKeep me exactly   as I am.\n');
    expect(out).not.toContain('Old abstract');
    expect(replaceSection('## Other\n\ntext\n', 'abstract', 'x')).toBe('## Other\n\ntext\n');
  });

  it('a file it cannot read is refused, not rewritten', () => {
    expect(() => updatePaperFile('no front matter', { year: 2020 })).toThrow(/no front matter/);
    expect(() => updatePaperFile('---\ntitle: [unclosed\n---\n', { year: 2020 })).toThrow(/not valid YAML/);
  });

  it('round-trips every field through write → update → read', () => {
    const text = renderPaperFile({ id: 'a-2020-b', title: 'B: a title with "quotes" and: colons', authors: ['Ann Lee'], year: 2020, month: 3 });
    const updated = updatePaperFile(text, { title: 'B: a title with "quotes" and: colons', authors: ['Ann Lee', 'Bo Li'] });
    expect(parseYaml(splitFrontMatter(updated)!.yaml)).toEqual({ id: 'a-2020-b', title: 'B: a title with "quotes" and: colons', authors: ['Ann Lee', 'Bo Li'], year: 2020, month: 3 });
    expect(updated).toContain('authors: [ Ann Lee, Bo Li ]');
  });
});
