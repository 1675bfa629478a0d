import { KEY_RULES, VALUE_KEY, type KeyMode } from './keys';
import type { LexFamily } from './language';
import { classifyName, EXPERT_COUNT, EXPERTS_PER_TOKEN, isAuxiliaryName, isConfigName, isScheduleName, type NameContext } from './names';
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
  'continued', 'continue_pre', 'initial_checkpoint', 'reset_lr', 'redecay', 'scaling', 'get_peft_model',
];
const PREFIX_TRIGGERS = new Set(['wdecomp', 'balanc', 'clip', 'surr', 'rewarm', 'warm', 'schedul', 'continual', 'continued', 'continue_pre', 'initial_checkpoint', 'reset_lr', 'redecay', 'reference', 'z_loss', 'aux_loss']);
const TRIGGERS = new RegExp(byFirstLetter(TRIGGER_WORDS), 'gi');

/**
 * An alternation factored by first letter, longest words first within a letter (`r(?:eference|ef)`):
 * V8 then tests one branch per position instead of every word, about a fifth faster on code.
 */
function byFirstLetter(words: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const w of words) groups.set(w[0], [...(groups.get(w[0]) ?? []), w.slice(1)]);
  return [...groups].map(([first, rest]) => (rest.length === 1 ? first + rest[0] : `${first}(?:${rest.sort((a, b) => b.length - a.length).join('|')})`)).join('|');
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
const COMPONENT_METHOD = /loss|objective|forward|step|update|route|routing|gate|gating|select|dispatch/;
const LORA_UTILITY = /mark_only|state_dict|filter|(?:^|_)(?:merge|unmerge|save|load|print|count|freeze|unfreeze|trainable)(?:_|$)|^(?:is|has)_/;
const ACCESSOR = /^_*(?:get|clear|reset|set|print|log|is|has)_/;
// Names of small classes and functions that a key statement promotes to a finding of their own.
const PROMOTABLE = /loss|objective|surrogate|policy|clip|router|routing|gate|gating|layer|block|lora|adapter|linear|expert|magnitude/;
const FACTORY = /^(?:get_peft_model|(?:replace|inject|apply|add|wrap|convert|attach|create|make|build)_\w*lora\w*)$/;

