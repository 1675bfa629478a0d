import type { Language } from './language';

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLetter = (c: number): boolean => isLower(c) || isUpper(c);

/** True for characters of an identifier in any of the supported languages. */
export const isIdentChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 95 || c === 36;

/**
 * True when the `len` characters at `i` form a whole name part: `lora` in `lora_A`, `LoRALinear` and
 * `LinearWithLoRA`, but not in `flora` or `exploration`; `expert` in `num_experts` but not `expertise`.
 * With `prefix`, only the start is checked (`warmup` in `warmup_steps` and `warmupSteps`).
 */
export function isTokenAt(s: string, i: number, len: number, prefix = false): boolean {
  if (i > 0 && isLetter(s.charCodeAt(i - 1)) && !isUpper(s.charCodeAt(i))) return false;
  // inside an all-caps word (`SUPPORTED` holds `PPO`) a part starts only where a capitalized word follows: `HFDPOTrainer`
  if (i > 0 && isUpper(s.charCodeAt(i - 1)) && isAllUpper(s, i, len) && !(isUpper(s.charCodeAt(i + len)) && isLower(s.charCodeAt(i + len + 1)))) return false;
  if (prefix) return true;
  const j = i + len;
  const next = s.charCodeAt(j);
  if (!isLower(next)) return true;
  // a plural: `experts`, `MoEs`
  return next === 115 && !isLower(s.charCodeAt(j + 1));
}

function isAllUpper(s: string, i: number, len: number): boolean {
  for (let k = i; k < i + len; k++) if (isLower(s.charCodeAt(k))) return false;
  return true;
}

/** Whether `word` (lower case) occurs in `s` as a name part; `lower` is `s.toLowerCase()`. */
export function hasToken(s: string, lower: string, word: string, prefix = false): boolean {
  for (let i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + 1)) {
    if (isTokenAt(s, i, word.length, prefix) && !(word === 'lora' && isRadioSpelling(s, i))) return true;
  }
  return false;
}

/** Like {@link hasToken}, for long texts: searches case-insensitively without lowercasing a copy. */
export function hasTokenIn(s: string, word: string, prefix = false): boolean {
  const re = new RegExp(word.replace(/[^\w]/g, '\\$&'), 'gi');
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (isTokenAt(s, m.index, word.length, prefix) && !(word === 'lora' && isRadioSpelling(s, m.index))) return true;
  }
  return false;
}

/** `LoRa` (the radio, spelled with a small final a) and `LoRaWAN`/`lorawan` are never the adapter. */
export function isRadioSpelling(s: string, i: number): boolean {
  return s.startsWith('LoRa', i) || /^wan/i.test(s.slice(i + 4, i + 7));
}

// The rules ask for the same few names over and over (each trigger line's callees, keys, fields).
const normalized = new Map<string, string>();
const MAX_NORMALIZED = 20_000;

/** Lower-case snake form of a name: `numExpertsPerTok` → `num_experts_per_tok`, `kNumExperts` → `num_experts`. */
export function normalizeName(raw: string): string {
  let name = normalized.get(raw);
  if (name === undefined) {
    if (normalized.size >= MAX_NORMALIZED) normalized.clear();
    name = snakeName(raw);
    normalized.set(raw, name);
  }
  return name;
}

function snakeName(raw: string): string {
  return raw
    .replace(/^(?:--?|k(?=[A-Z]))/, '')
    .replace(/LoRA|LORA/g, 'Lora').replace(/DoRA|DORA/g, 'Dora').replace(/MoE|MOE/g, 'Moe')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** The last segment of a dotted or `::` path, without a trailing index: `self.lora_A[name]` → `lora_A`. */
export function lastSegment(expr: string): string {
  const m = /([A-Za-z_$][\w$]*)\s*(?:\[[^\]]{0,120}\]\s*)*$/.exec(expr.slice(-200));
  return m ? m[1] : '';
}

/** A literal value read from source, or the name of an identifier when the value is not a literal. */
export type Literal = { value: number | string | boolean } | { ident: string };

const NUMBER = /^[-+]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d+)?(?:f32|f64|usize|u32|u64|i32|i64|[fFuUlL])?/;
const LITERAL_END = /^[ \t]*(?:$|\r?\n|[,)\]};#]|\/\/|\/\*)/;

/**
 * Reads the literal that starts at `pos` in a document: a number, a boolean, a quoted string, or (in
 * YAML) a plain scalar. The blanked code decides where strings end and what follows; the original
 * text gives a string's content. `field(default=…)` and `Field(default=…)` wrappers are looked through.
 */
