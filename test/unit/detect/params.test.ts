import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/core/detect/index';

const params = (text: string, file: string, technique?: string) =>
  detect(text, file).findings.filter((f) => !technique || f.technique === technique).map((f) => f.params ?? {});

describe('params', () => {
  it('reads the literal keyword arguments of a LoRA config call, in source order', () => {
    const text = 'cfg = LoraConfig(\n    r=8,\n    lora_alpha=16,\n    target_modules=["q", "v"],\n    lora_dropout=0.05,\n    bias="none",\n)\n';
    expect(params(text, 'a.py')).toEqual([{ r: 8, lora_alpha: 16, lora_dropout: 0.05, bias: 'none' }]);
  });

  it('turns on DoRA only for a true use_dora', () => {
    expect(detect('c = LoraConfig(r=4, use_dora=True)\n', 'a.py').findings).toMatchObject([
      { technique: 'lora', params: { r: 4, use_dora: true } },
      { technique: 'dora', params: { use_dora: true } },
    ]);
    expect(detect('c = LoraConfig(r=4, use_dora=False)\n', 'a.py').findings.map((f) => f.technique)).toEqual(['lora']);
  });

  it('reads expert counts from calls, dataclass fields, TS objects, Rust literals and YAML', () => {
    expect(params('args = MoeArgs(num_experts=8, num_experts_per_tok=2)\n', 'a.py')).toEqual([{ num_experts: 8, num_experts_per_tok: 2 }]);
    expect(params('@dataclass\nclass Cfg:\n    n_expert: int = 8\n    n_expert_per_token: int = 2\n', 'a.py')).toEqual([{ n_expert: 8, n_expert_per_token: 2 }]);
    expect(params('export const moe = { numExperts: 16, topK: 4 };\n', 'a.ts')).toEqual([{ numExperts: 16, topK: 4 }]);
    expect(params('let c = MoeConfig { num_experts: 8, top_k: 2 };\n', 'a.rs')).toEqual([{ num_experts: 8, top_k: 2 }]);
    expect(params('moe:\n  num_experts: 8\n  top_k: 2\n', 'a.yaml')).toEqual([{ num_experts: 8, top_k: 2 }]);
  });

  it('reads DPO beta and PPO clip range, also through field(default=…)', () => {
    expect(params('args = DPOConfig(beta=0.1, loss_type="sigmoid")\n', 'a.py')).toEqual([{ beta: 0.1, loss_type: 'sigmoid' }]);
    expect(params('class PPOConfig:\n    cliprange: float = field(default=0.2, metadata={"help": "x"})\n', 'a.py')).toEqual([{ cliprange: 0.2 }]);
    expect(params('ratio = (logp - old).exp()\nloss = -torch.min(ratio * adv, torch.clamp(ratio, 1 - 0.2, 1 + 0.2) * adv)\n', 'ppo.py')).toEqual([{ cliprange: 0.2 }]);
  });

  it('reads YAML scalars with their types and the defaults of a loss function', () => {
    expect(params('adapter: lora\nlora_r: 16\nlora_alpha: 32\nlora_target_linear: true\n', 'a.yml')).toEqual([
      { lora_r: 16, lora_alpha: 32, lora_target_linear: true },
    ]);
    expect(params('def compute_dpo_loss(pc, pr, rc, rr, beta=0.1, label_smoothing=0.0):\n    return -F.logsigmoid(beta * ((pc - pr) - (rc - rr)))\n', 'a.py')).toEqual([
      { beta: 0.1, label_smoothing: 0 },
    ]);
  });

  it('leaves params out when nothing is literal', () => {
    expect(detect('cfg = LoraConfig(r=args.r, lora_alpha=args.alpha)\n', 'a.py').findings[0].params).toBeUndefined();
  });
});
