import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/core/detect/index';
import { notebookSource, readNotebookCells } from '../../../src/core/detect/notebook';

const notebook = (cells: unknown[]): string => JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
const code = (source: string[] | string) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source });

describe('notebooks', () => {
  it('maps each source line back to its line in the .ipynb file', () => {
    const text = notebook([
      { cell_type: 'markdown', metadata: {}, source: ['# title\n', 'text'] },
      code(['import torch\n', 'num_experts = 8\n', 'top = 2']),
    ]);
    const src = notebookSource(text, readNotebookCells(text));
    expect(src.text).toBe('import torch\nnum_experts = 8\ntop = 2\n');
    const fileLines = text.split('\n');
    src.lineMap.forEach((fileLine, i) => expect(fileLines[fileLine]).toContain(src.text.split('\n')[i].slice(0, 6)));
    const finding = detect(text, 'nb.ipynb').findings[0];
    expect(fileLines[finding.line - 1]).toContain('num_experts = 8');
  });

  it('accepts a cell source given as one string and nbformat 3 worksheets', () => {
    const one = notebook([code('x = 1\nlora_r = 16\n')]);
    expect(detect(one, 'a.ipynb').findings).toMatchObject([{ technique: 'lora', params: { lora_r: 16 } }]);
    const v3 = JSON.stringify({ worksheets: [{ cells: [{ cell_type: 'code', input: ['use_dora = True\n'] }] }], nbformat: 3 });
    expect(detect(v3, 'b.ipynb').findings).toMatchObject([{ technique: 'dora', line: 1 }]);
  });

  it('ignores markdown cells, outputs and magics', () => {
    const text = notebook([
      { cell_type: 'markdown', metadata: {}, source: ['use_dora = True\n'] },
      { ...code(['%pip install peft lora_r=8\n', '!echo use_dora = True\n', 'x = 1']), outputs: [{ output_type: 'stream', text: ['num_experts = 8\n'] }] },
    ]);
    expect(detect(text, 'c.ipynb').findings).toEqual([]);
  });

  it('decodes escapes and keeps cells apart when one has an unterminated string', () => {
    const text = notebook([code(['s = """open\n']), code(['print("a\\tb")\n', 'use_dora = True'])]);
    expect(text).toContain('\\\\t');
    expect(detect(text, 'd.ipynb').findings).toMatchObject([{ technique: 'dora' }]);
  });

  it('never throws on malformed JSON and reads what it can', () => {
    const good = notebook([code(['lora_alpha = 32\n'])]);
    for (const cut of [1, 10, good.length / 2, good.length - 3]) {
      expect(() => detect(good.slice(0, cut), 'e.ipynb')).not.toThrow();
    }
    expect(detect(good.slice(0, good.indexOf('lora_alpha') + 20), 'e.ipynb').findings.length).toBe(1);
    expect(detect('{"cells": [[[[{"source": "use_dora = True"', 'f.ipynb').findings).toEqual([]);
    expect(detect('not json at all lora', 'g.ipynb').findings).toEqual([]);
    expect(detect('['.repeat(5000) + 'lora', 'h.ipynb').findings).toEqual([]);
  });
});
