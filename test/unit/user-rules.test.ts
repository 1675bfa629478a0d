import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePaper } from '../../src/core/markdown/pipeline';
import { parseDetectRules } from '../../src/core/papers/detect-rules';
import { detectUserRules, UserRuleSet, userRulesReadable } from '../../src/core/detect/user-rules';
import type { CompiledPaper } from '../../src/core/papers/paper';

const DIR = join(__dirname, '../fixtures/user-rules');
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length;

function paper(name: string): CompiledPaper {
  const result = compilePaper(read(name));
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.paper;
}

const tiled = paper('tiled-attention.md');
const rules = new UserRuleSet([{ paper: 'tiled-attention', rules: tiled.detect ?? [] }]);
const matches = (file: string, text = read(`code/${file}`)) =>
  detectUserRules(text, file, rules).map((f) => ({ line: f.line, section: f.section, kind: f.kind, symbol: f.symbol }));

describe('detect: rules in a paper\'s front matter', () => {
  it('keeps the valid rules with their file lines and reports the unknown section with its line', () => {
    const text = read('tiled-attention.md');
    expect(tiled.detect).toEqual([
      { section: 'the-kernel', identifiers: ['TiledAttention'], calls: ['tiled_attn_func'], configKeys: [], flags: [], line: lineOf(text, '- section: the-kernel') },
      { section: 'switching-it-on', identifiers: [], calls: [], configKeys: ['use_tiled_attention'], flags: ['--tiled-attn'], line: lineOf(text, '- section: switching-it-on') },
    ]);
    expect(tiled.detectProblems).toEqual([{ line: lineOf(text, 'section: no-such-heading'), message: expect.stringMatching(/unknown section "no-such-heading".*the-kernel, switching-it-on/) }]);
  });

  it('reports each kind of mistake on its own line, and the paper still compiles', () => {
    const text = read('bad-rules.md');
    const p = paper('bad-rules.md');
    const at = (needle: string) => lineOf(text, needle);
    expect(p.detectProblems?.map((x) => [x.line, x.message])).toEqual([
      [at('"Bad.*Name"'), expect.stringMatching(/"Bad\.\*Name" in "identifiers" looks like a regular expression/)],
      [at('missing-heading'), expect.stringMatching(/unknown section "missing-heading"/)],
      [at('configKeys: []'), expect.stringMatching(/"configKeys" is an empty list/)],
      [at('flags: [42'), expect.stringMatching(/"flags" must be a list of strings, got 42/)],
      [at('colour'), expect.stringMatching(/unknown key "colour"/)],
      [at('AAAA'), expect.stringMatching(/108 characters long; the limit is 100/)],
      [at('- just a string'), expect.stringMatching(/must be a mapping/)],
      [at('- section: intro\n  - identifiers'), expect.stringMatching(/lists no patterns/)],
      [at('- identifiers: [NoSection]'), expect.stringMatching(/has no "section"/)],
    ]);
    // What is valid in a broken entry is kept: GoodName, and --ok-flag next to the number.
    expect(p.detect?.map((r) => [r.section, [...r.identifiers, ...r.flags]])).toEqual([['intro', ['GoodName']], ['intro', ['--ok-flag']]]);
  });

  it('rejects a detect field that is not a list, and a list of nothing', () => {
    expect(parseDetectRules('id: x\ndetect: yes\n', 2, ['a']).problems).toEqual([{ line: 3, message: expect.stringMatching(/must be a list of rules/) }]);
    expect(parseDetectRules('detect: []\n', 5, ['a']).problems).toEqual([{ line: 5, message: '"detect" is an empty list' }]);
    expect(parseDetectRules('detect:\n  - section: a\n    calls: "torch.compile"\n', 1, ['a']).rules[0].calls).toEqual(['torch.compile']);
  });

  it('never throws on hostile YAML', () => {
    const result = parseDetectRules('detect: &a [*a, *a\n  - {', 1, []);
    expect(result.rules).toEqual([]);
  });

  it('papers without detect rules carry none', () => {
    const plain = compilePaper('---\nid: plain\ntitle: Plain\nmonth: 1\n---\n\n## A\n');
    expect(plain.ok && 'detect' in plain.paper).toBe(false);
  });
});

