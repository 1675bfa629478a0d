import { describe, expect, it } from 'vitest';
import { detect, languageOf, MAX_FINDINGS_PER_FILE } from '../../../src/core/detect/index';

const techniques = (text: string, file = 'x.py') => detect(text, file).findings.map((f) => `${f.line}:${f.technique}`);

describe('languageOf', () => {
  it.each([
    ['a/b/model.py', 'python'], ['nb.IPYNB', 'ipynb'], ['x.ts', 'typescript'], ['x.tsx', 'typescript'], ['x.mjs', 'javascript'],
    ['lib.rs', 'rust'], ['k.c', 'c'], ['k.cu', 'cpp'], ['k.hpp', 'cpp'], ['c\\d.yml', 'yaml'], ['config.json', 'json'], ['run.toml', 'toml'], ['README.md', undefined], ['Makefile', undefined], ['.py', undefined],
  ])('%s → %s', (file, lang) => expect(languageOf(file)).toBe(lang));
});

describe('detect: skipping', () => {
  it('skips unsupported, too large and binary files', () => {
    expect(detect('lora_r = 8', 'notes.md')).toEqual({ findings: [], skipped: 'unsupported language' });
    expect(detect('lora_r = 8\n'.repeat(20), 'a.py', { maxBytes: 100 })).toEqual({ findings: [], skipped: 'too large' });
    expect(detect('lora_r = 8\n\u0000\u0001', 'a.py')).toEqual({ findings: [], skipped: 'binary' });
  });

  it('rejects a file without any trigger word before lexing', () => {
    expect(detect('import torch\nx = torch.zeros(3)\n', 'a.py')).toEqual({ findings: [] });
  });

  it('filters by technique', () => {
    const text = 'c = LoraConfig(r=8, use_dora=True)\nnum_experts = 8\n';
    expect(detect(text, 'a.py', { techniques: ['moe'] }).findings.map((f) => f.technique)).toEqual(['moe']);
  });

  it('caps the findings of one file', () => {
    const text = Array.from({ length: 300 }, (_, i) => `class LoRALayer${i}(nn.Module):\n    pass\n\n\n`).join('');
    const { findings } = detect(text, 'many.py');
    expect(findings).toHaveLength(MAX_FINDINGS_PER_FILE);
    expect(findings.every((f) => f.technique === 'lora')).toBe(true);
  });
});

describe('detect: places and look-alikes', () => {
  it('reads a technique inside an all-caps name only where a word starts', () => {
    expect(techniques('#define NUM_SUPPORTED_BANDS (LAST - FIRST)\n#define IS_SUPPORTED(b) ((b) < NUM_SUPPORTED_BANDS)\n', 'r.h')).toEqual([]);
    expect(techniques('trainer = HFDPOTrainer(model, ref_model, beta=0.1)\n')).toEqual(['1:dpo']);
  });

  it('never fires on imports, comments, docstrings or strings', () => {
    expect(techniques('from peft import LoraConfig, get_peft_model\nfrom trl import (\n    DPOTrainer,\n    PPOTrainer,\n)\n# LoraConfig(r=8)\nx = "DPOTrainer(beta=0.1)"\n')).toEqual([]);
    expect(techniques('import { MoeLayer, LoraConfig } from "./moe";\n', 'a.ts')).toEqual([]);
    expect(techniques('use crate::lora::{LoraLinear, LoraConfig};\n', 'a.rs')).toEqual([]);
  });

  it('needs experts behind a gate or top-k, not just a gate', () => {
    expect(techniques('self.gate_proj = nn.Linear(d, 4 * d)\nv, i = torch.topk(logits, top_k)\n')).toEqual([]);
    expect(techniques('self.gate = nn.Linear(d, num_experts, bias=False)\n')).toEqual(['1:moe']);
  });

  it('needs a reference policy for DPO, not just a pairwise loss', () => {
    expect(techniques('loss = -F.logsigmoid(r_chosen - r_rejected).mean()\n')).toEqual([]);
    expect(techniques('logits = (pc - pr) - (ref_chosen_logps - ref_rejected_logps)\nloss = -F.logsigmoid(beta * logits)\n')).toEqual(['2:dpo']);
  });

  it('needs a policy ratio clipped to 1 ± ε for PPO, not gradient clipping', () => {
    expect(techniques('torch.nn.utils.clip_grad_norm_(params, 1.0)\nx = torch.clamp(x, 0, 1)\n', 'ppo.py')).toEqual([]);
    expect(techniques('s2 = torch.clamp(ratio, 1 - eps, 1 + eps) * advantages\n')).toEqual(['1:ppo']);
  });

  it('needs a continued checkpoint for re-warming', () => {
    const schedule = 'sched = get_cosine_schedule_with_warmup(opt, num_warmup_steps=100, num_training_steps=1000)\n';
    expect(techniques(schedule)).toEqual([]);
    expect(techniques(`model.load_state_dict(torch.load(args.initial_checkpoint))\n${schedule}`)).toEqual(['2:lr-rewarm']);
  });

  it('tells radio LoRa from low-rank adaptation', () => {
    expect(techniques('import LoRa\nlora = LoRa(spi, freq=868e6)\nlora.set_spreading_factor(7)\n')).toEqual([]);
    expect(techniques('void lora_send(uint8_t* buf);\nvoid lora_send(uint8_t* buf) {\n  LoRa.write(buf);\n}\n', 'radio.c')).toEqual([]);
  });
});

describe('detect: names from other code bases', () => {
  it('reads experts-per-token names but never a bare sampling top_k', () => {
    expect(detect('moe_router_topk = 2\nnum_experts_used = 2\n', 'a.py').findings).toMatchObject([
      { line: 1, technique: 'moe', params: { moe_router_topk: 2, num_experts_used: 2 } },
    ]);
    expect(techniques('top_k = 50\ntopk = 5\n')).toEqual([]);
    expect(techniques('cur = ggml_top_k(ctx, probs, n_expert_used);\n', 'moe.cpp')).toEqual(['1:moe']);
  });
});
