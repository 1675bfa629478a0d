import { KEY_RULES, VALUE_KEY, type KeyMode } from './keys';
import type { LexFamily } from './language';
import { classifyName, EXPERT_COUNT, EXPERTS_PER_TOKEN, isAuxiliaryName, isConfigName, isOtherAdapterName, isScheduleName, type NameContext } from './names';
import { hasToken, hasTokenIn, isRadioSpelling, isTokenAt, lastSegment, normalizeName, readLiteral, type Literal, type SourceDoc } from './text';
import { assignment, bracketText, isImportLine, keyPairs, parseHeader, topLevel, type Assignment, type Header } from './syntax';
import { techniqueOf, type FindingKind, type Target } from './targets';

/** Literal hyper-parameters read next to a finding. */
export type Params = Record<string, number | string | boolean>;

/** A finding on a 0-based line of the scanned document, before line mapping. */
export interface Hit {
  line: number;
  target: Target;
  kind: FindingKind;
  symbol?: string;
  evidence: string;
  params?: Params;
}

// Words whose presence in code makes a line worth reading. Matched case-insensitively, then checked
// as name parts; a few are prefixes (`warm` for `warmup_steps`, `clip` for `cliprange`).
const TRIGGER_WORDS = [
  'qlora', 'lora', 'dora', 'wdecomp', 'magnitude', 'expert', 'moe', 'router', 'routing', 'gate', 'gating', 'topk', 'top_k',
  'aux_loss', 'z_loss', 'balanc', 'dpo', 'logsigmoid', 'log_sigmoid', 'softplus', 'log1p', 'sigmoid', 'beta', 'chosen',
  'reference', 'ref', 'ppo', 'clamp', 'clip', 'advantage', 'surr', 'rewarm', 'warm', 'schedul', 'replay', 'continual',
  'continued', 'continue_pre', 'initial_checkpoint', 'reset_lr', 'reset_optim', 'redecay', 'scaling', 'get_peft_model',
  'cooldown', 'infinite', 'wsd', 'capacity', 'density', 'gae', 'gshard', 'importance_loss', 'moegate', 'pref_loss',
];
const PREFIX_TRIGGERS = new Set(['wdecomp', 'balanc', 'clip', 'surr', 'rewarm', 'warm', 'schedul', 'continual', 'continued', 'continue_pre', 'initial_checkpoint', 'reset_lr', 'reset_optim', 'redecay', 'reference', 'z_loss', 'aux_loss', 'cooldown', 'infinite', 'density']);
// A string literal that reads like a name (`"lora"`, `"--lora-rank"`, `'infinite_cosine'`) can be a setting.
const NAME_STRING = /^-{0,2}[A-Za-z_][\w.\-/:]{0,79}$/;
// Trigger words that count inside such a string: technique names and the settings flags spell out.
const STRING_TRIGGERS = new Set(['qlora', 'lora', 'dora', 'moe', 'expert', 'dpo', 'ppo', 'cooldown', 'infinite', 'wsd', 'beta', 'clip', 'warm', 'replay', 'rewarm', 'reset_optim', 'continual']);
// Calls that declare a command-line flag: argparse, click, absl.
const FLAG_CALL = /^(?:add_argument|add_option|option|argument|DEFINE_\w+)$/;
// An object that holds parsed settings: `args.lora_rank`, `cfg.moe_top_k`, `finetuning_args.pref_beta`.
const SETTINGS_OBJECT = /^(?:args|cfg|conf|config|opt|opts|options|flags|hp|hparams|params|settings)$|(?:_args|_cfg|_config|_conf|_opts|_hparams|Args|Config|Cfg)$/;
const OTHER_ADAPTER_VALUE = /^(?:ia3|loha|lokr|oft|boft|vera|full|freeze|none|prefix|prompt)$/i;
const TRIGGERS = new RegExp(byFirstLetter(TRIGGER_WORDS), 'g');

/**
 * An alternation factored by first letter, longest words first within a letter (`r(?:eference|ef)`):
 * V8 then tests one branch per position instead of every word, about a fifth faster on code. Letters
 * are spelled as case classes (`[rR](?:[eE][fF])`) instead of using the `i` flag: without `u`, `i`
 * matches an ASCII letter only to its two ASCII cases, which is what the classes say, and irregexp
 * runs them about a third faster than it folds case.
 */
function byFirstLetter(words: readonly string[]): string {
  const anyCase = (w: string): string => w.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
  const groups = new Map<string, string[]>();
  for (const w of words) groups.set(w[0], [...(groups.get(w[0]) ?? []), w.slice(1)]);
  return [...groups].map(([first, rest]) => (rest.length === 1 ? anyCase(first + rest[0]) : `${anyCase(first)}(?:${rest.sort((a, b) => b.length - a.length).map(anyCase).join('|')})`)).join('|');
}

const RADIO = /spreading[_ ]?factor|sx12\d\d|sx127|rfm9[5-8]|lorawan|\brssi\b|dev_?eui|app_?eui|coding_?rate|\blmic\b|meshtastic|\buplink\b|\bdownlink\b|\bgateway/i;
const LORA_ML = /torch|tensorflow|\bjax\b|\bflax\b|\bpeft\b|candle|\bmlx\b|transformers|\bnn\./i;
const IMITATION = /imitation|dagger|behaviou?r[_ ]?clon|\bbc_loss|expert_(?:demo|traj|policy|data|action|obs|buffer|rollout|dataset)|demonstration|\bgail\b/i;
const RL_REPLAY = /replay_?buffer|experience[_ ]replay|prioriti[sz]ed|\bdqn\b|epsilon_greedy|\bgym\b|env\.step/i;
const REWARM_PHRASE = /continual(?:ly)?[ _-]?pre-?train|continued[ _-]?pre-?train|re-?warm|re-?decay/i;
const CONTINUAL_PHRASE = /continual(?:ly)?[ _-]?pre-?train|continued[ _-]?pre-?train/i;
const LOADS_WEIGHTS = /from_pretrained|load_state_dict|load_checkpoint|torch\.load|fabric\.load|load_model/i;