const MAX_STATEMENTS_PER_TARGET = 6;
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
  private readonly _headers = new Map<number, Header | null>();
  private readonly _enclosing = new Map<number, Header[]>();
  private readonly _symbols = new Set<string>();
  private readonly _scannedContainers = new Set<number>();
  private readonly _statements = new Map<Target, number>();
  private readonly _parents = new Map<number, number>();
  private readonly _blankRuns = new Map<number, number>();
  private _depths?: Int32Array;
  private _indents?: Int32Array;
  private _raw?: string;
  private readonly _yaml: boolean;
  private readonly _file: string;

  constructor(private readonly _doc: SourceDoc, private readonly _family: LexFamily) {
    this._yaml = _family === 'yaml';
    this._file = _doc.fileName;
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

  private _ppo(): boolean {
    return this._flag('ppo', () => this._has('ppo', 'advantage') || this._fileHas('ppo'));
  }

  /** Evidence that training continues from a pretrained checkpoint (needed before a warmup counts). */
  rewarm(): boolean {
    return this._flag('rewarm', () =>
      this._has('rewarm', 'continual', 'continued', 'continue_pre', 'initial_checkpoint', 'reset_lr', 'redecay') ||
      this._fileHas('continual') ||
      (REWARM_PHRASE.test(this._rawText) && LOADS_WEIGHTS.test(this._rawText)));
  }

  /** Whether a key that needs context may fire here; YAML also accepts a comment or the path as context. */
  private _ctx(target: Target): boolean {
    const weak = this._yaml;
    switch (target) {
      case 'dpo': return this._dpo() || (weak && this._rawHas('dpo'));
      case 'ppo': return this._ppo() || (weak && this._rawHas('ppo'));
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
      if (!doc.isCode(m.index)) continue;
      this._tokens.add(word === 'gating' ? 'gate' : word === 'top_k' ? 'topk' : word === 'qlora' ? 'lora' : word);
      while (line + 1 < starts.length && starts[line + 1] <= m.index) line++;
      if (out[out.length - 1] !== line) out.push(line);
    }
    return out;
  }

  private _isImport(line: number): boolean {
    return !this._yaml && isImportLine(this._doc, line, this._family);
  }

  /** The class or function header on a line, if any. */
  private _header(line: number): Header | undefined {
    let h = this._headers.get(line);
    if (h === undefined) {
      h = this._yaml ? null : parseHeader(this._doc, line, this._family) ?? null;
      this._headers.set(line, h);
    }
    return h ?? undefined;
  }

  /** Enclosing class and function headers of a line, innermost first (at most four). */
  private _enclosingHeaders(line: number): Header[] {
    const cached = this._enclosing.get(line);
    if (cached) return cached;
    const out: Header[] = [];
    if (!this._yaml) {
      for (let p = this._parent(line); p >= 0 && out.length < 4; p = this._parent(p)) {
        const h = this._header(p) ?? (p > 0 && this._family !== 'python' && this._doc.codeLine(p).trim() === '{' ? this._header(p - 1) : undefined);
        if (h) out.push(h);
      }
    }
    this._enclosing.set(line, out);
    return out;
  }

  /**
   * The nearest line above with a smaller indentation (Python) or brace depth (other languages): the
   * line that opens the block this one is in, or -1. Found by jumping from parent to parent with
   * memoized results and an explicit stack, so a whole file costs linear time and no recursion.
   */
  private _parent(line: number): number {
    const parents = this._parents;
    const stack = [line];
    for (let guard = 0; stack.length > 0 && guard < 200_000; guard++) {
      const cur = stack[stack.length - 1];
      if (parents.has(cur)) {
        stack.pop();
        continue;
      }
      const level = this._level(cur);
      if (level <= 0) {
        parents.set(cur, -1);
        stack.pop();
        continue;
      }
      let p = this._prevCode(cur - 1);
      let blocked = -1;
      while (p >= 0) {
        if (this._level(p) < level) break;
        const up = parents.get(p);
        if (up === undefined) {
          blocked = p;
          break;
        }
        p = up;
      }
      if (blocked >= 0) stack.push(blocked);
      else {
        parents.set(cur, p);
        stack.pop();
      }
    }
    return parents.get(line) ?? -1;
  }

  /** The nearest line at or above `line` that holds code, or -1; runs of blank lines are memoized. */
  private _prevCode(line: number): number {
    let p = line;
    while (p >= 0 && this._level(p) < 0) {
      const known = this._blankRuns.get(p);
      if (known !== undefined) return known;
      p--;
    }
    for (let q = line; q > p; q--) this._blankRuns.set(q, p);
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
    let depth = 0;
    let line = 0;
    doc.scan(0, doc.length, (i, c) => {
      while (line + 1 < starts.length && starts[line + 1] <= i) depths[++line] = depth;
      if (c === 123) depth++;
      else if (c === 125) depth = Math.max(0, depth - 1);
      return false;
    });
    while (line + 1 < starts.length) depths[++line] = depth;
    return depths;
  }

  /** The target of the innermost enclosing header that has one. */
  private _enclosingTarget(line: number): Target | undefined {
    for (const h of this._enclosingHeaders(line)) {
      const t = this._headerTarget(h);
      if (t) return t;
    }
    return undefined;
  }

  private _headerTarget(h: Header): Target | undefined {
    return classifyName(h.name, this) ?? this._basesTarget(h);
  }

  private _basesTarget(h: Header): Target | undefined {
    if (h.kind !== 'class' || !h.bases) return undefined;
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
    const asg = assignment(text);
    if (this._tokens.has('lora') || this._tokens.has('dora')) this._loraDoraStatements(line, lower, asg);
    if (this.moe()) this._moeStatements(line, text, lower, asg);
    if (lower.includes('sigmoid') || lower.includes('softplus') || lower.includes('log1p')) this._dpoStatement(line, lower);
    if (lower.includes('clamp') || lower.includes('clip') || lower.includes('max(') || lower.includes('min(')) this._ppoStatement(line, lower);
    if (asg && /schedul|warm|replay|_lr\b|lr_|lambda/.test(lower) && this.rewarm()) this._rewarmStatements(line, asg);
  }

  private _onHeader(h: Header): void {
    if (h.declaration) return;
    let target = classifyName(h.name, this) ?? this._basesTarget(h);
    if (!target && h.kind === 'def' && h.open >= 0) {
      const sig = bracketText(this._doc, h.open).toLowerCase();
      // a free function only: methods of KTO/IPO/… losses share the signature without being DPO
      if (isDpoSignature(sig) && !this._enclosingHeaders(h.line).some((e) => e.kind === 'class')) target = 'dpo';
      else if (this.rewarm() && isScheduleName(h.name)) target = 'rewarm';
    }
    if (!target || isAuxiliaryName(h.name)) return;
    if (h.kind === 'def' && !this._isComponentFunction(h, target)) return;
    const symbolKey = `${target}:${h.name}`;
    const seen = this._symbols.has(symbolKey);
    this._symbols.add(symbolKey);
    const anchor = seen ? undefined : this._push({ line: h.line, target, kind: 'definition', symbol: h.name, evidence: `${h.kind === 'class' ? 'class' : 'function'} ${h.name}: ${EVIDENCE[target]}` });
    if (anchor && h.open >= 0 && h.kind === 'def') this._scanContainer(h.open, target, anchor, 'params');
    if (h.kind !== 'class') return;
    const body = this._bodyRange(h);
    if (!body) return;
    if (anchor && isConfigName(h.name)) this._scanRange(body[0], body[1], target, anchor, 'config', topLevel(this._doc, body[0], body[1]));
    if (target === 'loraLayer' || target === 'dora') this._classBody(h, body, target);
  }

  /**
   * A function counts on its own unless it is a helper: a method of a class already found for the same
   * target (`get_lora_AB` in `LoRALinear`), or a LoRA utility (`mark_only_lora_as_trainable`).
   */
  private _isComponentFunction(h: Header, target: Target): boolean {
    const name = normalizeName(h.name);
    if (target !== 'rewarm' && ACCESSOR.test(name)) return false;
    const cls = this._enclosingHeaders(h.line).find((e) => e.kind === 'class');
    if (cls && this._headerTarget(cls) === target && !COMPONENT_METHOD.test(name)) return false;
    return !((target === 'loraLayer' || target === 'loraConfig' || target === 'dora') && LORA_UTILITY.test(name));
  }

  /** `[start, end)` offsets of a class body: by indentation in Python, by braces elsewhere. */
  private _bodyRange(h: Header): [number, number] | undefined {
    const doc = this._doc;
    if (this._family === 'python') {
      const indent = doc.indent(h.line);
      let last = h.line;
      for (let p = h.line + 1; p < doc.lineCount && p < h.line + 2000; p++) {
        const ind = doc.indent(p);
        if (ind < 0) continue;
        if (ind <= indent) break;
        last = p;
      }
      return last > h.line ? [doc.lineStart(h.line + 1), doc.lineEnd(last)] : undefined;
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
    for (let p = doc.lines.lineOf(from); p <= last; p++) {
      const text = doc.codeLine(p);
      const asg = assignment(text);
      const name = asg ? lastSegment(asg.lhs) : '';
      if (target === 'loraLayer' && asg) {
        if (/^(?:A|B|a|b|down|up|lora_?[AaBb]|lora_(?:down|up|left|right))$/.test(name) && CREATOR.test(asg.rhs) && !EMPTY_CONTAINER.test(asg.rhs)) {
          this._statement(p, 'loraLayer', 'low-rank factors A and B as trainable parameters', name);
        } else if (/scal/i.test(name) && isAlphaOverRank(asg.rhs)) {
          this._statement(p, 'loraLayer', 'scaling = alpha / r', name);
        } else if (/lora_magnitude|_m_wdecomp|magnitude_vector/.test(normalizeName(name))) {
          magnitude = true;
        }
      } else if (target === 'dora') {
        if (asg && /^(?:m|mag|magnitude\w*|weight)$/.test(name) && /Parameter|Linear/.test(asg.rhs) && (name !== 'weight' || /norm/i.test(asg.rhs))) {
          this._statement(p, 'dora', 'nn.Parameter magnitude over the weight norm', name);
        } else if (!normalized && /\bnorm\s*\(/.test(text) && !/Parameter/.test(text)) {
          normalized = true;
          this._statement(p, 'dora', 'direction normalized by the weight norm');
        }
      }
    }
    // a LoRA layer that also learns a magnitude vector is a DoRA layer
    if (magnitude && !this._symbols.has(`dora:${h.name}`)) {
      this._symbols.add(`dora:${h.name}`);
      this._push({ line: h.line, target: 'dora', kind: 'definition', symbol: h.name, evidence: `class ${h.name}: ${EVIDENCE.dora}` });
    }
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
      if (!target) continue;
      const config = isConfigName(name) || target === 'loraConfig';
      // building a technique object inside a class or function that is itself a finding adds nothing
      if (!config && this._enclosingTarget(line)) continue;
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
    if (asg) {
      const name = lastSegment(asg.lhs);
      const norm = normalizeName(name);
      if (/^lora_(?:a|b|down|up)$/.test(norm) && CREATOR.test(asg.rhs) && !EMPTY_CONTAINER.test(asg.rhs)) {
        this._statement(line, 'loraLayer', 'low-rank factors A and B as trainable parameters', name);
      } else if (/scal/.test(norm) && isAlphaOverRank(asg.rhs) && this._tokens.has('lora')) {
        this._statement(line, 'loraLayer', 'scaling = alpha / r', name);
      } else if (/lora_magnitude|_m_wdecomp|magnitude_vector/.test(norm) && !EMPTY_CONTAINER.test(asg.rhs)) {
        this._statement(line, 'dora', 'learnable magnitude vector', name);
      } else if (/^(?:m|mag|magnitude)$/.test(norm) && /Parameter\s*\(/.test(asg.rhs) && /norm/i.test(asg.rhs)) {
        this._statement(line, 'dora', 'nn.Parameter magnitude over the weight norm', name);
      }
    }
    if (this._tokens.has('dora') || this._tokens.has('wdecomp')) {
      if (/(?:magnitude|wdecomp|\bm\b|\bmag\w{0,20})[^/\n]{0,80}\/[^/\n]{0,80}norm/.test(lower)) this._statement(line, 'dora', 'magnitude divided by the weight norm');
    }
  }

  private _moeStatements(line: number, text: string, lower: string, asg: Assignment | undefined): void {
    if (this.imitation()) return;
    const base = this._doc.lineStart(line);
    const enclosing = this._enclosingHeaders(line);
    const inLossFunction = enclosing.some((h) => h.kind === 'def' && classifyName(h.name, this) === 'moeLoss');
    // A router/gate: a linear map whose output size is the number of experts.
    for (const m of text.matchAll(/(?<![\w$])[A-Za-z_$][\w$]*/g)) {
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
    // Top-k expert selection.
    for (const m of text.matchAll(/(?<![\w$])([A-Za-z_$][\w$.]{0,80})\s*\(/g)) {
      const callee = lastSegment(m[1]);
      // `torch.topk`, `lax.top_k`, `ggml_top_k`; not a private helper like `self._top_k`, nor its definition
      if (!/^(?:[a-z]+_)?(?:arg)?top_?k$|^take$/i.test(callee) || inLossFunction || this._header(line)) continue;
      const args = bracketText(this._doc, base + (m.index ?? 0) + m[0].length - 1, 400);
      const kArg = [...args.matchAll(/[A-Za-z_$][\w$]*/g)].some((a) => EXPERTS_PER_TOKEN.test(normalizeName(a[0])));
      if (callee === 'take' && !kArg) continue;
      const routed = /router|routing|gate|gating|expert|moe/.test(lower.replace(/gate_proj|gate_up/g, ''));
      if (kArg || routed || enclosing.some((h) => h.kind === 'class' && classifyName(h.name, this) === 'moe')) {
        const k = /,\s*(?:k\s*=\s*)?(\d+)\s*(?:,|\)|$)/.exec(args);
        this._statement(line, 'moe', 'top-k expert selection', undefined, k ? { top_k: Number(k[1]) } : undefined);
      }
      break;
    }
    // The auxiliary load-balancing loss: computed by a call, or weighted into the total loss.
    const header = this._header(line);
    const calls = [...text.matchAll(/(?<![\w$])([A-Za-z_$][\w$.]{0,80})\s*\(/g)].map((m) => normalizeName(lastSegment(m[1])));
    if (!header && !inLossFunction && calls.some((c) => /load_?balanc|balancing_loss|(?:^|_)(?:aux|z)_loss/.test(c))) {
      this._statement(line, 'moeLoss', 'auxiliary load-balancing loss');
    } else if (!inLossFunction && LB_COEF.test(lower) && lower.includes('*')) {
      this._statement(line, 'moeLoss', 'load-balancing loss weighted into the training loss');
    } else if (!header && asg && /(?:^|_)(?:aux|balance|lb|lbl)_loss$|^l_aux$/.test(normalizeName(lastSegment(asg.lhs))) && /[*+/]/.test(asg.rhs)) {
      this._statement(line, 'moeLoss', 'auxiliary load-balancing loss', lastSegment(asg.lhs));
    }
  }

  private _isGateTarget(line: number): boolean {
    const lhs = normalizeName(lastSegment(assignment(this._doc.codeLine(line))?.lhs ?? ''));
    if (/gate_proj|gate_up/.test(lhs)) return false;
    if (/gate|router|gating|^wg$|^w_gate$/.test(lhs)) return true;
    return lhs === 'weight' && this._enclosingHeaders(line).some((h) => h.kind === 'class' && /gate|router|gating/i.test(h.name));
  }

  /** Up to `max` calls whose argument lists contain `offset`, innermost first; grouping parens are skipped. */
  private _enclosingCalls(offset: number, max: number): { callee: string; line: number }[] {
    const doc = this._doc;
    const out: { callee: string; line: number }[] = [];
    let depth = 0;
    // arguments of one call rarely span more than a few lines
    doc.scanBack(offset, offset - 400, (i, c) => {
      if (c === 41 || c === 93 || c === 125) depth++;
      else if (c === 40 || c === 91 || c === 123) {
        if (depth > 0) depth--;
        else if (c === 40) {
          const m = /([A-Za-z_$][\w$]*(?:(?:\.|::)[A-Za-z_$][\w$]*)*)\s*$/.exec(doc.codeSlice(i - 120, i));
          if (m) out.push({ callee: m[1].replace(/::new$/, ''), line: doc.lines.lineOf(i) });
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
    if (!ONE_MINUS.test(lower) || !ONE_PLUS.test(lower)) return;
    if (!(this._ppo() || /ratio|adv|surr/.test(lower) || this._rawHas('ppo'))) return;
    const eps = /1(?:\.0*)?\s*-\s*(\d*\.\d+)/.exec(lower);
    this._statement(line, 'ppo', 'clipped surrogate: clip(ratio, 1 − ε, 1 + ε)', undefined, eps ? { cliprange: Number(eps[1]) } : undefined);
  }

  private _rewarmStatements(line: number, asg: Assignment): void {
    const name = normalizeName(lastSegment(asg.lhs));
    const call = /^\s*(?:new\s+)?([A-Za-z_$][\w$.]*)\s*\(/.exec(asg.rhs);
    if (!call) return;
    const callee = normalizeName(lastSegment(call[1]));
    if (/schedul|warm_?up|(?:^|_)(?:lambda|sequential|linear|one_cycle|cosine_annealing)_lr$/.test(callee) && !/restart/.test(callee)) {
      this._statement(line, 'rewarm', 'new warmup schedule on a pretrained checkpoint', lastSegment(call[1]));
    } else if (/replay/.test(name) && !/buffer|memory/.test(name) && this._ctx('replay')) {
      this._statement(line, 'replay', 'replay of earlier pretraining data', lastSegment(asg.lhs));
    }
  }

  // ---- YAML blocks -------------------------------------------------------------------------------

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
    const text = doc.codeSlice(start, end);
    const found: Hit[] = [];
    for (const pair of keyPairs(text, this._family)) {
      if (depth && depth(start + pair.keyStart) > 0) continue;
      const keyText = pair.quoted ? doc.text.slice(start + pair.keyStart, start + pair.keyEnd) : pair.key;
      const segments = keyText.split(/\.|::/);
      const rawKey = segments[segments.length - 1];
      const value = readLiteral(doc, start + pair.valueStart, this._yaml);
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

  private _keyRule(line: number, offset: number, rawKey: string, value: Literal | undefined, container: Target | undefined, mode: KeyMode, anchor: Hit | undefined): Hit | undefined {
    const key = normalizeName(rawKey);
    const literal = value && 'value' in value ? value.value : undefined;
    if (anchor && literal !== undefined) anchor.params = mergeParams(anchor.params, { [rawKey]: literal });
    if (mode === 'params') return undefined;
    if (mode === 'config' && container === undefined && !this._yaml && this._inSignatureOfComponent(offset, rawKey, literal)) return undefined;
    const byValue = this._valueTarget(key, value);
    if (byValue) return this._push({ line, target: byValue, kind: 'config', symbol: rawKey, evidence: `${rawKey}: ${EVIDENCE[byValue]}` });
    const rule = KEY_RULES.find((r) => r.re.test(key));
    if (!rule) return undefined;
    const sameTechnique = container !== undefined && techniqueOf(container) === techniqueOf(rule.target);
    if (rule.needs === 'container' && (!sameTechnique || mode === 'construct')) return undefined;
    if (rule.needs === 'ctx' && !sameTechnique && !this._ctx(rule.target)) return undefined;
    if ((rule.target === 'moe' || rule.target === 'moeLoss') && this.imitation()) return undefined;
    if (rule.target === 'loraConfig' && this.radio()) return undefined;
    if (literal === undefined) return undefined;
    if (rule.truthy && literal !== true && literal !== 1 && literal !== 'true') return undefined;
    if (rule.min !== undefined && !(typeof literal === 'number' && literal >= rule.min)) return undefined;
    const params: Params = { [rawKey]: literal };
    if (!rule.define) {
      this._attach(line, rule.target, params);
      return undefined;
    }
    return this._push({ line, target: rule.target, kind: 'config', symbol: rawKey, evidence: `${rawKey} = ${String(literal)}: ${EVIDENCE[rule.target]}`, params });
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
    const t = /^[A-Z]/.test(raw) ? classifyName(raw, this) : undefined;
    return t === 'loraLayer' ? 'loraConfig' : t;
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

