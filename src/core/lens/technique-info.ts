import type { BuiltinTechnique, Technique } from '../papers/paper';

/** Literal hyper-parameters read from code (the detector's `params`). */
export type Params = Readonly<Record<string, number | string | boolean>>;

/** What a hover says about a technique: the key equation and two lines of explanation, all from FACTS.md. */
export interface TechniqueInfo {
  label: string;
  equation: string;
  explanation: [string, string];
}

/** Hover content per technique; the equations are the ones in the bundled summaries. */
export const TECHNIQUE_INFO: Record<BuiltinTechnique, TechniqueInfo> = {
  lora: {
    label: 'LoRA',
    equation: 'h = W_0x + \\tfrac{\\alpha}{r}\\,BAx,\\quad B\\in\\mathbb R^{d\\times r},\\ A\\in\\mathbb R^{r\\times k},\\ B_{init}=0',
    explanation: [
      'LoRA freezes the pretrained weight and trains a rank-r update BA, scaled by α/r (α/√r with rsLoRA).',
      '“LoRA Learns Less and Forgets Less”: it learns less of a new domain than full fine-tuning and forgets less of the old one.',
    ],
  },
  dora: {
    label: 'DoRA',
    equation: "W' = m\\,\\frac{W_0 + BA}{\\lVert W_0 + BA\\rVert_c}",
    explanation: [
      'DoRA splits each weight into a magnitude m (one norm per column) and a direction; LoRA updates the direction, m is trained directly.',
      'The paper (§4.3) treats the norm as a constant in backprop to save memory; PEFT does this with weight_norm.detach().',
    ],
  },
  moe: {
    label: 'Mixture of experts',
    equation: 'G(x) = \\mathrm{Softmax}(\\mathrm{TopK}(x\\,W_g)),\\qquad y = \\sum_{i=0}^{n-1} G(x)_i\\,E_i(x)',
    explanation: [
      'A router scores the experts for each token and only the top k run; their outputs are mixed with the router weights.',
      'Mixtral uses 8 experts with top-2 routing: about 13B of about 47B parameters are active per token.',
    ],
  },
  dpo: {
    label: 'DPO',
    equation: '\\mathcal L_{\\text{DPO}} = -\\,\\mathbb E\\Big[\\log\\sigma\\Big(\\beta\\log\\tfrac{\\pi_\\theta(y_w|x)}{\\pi_{\\text{ref}}(y_w|x)}-\\beta\\log\\tfrac{\\pi_\\theta(y_l|x)}{\\pi_{\\text{ref}}(y_l|x)}\\Big)\\Big]',
    explanation: [
      'DPO trains on preference pairs directly, with log-ratios against a frozen reference policy; no reward model is needed.',
      'Xu et al. find DPO can settle on biased, out-of-distribution solutions, and tuned PPO beats it across their tasks.',
    ],
  },
  ppo: {
    label: 'PPO',
    equation: 'L^{CLIP}(\\theta)=\\mathbb E_t\\big[\\min\\big(r_t(\\theta)\\hat A_t,\\ \\mathrm{clip}(r_t(\\theta),1-\\epsilon,1+\\epsilon)\\hat A_t\\big)\\big]',
    explanation: [
      'PPO clips the policy ratio to [1−ε, 1+ε] so one update cannot move the policy too far.',
      'Xu et al. credit advantage normalization, large batches and an EMA-updated reference model for PPO’s results on LLMs.',
    ],
  },
  'lr-rewarm': {
    label: 'LR re-warming',
    equation: '\\mathcal D_{\\text{cont}} = (1-p)\\,\\mathcal D_{\\text{new}} + p\\,\\mathcal D_{\\text{old}}',
    explanation: [
      'Continual pretraining: re-warm the learning rate, re-decay it with a fresh schedule, and replay some old data.',
      'Replaying about 5% of the original data prevented catastrophic forgetting; 0.5% or 1% also worked.',
    ],
  },
};

