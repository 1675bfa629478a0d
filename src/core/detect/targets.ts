import type { Technique } from '../papers/paper';

/** What a finding points at: a technique and the summary section that explains that part of it. */
export const TARGETS = {
  loraLayer: { technique: 'lora', paper: 'dora', section: 'lora-recap' },
  loraConfig: { technique: 'lora', paper: 'lora-learns-less', section: 'practical-lora-settings' },
  dora: { technique: 'dora', paper: 'dora', section: 'weight-decomposition' },
  moe: { technique: 'moe', paper: 'mixtral', section: 'sparse-moe-layer' },
  moeLoss: { technique: 'moe', paper: 'mixtral', section: 'load-balancing-loss' },
  dpo: { technique: 'dpo', paper: 'dpo-vs-ppo', section: 'dpo-objective' },
  ppo: { technique: 'ppo', paper: 'dpo-vs-ppo', section: 'ppo-objective' },
  rewarm: { technique: 'lr-rewarm', paper: 'continual-pretraining', section: 'rewarming-redecaying' },
  replay: { technique: 'lr-rewarm', paper: 'continual-pretraining', section: 'replay' },
} as const satisfies Record<string, { technique: Technique; paper: string; section: string }>;

/** Key of {@link TARGETS}. */
export type Target = keyof typeof TARGETS;

/** Where in the code a finding sits. */
export type FindingKind = 'definition' | 'statement' | 'config' | 'construction';

/** The technique of a target. */
export const techniqueOf = (t: Target): Technique => TARGETS[t].technique;
