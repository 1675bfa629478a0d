import { hasToken, normalizeName } from './text';
import type { Target } from './targets';

/** Facts about the whole file that decide ambiguous names (computed lazily by the scanner). */
export interface NameContext {
  moe(): boolean;
  imitation(): boolean;
  radio(): boolean;
  rewarm(): boolean;
  rlReplay(): boolean;
}

/** `num_experts`, `n_routed_experts`, `moe_num_experts`, `expert_count`… (normalized names). */
export const EXPERT_COUNT = /^(?:n|num|number_of|total|moe_num|moe_n|num_local|n_local|num_routed|n_routed)_?experts?$|^experts?_(?:count|num|number)$/;
/** `num_experts_per_tok`, `n_expert_per_token`, `moe_top_k`… (normalized names). */
export const EXPERTS_PER_TOKEN = /^(?:num|n)_experts?_(?:per_(?:tok|token)|used|active)$|^experts_per_(?:tok|token)$|^(?:moe_router|moe|router)_top_?k$|^moe_k$|^(?:num_selected|num_active|n_activated|top_k)_experts$/;

const CONFIG_NAME = /(?:^|_)(?:config|configuration|args|arguments|settings|params|hparams|hyperparams|options|cfg)$/;
const RADIO_NAME = /send|recv|receive|transmit|radio|modem|packet|beacon|uplink|downlink|gateway|_tx|_rx|tx_|rx_|spi|irq/;
const GLU_NAME = /glu|proj|lstm|gru|residual|highway|gated/;
const NOT_A_COMPONENT = /collator|dataset|callback|error|exception|warning|output|tokenizer|loader|logger|test/i;
const LB_NAME = /load_?balanc|balanc\w*_loss|lbl_loss|router_z_loss/;
const SCHEDULE_NAME = /schedul|warm_?up|^get_lr$|^lr_lambda$|(?:^|_)lr_at$|^compute_lr$|^learning_rate_fn$/;
const EXPLICIT_REWARM = /(?:^|_)re_?warm|(?:^|_)re_?decay/;

/** True when a name ends like a configuration holder (`LoraConfig`, `MoeArgs`, `ppo_hparams`). */
export const isConfigName = (name: string): boolean => CONFIG_NAME.test(normalizeName(name));

/** True for names of things that are never a technique component (collators, outputs, errors). */
export const isAuxiliaryName = (name: string): boolean => NOT_A_COMPONENT.test(name);

/**
 * The target a class, function or callee name points at, judged from its name parts and the file's
 * context: `LoRALinear` → LoRA layer, `LoraConfig` → LoRA settings, `MixtralSparseMoeBlock` → MoE,
 * `TopKRouter` → MoE only in a file that has experts, `load_balancing_loss_func` → the auxiliary loss.
 */
export function classifyName(name: string, ctx: NameContext): Target | undefined {
  const lower = name.toLowerCase();
  const snake = normalizeName(name);
  const tok = (w: string, prefix = false): boolean => hasToken(name, lower, w, prefix);
  if (tok('dora') || lower.includes('wdecomp')) return 'dora';
  if (tok('lora') || /(?:^|[^a-z])loralib/.test(lower)) {
    if (ctx.radio() || RADIO_NAME.test(lower)) return undefined;
    return CONFIG_NAME.test(snake) ? 'loraConfig' : 'loraLayer';
  }
  if (LB_NAME.test(snake) || (/(?:^|_)(?:aux|z)_loss/.test(snake) && ctx.moe())) return 'moeLoss';
  if (tok('moe')) return 'moe';
  if ((tok('expert') || tok('router') || tok('routing') || tok('gate') || tok('gating')) && ctx.moe() && !ctx.imitation() && !GLU_NAME.test(lower)) return 'moe';
  if (tok('dpo')) return 'dpo';
  if (tok('ppo')) return 'ppo';
  if (EXPLICIT_REWARM.test(snake)) return 'rewarm';
  if (tok('replay') && ctx.rewarm() && !ctx.rlReplay() && !/buffer|memory|experience|priorit/.test(lower)) return 'replay';
  return undefined;
}

/** True for learning-rate schedule names (`get_lr`, `lr_lambda`, `cosine_schedule_with_warmup`). */
export const isScheduleName = (name: string): boolean => SCHEDULE_NAME.test(normalizeName(name));
