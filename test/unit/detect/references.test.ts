import { describe, expect, it } from 'vitest';
import { findPaperReferences } from '../../../src/core/detect/index';

const tokens = (text: string, file: string): string[] =>
  findPaperReferences(text, file).map((r) => text.split('\n')[r.line - 1].slice(r.column, r.endColumn));

describe('findPaperReferences', () => {
  it('finds paper ids with and without a section, with 0-based columns', () => {
    const text = 'x = 1\n# see paper:dora#weight-decomposition and paper:mixtral.\n';
    expect(findPaperReferences(text, 'a.py')).toEqual([
      { line: 2, column: 6, endColumn: 37, paperId: 'dora', sectionId: 'weight-decomposition' },
      { line: 2, column: 42, endColumn: 55, paperId: 'mixtral' },
    ]);
  });

  it('ignores references in code and strings, takes docstrings', () => {
    const text = 's = "paper:dora"\npaper = {"paper:x": 1}\ndef f():\n    """Implements paper:dpo-vs-ppo#dpo-objective."""\n';
    expect(tokens(text, 'b.py')).toEqual(['paper:dpo-vs-ppo#dpo-objective']);
  });

  it.each([
    ['c.ts', 'const s = "paper:no"; // paper:mixtral#sparse-moe-layer\n/* paper:dora */ const t = `paper:no`;\n'],
    ['c.rs', 'let s = "paper:no"; // paper:mixtral#sparse-moe-layer\n/* /* nested */ paper:dora */ let t = r#"paper:no"#;\n'],
    ['c.cpp', 'auto s = "paper:no"; // paper:mixtral#sparse-moe-layer\n/* paper:dora */ auto t = R"(paper:no)";\n'],
    ['c.yaml', 'name: "paper:no"  # paper:mixtral#sparse-moe-layer\n# paper:dora\nkey: paper:no\n'],
  ])('reads only comments in %s', (file, text) => {
    expect(tokens(text, file)).toEqual(['paper:mixtral#sparse-moe-layer', 'paper:dora']);
  });

  it('treats #, //, -- and block comments heuristically in unknown languages', () => {
    const text = 'x <- 1 # paper:dora\nSELECT 1; -- paper:mixtral#sparse-moe-layer\nfoo(); // paper:dpo-vs-ppo\n/* paper:continual-pretraining#replay */\nplain paper:no\n';
    expect(tokens(text, 'query.sql')).toEqual(['paper:dora', 'paper:mixtral#sparse-moe-layer', 'paper:dpo-vs-ppo', 'paper:continual-pretraining#replay']);
  });

  it('maps notebook references to the .ipynb line and column, from code comments and markdown', () => {
    const nb = JSON.stringify({ cells: [
      { cell_type: 'markdown', metadata: {}, source: ['Background: paper:lora-learns-less\n'] },
      { cell_type: 'code', metadata: {}, outputs: [], source: ['x = "paper:no"\n', 'y = 2  # tab\\t paper:dora#lora-recap\n'] },
    ] }, null, 1);
    const refs = findPaperReferences(nb, 'n.ipynb');
    expect(refs.map((r) => [r.paperId, r.sectionId])).toEqual([['lora-learns-less', undefined], ['dora', 'lora-recap']]);
    for (const r of refs) expect(nb.split('\n')[r.line - 1].slice(r.column, r.endColumn)).toMatch(/^paper:(?:lora-learns-less|dora#lora-recap)$/);
  });

  it('does not match inside longer words and trims sentence punctuation', () => {
    expect(tokens('# mypaper:x, paper:dora-. (paper:mixtral#routing)\n', 'd.py')).toEqual(['paper:dora', 'paper:mixtral#routing']);
  });

  it('returns nothing, without throwing, on hostile input', () => {
    expect(findPaperReferences('\u0000'.repeat(10) + 'paper:', 'x.py')).toEqual([]);
    expect(() => findPaperReferences('{"cells": [{"source": ["# paper:dora', 'y.ipynb')).not.toThrow();
  });
});