describe('matching user rules', () => {
  it('Python: identifiers and calls on code tokens only, keys as key= / string keys, flags in strings', () => {
    const text = read('code/train.py');
    const at = (needle: string) => lineOf(text, needle);
    expect(matches('train.py')).toEqual([
      { line: at('x = kernels.tiled_attn_func(q)'), section: 'the-kernel', kind: 'construction', symbol: 'tiled_attn_func' },
      { line: at('mode = "use_tiled_attention"'), section: 'switching-it-on', kind: 'config', symbol: 'use_tiled_attention' },
      { line: at('cfg = {"use_tiled_attention"'), section: 'switching-it-on', kind: 'config', symbol: 'use_tiled_attention' },
      { line: at('args = ["python"'), section: 'switching-it-on', kind: 'config', symbol: '--tiled-attn' },
    ]);
  });

  it('fixture workspace file: class definition, call, argparse flag and kwarg; nothing from the comment or string', () => {
    const text = readFileSync(join(__dirname, '../fixtures/workspace/src/tiled_attention.py'), 'utf8');
    const at = (needle: string) => lineOf(text, needle);
    expect(matches('tiled_attention.py', text)).toEqual([
      { line: at('class TiledAttention'), section: 'the-kernel', kind: 'definition', symbol: 'TiledAttention' },
      { line: at('return tiled_attn_func('), section: 'the-kernel', kind: 'construction', symbol: 'tiled_attn_func' },
      { line: at('add_argument("--tiled-attn"'), section: 'switching-it-on', kind: 'config', symbol: '--tiled-attn' },
      { line: at('config = dict(use_tiled_attention'), section: 'switching-it-on', kind: 'config', symbol: 'use_tiled_attention' },
    ]);
  });

  it('a dotted call must be written with its prefix; token boundaries are exact', () => {
    const dotted = new UserRuleSet([{ paper: 'p', rules: [{ section: 's', identifiers: [], calls: ['torch.compile'], configKeys: [], flags: [], line: 1 }] }]);
    const found = detectUserRules('compile(x)\ntorch.compile(model)\nmytorch.compile(m)\ntorch.compiled(m)\n', 'a.py', dotted);
    expect(found.map((f) => f.line)).toEqual([2, 3]);
    expect(detectUserRules('x = TiledAttentionX()\ny = MyTiledAttention\n', 'a.py', rules)).toEqual([]);
    expect(detectUserRules('use_tiled_attention == 1\nuse_tiled_attention_x = 1\n', 'a.py', rules)).toEqual([]);
  });

  it('YAML: keys at the start of a line or list item, flags in values, never in comments', () => {
    const text = read('code/config.yaml');
    expect(matches('config.yaml')).toEqual([
      { line: lineOf(text, '  use_tiled_attention: true'), section: 'switching-it-on', kind: 'config', symbol: 'use_tiled_attention' },
      { line: lineOf(text, 'run: python'), section: 'switching-it-on', kind: 'config', symbol: '--tiled-attn' },
    ]);
  });

  it('JSON: keys only where a colon follows; flags in string values', () => {
    const text = read('code/config.json');
    expect(matches('config.json')).toEqual([
      { line: lineOf(text, '"model"'), section: 'switching-it-on', kind: 'config', symbol: 'use_tiled_attention' },
      { line: lineOf(text, '"argv"'), section: 'switching-it-on', kind: 'config', symbol: '--tiled-attn' },
    ]);
  });

  it('TOML: bare and dotted keys, flags in values, nothing from comments', () => {
    const text = read('code/pyproject.toml');
    expect(matches('pyproject.toml')).toEqual([
      { line: lineOf(text, 'use_tiled_attention = true\nargs'), section: 'switching-it-on', kind: 'config', symbol: 'use_tiled_attention' },
      { line: lineOf(text, 'args ='), section: 'switching-it-on', kind: 'config', symbol: '--tiled-attn' },
      { line: lineOf(text, 'model.use_tiled_attention'), section: 'switching-it-on', kind: 'config', symbol: 'use_tiled_attention' },
    ]);
  });

  it('CUDA: a struct definition and a call, not the ones in comments or strings', () => {
    const text = read('code/kernel.cu');
    expect(matches('kernel.cu')).toEqual([
      { line: lineOf(text, 'struct TiledAttention'), section: 'the-kernel', kind: 'definition', symbol: 'TiledAttention' },
      { line: lineOf(text, 'void run()'), section: 'the-kernel', kind: 'construction', symbol: 'tiled_attn_func' },
    ]);
  });

  it('a switched-off paper, an unknown file type, binary or oversized text yield nothing', () => {
    const code = read('code/train.py');
    expect(detectUserRules(code, 'train.py', rules, { disabled: ['tiled-attention'] })).toEqual([]);
    expect(detectUserRules(code, 'train.txt', rules)).toEqual([]);
    expect(detectUserRules(`${code}\0`, 'train.py', rules)).toEqual([]);
    expect(detectUserRules(code, 'train.py', rules, { maxBytes: 10 })).toEqual([]);
    expect(userRulesReadable('a/b/pyproject.toml') && userRulesReadable('x.json') && !userRulesReadable('x.md')).toBe(true);
  });

  it('stays cheap and bounded on a huge file full of matches', () => {
    const big = 'tiled_attn_func(x)\n'.repeat(200_000);
    const found = detectUserRules(big, 'big.py', rules, { maxBytes: 10_000_000 });
    expect(found.length).toBe(50);
    expect(found[49].line).toBe(50);
  });
});