const ONE_MINUS = /(?:^|[^\w.])1(?:\.0*)?f?\s*-\s*[\w(]/;
const ONE_PLUS = /(?:^|[^\w.])1(?:\.0*)?f?\s*\+\s*[\w(]/;
const CREATOR = /\b(?:Parameter|Linear|Dense|Conv\w{0,8}|Embedding|zeros|ones|randn|rand|empty|new_zeros|new_empty|normal_?|uniform_?|variable|tensor|Tensor|get|get_with_hints|init|kaiming\w{0,12}|xavier\w{0,12}|param|linear|linear_no_bias)\s*(?:::new\s*)?[({]/;
const EMPTY_CONTAINER = /^\s*(?:(?:torch\.)?(?:nn\.)?(?:ModuleDict|ParameterDict|ModuleList)\(\s*(?:\{\s*\})?\s*\)|\{\s*\}|dict\(\s*\)|\[\s*\])\s*$/;
const LB_COEF = /router_aux_loss_coef|moe_loss_weight|moe_aux_loss_coef|aux_loss_coef|aux_loss_alpha|balance_loss_weight|load_balancing_loss_coef/;
const COMPONENT_METHOD = /loss|objective|forward|step|update|route|routing|gate|gating|select|dispatch|magnitude|delta_weight|weight_diff|fuse_weights|merged?_weights?|^(?:replace|inject|wrap|convert|attach)_/;
// Methods of a LoRA or DoRA class that compute or apply the low-rank update, whatever their class is called.
const UPDATE_METHOD = /delta_weight|weight_diff|fuse_weights|merged?_weights?|^(?:replace|inject|wrap|convert|attach)_/;
// The low-rank update B·A: an up and a down factor (or lora_B and lora_A) in one product or merge.
const LOW_RANK_PRODUCT = /(?:@|\bmatmul\b|\bmm\b|\bbmm\b|mul_mat|merge|\beinsum\b|\bdot\b)/;
const LORA_UTILITY = /mark_only|state_dict|filter|(?:^|_)(?:merge|unmerge|save|load|print|count|freeze|unfreeze|trainable)(?:_|$)|^(?:is|has)_/;
const ACCESSOR = /^_*(?:get|clear|reset|set|print|log|is|has|validate|check|supports?|can|should)_|_(?:enabled|disabled)$/;
// A technique-named callee that does something (`self.dpo_loss(…)`, `moe_gate(…)`), not a sub-module (`self.lora_a(x)`).
// Words that name a technique by themselves; `router` and `gate` alone also name web routers and logic gates.
const STRONG_NAME = /lora|dora|moe|dpo|ppo|balanc|rewarm|infinite|gshard/;
const ACTION_NAME = /loss|forward|compute|apply|merge|fuse|route|routing|gate|gating|dispatch|combine|select|inject|convert|wrap|replace|config|init|magnitude|run|train/;
// Names of small classes and functions that a key statement promotes to a finding of their own.
const PROMOTABLE = /loss|objective|surrogate|policy|clip|router|routing|gate|gating|layer|block|lora|adapter|linear|expert|magnitude/;
const FACTORY = /^(?:get_peft_model|(?:replace|inject|apply|add|wrap|convert|attach|create|make|build)_\w*lora\w*)$/;

// Field declarations per lexer family: group 1 is the name, group 2 is set when a default follows.
const FIELD: Partial<Record<LexFamily, RegExp>> = {
  python: /^\s*([A-Za-z_]\w*)\s*:(?!=)[^=\n]{1,200}?(?:(=)(?!=)\s*|$)/,
  rust: /^\s*(?:pub(?:\s*\([^)]{0,40}\))?\s+)?([A-Za-z_]\w*)\s*:\s*[^,;={}]{1,200},?\s*$/,
  c: /^\s*(?:(?:const|unsigned|signed|static|volatile|mutable|struct|enum)\s+){0,4}[A-Za-z_][\w:]*(?:\s*<[^;=<>]{0,80}>)?(?:\s*[*&]+\s*|\s+)([A-Za-z_]\w*)\s*(?:\[[^\]]{0,40}\]\s*)?(?:(=)\s*|;)/,
  js: /^\s*(?:(?:public|private|protected|readonly|static|declare|override)\s+){0,4}([A-Za-z_$][\w$]*)\s*(?:[?!]\s*)?:(?!:)[^=;(){}]{1,200}?(?:(=)(?![=>])\s*|;|,|$)/,
};

const MAX_STATEMENTS_PER_TARGET = 6;
/** Not computed yet, in the per-line Int32Array memos (whose values are lines or -1). */
const UNKNOWN = -2;
const MAX_STRINGS = 24;
/** A class or function longer than this is too long to show its findings as one lens at its header. */
export const MAX_SCOPE_LINES = 150;
const MAX_RAW_HITS = 400;
const MAX_TRIGGER_LINES = 5000;
const EVIDENCE: Readonly<Record<Target, string>> = {
  loraLayer: 'LoRA adapter',
  loraConfig: 'LoRA settings',
  dora: 'DoRA weight decomposition',
  moe: 'sparse MoE layer',
  moeLoss: 'MoE load-balancing loss',
  dpo: 'DPO objective',
  ppo: 'PPO clipped objective',
  rewarm: 'learning-rate re-warming on a pretrained checkpoint',
  replay: 'replay of earlier pretraining data',
};

/** Order of preference when two findings of one target are close: lower wins. */
export const KIND_RANK: Readonly<Record<FindingKind, number>> = { definition: 0, construction: 1, config: 2, statement: 3 };

/**
 * Reads one blanked source file and collects findings. Works on the lines that contain trigger words,
 * plus the bodies and argument lists those lines open; everything it does per line is bounded.
 */
export class Scanner implements NameContext {
  private readonly _hits = new Map<string, Hit>();
  private readonly _tokens = new Set<string>();
  private readonly _memo = new Map<string, boolean>();
  // per-line memos, indexed by line (a Map lookup per call cost more than the rest of _header)
  private readonly _headers: (Header | null | undefined)[];
  private readonly _enclosing: (Header[] | undefined)[];
  private readonly _symbols = new Set<string>();
  private readonly _scannedContainers = new Set<number>();
  private readonly _statements = new Map<Target, number>();
  /** Per line: its parent line (-1 for none), or UNKNOWN. */
  private _parents?: Int32Array;
  /** Per line: the nearest code line at or above it when known to be blank (-1 for none), or UNKNOWN. */
  private _blankRuns?: Int32Array;
  /** Lines where a trigger word sits in a name-like string (`"lora"`, `"--lora_rank"`). */
  private readonly _stringLines = new Set<number>();
  private readonly _bodies = new Map<number, [number, number] | null>();
  private _depths?: Int32Array;
  private _indents?: Int32Array;
  private _raw?: string;
  private readonly _yaml: boolean;
  private readonly _file: string;

  constructor(private readonly _doc: SourceDoc, private readonly _family: LexFamily) {
    this._yaml = _family === 'yaml';
    this._file = _doc.fileName;
    this._headers = new Array<Header | null | undefined>(_doc.lineCount);
    this._enclosing = new Array<Header[] | undefined>(_doc.lineCount);
  }

  /** Runs every rule and returns the raw hits, sorted by line. */
  run(): Hit[] {
    const lines = this._collectTriggers();
    for (const [n, line] of lines.entries()) {
      // far more raw hits or trigger lines than can ever be reported: the rest adds nothing but time
      if (this._hits.size >= MAX_RAW_HITS || n >= MAX_TRIGGER_LINES) break;
      if (this._isImport(line)) continue;
      this._scanLine(line);
    }
    return [...this._hits.values()].sort((a, b) => a.line - b.line || KIND_RANK[a.kind] - KIND_RANK[b.kind]);
  }

  /**
   * The class or function a 0-based line belongs to, as 0-based `[first, last]` lines: the outermost
   * enclosing one that spans at most {@link MAX_SCOPE_LINES} lines, else the innermost. A definition's
   * own header counts as inside it. Undefined at top level and in YAML.
   */
  scopeOf(line: number): [number, number] | undefined {
    const own = this._header(line);
    const chain = [...(own && !own.declaration ? [own] : []), ...this._enclosingHeaders(line)];
    let inner: [number, number] | undefined;
    let outer: [number, number] | undefined;
    for (const h of chain) {
      const body = this._bodyRange(h);
      if (!body) continue;
      const range: [number, number] = [h.line, this._doc.lines.lineOf(Math.max(body[0], body[1] - 1))];
      inner ??= range;
      if (range[1] - range[0] <= MAX_SCOPE_LINES) outer = range;
    }
    return outer ?? inner;
  }

  // ---- file context ------------------------------------------------------------------------------

  private _flag(name: string, compute: () => boolean): boolean {
    let v = this._memo.get(name);
    if (v === undefined) {
      v = compute();
      this._memo.set(name, v);
    }
    return v;
  }

  /** The raw text (comments included) for case-insensitive context tests, capped so they stay cheap. */
  private get _rawText(): string {
    return (this._raw ??= this._doc.text.length > 2_000_000 ? this._doc.text.slice(0, 2_000_000) : this._doc.text);
  }

  private _has(...words: string[]): boolean {
    return words.some((w) => this._tokens.has(w));
  }

  private _fileHas(word: string): boolean {
    return hasToken(this._file, this._file.toLowerCase(), word);
  }

  /** A name part anywhere in the file, comments included: weak context, used only where noted. */
  private _rawHas(word: string): boolean {
    return this._flag(`raw:${word}`, () => hasTokenIn(this._rawText, word));
  }

  radio(): boolean {
    // an ML framework usually shows up in the first lines, so most files never run the radio test
    return this._flag('radio', () => !LORA_ML.test(this._rawText) && RADIO.test(this._rawText));
  }

  imitation(): boolean {
    return this._flag('imitation', () => !this._has('moe', 'router', 'routing') && IMITATION.test(this._rawText));
  }

  rlReplay(): boolean {
    return this._flag('rlReplay', () => RL_REPLAY.test(this._rawText));
  }

  moe(): boolean {
    return this._flag('moe', () => this._has('moe') || (this._has('expert') && this._has('router', 'routing', 'gate', 'gating', 'topk', 'top_k')));
  }

  /** DPO evidence in code: the name, or policy-versus-reference log-probabilities of chosen answers. */
  private _dpo(): boolean {
    return this._flag('dpo', () => this._has('dpo') || (this._has('ref', 'reference') && this._has('chosen')) || this._fileHas('dpo'));
  }

  ppo(): boolean {
    return this._flag('ppo', () => this._has('ppo', 'advantage') || this._fileHas('ppo'));
  }

  /** Evidence that training continues from a pretrained checkpoint (needed before a warmup counts). */
  rewarm(): boolean {
    return this._flag('rewarm', () =>
      this._has('rewarm', 'continual', 'continued', 'continue_pre', 'initial_checkpoint', 'reset_lr', 'redecay') ||
      this._fileHas('continual') ||
      (REWARM_PHRASE.test(this._rawText) && LOADS_WEIGHTS.test(this._rawText)));
  }

  /** GaLore code names its projection rank `lora_r` without any LoRA adapter in the file. */
  private _galore(): boolean {
    return this._flag('galore', () => this._rawHas('galore') && !/\bpeft\b|LoraConfig|lora_[AB]\b|LoRALinear|lora_?alpha/i.test(this._rawText));
  }

  /** Evidence of the infinite or WSD schedule: the word, or a cooldown next to a constant learning rate. */
  private _infinite(): boolean {
    return this._flag('infinite', () => this._rawHas('infinite') || this._rawHas('wsd') || this._fileHas('infinite') ||
      (this._rawHas('cooldown') && (this._rawHas('constant') || this._rawHas('stable'))));
  }

  /** Whether a key that needs context may fire here; YAML also accepts a comment or the path as context. */
  private _ctx(target: Target): boolean {
    const weak = this._yaml;
    switch (target) {
      case 'dpo': return this._dpo() || (weak && this._rawHas('dpo'));
      case 'ppo': return this.ppo() || (weak && this._rawHas('ppo'));
      case 'moe':
      case 'moeLoss': return this.moe() && !this.imitation();
      case 'rewarm': return this.rewarm() || (weak && CONTINUAL_PHRASE.test(this._rawText));
      case 'replay': return !this.rlReplay() && (this.rewarm() || (weak && CONTINUAL_PHRASE.test(this._rawText)));
      default: return true;
    }
  }

  // ---- triggers, imports, headers ----------------------------------------------------------------

  /** Lines holding a trigger word as a name part, ascending; records which words the code uses. */
  private _collectTriggers(): number[] {
    const doc = this._doc;
    const text = doc.text;
    const starts = doc.lines.starts;
    const out: number[] = [];
    let line = 0;
    TRIGGERS.lastIndex = 0;
    for (let m = TRIGGERS.exec(text); m; m = TRIGGERS.exec(text)) {
      const word = m[0].toLowerCase();
      if (!isTokenAt(text, m.index, word.length, PREFIX_TRIGGERS.has(word))) continue;
      if (word === 'lora' && isRadioSpelling(text, m.index)) continue;
      if (!doc.isCode(m.index)) {
        // a setting spelled as a string (`== "lora"`, `"--lora_rank"`) is read; prose and comments are not
        if (!STRING_TRIGGERS.has(word) || !this._isNameString(m.index)) continue;
        while (line + 1 < starts.length && starts[line + 1] <= m.index) line++;
        this._stringLines.add(line);
        if (out[out.length - 1] !== line) out.push(line);
        continue;
      } else {
        this._tokens.add(word === 'gating' ? 'gate' : word === 'top_k' ? 'topk' : word === 'qlora' ? 'lora' : word === 'moegate' ? 'moe' : word);
      }
      while (line + 1 < starts.length && starts[line + 1] <= m.index) line++;
      if (out[out.length - 1] !== line) out.push(line);
    }
    return out;
  }

  /** True when `offset` is inside a short string literal that reads like a name, not in a comment or prose. */
  private _isNameString(offset: number): boolean {
    if (this._yaml) return false;
    const span = this._doc.spanAt(offset);
    if (!span || span[1] - span[0] > 80) return false;
    const quote = this._doc.text.charCodeAt(span[0] - 1);
    if (quote !== 34 && quote !== 39 && quote !== 96) return false;
    return NAME_STRING.test(this._doc.text.slice(span[0], span[1]));
  }

  private _isImport(line: number): boolean {
    return !this._yaml && isImportLine(this._doc, line, this._family);
  }

  /** The class or function header on a line, if any. */
  private _header(line: number): Header | undefined {
    let h = this._headers[line];
    if (h === undefined) {
      h = this._yaml ? null : parseHeader(this._doc, line, this._family) ?? null;
      this._headers[line] = h;
    }
    return h ?? undefined;
  }

  /** Enclosing class and function headers of a line, innermost first (at most four). */
  private _enclosingHeaders(line: number): Header[] {
    const cached = this._enclosing[line];
    if (cached) return cached;
    const out: Header[] = [];
    if (!this._yaml) {
      for (let p = this._parent(line); p >= 0 && out.length < 4; p = this._parent(p)) {
        // `) -> Tensor:` closing a signature split over lines (black style) stands for its `def` line
        if (this._family === 'python' && /^\s*[)\]]/.test(this._doc.codeLine(p))) p = this._opener(p);
        if (p < 0) break;
        const h = this._header(p) ?? (p > 0 && this._family !== 'python' && this._doc.codeLine(p).trim() === '{' ? this._header(p - 1) : undefined);
        if (h) out.push(h);
      }
    }
    this._enclosing[line] = out;
    return out;
  }

  /** The line of the bracket closed by the bracket that starts `line`, or -1. */
  private _opener(line: number): number {
    const doc = this._doc;
    const from = doc.lineStart(line) + Math.max(0, doc.indent(line)) + 1;
    let depth = 0;
    const at = doc.scanBack(from, from - 6000, (_, c) => {
      if (c === 41 || c === 93 || c === 125) depth++;
      else if (c === 40 || c === 91 || c === 123) return --depth === 0;
      return false;
    });
    return at < 0 ? -1 : doc.lines.lineOf(at);
  }

  /**
   * The nearest line above with a smaller indentation (Python) or brace depth (other languages): the
   * line that opens the block this one is in, or -1. Found by jumping from parent to parent with
   * memoized results and an explicit stack, so a whole file costs linear time and no recursion.
   */
  private _parent(line: number): number {
    const parents = (this._parents ??= new Int32Array(this._doc.lineCount).fill(UNKNOWN));
    if (parents[line] !== UNKNOWN) return parents[line];
    const stack = [line];
    for (let guard = 0; stack.length > 0 && guard < 200_000; guard++) {
      const cur = stack[stack.length - 1];
      if (parents[cur] !== UNKNOWN) {
        stack.pop();
        continue;
      }
      const level = this._level(cur);
      if (level <= 0) {
        parents[cur] = -1;
        stack.pop();
        continue;
      }
      let p = this._prevCode(cur - 1);
      let blocked = -1;
      while (p >= 0) {
        if (this._level(p) < level) break;
        const up = parents[p];
        if (up === UNKNOWN) {
          blocked = p;
          break;
        }
        p = up;
      }
      if (blocked >= 0) stack.push(blocked);
      else {
        parents[cur] = p;
        stack.pop();
      }
    }
    return parents[line] === UNKNOWN ? -1 : parents[line];
  }

  /** The nearest line at or above `line` that holds code, or -1; runs of blank lines are memoized. */
  private _prevCode(line: number): number {
    const runs = (this._blankRuns ??= new Int32Array(this._doc.lineCount).fill(UNKNOWN));
    let p = line;
    while (p >= 0 && this._level(p) < 0) {
      const known = runs[p];
      if (known !== UNKNOWN) return known;
      p--;
    }
    for (let q = line; q > p; q--) runs[q] = p;
    return p;
  }

  /** Indentation (Python) or brace depth at the line start (braces); -1 for a line without code. */
  private _level(line: number): number {
    if (this._family === 'python') return this._indent(line);
    if (this._indent(line) < 0) return -1;
    return (this._depths ??= this._computeDepths())[line];
  }

  private _indent(line: number): number {
    let v = this._indents?.[line];
    if (v === undefined || v === -2) {
      this._indents ??= new Int32Array(this._doc.lineCount).fill(-2);
      v = this._indents[line] = this._doc.indent(line);
    }
    return v;
  }

  private _computeDepths(): Int32Array {
    const doc = this._doc;
    const starts = doc.lines.starts;
    const depths = new Int32Array(doc.lineCount);
    const text = doc.text;
    let depth = 0;
    let line = 0;
    // Only braces change the depth, so visit the braces that are code instead of every code character:
    // the depth at a line start is still the count of the code braces before it.
    const braces = /[{}]/g;
    for (let m = braces.exec(text); m; m = braces.exec(text)) {
      const i = m.index;
      if (!doc.isCode(i)) continue;
      while (line + 1 < starts.length && starts[line + 1] <= i) depths[++line] = depth;
      if (text.charCodeAt(i) === 123) depth++;
      else depth = Math.max(0, depth - 1);
    }
    while (line + 1 < starts.length) depths[++line] = depth;
    return depths;
  }

  /** Whether an enclosing function, or a class header less than 40 lines up, is itself a finding. */
  private _nearEnclosingTarget(line: number): boolean {
    for (const h of this._enclosingHeaders(line)) {
      if (this._headerTarget(h)) return h.kind === 'def' || line - h.line < 40;
    }
    return false;
  }

  private _headerTarget(h: Header): Target | undefined {
    return classifyName(h.name, this) ?? this._basesTarget(h);
  }

  private _basesTarget(h: Header): Target | undefined {
    if (h.kind !== 'class' || !h.bases || isOtherAdapterName(h.name)) return undefined;
    for (const m of h.bases.matchAll(/[A-Za-z_$][\w$.]*/g)) {
      const t = classifyName(lastSegment(m[0]), this);
      if (t) return t;
    }
    return undefined;
  }

  // ---- hits --------------------------------------------------------------------------------------

  private _push(hit: Hit): Hit {
    const key = `${hit.line}:${hit.target}`;
    const old = this._hits.get(key);
    if (!old) {
      this._hits.set(key, hit);
      return hit;
    }
    if (hit.params) old.params = mergeParams(old.params, hit.params);
    if (KIND_RANK[hit.kind] < KIND_RANK[old.kind]) {
      old.kind = hit.kind;
      old.evidence = hit.evidence;
      old.symbol = hit.symbol ?? old.symbol;
    }
    return old;
  }

  private _statement(line: number, target: Target, evidence: string, symbol?: string, params?: Params): void {
    const n = this._statements.get(target) ?? 0;
    if (n >= MAX_STATEMENTS_PER_TARGET) return;
    if (!this._hits.has(`${line}:${target}`)) this._statements.set(target, n + 1);
    this._push({ line, target, kind: 'statement', evidence, symbol, params });
    this._promote(line, target);
  }

  /**
   * A small class or loss function without a telling name (`class PolicyLoss`, `def compute_policy_loss`)
   * that holds a key statement is where the component is defined, so its header is a finding too.
   */
  private _promote(line: number, target: Target): void {
    if (target === 'moeLoss' || target === 'rewarm' || target === 'replay' || target === 'loraConfig') return;
    // an argument of a call (`gate=nn.Linear(…)` inside `MoeLayer(…)`) belongs to that construction
    const start = this._doc.lineStart(line) + Math.max(0, this._doc.indent(line));
    if (this._enclosingCalls(start, 1).length > 0) return;
    const enclosing = this._enclosingHeaders(line);
    const cls = enclosing.find((h) => h.kind === 'class');
    const top = enclosing[enclosing.length - 1];
    const h = cls ?? (top?.kind === 'def' && this._enclosingHeaders(top.line).length === 0 ? top : undefined);
    if (!h || h.declaration || this._headerTarget(h) || !PROMOTABLE.test(normalizeName(h.name))) return;
    const body = this._bodyRange(h);
    if (!body || this._doc.lines.lineOf(body[1]) - h.line > 150) return;
    const key = `${target}:${h.name}`;
    if (this._symbols.has(key)) return;
    this._symbols.add(key);
    this._push({ line: h.line, target, kind: 'definition', symbol: h.name, evidence: `${h.kind === 'class' ? 'class' : 'function'} ${h.name}: ${EVIDENCE[target]}` });
  }

  // ---- per-line rules ----------------------------------------------------------------------------

  private _scanLine(line: number): void {
    const text = this._doc.codeLine(line);
    const lower = text.toLowerCase();
    if (this._yaml) {
      this._scanKeys(line, undefined, 'config');
      this._yamlBlock(line, text);
      this._namedObjects(line, text);
      return;
    }
    const header = this._header(line);
    if (header) this._onHeader(header);
    this._calls(line, text);
    this._namedObjects(line, text);
    this._scanKeys(line, undefined, 'config');
    if (!header) this._field(line, text);
    if (this._stringLines.has(line)) {
      this._flagCalls(line, text);
      this._stringSettings(line, text);
    }
    this._forwardedSettings(line, text);
    const asg = assignment(text);
    if (this._tokens.has('lora') || this._tokens.has('dora')) this._loraDoraStatements(line, lower, asg);
    if (this.moe()) this._moeStatements(line, text, lower, asg);
    if (lower.includes('sigmoid') || lower.includes('softplus') || lower.includes('log1p')) this._dpoStatement(line, lower);
    if (lower.includes('clamp') || lower.includes('clip') || lower.includes('max(') || lower.includes('min(')) this._ppoStatement(line, lower);
    if (asg && /schedul|warm|replay|_lr\b|lr_|lambda/.test(lower) && (this.rewarm() || this._underReset(line))) this._rewarmStatements(line, asg);
  }

  private _onHeader(h: Header): void {
    if (h.declaration) return;
    let target = classifyName(h.name, this) ?? this._basesTarget(h);
    if (!target && h.kind === 'def' && h.open >= 0) {
      const sig = bracketText(this._doc, h.open).toLowerCase();
      // a free function only: methods of KTO/IPO/… losses share the signature without being DPO
      if (isDpoSignature(sig) && !this._enclosingHeaders(h.line).some((e) => e.kind === 'class')) target = 'dpo';
      else if (this.rewarm() && isScheduleName(h.name)) target = 'rewarm';
      else if (isBoltOnWarmup(sig)) target = 'rewarm';
      else if (UPDATE_METHOD.test(normalizeName(h.name)) && !isOtherAdapterName(h.name)) {
        const cls = this._enclosingHeaders(h.line).find((e) => e.kind === 'class');
        const t = cls && this._headerTarget(cls);
        if (t === 'loraLayer' || t === 'dora') target = t;
      }
    }
    if (!target && h.kind === 'class' && isScheduleName(h.name) && isBoltOnWarmup(this._bodyHead(h))) target = 'rewarm';
    if (!target || isAuxiliaryName(h.name)) return;
    // `class Qwen3MoeModel extends Qwen3MoePreTrainedModel {}`: a name with nothing behind it implements nothing
    if (h.kind === 'class' && this._isEmptyClass(h)) return;
    if (h.kind === 'def' && !this._isComponentFunction(h, target)) return;
    const symbolKey = `${target}:${h.name}`;
    const seen = this._symbols.has(symbolKey);
    this._symbols.add(symbolKey);
    const anchor = seen ? undefined : this._push({ line: h.line, target, kind: 'definition', symbol: h.name, evidence: `${h.kind === 'class' ? 'class' : 'function'} ${h.name}: ${EVIDENCE[target]}` });
    if (anchor && h.open >= 0 && h.kind === 'def') this._scanContainer(h.open, target, anchor, 'params');
    if (anchor && target === 'rewarm') this._rewarmBranches(h);
    if (h.kind !== 'class') return;
    const body = this._bodyRange(h);
    if (!body) return;
    if (anchor && isConfigName(h.name)) this._scanRange(body[0], body[1], target, anchor, 'config', topLevel(this._doc, body[0], body[1]));
    if (target === 'loraLayer' || target === 'dora') this._classBody(h, body, target);
  }

  /** The first lines of a class body (its fields), for tests on what the class holds. */
  private _bodyHead(h: Header): string {
    const body = this._bodyRange(h);
    return body ? this._doc.codeSlice(body[0], Math.min(body[1], body[0] + 600)) : '';
  }

  private _isEmptyClass(h: Header): boolean {
    const body = this._bodyRange(h);
    // Python's `pass` stays a class: a base of real layers is often declared that way
    if (this._family === 'python') return false;
    if (!body) return true;
    return /^\s*$/.test(this._doc.codeSlice(body[0], Math.min(body[1], body[0] + 200)));
  }

  /** Inside a re-warming schedule: the branches that start the new warmup or skip it for later tasks. */
  private _rewarmBranches(h: Header): void {
    const body = this._bodyRange(h);
    if (!body) return;
    const doc = this._doc;
    const last = Math.min(doc.lines.lineOf(Math.max(body[0], body[1] - 1)), h.line + 300);
    let n = 0;
    for (let p = doc.lines.lineOf(body[0]); p <= last && n < 2; p++) {
      const text = doc.codeLine(p);
      if (!/^\s*(?:if|elif|else\s+if)\b/.test(text) || !/warm|task|stage|phase|cycle|restart/i.test(text)) continue;
      this._statement(p, 'rewarm', 'the re-warm branch of the schedule');
      n++;
    }
  }

  /**
   * A function counts on its own unless it is a helper: a method of a class already found for the same
   * target (`get_lora_AB` in `LoRALinear`), or a LoRA utility (`mark_only_lora_as_trainable`).
   */
  private _isComponentFunction(h: Header, target: Target): boolean {
    const name = normalizeName(h.name);
    if (target !== 'rewarm' && ACCESSOR.test(name) && !/delta_weight|weight_diff/.test(name)) return false;
    const cls = this._enclosingHeaders(h.line).find((e) => e.kind === 'class');
    if (cls && this._headerTarget(cls) === target && !COMPONENT_METHOD.test(name)) return false;
    return !((target === 'loraLayer' || target === 'loraConfig' || target === 'dora') && LORA_UTILITY.test(name));
  }

  /** `[start, end)` offsets of a class body: by indentation in Python, by braces elsewhere (memoized). */
  private _bodyRange(h: Header): [number, number] | undefined {
    const known = this._bodies.get(h.line);
    if (known !== undefined) return known ?? undefined;
    const range = this._computeBodyRange(h);
    this._bodies.set(h.line, range ?? null);
    return range;
  }

  private _computeBodyRange(h: Header): [number, number] | undefined {
    const doc = this._doc;
    if (this._family === 'python') {
      const indent = this._indent(h.line);
      // the body starts after the signature, whose closing `) -> T:` may sit at the header's indentation
      const close = h.open >= 0 ? doc.matchClose(h.open, 6000) : -1;
      const head = close > 0 ? doc.lines.lineOf(close) : h.line;
      let last = head;
      for (let p = head + 1; p < doc.lineCount && p < h.line + 2000; p++) {
        const ind = this._indent(p);
        if (ind < 0) continue;
        if (ind <= indent) break;
        last = p;
      }
      return last > head ? [doc.lineStart(head + 1), doc.lineEnd(last)] : undefined;
    }
    const from = doc.lineStart(h.line);
    const open = doc.codeIndexOf('{', from, 400);
    if (open < 0) return undefined;
    const close = doc.matchClose(open, 60000);
    return [open + 1, close < 0 ? Math.min(doc.length, open + 60000) : close];
  }

  /** Inside a LoRA or DoRA class: the statements that create its factors, scaling or magnitude. */
  private _classBody(h: Header, [from, to]: [number, number], target: Target): void {
    const doc = this._doc;
    const last = doc.lines.lineOf(Math.max(from, to - 1));
    let normalized = false;
    let magnitude = false;
    const products: number[] = [];
    for (let p = doc.lines.lineOf(from); p <= last; p++) {
      const text = doc.codeLine(p);
      // methods that compute the update (`fuse_weights`, `get_delta_weight`) hold no trigger word of their own
      const method = this._header(p);
      if (method?.kind === 'def' && UPDATE_METHOD.test(normalizeName(method.name))) this._onHeader(method);
      const asg = assignment(text);
      const name = asg ? lastSegment(asg.lhs) : '';
      if (target === 'loraLayer' && asg) {
        if (/^(?:A|B|a|b|down|up|lora_?[AaBb]|lora_(?:down|up|left|right))$/.test(name) && CREATOR.test(asg.rhs) && !EMPTY_CONTAINER.test(asg.rhs)) {
          this._statement(p, 'loraLayer', 'low-rank factors A and B as trainable parameters', name);
        } else if (/scal/i.test(name) && isAlphaOverRank(asg.rhs)) {
          this._statement(p, 'loraLayer', 'scaling = alpha / r', name);
        } else if (/lora_magnitude|_m_wdecomp|magnitude_vector/.test(normalizeName(name))) {
          magnitude = true;
        } else if (isLowRankProduct(text)) {
          products.push(p);
        }
      } else if (target === 'loraLayer') {
        if (/alpha/i.test(text) && isAlphaOverRank(text)) this._statement(p, 'loraLayer', 'scaling = alpha / r');
        else if (isLowRankProduct(text)) products.push(p);
      } else if (target === 'dora') {
        if (asg && /^dora_(?:scale|magnitude)$/.test(name)) {
          this._statement(p, 'dora', 'learnable magnitude vector', name);
        } else if (asg && /^(?:m|mag|magnitude\w*|weight)$/.test(name) && /Parameter|Linear|norm/.test(asg.rhs) && (name !== 'weight' || /norm/i.test(asg.rhs))) {
          this._statement(p, 'dora', 'nn.Parameter magnitude over the weight norm', name);
        } else if (!normalized && /\bnorm\s*\(/.test(text) && !/Parameter/.test(text)) {
          normalized = true;
          this._statement(p, 'dora', 'direction normalized by the weight norm');
        }
      }
    }
    // a layer that is handed its factors (a patch or merge layer) shows the technique in B·A, once per method
    const methods = new Set<number>();
    if (!this._statements.has('loraLayer') || !this._hasFactorsIn(from, to)) {
      for (const p of products) {
        const def = this._enclosingHeaders(p).find((e) => e.kind === 'def')?.line ?? -1;
        if (methods.has(def)) continue;
        methods.add(def);
        this._statement(p, 'loraLayer', 'low-rank update B·A');
      }
    }
    // a LoRA layer that also learns a magnitude vector is a DoRA layer
    if (magnitude && !this._symbols.has(`dora:${h.name}`)) {
      this._symbols.add(`dora:${h.name}`);
      this._push({ line: h.line, target: 'dora', kind: 'definition', symbol: h.name, evidence: `class ${h.name}: ${EVIDENCE.dora}` });
    }
  }

  private _hasFactorsIn(from: number, to: number): boolean {
    for (const h of this._hits.values()) {
      if (h.target === 'loraLayer' && h.kind === 'statement' && /factors/.test(h.evidence)) {
        const at = this._doc.lineStart(h.line);
        if (at >= from && at < to) return true;
      }
    }
    return false;
  }

  /** Calls and struct literals: constructions of technique classes and config objects. */
  private _calls(line: number, text: string): void {
    const base = this._doc.lineStart(line);
    const header = this._header(line);
    for (const m of text.matchAll(/(?<![\w$.:])([A-Za-z_$][\w$]*(?:(?:\.|::)[A-Za-z_$][\w$]*){0,8})\s*(\(|\{)/g)) {
      const path = m[1].replace(/::new$/, '');
      const name = lastSegment(path);
      if (!name || (header && header.name === name) || isAuxiliaryName(name)) continue;
      const open = base + (m.index ?? 0) + m[0].length - 1;
      // `{` only opens a Rust struct literal (`LoraConfig { r: 8 }`), never a block
      if (m[2] === '{' && (this._family !== 'rust' || !/^[A-Z]/.test(name) || /\b(?:struct|enum|impl|trait|fn|for|if|while|match|loop|mod|union|where)\b/.test(text.slice(0, m.index)))) continue;
      let target: Target | undefined;
      if (FACTORY.test(name)) target = name === 'get_peft_model' && !this._tokens.has('lora') ? undefined : 'loraLayer';
      else if (/^[A-Z]/.test(name)) target = classifyName(name, this) ?? (/^(?:lora|loralib)\./.test(path) && !this.radio() ? 'loraLayer' : undefined);
      // `self.dpo_loss(…)`, `moe_gate(…)`, `default_ppo_config()`: a technique function called from other code
      else if (m[2] === '(' && /_/.test(name) && !ACCESSOR.test(normalizeName(name)) && !LORA_UTILITY.test(normalizeName(name)) && ACTION_NAME.test(normalizeName(name)) && STRONG_NAME.test(normalizeName(name))) target = classifyName(name, this);
      if (!target) continue;
      const config = isConfigName(name) || target === 'loraConfig';
      // building a technique object close inside a class or function that is itself a finding adds nothing
      if (!config && this._nearEnclosingTarget(line)) continue;
      const hit = this._push({
        line, target, kind: config ? 'config' : 'construction', symbol: name,
        evidence: `${name}(…): ${EVIDENCE[target]}`,
      });
      this._scanContainer(open, target, hit, config ? 'config' : 'construct');
    }
  }

  /** `lora: {…}`, `const moeConfig = {…}`, `moe=dict(…)`: an object whose name says which technique it configures. */
  private _namedObjects(line: number, text: string): void {
    const base = this._doc.lineStart(line);
    for (const m of text.matchAll(/(?<![\w$.])([A-Za-z_$][\w$]*)\s*[:=]\s*(?:dict\s*\(|\{)/g)) {
      const target = classifyName(m[1], this);
      if (target) this._scanContainer(base + (m.index ?? 0) + m[0].length - 1, target, undefined, 'config', line);
    }
  }

  private _scanContainer(open: number, target: Target, anchor: Hit | undefined, mode: KeyMode, anchorLine?: number): void {
    if (this._scannedContainers.has(open)) return;
    this._scannedContainers.add(open);
    const close = this._doc.matchClose(open, 8000);
    const end = close < 0 ? Math.min(this._doc.length, open + 8000) : close;
    const found = this._scanRange(open + 1, end, target, anchor, mode, topLevel(this._doc, open + 1, end));
    if (!anchor && found.length > 0 && anchorLine !== undefined) {
      const t = found[0].target;
      const hit = this._push({ line: anchorLine, target: t, kind: 'config', evidence: `${EVIDENCE[t]} block` });
      for (const f of found) hit.params = mergeParams(hit.params, f.params);
    }
  }

  private _loraDoraStatements(line: number, lower: string, asg: Assignment | undefined): void {
    // the same statements in a LoHa, LoKr or IA3 layer belong to that adapter
    if (this._enclosingHeaders(line).some((h) => h.kind === 'class' && isOtherAdapterName(h.name))) return;
    if (asg) {
      const name = lastSegment(asg.lhs);
      const norm = normalizeName(name);
      if (/^lora_(?:a|b|down|up)$/.test(norm) && CREATOR.test(asg.rhs) && !EMPTY_CONTAINER.test(asg.rhs)) {
        this._statement(line, 'loraLayer', 'low-rank factors A and B as trainable parameters', name);
      } else if (/scal/.test(norm) && isAlphaOverRank(asg.rhs) && this._tokens.has('lora')) {
        this._statement(line, 'loraLayer', 'scaling = alpha / r', name);
      } else if (/lora_magnitude|_m_wdecomp|magnitude_vector|^dora_(?:scale|magnitude)$/.test(norm) && !EMPTY_CONTAINER.test(asg.rhs)) {
        this._statement(line, 'dora', 'learnable magnitude vector', name);
      } else if (/^(?:m|mag|magnitude)$/.test(norm) && /Parameter\s*\(/.test(asg.rhs) && /norm/i.test(asg.rhs)) {
        this._statement(line, 'dora', 'nn.Parameter magnitude over the weight norm', name);
      }
    }
    if (this._tokens.has('dora') || this._tokens.has('wdecomp')) {
      if (/(?:magnitude|wdecomp|dora_scale|\bm\b|\bmag\w{0,20})[^/\n]{0,80}\/[^/\n]{0,80}norm/.test(lower)) this._statement(line, 'dora', 'magnitude divided by the weight norm');
    }

  }

  private _moeStatements(line: number, text: string, lower: string, asg: Assignment | undefined): void {
    if (this.imitation()) return;
    const base = this._doc.lineStart(line);
    const enclosing = this._enclosingHeaders(line);
    const inLossFunction = enclosing.some((h) => h.kind === 'def' && classifyName(h.name, this) === 'moeLoss');
    // A router/gate: a linear map whose output size is the number of experts. Every EXPERT_COUNT name
    // holds `expert`, and normalizing a name only inserts `_` and changes case, so a line without the
    // word has no such name and the loop below would skip every identifier.
    if (lower.includes('expert')) for (const m of text.matchAll(/(?<![\w$])[A-Za-z_$][\w$]*/g)) {
      if (!EXPERT_COUNT.test(normalizeName(m[0]))) continue;
      const calls = this._enclosingCalls(base + (m.index ?? 0), 3);
      const gate = calls.find((c) => /linear|dense/i.test(lastSegment(c.callee)) || (/^Parameter$/.test(lastSegment(c.callee)) && this._isGateTarget(c.line)));
      if (gate) {
        const lhs = assignment(this._doc.codeLine(gate.line))?.lhs ?? '';
        if (/gate_proj|gate_up|up_gate|^w[123]$|fc\d/i.test(lastSegment(lhs))) continue;
        this._statement(gate.line, 'moe', 'router: a linear map to the experts', lastSegment(lhs) || undefined);
        break;
      }
      if (asg && /^experts$/i.test(lastSegment(asg.lhs))) {
        this._statement(line, 'moe', 'one feed-forward expert per slot', 'experts');
        break;
      }
    }
    // Top-k expert selection; the callees it looks for all hold one of these words, so a line without
    // any of them would only `continue` through its calls.
    if (/top_?k|take|argpartition/.test(lower)) for (const m of text.matchAll(/(?<![\w$])([A-Za-z_$][\w$.]{0,80})\s*\(/g)) {
      const callee = lastSegment(m[1]);
      // `torch.topk`, `lax.top_k`, `ggml_top_k`; not a private helper like `self._top_k`, nor its definition
      if (!/^(?:[a-z]+_)?(?:arg)?top_?k$|^take$|^argpartition$/i.test(callee) || inLossFunction || this._header(line)) continue;
      const args = bracketText(this._doc, base + (m.index ?? 0) + m[0].length - 1, 400);
      const kArg = [...args.matchAll(/[A-Za-z_$][\w$]*/g)].some((a) => EXPERTS_PER_TOKEN.test(normalizeName(a[0])));
      if (callee === 'take' && !kArg) continue;
      const routed = /router|routing|gate|gating|expert|moe/.test(lower.replace(/gate_proj|gate_up/g, ''));
      if (callee === 'argpartition' && !routed) continue;
      if (kArg || routed || enclosing.some((h) => h.kind === 'class' && classifyName(h.name, this) === 'moe')) {
        const k = /,\s*(?:k\s*=\s*)?(\d+)\s*(?:,|\)|$)/.exec(args);
        this._statement(line, 'moe', 'top-k expert selection', undefined, k ? { top_k: Number(k[1]) } : undefined);
      }
      break;
    }
    // The auxiliary load-balancing loss: computed by a call, or weighted into the total loss.
    const header = this._header(line);
    // The callee names are only read when the first test can pass: a normalized name holding `balanc`,
    // `aux_loss` or `z_loss` comes from a callee whose lower case holds `balanc`, `aux(_)loss` or
    // `z(_)loss` (normalizing only inserts `_` between letters and changes case).
    const calls = (): string[] => [...text.matchAll(/(?<![\w$])([A-Za-z_$][\w$.]{0,80})\s*\(/g)].map((m) => normalizeName(lastSegment(m[1])));
    if (!header && !inLossFunction && /balanc|aux_?loss|z_?loss/.test(lower) && calls().some((c) => /load_?balanc|balancing_loss|(?:^|_)(?:aux|z)_loss/.test(c))) {
      this._statement(line, 'moeLoss', 'auxiliary load-balancing loss');
    } else if (!inLossFunction && LB_COEF.test(lower) && lower.includes('*')) {
      this._statement(line, 'moeLoss', 'load-balancing loss weighted into the training loss');
    } else if (!header && asg && /(?:^|_)(?:aux|balance|lb|lbl|z)_loss$|^l_aux$/.test(normalizeName(lastSegment(asg.lhs))) && /[*+/(]/.test(asg.rhs)) {
      this._statement(line, 'moeLoss', 'auxiliary load-balancing loss', lastSegment(asg.lhs));
    } else if (!header && /density\w*\s*\*[^*\n]{0,80}density/.test(lower)) {
      // Switch/GShard: fraction of tokens per expert times mean router probability
      this._statement(line, 'moeLoss', 'load-balancing loss: token fraction × router probability');
    }
    if (asg && !header) this._moeSettingAssignment(line, asg, enclosing);
  }

  /**
   * In an MoE layer or router: `self.top_k = …`, `this.topK = config.topK || 2`, and the C argmax loop
   * that writes the chosen expert (`moe_experts[k] = best;`).
   */
  private _moeSettingAssignment(line: number, asg: Assignment, enclosing: Header[]): void {
    const name = normalizeName(lastSegment(asg.lhs));
    if (/expert\w*\s*\[[^\]]{1,40}\]\s*$/i.test(asg.lhs) && /^\s*(?:best\w*|arg_?max\w*|max_?i(?:dx|ndex)?|top_?\w*)\s*;?\s*$/i.test(asg.rhs)) {
      this._statement(line, 'moe', 'top-k expert selection (argmax loop)');
      return;
    }
    if (!/^(?:self|this)\./.test(asg.lhs) || !(/^(?:top_?k|k)$/.test(name) || EXPERTS_PER_TOKEN.test(name))) return;
    if (!enclosing.some((h) => h.kind === 'class' && this._headerTarget(h) === 'moe')) return;
    this._push({ line, target: 'moe', kind: 'config', symbol: lastSegment(asg.lhs), evidence: `${lastSegment(asg.lhs)}: experts per token` });
  }

  private _isGateTarget(line: number): boolean {
    const lhs = normalizeName(lastSegment(assignment(this._doc.codeLine(line))?.lhs ?? ''));
    if (/gate_proj|gate_up/.test(lhs)) return false;
    if (/gate|router|gating|^wg$|^w_gate$/.test(lhs)) return true;
    return lhs === 'weight' && this._enclosingHeaders(line).some((h) => h.kind === 'class' && /gate|router|gating/i.test(h.name));
  }

  /** Up to `max` calls whose argument lists contain `offset`, innermost first; grouping parens are skipped. */
  private _enclosingCalls(offset: number, max: number): { callee: string; line: number; open: number }[] {
    const doc = this._doc;
    const out: { callee: string; line: number; open: number }[] = [];
    let depth = 0;
    // arguments of one call rarely span more than a few lines
    doc.scanBack(offset, offset - 400, (i, c) => {
      if (c === 41 || c === 93 || c === 125) depth++;
      else if (c === 40 || c === 91 || c === 123) {
        if (depth > 0) depth--;
        else if (c === 40) {
          const m = /([A-Za-z_$][\w$]*(?:(?:\.|::)[A-Za-z_$][\w$]*)*)\s*$/.exec(doc.codeSlice(i - 120, i));
          if (m) out.push({ callee: m[1].replace(/::new$/, ''), line: doc.lines.lineOf(i), open: i });
        }
      }
      return out.length >= max;
    });
    return out;
  }

  private _dpoStatement(line: number, lower: string): void {
    if (!this._dpo()) return;
    if (!/logsigmoid|log_sigmoid|softplus|log1p|log\s*\(\s*(?:[\w.]{0,30}\.)?sigmoid/.test(lower)) return;
    if (!/(?:^|[^\w])(?:[\w.]{0,40}[._])?beta\b/.test(lower)) return;
    this._statement(line, 'dpo', '-log σ(β · (policy − reference) log-ratio margin)');
  }

  private _ppoStatement(line: number, lower: string): void {
    // `torch.clamp(` with its bounds on the next lines
    const call = /(?:clamp|clip)\s*\(\s*$/.exec(lower);
    if (call) lower += ` ${bracketText(this._doc, this._doc.lineStart(line) + call.index + call[0].trimEnd().length - 1, 400).toLowerCase()}`;
    if (!ONE_MINUS.test(lower) || !ONE_PLUS.test(lower)) return;
    if (!(this.ppo() || /ratio|adv|surr/.test(lower) || this._rawHas('ppo'))) return;
    const eps = /1(?:\.0*)?\s*-\s*(\d*\.\d+)/.exec(lower);
    this._statement(line, 'ppo', 'clipped surrogate: clip(ratio, 1 − ε, 1 + ε)', undefined, eps ? { cliprange: Number(eps[1]) } : undefined);
  }

  /** A new schedule set up right under `if cfg.reset_optimizer_state …:` is a re-warm on resume. */
  private _underReset(line: number): boolean {
    for (let p = line - 1, n = 0; p >= 0 && n < 3; p--) {
      const text = this._doc.codeLine(p);
      if (!text.trim()) continue;
      n++;
      if (/^\s*(?:if|elif|else\s+if)\b.{0,200}reset_(?:optim|sched|lr)/.test(text)) return true;
    }
    return false;
  }

  private _rewarmStatements(line: number, asg: Assignment): void {
    const name = normalizeName(lastSegment(asg.lhs));
    const call = /^\s*(?:new\s+)?([A-Za-z_$][\w$.]*)\s*\(/.exec(asg.rhs);
    if (!call) return;
    // `BoltOnWarmupScheduler.wrap(…)`: the class names the schedule, the method only builds it
    const callee = normalizeName(/^(?:wrap|create|build|make|from_\w+)$/.test(lastSegment(call[1])) ? call[1].replace(/\.[^.]*$/, '') : lastSegment(call[1]));
    if (/schedul|warm_?up|(?:^|_)(?:lambda|sequential|linear|one_cycle|cosine_annealing)_lr$/.test(callee) && !/restart/.test(callee)) {
      this._statement(line, 'rewarm', 'new warmup schedule on a pretrained checkpoint', lastSegment(call[1]));
    } else if (/replay/.test(name) && !/buffer|memory/.test(name) && this._ctx('replay')) {
      this._statement(line, 'replay', 'replay of earlier pretraining data', lastSegment(asg.lhs));
    }
  }


  // ---- settings spelled in code ------------------------------------------------------------------

  /**
   * A field declared in a class, struct or interface body is a setting even without a literal default:
   * `lora_r: int | None = None`, `use_dora: bool = field(default=False)`, `pub num_experts: usize,`,
   * `int n_experts;`, `topK?: number`.
   */
  private _field(line: number, text: string): void {
    const m = FIELD[this._family]?.exec(text);
    if (!m) return;
    const enclosing = this._enclosingHeaders(line)[0];
    if (!enclosing || enclosing.kind !== 'class') return;
    const parent = this._parent(line);
    if (parent !== enclosing.line && !(parent === enclosing.line + 1 && this._doc.codeLine(parent).trim() === '{')) return;
    const start = this._doc.lineStart(line);
    const keyOffset = start + text.indexOf(m[1], m[0].length - m[0].trimStart().length);
    const value = m[2] !== undefined ? readLiteral(this._doc, start + m[0].length, false) : undefined;
    const container = this._headerTarget(enclosing);
    const hit = this._keyRule(line, keyOffset, m[1], value, container, 'config', undefined, true);
    if (hit || !this.moe()) return;
    // a router's weights declared as a field: `void* moegate[MAX_LAYERS];`, `gate: nn.Linear`
    if (classifyName(m[1], this) === 'moe' && /gate|router|routing/i.test(m[1]) && !/gate_?proj|gate_?up/i.test(m[1])) this._statement(line, 'moe', 'router weights', m[1]);
  }

  /** `parser.add_argument("--lora_rank", type=int, default=8)`, `click.option(…)`, `flags.DEFINE_integer("lora_rank", 8, …)`. */
  private _flagCalls(line: number, text: string): void {
    if (!this._flag('flags', () => /add_argument|add_option|\b(?:option|argument)\s*\(|DEFINE_/.test(this._rawText))) return;
    const base = this._doc.lineStart(line);
    for (const m of text.matchAll(/(?<![\w$])([A-Za-z_$][\w$.]{0,80})\s*\(/g)) {
      if (FLAG_CALL.test(lastSegment(m[1]))) this._flagCall(base + (m.index ?? 0) + m[0].length - 1, lastSegment(m[1]));
    }
    // a continuation line of a call: `"--fine-tune-type",` or `choices=["lora", "dora"],`
    if (!/^\s*(?:["'`]|[A-Za-z_]\w*\s*=)/.test(text)) return;
    const start = base + Math.max(0, this._doc.indent(line));
    for (const c of this._enclosingCalls(start, 2)) if (FLAG_CALL.test(lastSegment(c.callee))) this._flagCall(c.open, lastSegment(c.callee));
  }

  private _flagCall(open: number, callee: string): void {
    if (this._scannedContainers.has(open)) return;
    this._scannedContainers.add(open);
    const doc = this._doc;
    const close = doc.matchClose(open, 3000);
    const end = close < 0 ? Math.min(doc.length, open + 3000) : close;
    const code = doc.codeSlice(open + 1, end);
    // the flag names: the leading string arguments (`"-r", "--lora-rank"`); the longest is the setting
    let flag: { name: string; offset: number } | undefined;
    const lead = /^\s*(["'])[^"'\n]*\1\s*(?:,\s*)?/;
    let pos = 0;
    for (let m = lead.exec(code); m && pos < code.length; m = lead.exec(code.slice(pos))) {
      const q = code.indexOf(m[1], pos);
      const qEnd = code.indexOf(m[1], q + 1);
      const name = doc.text.slice(open + 1 + q + 1, open + 1 + qEnd);
      if (NAME_STRING.test(name) && (!flag || name.length > flag.name.length)) flag = { name, offset: open + 1 + q + 1 };
      pos += m[0].length;
      if (callee.startsWith('DEFINE_')) break;
    }
    if (!flag) return;
    const line = doc.lines.lineOf(flag.offset);
    const top = topLevel(doc, open + 1, end);
    let value: Literal | undefined;
    const d = /\bdefault\s*=\s*/.exec(code);
    if (d && top(open + 1 + d.index) === 0) value = readLiteral(doc, open + 1 + d.index + d[0].length, false);
    else if (callee.startsWith('DEFINE_') && pos > 0) value = readLiteral(doc, open + 1 + pos, false);
    const key = normalizeName(flag.name);
    this._keyRule(line, flag.offset, flag.name.replace(/^-+/, ''), value, undefined, 'config', undefined, true);
    // `choices=["lora", "dora", "full"]`: each technique it offers is a setting of its own
    const c = /\bchoices\s*=\s*[[(]/.exec(code);
    if (!c || !VALUE_KEY.test(key)) return;
    const listOpen = open + 1 + c.index + c[0].length - 1;
    const listEnd = doc.matchClose(listOpen, 600);
    for (const s of this._stringsIn(listOpen + 1, listEnd < 0 ? listOpen + 600 : listEnd)) {
      const t = this._valueTarget(key, { value: s.value });
      if (t) this._push({ line: doc.lines.lineOf(s.offset), target: t, kind: 'config', symbol: flag.name, evidence: `${flag.name} ${s.value}: ${EVIDENCE[t]}` });
    }
  }

  /** String literals in `[from, to)`: their contents and offsets. */
  private _stringsIn(from: number, to: number, blanked?: string): { value: string; offset: number }[] {
    const out: { value: string; offset: number }[] = [];
    const code = blanked ?? this._doc.codeSlice(from, Math.min(to, from + 2000));
    for (const m of code.matchAll(/(["'`])( *)\1/g)) {
      const offset = from + (m.index ?? 0) + 1;
      out.push({ value: this._doc.text.slice(offset, offset + m[2].length), offset });
      // a settings line or a choices list holds a few strings; a data table is not read string by string
      if (out.length >= MAX_STRINGS) break;
    }
    return out;
  }

  /** `finetuning_type == "lora"`, `args.fine_tune_type in ["lora", "dora"]`, `args.scheduler == "wsd"`. */
  private _stringSettings(line: number, text: string): void {
    if (!/[=!]=|\bin\b/.test(text)) return;
    const start = this._doc.lineStart(line);
    for (const s of this._stringsIn(start, start + text.length, text)) {
      if (!NAME_STRING.test(s.value) || s.value.length < 3) continue;
      const at = s.offset - 1 - start;
      const before = text.slice(Math.max(0, at - 200), at);
      const after = text.slice(at + s.value.length + 2, at + s.value.length + 120);
      const inList = /([A-Za-z_$][\w$.]*)\s+(?:not\s+)?in\s*[[(][^\])]{0,200}$/.exec(before)?.[1];
      const lhs = /([A-Za-z_$][\w$.]*)\s*(?:===?|!==?)\s*$/.exec(before)?.[1] ?? inList ??
        /^\s*(?:===?|!==?)\s*([A-Za-z_$][\w$.]*)/.exec(after)?.[1];
      if (!lhs) continue;
      const key = normalizeName(lastSegment(lhs));
      if (!VALUE_KEY.test(key)) continue;
      const t = this._valueTarget(key, { value: s.value });
      if (!t) continue;
      // one per function: a run of checks on the same setting (validation, dispatch) is one place
      const scope = `cmp:${t}:${lhs}:${inList ? 'in' : '=='}:${this._enclosingHeaders(line).find((e) => e.kind === 'def')?.line ?? -1}`;
      if (this._symbols.has(scope)) continue;
      this._symbols.add(scope);
      this._push({ line, target: t, kind: 'config', symbol: lastSegment(lhs), evidence: `${lastSegment(lhs)} "${s.value}": ${EVIDENCE[t]}` });
    }
  }

  /** A setting read from a settings object and passed on: `"r": args.lora_rank`, `self.beta = finetuning_args.pref_beta`. */
  private _forwardedSettings(line: number, text: string): void {
    const start = this._doc.lineStart(line);
    for (const m of text.matchAll(/(?:[:=]|\|\||\bor\b|\band\b|\bif\b|\bnot\b)\s*(?:\(\s*)?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*){0,4})\.([A-Za-z_$][\w$]*)(?=\s*(?:[,)};\]:]|\|\||\?\?|\bor\b|\band\b|$))/g)) {
      if (!SETTINGS_OBJECT.test(lastSegment(m[1]))) continue;
      const offset = start + (m.index ?? 0) + m[0].length - m[2].length;
      // an argument of a technique construction (`LoraConfig(r=args.lora_r)`) belongs to that finding
      const call = this._enclosingCalls(offset, 1)[0];
      if (call && classifyName(lastSegment(call.callee), this)) continue;
      this._keyRule(line, offset, m[2], undefined, undefined, 'config', undefined, true);
    }
  }

  // ---- YAML blocks -------------------------------------------------------------------------------

  /** A sweep entry's value on the next line: `cooldown_ratio:` then `values: [0.3, 0.4]` (the first one counts). */
  private _yamlChildValue(line: number): Literal | undefined {
    const doc = this._doc;
    for (let p = line + 1; p < doc.lineCount && p <= line + 3; p++) {
      const text = doc.codeLine(p);
      if (!text.trim()) continue;
      if (doc.indent(p) <= doc.indent(line)) return undefined;
      const m = /^\s*values?\s*:\s*(?:\[\s*)?([^,\]\s][^,\]]*)/.exec(text);
      if (!m) return undefined;
      const v = m[1].trim();
      const q = /^(["'])(.*)\1$/.exec(v);
      const n = Number(v);
      return { value: q ? q[2] : v !== '' && Number.isFinite(n) ? n : v };
    }
    return undefined;
  }

  /** `lora:` (a key with no scalar) opens a block whose children are that technique's settings. */
  private _yamlBlock(line: number, text: string): void {
    const m = /^(\s*)(?:-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*:\s*$/.exec(text.trimEnd());
    if (!m) return;
    const target = classifyName(m[2], this);
    if (!target) return;
    const indent = m[1].length;
    const doc = this._doc;
    let last = line;
    for (let p = line + 1; p < doc.lineCount && p < line + 200; p++) {
      const ind = doc.indent(p);
      if (ind < 0) continue;
      if (ind <= indent) break;
      last = p;
    }
    if (last === line) return;
    const found = this._scanRange(doc.lineStart(line + 1), doc.lineEnd(last), target, undefined, 'config');
    if (found.length === 0) return;
    const t = found[0].target;
    const hit = this._push({ line, target: t, kind: 'config', symbol: m[2], evidence: `${EVIDENCE[t]} block` });
    for (const f of found) hit.params = mergeParams(hit.params, f.params);
  }

  // ---- keys --------------------------------------------------------------------------------------

  private _scanRange(from: number, to: number, container: Target, anchor: Hit | undefined, mode: KeyMode, depth?: (offset: number) => number): Hit[] {
    const doc = this._doc;
    const first = doc.lines.lineOf(from);
    const last = doc.lines.lineOf(Math.max(from, to - 1));
    const found: Hit[] = [];
    for (let line = first; line <= last && line < first + 400; line++) {
      found.push(...this._scanKeys(line, container, mode, anchor, Math.max(from, doc.lineStart(line)), Math.min(to, doc.lineEnd(line)), depth));
    }
    return found;
  }

  /** Reads `key = literal` / `key: literal` pairs on a line and fires the config rules. */
  private _scanKeys(line: number, container: Target | undefined, mode: KeyMode, anchor?: Hit, from?: number, to?: number, depth?: (offset: number) => number): Hit[] {
    const doc = this._doc;
    const start = from ?? doc.lineStart(line);
    const end = Math.min(to ?? doc.lineEnd(line), start + 2000);
    // a whole line is the memoized codeLine, the same slice
    const text = from === undefined && to === undefined ? doc.codeLine(line) : doc.codeSlice(start, end);
    const found: Hit[] = [];
    for (const pair of keyPairs(text, this._family)) {
      if (depth && depth(start + pair.keyStart) > 0) continue;
      const keyText = pair.quoted ? doc.text.slice(start + pair.keyStart, start + pair.keyEnd) : pair.key;
      const segments = keyText.split(/\.|::/);
      const rawKey = segments[segments.length - 1];
      let value = readLiteral(doc, start + pair.valueStart, this._yaml);
      if (this._yaml && !value && !text.slice(pair.valueStart).trim()) value = this._yamlChildValue(line);
      const qualifier = segments.length > 1 ? classifyName(segments[segments.length - 2], this) : undefined;
      const hit = this._keyRule(line, start + pair.keyStart, rawKey, value, container ?? qualifier, mode, anchor);
      if (hit) found.push(hit);
    }
    if (this._family === 'c') {
      const d = /^\s*#\s*define\s+([A-Za-z_]\w*)[ \t]+/.exec(text);
      if (d) {
        const hit = this._keyRule(line, start, d[1], readLiteral(doc, start + d[0].length, false), container, mode, anchor);
        if (hit) found.push(hit);
      }
    }
    return found;
  }

  private _keyRule(line: number, offset: number, rawKey: string, value: Literal | undefined, container: Target | undefined, mode: KeyMode, anchor: Hit | undefined, declared = false): Hit | undefined {
    const key = normalizeName(rawKey);
    const literal = value && 'value' in value ? value.value : undefined;
    if (anchor && literal !== undefined) anchor.params = mergeParams(anchor.params, { [rawKey]: literal });
    if (mode === 'params') return undefined;
    // Without a literal and a declaration only a value naming a technique can count: every later path
    // returns undefined (params need a literal), and the signature test below only changes params when
    // there is a literal, so it is asked only when that value is there.
    if (literal === undefined && !declared) {
      const named = this._valueTarget(key, value);
      if (!named || (mode === 'config' && container === undefined && !this._yaml && this._inSignatureOfComponent(offset, rawKey, literal))) return undefined;
      return this._push({ line, target: named, kind: 'config', symbol: rawKey, evidence: `${rawKey}: ${EVIDENCE[named]}` });
    }
    if (mode === 'config' && container === undefined && !this._yaml && !declared && this._inSignatureOfComponent(offset, rawKey, literal)) return undefined;
    const byValue = this._valueTarget(key, value);
    if (byValue) return this._push({ line, target: byValue, kind: 'config', symbol: rawKey, evidence: `${rawKey}: ${EVIDENCE[byValue]}` });
    const rule = KEY_RULES.find((r) => r.re.test(key));
    if (!rule) return undefined;
    const sameTechnique = container !== undefined && techniqueOf(container) === techniqueOf(rule.target);
    if (rule.needs === 'container' && (!sameTechnique || mode === 'construct')) return undefined;
    if (rule.needs === 'ctx' && !sameTechnique && !this._ctx(rule.target)) return undefined;
    if (rule.needs === 'schedule' && !sameTechnique && !this._ctx(rule.target) && !this._infinite()) return undefined;
    if ((rule.target === 'moe' || rule.target === 'moeLoss') && this.imitation()) return undefined;
    if (rule.target === 'loraConfig' && (this.radio() || this._galore())) return undefined;
    if (rule.documented && !this._documented(line, rule.documented)) return undefined;
    // a declared field or flag names the setting; elsewhere only a literal value makes it one
    if (literal === undefined && !declared) return undefined;
    if (!declared && rule.truthy && literal !== true && literal !== 1 && literal !== 'true') return undefined;
    if (!declared && rule.min !== undefined && !(typeof literal === 'number' && literal >= rule.min)) return undefined;
    const params: Params | undefined = literal === undefined ? undefined : { [rawKey]: literal };
    if (!rule.define) {
      if (params) this._attach(line, rule.target, params);
      return undefined;
    }
    return this._push({ line, target: rule.target, kind: 'config', symbol: rawKey, evidence: `${rawKey}${literal === undefined ? '' : ` = ${String(literal)}`}: ${EVIDENCE[rule.target]}`, params });
  }

  /**
   * Defaults in a signature are settings only where the function is not itself the component: in
   * `def dpo_loss(…, beta=0.1)` they are params of that finding, and in the constructor of a LoRA or
   * MoE layer (`r: int = 0`) they are placeholders, not a configuration.
   */
  private _inSignatureOfComponent(offset: number, rawKey: string, literal: number | string | boolean | undefined): boolean {
    const owner = this._signatureOwner(offset);
    if (!owner) return false;
    const ownTarget = classifyName(owner.name, this) ?? (this._dpo() ? 'dpo' : undefined) ?? (this.rewarm() ? 'rewarm' : undefined);
    const own = ownTarget ? this._hits.get(`${owner.line}:${ownTarget}`) : undefined;
    if (own) {
      if (literal !== undefined) own.params = mergeParams(own.params, { [rawKey]: literal });
      return true;
    }
    if (!/^(?:__init__|constructor|new|init)$/.test(owner.name)) return false;
    const cls = this._enclosingHeaders(owner.line).find((e) => e.kind === 'class');
    const t = cls && this._headerTarget(cls);
    // An MoE layer's defaults (`num_experts=8, top_k=2`) are its shape, worth a hint on the class.
    const layer = cls && t === 'moe' ? this._hits.get(`${cls.line}:moe`) : undefined;
    if (layer && literal !== undefined) layer.params = mergeParams(layer.params, { [rawKey]: literal });
    return t === 'loraLayer' || t === 'dora' || t === 'moe';
  }

  /** The function whose parameter list contains `offset`. */
  private _signatureOwner(offset: number): Header | undefined {
    const line = this._doc.lines.lineOf(offset);
    for (let p = line; p >= 0 && p > line - 40; p--) {
      const h = this._header(p);
      if (!h) continue;
      if (h.kind !== 'def' || h.open < 0 || h.open > offset) return undefined;
      const close = this._doc.matchClose(h.open, 6000);
      return close < 0 || offset < close ? h : undefined;
    }
    return undefined;
  }

  /** `adapter: lora`, `stage: dpo`, `mlp_class_name: LLaMAMoE`: a setting whose value names the technique. */
  private _valueTarget(key: string, value: Literal | undefined): Target | undefined {
    if (!value || !VALUE_KEY.test(key)) return undefined;
    const literal = 'value' in value ? value.value : value.ident;
    if (typeof literal !== 'string' || literal.length > 120 || /\s/.test(literal)) return undefined;
    const raw = /^[\w.:]+$/.test(literal) ? lastSegment(literal) : literal;
    const v = raw.toLowerCase();
    if (v === 'lora' || v === 'qlora') return this.radio() || raw === 'LoRa' ? undefined : 'loraConfig';
    if (v === 'dora') return 'dora';
    if (v === 'dpo') return 'dpo';
    if (v === 'ppo') return 'ppo';
    if (v === 'moe') return 'moe';
    if (v === 'wsd' || v === 'warmup_stable_decay') return 'rewarm';
    if (OTHER_ADAPTER_VALUE.test(v)) return undefined;
    // `LLaMAMoE`, and builder names in configs: `torchtune.models.llama3.lora_llama3_8b`, `infinite_cosine`
    const t = /^[A-Z]/.test(raw) || /_/.test(raw) ? classifyName(raw, this) : undefined;
    return t === 'loraLayer' ? 'loraConfig' : t;
  }

  /** Whether the comment, docstring or help text within a few lines after `line` matches `re`. */
  private _documented(line: number, re: RegExp): boolean {
    const doc = this._doc;
    const to = doc.lineEnd(Math.min(doc.lineCount - 1, line + 6));
    for (let p = doc.lineStart(line); p < to;) {
      const span = doc.spanAt(p);
      if (span) {
        if (re.test(doc.text.slice(span[0], Math.min(span[1], span[0] + 2000)))) return true;
        p = span[1] + 1;
      } else {
        const next = doc.text.slice(p, to).search(/["'#/]/);
        if (next < 0) return false;
        p += next + 1;
      }
    }
    return false;
  }

  /** Adds params to the nearest finding of the same target a few lines above. */
  private _attach(line: number, target: Target, params: Params): void {
    for (let p = line; p >= 0 && p >= line - 6; p--) {
      const h = this._hits.get(`${p}:${target}`);
      if (h) {
        h.params = mergeParams(h.params, params);
        return;
      }
    }
  }
}

/** `a` with the keys of `b` that it lacks appended: first value and source order win. */
export function mergeParams(a: Params | undefined, b: Params | undefined): Params | undefined {
  if (!b) return a;
  const out: Params = { ...a };
  for (const [k, v] of Object.entries(b)) if (!(k in out)) out[k] = v;
  return out;
}

/** `alpha / r`, `self.lora_alpha / self.r`, `lora_alpha / math.sqrt(r)`. */
function isAlphaOverRank(rhs: string): boolean {
  const slash = rhs.indexOf('/');
  if (slash < 0 || !/alpha/i.test(rhs.slice(0, slash))) return false;
  const m = /^\s*\(?\s*(?:(?:math\.|torch\.|np\.)?sqrt\s*\(\s*)?(?:float\s*\(\s*)?([A-Za-z_][\w.]*)/.exec(rhs.slice(slash + 1));
  return !!m && /^(?:r|rank|lora_r|lora_rank|lora_dim|rank_)$/.test(normalizeName(lastSegment(m[1])));
}

/** A signature taking both policy and reference log-probabilities of chosen and rejected answers. */
function isDpoSignature(sig: string): boolean {
  return sig.includes('chosen') && sig.includes('rejected') && /(?:^|[^a-z])ref(?:erence)?_/.test(sig) && /logp|log_prob|logprob|logratio|logit/.test(sig) && /(?:^|[^a-z])beta(?:[^a-z]|$)/.test(sig);
}


/** `self.up … @ self.down`, `merge_lora(ctx, lora_down, lora_up)`, `lora_B @ lora_A`: the low-rank update. */
function isLowRankProduct(text: string): boolean {
  const lower = text.toLowerCase();
  if (!LOW_RANK_PRODUCT.test(lower)) return false;
  const updown = /(?:^|[^a-z0-9])(?:lora_)?up(?:[^a-z0-9]|$)/.test(lower) && /(?:^|[^a-z0-9])(?:lora_)?down(?:[^a-z0-9]|$)/.test(lower);
  return updown || (/lora_?b(?:[^a-z0-9]|$)/.test(lower) && /lora_?a(?:[^a-z0-9]|$)/.test(lower));
}

/** A schedule that bolts a new warmup onto another one at a later step: a wrapped scheduler and a warmup start. */
function isBoltOnWarmup(text: string): boolean {
  return /\bwarmup_(?:start|begin)(?:_step|_iter)?\b|\brewarm/i.test(text) && /\binner\b|\bscheduler\s*[:=,)]|\bbase_scheduler\b|\bafter_scheduler\b/.test(text);
}
