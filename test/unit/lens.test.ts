import { describe, expect, it } from 'vitest';
import { commentFor, referenceLine } from '../../src/core/lens/comment-syntax';
import { detect } from '../../src/core/detect/index';
import { lensTitle, parameterHint, TECHNIQUE_INFO } from '../../src/core/lens/technique-info';
// @ts-expect-error plain JavaScript module shared with the command-line checker
import { readFacts, numberInFacts } from '../tools/check-summaries.mjs';

describe('comment syntax', () => {
  it.each([
    ['python', '# paper:dora'],
    ['rust', '// paper:dora'],
    ['yaml', '# paper:dora'],
    ['sql', '-- paper:dora'],
    ['markdown', '<!-- paper:dora -->'],
    ['unknown-language', '# paper:dora'],
  ])('%s → %s', (lang, expected) => {
    expect(commentFor(lang, 'paper:dora')).toBe(expected);
  });

  it('JSON has no comments: no reference line for it, JSONC gets //', () => {
    expect(commentFor('json', 'paper:dora')).toBeUndefined();
    expect(referenceLine('json', '  "a": 1,', 'dora')).toBeUndefined();
    expect(referenceLine('jsonc', '  "a": 1,', 'dora')).toBe('  // paper:dora\n');
  });

  it('paper: references in Markdown and shell files activate the extension by themselves', async () => {
    const { readFileSync } = await import('node:fs');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { activationEvents: string[] };
    expect(pkg.activationEvents).toEqual(expect.arrayContaining(['onLanguage:markdown', 'onLanguage:shellscript']));
  });

  it('referenceLine keeps the indentation of the code below', () => {
    expect(referenceLine('cpp', '\t  auto x = 1;', 'mixtral', 'routing')).toBe('\t  // paper:mixtral#routing\n');
  });
});

describe('parameter hints', () => {
  it('LoRA: α/r and rsLoRA α/√r from literal r and lora_alpha', () => {
    expect(parameterHint('lora', 'practical-lora-settings', { r: 16, lora_alpha: 32 })).toBe('scale α/r = 32/16 = 2; with rsLoRA α/√r = 8');
    expect(parameterHint('lora', 'practical-lora-settings', { r: 8, lora_alpha: 16, use_rslora: true })).toMatch(/^rsLoRA scale α\/√r = 16\/√8 = 5\.66/);
    expect(parameterHint('lora', 'lora-recap', { r: 0, lora_alpha: 16 })).toBeUndefined();
    expect(parameterHint('lora', 'lora-recap', undefined)).toBeUndefined();
  });

  it('MoE: compares experts and top-k with Mixtral', () => {
    expect(parameterHint('moe', 'sparse-moe-layer', { num_local_experts: 8, num_experts_per_tok: 2 })).toBe('8 experts, top-2: as in Mixtral (8 experts, top-2)');
    expect(parameterHint('moe', 'sparse-moe-layer', { num_experts: 64, top_k: 6 })).toBe('64 experts, top-6; Mixtral uses 8 experts with top-2 routing');
    expect(parameterHint('moe', 'load-balancing-loss', { router_aux_loss_coef: 0.02 })).toMatch(/default router_aux_loss_coef is 0\.001/);
  });

  it('DPO β and PPO ε against the common defaults', () => {
    expect(parameterHint('dpo', 'dpo-objective', { beta: 0.1 })).toMatch(/common default/);
    expect(parameterHint('dpo', 'dpo-objective', { beta: 0.5 })).toBe('β = 0.5; the common default is 0.1 (trl DPOConfig)');
    expect(parameterHint('ppo', 'ppo-objective', { cliprange: 0.1 })).toMatch(/ε = 0\.1; .*0\.2/);
    expect(parameterHint('ppo', 'ppo-objective', { learning_rate: 1e-5 })).toBeUndefined();
  });

  it('DoRA: only what the code sets (use_dora, r, α), never benchmark results', () => {
    const hint = parameterHint('dora', 'weight-decomposition', { use_dora: true, r: 16, lora_alpha: 32 });
    expect(hint).toMatch(/^use_dora: .*magnitude per column.*scale α\/r = 32\/16 = 2 on BA.*lower learning rate/);
    expect(hint).not.toMatch(/85|80\.8|LLaMA/);
    expect(parameterHint('dora', 'weight-decomposition', { r: 8, lora_alpha: 16 })).toBe('scale α/r = 16/8 = 2 on BA');
    expect(parameterHint('dora', 'weight-decomposition', undefined)).toBeUndefined();
  });

  it('Python MoE layer: num_experts=8, top_k=2 in the constructor give the experts/top-k hint, like C++', () => {
    const py = [
      'class SparseMoe(nn.Module):',
      '    def __init__(self, dim, num_experts=8, top_k=2):',
      '        super().__init__()',
      '        self.gate = nn.Linear(dim, num_experts)',
      '        self.experts = nn.ModuleList([FFN(dim) for _ in range(num_experts)])',
      '    def forward(self, x):',
      '        w, idx = torch.topk(self.gate(x), self.top_k)',
      '',
    ].join('\n');
    const layer = detect(py, 'moe.py').findings.find((f) => f.symbol === 'SparseMoe');
    expect(layer?.params).toEqual({ num_experts: 8, top_k: 2 });
    expect(parameterHint('moe', layer!.section, layer!.params)).toBe('8 experts, top-2: as in Mixtral (8 experts, top-2)');
  });

  it('every figure a hint or hover quotes is in FACTS.md', () => {
    const facts: string = readFacts();
    const texts = [
      parameterHint('dora', 'weight-decomposition', { use_dora: true }),
      parameterHint('moe', 'sparse-moe-layer', { num_experts: 8, top_k: 2 }),
      parameterHint('lr-rewarm', 'replay', undefined),
      parameterHint('lr-rewarm', 'rewarming-redecaying', undefined),
      parameterHint('lora', 'lora-recap', { r: 4 }),
      ...Object.values(TECHNIQUE_INFO).flatMap((i) => i.explanation),
    ].join('\n');
    const numbers = texts.match(/\d+(?:\.\d+)*/g) ?? [];
    expect(numbers.length).toBeGreaterThan(5);
    for (const n of numbers) if (n !== '4') expect(numberInFacts(facts, n), n).toBe(true);
  });
});

describe('lens titles', () => {
  it('say what the code is, then where a paper explains it', () => {
    expect(lensTitle('lora', 'DoRA', 'LoRA recap')).toBe('LoRA — explained in DoRA › LoRA recap');
    expect(lensTitle('dora', 'DoRA', 'Weight decomposition: magnitude and direction')).toBe('DoRA — Weight decomposition');
    expect(lensTitle('moe', 'Mixtral', 'The sparse MoE layer and top-2-of-8 routing')).toBe('Mixture of experts — explained in Mixtral › The sparse MoE layer and top-2-of-8 routing');
    expect(lensTitle('ppo', undefined, 'ppo-objective')).toBe('PPO — ppo-objective');
  });
});