const num = (params: Params | undefined, ...keys: string[]): number | undefined => {
  for (const k of keys) {
    const v = params?.[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
};

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(x < 1 ? 3 : 2).replace(/0+$/, '').replace(/\.$/, ''));

/** Hover content of a built-in technique; `undefined` for a user paper's own technique. */
export function techniqueInfo(technique: Technique): TechniqueInfo | undefined {
  return Object.prototype.hasOwnProperty.call(TECHNIQUE_INFO, technique) ? TECHNIQUE_INFO[technique as BuiltinTechnique] : undefined;
}

/**
 * The hint lens for a finding: what the paper says about the hyper-parameters read from the code, or
 * undefined when there is nothing grounded to say. Every figure quoted here is in FACTS.md.
 */
export function parameterHint(technique: Technique, section: string, params: Params | undefined): string | undefined {
  switch (technique) {
    case 'lora': {
      const r = num(params, 'r', 'lora_r', 'rank');
      const alpha = num(params, 'lora_alpha', 'alpha');
      const rslora = params?.use_rslora === true;
      if (r && r > 0 && alpha !== undefined) {
        const scale = alpha / r;
        const rs = alpha / Math.sqrt(r);
        return rslora
          ? `rsLoRA scale α/√r = ${fmt(alpha)}/√${fmt(r)} = ${fmt(rs)} (plain LoRA would use α/r = ${fmt(scale)})`
          : `scale α/r = ${fmt(alpha)}/${fmt(r)} = ${fmt(scale)}; with rsLoRA α/√r = ${fmt(rs)}`;
      }
      if (r && r > 0) return `rank r = ${fmt(r)}; full fine-tuning learns updates of 10–100× higher rank than typical LoRA ranks`;
      return undefined;
    }
    case 'dora': {
      // Only what the code sets: the switch itself, or the LoRA rank and scale DoRA reuses on BA.
      const r = num(params, 'r', 'lora_r', 'rank');
      const alpha = num(params, 'lora_alpha', 'alpha');
      const scale = r && r > 0 && alpha !== undefined ? `; scale α/r = ${fmt(alpha)}/${fmt(r)} = ${fmt(alpha / r)} on BA` : '';
      if (params?.use_dora === true) return `use_dora: LoRA updates the direction and a magnitude per column is trained${scale}; the DoRA repo suggests a slightly lower learning rate than LoRA`;
      if (scale) return scale.slice(2);
      return undefined;
    }
    case 'moe': {
      const coef = num(params, 'router_aux_loss_coef', 'aux_loss_coef', 'moe_loss_weight');
      if (section === 'load-balancing-loss' && coef !== undefined) return `aux-loss coefficient ${fmt(coef)}; the HF Mixtral default router_aux_loss_coef is 0.001`;
      const experts = num(params, 'num_experts', 'num_local_experts', 'n_expert', 'moe_num_experts', 'n_routed_experts', 'experts');
      const k = num(params, 'num_experts_per_tok', 'top_k', 'n_expert_per_token', 'moe_top_k', 'k', 'topk');
      if (experts === undefined && k === undefined) return undefined;
      const mine = [experts !== undefined ? `${fmt(experts)} experts` : undefined, k !== undefined ? `top-${fmt(k)}` : undefined].filter(Boolean).join(', ');
      const same = (experts === undefined || experts === 8) && (k === undefined || k === 2);
      return same ? `${mine}: as in Mixtral (8 experts, top-2)` : `${mine}; Mixtral uses 8 experts with top-2 routing`;
    }
    case 'dpo': {
      const beta = num(params, 'beta', 'dpo_beta');
      if (beta === undefined) return undefined;
      return beta === 0.1 ? 'β = 0.1, the common default (trl DPOConfig)' : `β = ${fmt(beta)}; the common default is 0.1 (trl DPOConfig)`;
    }
    case 'ppo': {
      const eps = num(params, 'cliprange', 'clip_range', 'clip_eps', 'clip_epsilon', 'epsilon', 'eps_clip', 'clip_coef', 'clip_param', 'eps');
      if (eps === undefined) return undefined;
      return eps === 0.2 ? 'ε = 0.2, as trl PPOConfig’s default cliprange' : `ε = ${fmt(eps)}; trl PPOConfig’s default cliprange is 0.2`;
    }
    case 'lr-rewarm':
      return section === 'replay'
        ? 'replay about 5% of the old data against forgetting; 0.5% or 1% also worked'
        : 're-warm and re-decay, and replay a small share of the old data (about 5%)';
  }
}

/**
 * The title of the lens that opens the paper: what the code is, then where a paper explains it
 * (`LoRA — explained in DoRA › LoRA recap`). When the technique is the paper (`DoRA`), the paper is not
 * named twice. A section title is cut at its colon (`Weight decomposition: magnitude and direction`).
 */
export function lensTitle(technique: Technique, paperShortTitle: string | undefined, sectionTitle: string): string {
  // A user paper's own technique is named by the paper itself.
  const what = techniqueInfo(technique)?.label ?? paperShortTitle ?? technique;
  const section = sectionTitle.split(':')[0].trim();
  if (!paperShortTitle || paperShortTitle === what) return `${what} — ${section}`;
  return `${what} — explained in ${paperShortTitle} › ${section}`;
}
