import { EXPERT_COUNT, EXPERTS_PER_TOKEN } from './names';
import type { Target } from './targets';

/** How a setting name is read: which target it belongs to and when it counts. */
export interface KeyRule {
  target: Target;
  re: RegExp;
  /** Fires a config finding of its own; otherwise only adds to the params of a finding nearby. */
  define: boolean;
  /** `container`: only inside a call, object or YAML block of the same technique; `ctx`: also when the file is about it; `schedule`: also in a file with an infinite or WSD schedule. */
  needs?: 'container' | 'ctx' | 'schedule';
  truthy?: boolean;
  min?: number;
  /** Counts only when the comment, docstring or help text right after the key matches. */
  documented?: RegExp;
}

/** Settings by normalized name. First matching rule wins, so specific names come before catch-alls. */
export const KEY_RULES: readonly KeyRule[] = [
  { target: 'loraConfig', re: /^lora_(?:r|rank|alpha|dim|attn_dim)$/, define: true },
  { target: 'loraConfig', re: /^(?:r|rank|alpha)$/, define: true, needs: 'container' },
  { target: 'loraConfig', re: /(?:^|_)(?:use|enable|apply|with)_lora$|^lora_enabled?$/, define: true, truthy: true },
  { target: 'loraConfig', re: /^lora_\w+$/, define: false },
  { target: 'loraConfig', re: /^(?:dropout|target_modules|bias|use_rslora|init_lora_weights|modules_to_save|fan_in_fan_out)$/, define: false, needs: 'container' },
  { target: 'dora', re: /(?:^|_)use_dora$/, define: true, truthy: true },
  { target: 'dora', re: /^(?:dora_simple|wdecompose\w*)$/, define: false },
  { target: 'moeLoss', re: /^(?:router_aux_loss_coef|moe_loss_weight|moe_(?:aux|z)_loss_coeff?|load_balancing_loss_(?:coef|coeff|weight|alpha))$/, define: true },
  { target: 'moeLoss', re: /^output_router_logits$/, define: true, truthy: true },
  { target: 'moeLoss', re: /^(?:aux_loss_(?:coef|coeff|alpha|weight)|router_z_loss_coef|z_loss_coef|balance_loss_weight|lbl_coef)$/, define: true, needs: 'ctx' },
  { target: 'moe', re: EXPERT_COUNT, define: true, min: 1 },
  { target: 'moe', re: EXPERTS_PER_TOKEN, define: true, min: 1 },
  { target: 'moe', re: /^(?:top_?k|k)$/, define: true, needs: 'container', min: 1 },
  { target: 'moe', re: /^(?:moe_\w+|capacity_factor|router_jitter_noise|(?:n|num)_shared_experts|norm_topk_prob)$/, define: false },
  { target: 'dpo', re: /^(?:dpo|pref)_beta$/, define: true },
  { target: 'dpo', re: /^dpo_\w+$/, define: true },
  { target: 'dpo', re: /^(?:pref_loss|pref_loss_type)$/, define: true, needs: 'ctx' },
  { target: 'dpo', re: /^beta$/, define: true, needs: 'ctx' },
  { target: 'dpo', re: /^(?:loss_type|label_smoothing|reference_free|precompute_ref_log_probs|pref_loss|rpo_alpha|sync_ref_model)$/, define: false, needs: 'ctx' },
  // PPO's own hyper-parameters; batch sizes and token budgets (`ppo_micro_batch_size`) only add params
  { target: 'ppo', re: /^(?:cliprange|ppo_(?:epochs?|clip\w*|eps\w*|epsilon|target|mini_batch_size|kl_coef|kl_ctl|init_kl_coef|vf_coef|value_clip\w*|cliprange\w*))$/, define: true },
  { target: 'ppo', re: /^ppo_\w+$/, define: false },
  { target: 'ppo', re: /^(?:clip_range|clip_coef|clip_param|clip_eps|clip_epsilon|eps_clip|epsilon_clip|policy_clip|clip_ratio|ratio_clip)$/, define: true, needs: 'ctx' },
  { target: 'ppo', re: /^(?:vf_coef|kl_coef|init_kl_coef|gamma|lam|gae_lambda|(?:num_)?ppo_epochs|cliprange_value|clip_range_vf|target_kl|ent_coef|whiten_rewards|update_epochs)$/, define: false, needs: 'ctx' },
  { target: 'rewarm', re: /(?:^|_)re_?warm|(?:^|_)re_?decay|^reset_lr/, define: true },
  // the infinite schedule (warmup, cooldown, constant, anneal) and WSD
  { target: 'rewarm', re: /^(?:cooldown|cool_down)_(?:ratio|steps|iters|iterations|fraction|frac|proportion|tokens|start|len|length|epochs)$|^constant_lr(?:_ratio)?$|^(?:wsd|infinite)_\w+$/, define: true, needs: 'schedule' },
  // a reset switch whose documentation says it starts a new warmup (OLMo `reset_optimizer_state`)
  { target: 'rewarm', re: /^reset_(?:optimizer|optim|scheduler|lr_scheduler)\w*$/, define: true, documented: /warm/i },
  { target: 'rewarm', re: /^(?:num_)?(?:lr_)?warm_?up_(?:steps|iters|iterations|ratio|fraction|tokens|epochs|proportion)$|^warmup$/, define: true, needs: 'ctx' },
  { target: 'rewarm', re: /^(?:min_lr|max_lr|lr|learning_rate|peak_lr|base_lr|init_lr|final_lr|lr_decay_style|decay_style|lr_decay_iters|lr_scheduler(?:_type)?|initial_checkpoint\w*)$/, define: false, needs: 'ctx' },
  { target: 'replay', re: /^replay(?:_(?:ratio|fraction|rate|prob|probability|proportion|weight|pct|percent|share|data|dataset|datasets|split|mix))?$|^(?:old|previous|prev|pretrain|pretraining|original|general)_data_(?:ratio|fraction|weight|proportion|share|mix|rate)$/, define: true, needs: 'ctx' },
];

/** Keys whose value may name a technique: `adapter: lora`, `stage: dpo`, `_component_: torchtune.rlhf.loss.DPOLoss`. */
export const VALUE_KEY = /(?:^|_)(?:stage|rlhf|type|algo|algorithm|method|mode|trainer|loss|adapter|peft|tuning|objective|strategy|finetuning|technique|variant|class_name|class|cls|component|target|class_path|scheduler|schedule|decay_style)_*$/;

/** How keys inside a container count: as settings, as params of a construction, or only as params. */
export type KeyMode = 'config' | 'construct' | 'params';
