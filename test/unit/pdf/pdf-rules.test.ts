// A user paper with a PDF can point its `detect:` rules at the PDF: a page or an outline section.
import { describe, expect, it } from 'vitest';
import { compilePaper } from '../../../src/core/markdown/pipeline';
import { detectUserRules, UserRuleSet } from '../../../src/core/detect/user-rules';

const paper = (pdf: string | undefined, sections: string[]): string => `---
id: pdf-rules
title: PDF Rules
authors: [A. Author]
published: "2024-03"
${pdf ? `pdf: ${pdf}\n` : ''}detect:
${sections.map((s, i) => `  - section: ${s}\n    identifiers: [Name${i}]`).join('\n')}
---

## Summary {#summary}

Text.
`;

function compile(text: string) {
  const r = compilePaper(text);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.paper;
}

describe('detect: rules that point into the PDF', () => {
  it('accept page=N and an outline slug when the paper has a PDF, and keep heading ids as they are', () => {
    const p = compile(paper('pdfs/p.pdf', ['summary', 'page=7', '2-Method']));
    expect(p.detectProblems).toBeUndefined();
    expect(p.detect?.map((r) => r.section)).toEqual(['summary', 'page=7', '2-method']);
    const found = detectUserRules('x = Name1()\ny = Name2\n', 'a.py', new UserRuleSet([{ paper: 'pdf-rules', rules: p.detect ?? [] }]));
    expect(found.map((f) => [f.line, f.paper, f.section])).toEqual([[1, 'pdf-rules', 'page=7'], [2, 'pdf-rules', '2-method']]);
  });

  it('refuse them without a PDF, naming the line', () => {
    const text = paper(undefined, ['summary', 'page=7']);
    const p = compile(text);
    expect(p.detect?.map((r) => r.section)).toEqual(['summary']);
    expect(p.detectProblems).toEqual([{ line: text.split('\n').findIndex((l) => l.includes('page=7')) + 1, message: expect.stringMatching(/unknown section "page=7" \(this paper's sections: summary\)$/) }]);
  });

  it('refuse what can be neither, and say a PDF place was possible', () => {
    const p = compile(paper('p.pdf', ['page=0', 'not a slug!']));
    expect(p.detect).toEqual([]);
    expect(p.detectProblems?.map((x) => x.message)).toEqual([
      expect.stringMatching(/unknown section "page=0".*or page=N, or the id of a section of its PDF's outline\)$/),
      expect.stringMatching(/unknown section "not a slug!"/),
    ]);
  });
});