export function readLiteral(doc: SourceDoc, pos: number, yaml: boolean): Literal | undefined {
  const text = doc.text;
  const code = doc.codeSlice(pos, pos + 200);
  const slice = code.replace(/^[ \t]+/, '');
  pos += code.length - slice.length;
  const wrapper = /^(?:dataclasses\.)?[fF]ield\(/.exec(slice);
  if (wrapper) {
    const d = /\bdefault\s*=\s*/.exec(slice);
    return d ? readLiteral(doc, pos + d.index + d[0].length, yaml) : undefined;
  }
  const c = slice.charCodeAt(0);
  if (c === 34 || c === 39) {
    const close = slice.indexOf(slice[0], 1);
    if (close < 0) return undefined;
    if (!LITERAL_END.test(slice.slice(close + 1, close + 40))) return undefined;
    return { value: text.slice(pos + 1, pos + close) };
  }
  if (yaml) return yamlScalar(slice.slice(0, lineEndIn(slice, 0)).trim());
  const num = NUMBER.exec(slice);
  if (num && LITERAL_END.test(slice.slice(num[0].length, num[0].length + 40))) return { value: parseNumber(num[0]) };
  const word = /^[A-Za-z_$][\w$.:]*/.exec(slice);
  if (!word) return undefined;
  if (!LITERAL_END.test(slice.slice(word[0].length, word[0].length + 40))) return undefined;
  if (/^(?:True|true)$/.test(word[0])) return { value: true };
  if (/^(?:False|false)$/.test(word[0])) return { value: false };
  return { ident: word[0] };
}

function lineEndIn(s: string, pos: number): number {
  const e = s.indexOf('\n', pos);
  return e < 0 ? s.length : e;
}

function parseNumber(raw: string): number {
  return Number(raw.replace(/_/g, '').replace(/(?:f32|f64|usize|u32|u64|i32|i64|[fFuUlL])$/, ''));
}

function yamlScalar(raw: string): Literal | undefined {
  const s = raw.replace(/\r$/, '').trim();
  if (!s || s === '~' || /^null$/i.test(s) || /^[|>[{&*!]/.test(s)) return undefined;
  if (/^(?:true|yes|on)$/i.test(s)) return { value: true };
  if (/^(?:false|no|off)$/i.test(s)) return { value: false };
  const num = NUMBER.exec(s);
  if (num && num[0].length === s.length) return { value: parseNumber(s) };
  const quoted = /^(["'])(.*)\1$/.exec(s);
  return { value: (quoted ? quoted[2] : s).slice(0, 120) };
}

/** Offsets of the line starts of a text; `lineOf` finds the 0-based line of an offset. */
export class LineIndex {
  readonly starts: Int32Array;

  constructor(text: string) {
    // A typed array grown by doubling from a guess: a fifth of the allocation of a pushed-to array, whose
    // growth copies were a quarter of what a first detect() on a large file allocated (young-generation GC).
    let starts = new Int32Array(Math.max(16, (text.length >> 5) + 1));
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (n === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[n++] = i + 1;
    }
    this.starts = starts.subarray(0, n);
  }

  get count(): number {
    return this.starts.length;
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** Spaces for `[start, end)` of `text`, keeping line breaks. */
export function blankRange(text: string, start: number, end: number): string {
  // Searching the slice, not the text: on a long line an unbounded indexOf runs to the line's end on every call.
  const part = text.slice(start, end);
  let out = '';
  let from = 0;
  for (let nl = part.indexOf('\n'); nl >= 0; nl = part.indexOf('\n', from)) {
    out += ' '.repeat(nl - from) + '\n';
    from = nl + 1;
  }
  return out + ' '.repeat(part.length - from);
}

/**
 * A source file ready for the rules: the original text, the spans that are not code (comments, string
 * contents) and a line index. Blanked code is produced per slice on demand, because copying a whole
 * large file into a new string costs more than everything else the detector does with it.
 */
export class SourceDoc {
  readonly lines: LineIndex;
  /** Number of non-code spans; span k is `[spans[2k], spans[2k+1])`, sorted and disjoint. */
  private readonly _count: number;
  private _codeLines?: (string | undefined)[];

  constructor(readonly text: string, private readonly _spans: Int32Array, readonly language: Language, readonly fileName: string) {
    this.lines = new LineIndex(text);
    this._count = _spans.length >> 1;
  }

  get length(): number {
    return this.text.length;
  }

  get lineCount(): number {
    return this.lines.count;
  }

  lineStart(line: number): number {
    return this.lines.starts[line];
  }

  lineEnd(line: number): number {
    return line + 1 < this.lines.count ? this.lines.starts[line + 1] - 1 : this.text.length;
  }

  /** Index of the first span that ends after `offset` (the count when there is none). */
  private _spanAfter(offset: number): number {
    let lo = 0;
    let hi = this._count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this._spans[2 * mid + 1] > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** True when `offset` is code, not inside a comment or a string's content. */
  isCode(offset: number): boolean {
    const k = this._spanAfter(offset);
    return k >= this._count || this._spans[2 * k] > offset;
  }

  /** The non-code span `[start, end)` holding `offset` (a comment or a string's content), or undefined. */
  spanAt(offset: number): [number, number] | undefined {
    const k = this._spanAfter(offset);
    return k < this._count && this._spans[2 * k] <= offset ? [this._spans[2 * k], this._spans[2 * k + 1]] : undefined;
  }

  /** `text[from, to)` with comments and string contents turned into spaces. */
  codeSlice(from: number, to: number): string {
    from = Math.max(0, from);
    to = Math.min(this.text.length, to);
    if (to <= from) return '';
    let k = this._spanAfter(from);
    if (k >= this._count || this._spans[2 * k] >= to) return this.text.slice(from, to);
    let out = '';
    let pos = from;
    for (; k < this._count && this._spans[2 * k] < to; k++) {
      const a = Math.max(this._spans[2 * k], pos);
      const b = Math.min(this._spans[2 * k + 1], to);
      out += this.text.slice(pos, a) + blankRange(this.text, a, b);
      pos = b;
    }
    return out + this.text.slice(pos, to);
  }

  /** The blanked code of a 0-based line, at most 2,000 characters so no rule works on a minified blob. */
  codeLine(line: number): string {
    // the rules read the lines around a trigger line many times over (indentation, imports, headers)
    let code = (this._codeLines ??= new Array<string | undefined>(this.lines.count))[line];
    if (code === undefined) {
      const start = this.lineStart(line);
      code = this._codeLines[line] = this.codeSlice(start, Math.min(this.lineEnd(line), start + 2000));
    }
    return code;
  }

  /** Indentation width of a line, or -1 when it holds no code. */
  indent(line: number): number {
    // codeLine's first character that is neither blank nor blanked, found without building the line:
    // the scan walks from parent to parent over every line above a trigger line and needs only this
    const start = this.lineStart(line);
    const end = Math.min(this.lineEnd(line), start + 2000);
    const spans = this._spans;
    let k = this._spanAfter(start);
    for (let i = start; i < end; i++) {
      if (k < this._count && i >= spans[2 * k]) {
        i = spans[2 * k + 1] - 1;
        k++;
        continue;
      }
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13) return i - start;
    }
    return -1;
  }

  /**
   * Calls `visit(offset, charCode)` for each code character in `[from, to)`, skipping comments and
   * strings, until it returns true; returns that offset or -1.
   */
  scan(from: number, to: number, visit: (offset: number, c: number) => boolean): number {
    const text = this.text;
    to = Math.min(text.length, to);
    let k = this._spanAfter(from);
    for (let i = Math.max(0, from); i < to; i++) {
      if (k < this._count && i >= this._spans[2 * k]) {
        i = this._spans[2 * k + 1] - 1;
        k++;
        continue;
      }
      if (visit(i, text.charCodeAt(i))) return i;
    }
    return -1;
  }

  /** Like {@link scan}, backwards from `from - 1` down to `to`. */
  scanBack(from: number, to: number, visit: (offset: number, c: number) => boolean): number {
    const spans = this._spans;
    let k = this._spanAfter(from - 1);
    for (let i = Math.min(this.text.length, from) - 1; i >= Math.max(0, to); i--) {
      while (k > 0 && spans[2 * k - 1] > i) k--;
      if (k < this._count && spans[2 * k] <= i) {
        i = spans[2 * k];
        continue;
      }
      if (visit(i, this.text.charCodeAt(i))) return i;
    }
    return -1;
  }

  /** Offset of the next code occurrence of `ch` at or after `from`, or -1 within `limit` characters. */
  codeIndexOf(ch: string, from: number, limit = 1 << 30): number {
    const end = Math.min(this.text.length, from + limit);
    for (let i = this.text.indexOf(ch, from); i >= 0 && i < end; i = this.text.indexOf(ch, i + 1)) {
      if (this.isCode(i)) return i;
    }
    return -1;
  }

  /** Offset of the bracket closing the one at `open` (any of `()[]{}`), or -1 within `limit` characters. */
  matchClose(open: number, limit = 8000): number {
    let depth = 0;
    return this.scan(open, open + limit, (_, c) => {
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) return --depth === 0;
      return false;
    });
  }
}
