import { describe, expect, it } from 'vitest';
import { detect, findPaperReferences } from '../../../src/core/detect/index';

/** Small deterministic PRNG (mulberry32) so a failing input can be reproduced from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'lora_A', 'LoRALinear', 'use_dora=True', 'num_experts', 'torch.topk(', 'router', 'gate=nn.Linear(d, num_experts',
  '-F.logsigmoid(beta *', 'ref_chosen_logps', 'torch.clamp(ratio, 1 - eps, 1 + eps)', 'initial_checkpoint', 'warmup_steps: 10',
  'class ', 'def ', 'fn ', 'impl ', 'struct ', '{', '}', '(', ')', '[', ']', '"', "'", '"""', '`', '${', '#', '//', '/*', '*/',
  'r#"', 'R"(', ':', '=', ',', '\n', '\n    ', '\t', '\\', '\r\n', 'paper:dora#x', '\u00e9', '\uD83D\uDE00', '\uD800', ' ',
];
const FILES = ['a.py', 'a.ipynb', 'a.ts', 'a.js', 'a.rs', 'a.c', 'a.cpp', 'a.yaml', 'a.sql'];
// detect and findPaperReferences catch every exception themselves, so "does not throw" proves nothing:
// these check that no input reached their catch-all. A first-line comment with a known reference must be
// found whatever garbage follows (an internal error returns no references at all).
const LINE_COMMENT: Record<string, string> = { 'a.py': '#', 'a.ts': '//', 'a.js': '//', 'a.rs': '//', 'a.c': '//', 'a.cpp': '//', 'a.yaml': '#', 'a.sql': '--' };
const KNOWN = 'paper:known-ref';

function expectNoInternalError(text: string, file: string, what: string): void {
  expect(detect(text, file).skipped, `${what} as ${file}`).not.toBe('internal error');
}

describe('robustness', () => {
  it('never throws on random input in any language (seeded fuzz)', () => {
    const rand = prng(20240601);
    for (let round = 0; round < 400; round++) {
      const parts: string[] = [];
      const n = Math.floor(rand() * 300);
      for (let i = 0; i < n; i++) {
        parts.push(rand() < 0.8 ? PIECES[Math.floor(rand() * PIECES.length)] : String.fromCharCode(Math.floor(rand() * 0xffff)));
      }
      const text = parts.join('');
      const file = FILES[round % FILES.length];
      const lines = text.split('\n').length;
      const { findings } = detect(text, file);
      for (const f of findings) {
        expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
        if (file !== 'a.ipynb') expect(f.line).toBeLessThanOrEqual(lines);
      }
      expectNoInternalError(text, file, `round ${round}`);
      const comment = LINE_COMMENT[file];
      if (comment) {
        const refs = findPaperReferences(`${comment} ${KNOWN}\n${text}`, file);
        expect(refs[0], `round ${round} as ${file}`).toMatchObject({ paperId: 'known-ref', line: 1 });
        for (const r of refs) expect(r.line).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('wraps random notebook-shaped JSON without throwing', () => {
    const rand = prng(7);
    for (let round = 0; round < 200; round++) {
      const cells = Array.from({ length: 3 }, () => ({ cell_type: 'code', source: Array.from({ length: 4 }, () => PIECES[Math.floor(rand() * PIECES.length)] + '\n') }));
      const json = JSON.stringify({ cells });
      const cut = json.slice(0, Math.floor(rand() * json.length));
      expectNoInternalError(cut, 'n.ipynb', `round ${round}`);
      for (const r of findPaperReferences(cut, 'n.ipynb')) expect(r.paperId).toMatch(/^[a-z0-9]/);
      // The whole notebook, with a reference in a markdown cell, is read to the end.
      const whole = JSON.stringify({ cells: [...cells, { cell_type: 'markdown', source: [`See ${KNOWN}.`] }] });
      expect(findPaperReferences(whole, 'n.ipynb').map((r) => r.paperId), `round ${round}`).toContain('known-ref');
    }
  });

  it('skips binary content and stays fast on pathological text', () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    expect(detect(bytes, 'weights.py').skipped).toBe('binary');
    const cases = [
      'lora_' + 'a'.repeat(300_000),
      '('.repeat(200_000) + 'num_experts',
      'x = [' + '{'.repeat(100_000) + 'lora_r: 8',
      ('lora.' + 'a.'.repeat(2000) + '\n').repeat(50),
      ('self.lora_A = nn.Parameter(' + ' '.repeat(1990) + '\n').repeat(200),
      '"""lora\n'.repeat(20_000),
      ('class LoRA' + 'x'.repeat(1900) + '(\n').repeat(100),
      ('a = 1 - b + 1 + c clamp ' + '-'.repeat(1900) + '\n').repeat(100),
      ('x = ' + 'args.'.repeat(3000) + 'lora_rank\n').repeat(20),
      ('if t in [' + '"lora", '.repeat(250) + ']:\n').repeat(50),
      'p.add_argument(' + ' '.repeat(200_000) + '"--lora_rank")',
      'struct A {\n' + ('    int' + ' '.repeat(1900) + 'n_experts;\n').repeat(200) + '};\n',
      ('cooldown_ratio:\n  values: [' + '0.1,'.repeat(5000) + ']\n').repeat(20) + 'infinite: 1\n',
    ];
    for (const [i, text] of cases.entries()) {
      for (const file of ['p.py', 'p.ts', 'p.rs', 'p.cpp', 'p.yaml']) {
        const t0 = performance.now();
        expectNoInternalError(text, file, `case ${i}`);
        expect(performance.now() - t0, `case ${i} as ${file}`).toBeLessThan(1500);
      }
    }
  });

  it('handles unbalanced brackets and unterminated constructs in every language', () => {
    const text = 'class LoRALayer(nn.Module:\n    def __init__(self, r=8, lora_alpha=16\n        self.lora_A = nn.Parameter(torch.zeros((r, d)\n/* open comment\n"open string\n';
    for (const file of FILES) expectNoInternalError(text, file, 'unbalanced');
    expect(detect(text, 'a.py').findings.some((f) => f.technique === 'lora')).toBe(true);
  });
});
