import { hasToken, normalizeName } from './text';
import type { Target } from './targets';

/** Facts about the whole file that decide ambiguous names (computed lazily by the scanner). */
export interface NameContext {
  moe(): boolean;
  imitation(): boolean;
  radio(): boolean;
  rewarm(): boolean;
  rlReplay(): boolean;
  ppo(): boolean;
}

/** `num_experts`, `n_routed_experts`, `moe_num_experts`, `expert_count`… (normalized names). */
export const EXPERT_COUNT = /^(?:n|num|number_of|total|tot|moe_num|moe_n)_?(?:local_|global_|routed_|total_|physical_|logical_)?experts?$|^experts?_(?:count|num|number)$/;
/** `num_experts_per_tok`, `n_expert_per_token`, `moe_top_k`… (normalized names). */
export const EXPERTS_PER_TOKEN = /^(?:num|n)_experts?_(?:per_(?:tok|token)|used|active|activated|ac|act|selected|topk|top_k)$|^(?:num|n)_(?:active|activated|selected|used)_experts$|^experts_per_(?:tok|token)$|^(?:moe_router|moe|router)_top_?k$|^moe_k$|^(?:num_selected|num_active|n_activated|top_k)_experts$/;

const CONFIG_NAME = /(?:^|_)(?:config|configuration|args|arguments|settings|params|hparams|hyperparams|options|cfg)$/;
const RADIO_NAME = /send|recv|receive|transmit|radio|modem|packet|beacon|uplink|downlink|gateway|_tx|_rx|tx_|rx_|spi|irq/;
const GLU_NAME = /glu|proj|lstm|gru|residual|highway|gated/;
const NOT_A_COMPONENT = /collator|dataset|callback|error|exception|warning|output|tokenizer|loader|logger|test/i;
const LB_NAME = /load_?balanc|balanc\w*_loss|lbl_loss|router_z_loss|gshard_loss|importance_loss|switch_(?:aux_)?loss/;
// Adapters that are not LoRA even when they share its base class (`class IA3Layer(LoRALayerBase)`).
const OTHER_ADAPTER = /(?:^|_)(?:ia3|lo_?ha|lo_?kr|oft|boft|hra|vera|ln_tuning|prefix_tuning|prompt_tuning|p_tuning|control_vector|glora)(?:_|$)/;
// `InfiniteScheduler`, `infinite_lr`, `cos_inf`, `inf_cosine`: the infinite (warmup, cooldown, constant, anneal) schedule.
const INFINITE_SCHEDULE = /(?:^|_)inf(?:inite)?(?:_|$)[\w]*(?:lr|schedul|cos|cosine|rsqrt|decay)|(?:^|_)(?:lr|cos|cosine|schedul\w*)_inf(?:inite)?(?:_|$)/;
const SCHEDULE_NAME = /schedul|warm_?up|^get_lr$|^lr_lambda$|(?:^|_)lr_at$|^compute_lr$|^learning_rate_fn$/;
const EXPLICIT_REWARM = /(?:^|_)re_?warm|(?:^|_)re_?decay/;

/** True when a name ends like a configuration holder (`LoraConfig`, `MoeArgs`, `ppo_hparams`). */
export const isConfigName = (name: string): boolean => CONFIG_NAME.test(normalizeName(name));

/** True for names of adapters that are not LoRA (IA3, LoHa, LoKr, OFT…), whatever their base class. */
export const isOtherAdapterName = (name: string): boolean => OTHER_ADAPTER.test(normalizeName(name));

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
  if (OTHER_ADAPTER.test(snake)) return undefined;
  if (tok('dora') || lower.includes('wdecomp')) return 'dora';
  if (tok('lora') || /(?:^|[^a-z])loralib/.test(lower)) {
    if (ctx.radio() || RADIO_NAME.test(lower)) return undefined;
    return CONFIG_NAME.test(snake) ? 'loraConfig' : 'loraLayer';
  }
  if (LB_NAME.test(snake) || (/(?:^|_)(?:aux|z)_loss/.test(snake) && ctx.moe())) return 'moeLoss';
  if (tok('moe') || /(?:^|[^a-z])moe(?:gate|router|expert|layer|block|ffn|mlp)/.test(lower)) return 'moe';
  if ((tok('capacity') || tok('utilization') || tok('utilisation')) && ctx.moe() && !ctx.imitation()) return tok('capacity') ? 'moe' : 'moeLoss';
  if ((tok('expert') || tok('router') || tok('routing') || tok('gate') || tok('gating')) && ctx.moe() && !ctx.imitation() && !GLU_NAME.test(lower)) return 'moe';
  if (tok('dpo')) return 'dpo';
  if (tok('ppo')) return 'ppo';
  if (tok('gae') && ctx.ppo()) return 'ppo';
  if (EXPLICIT_REWARM.test(snake) || INFINITE_SCHEDULE.test(snake)) return 'rewarm';
  if (tok('replay') && ctx.rewarm() && !ctx.rlReplay() && !/buffer|memory|experience|priorit/.test(lower)) return 'replay';
  return undefined;
}

/** True for learning-rate schedule names (`get_lr`, `lr_lambda`, `cosine_schedule_with_warmup`). */
export const isScheduleName = (name: string): boolean => SCHEDULE_NAME.test(normalizeName(name));
