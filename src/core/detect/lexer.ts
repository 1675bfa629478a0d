import type { LexFamily } from './language';

/** A half-open range of UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Source text with comments and string contents blanked out. */
export interface Lexed {
  /**
   * Same length and same line breaks as the input: comments and the contents of string literals are
   * spaces (quote characters stay, so a reader can still see that a string was there). In YAML only
   * comments and block scalars are blanked, because keys and values are the configuration.
   */
  code: string;
  /** Comments, plus Python docstrings; empty unless `collectComments` was set. */
  comments: Span[];
}

/** Collects the blanked ranges as flat `[start, end)` pairs, in increasing order. */
class Blanker {
  private _spans = new Int32Array(256);
  private _n = 0;

  blank(start: number, end: number): void {
    if (end <= start) return;
    if (this._n + 2 > this._spans.length) {
      const grown = new Int32Array(this._spans.length * 2);
      grown.set(this._spans);
      this._spans = grown;
    }
    this._spans[this._n++] = start;
    this._spans[this._n++] = end;
  }

  finish(): Int32Array {
    return this._spans.subarray(0, this._n);
  }
}

const isIdent = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;

/**
 * Finds comments and string contents in one linear pass and returns them as sorted, disjoint
 * `[start, end)` pairs. Never throws; unterminated strings and comments run to the end of the line or file.
 */
export function lexSpans(text: string, family: LexFamily, comments?: Span[]): Int32Array {
  const b = new Blanker();
  switch (family) {
    case 'python': lexPython(text, b, comments); break;
    case 'yaml': lexYaml(text, b, comments); break;
    default: lexBraces(text, b, family, comments); break;
  }
  return b.finish();
}

/**
 * Blanks comments and string contents, keeping every offset, line and column: the readable form of
 * {@link lexSpans}, for callers that want the whole blanked text.
 */
export function lex(text: string, family: LexFamily, collectComments = false): Lexed {
  const comments: Span[] = [];
  const spans = lexSpans(text, family, collectComments ? comments : undefined);
  let code = '';
  let last = 0;
  for (let k = 0; k < spans.length; k += 2) {
    code += text.slice(last, spans[k]);
    let from = spans[k];
    for (let nl = text.indexOf('\n', from); nl >= 0 && nl < spans[k + 1]; nl = text.indexOf('\n', from)) {
      code += ' '.repeat(nl - from) + '\n';
      from = nl + 1;
    }
    code += ' '.repeat(spans[k + 1] - from);
    last = spans[k + 1];
  }
  return { code: code + text.slice(last), comments };
}

function lineEnd(t: string, i: number): number {
  const e = t.indexOf('\n', i);
  return e < 0 ? t.length : e;
}

/** Index of the closing quote of a one-line string opened before `from`, or of the newline/end. */
function simpleStringEnd(t: string, from: number, quote: number, multiline: boolean): number {
  const n = t.length;
  let j = from;
  while (j < n) {
    const d = t.charCodeAt(j);
    if (d === 92) j += 2;
    else if (d === quote || (d === 10 && !multiline)) return j;
    else j++;
  }
  return n;
}

/**
 * Finds the next of a few characters with native `indexOf`, remembering each one's next position, so
 * the lexer's JavaScript loop runs once per comment or string rather than once per character.
 */
class NextOf {
  private readonly _next: number[];

  constructor(private readonly _t: string, private readonly _chars: readonly string[]) {
    this._next = _chars.map((c) => _t.indexOf(c));
  }

  /** Offset of the first of the characters at or after `i`, or -1. */
  from(i: number): number {
    let best = -1;
    for (let k = 0; k < this._next.length; k++) {
      let p = this._next[k];
      if (p >= 0 && p < i) p = this._next[k] = this._t.indexOf(this._chars[k], i);
      if (p >= 0 && (best < 0 || p < best)) best = p;
    }
    return best;
  }
}

/**
 * One Python comment or string per match, body and closing quote included, so irregexp (native code from
 * the first call) walks the text instead of a JavaScript loop that a first call runs in the interpreter.
 * Groups: 1 and 2 close a triple-quoted string, 3 and 4 a one-line string; a backslash escapes any
 * character (a newline too) and a lone one at the end of the text. Unterminated strings run to the end of
 * the line (one-line) or of the file (triple-quoted); the alternatives start on different characters and
 * every repetition ends where no alternative can go on, so a match never backtracks.
 */
const PYTHON_TOKEN = /#[^\n]*|"""(?:[^"\\]|\\[\s\S]|\\$|"(?!""))*(?:(""")|$)|'''(?:[^'\\]|\\[\s\S]|\\$|'(?!''))*(?:(''')|$)|"(?:[^"\\\n]|\\[\s\S]|\\$)*(")?|'(?:[^'\\\n]|\\[\s\S]|\\$)*(')?/g;

function lexPython(t: string, b: Blanker, comments?: Span[]): void {
  const n = t.length;
  const re = PYTHON_TOKEN;
  re.lastIndex = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const i = m.index;
    const e = re.lastIndex;
    const c = t.charCodeAt(i);
    if (c === 35) {
      b.blank(i, e);
      comments?.push({ start: i, end: e });
    } else if (t.charCodeAt(i + 1) === c && t.charCodeAt(i + 2) === c) {
      // three quotes always match the triple-quoted alternative, which is tried first and cannot fail
      const end = m[1] !== undefined || m[2] !== undefined ? e - 3 : n;
      b.blank(i + 3, end);
      if (comments && startsStatement(t, i)) comments.push({ start: i, end: Math.min(n, end + 3) });
    } else {
      b.blank(i + 1, m[3] !== undefined || m[4] !== undefined ? e - 1 : e);
    }
  }
}

/** True when only indentation and string prefixes precede offset `i` on its line: a docstring. */
function startsStatement(t: string, i: number): boolean {
  let p = i - 1;
  while (p >= 0 && /[rRbBuUfF]/.test(t[p])) p--;
  while (p >= 0) {
    const c = t.charCodeAt(p);
    if (c === 10) return true;
    if (c !== 32 && c !== 9) return false;
    p--;
  }
  return true;
}

function lexBraces(t: string, b: Blanker, family: LexFamily, comments?: Span[]): void {
  const n = t.length;
  const next = new NextOf(t, family === 'js' ? ['/', '"', "'", '`'] : ['/', '"', "'"]);
  for (let i = next.from(0); i >= 0 && i < n; i = next.from(i)) {
    const c = t.charCodeAt(i);
    const after = t.charCodeAt(i + 1);
    if (c === 47) {
      if (after === 47) {
        const e = lineEnd(t, i);
        b.blank(i, e);
        comments?.push({ start: i, end: e });
        i = e;
      } else if (after === 42) {
        const e = family === 'rust' ? nestedCommentEnd(t, i) : blockCommentEnd(t, i);
        b.blank(i, e);
        comments?.push({ start: i, end: e });
        i = e;
      } else {
        const j = family === 'js' && regexAllowed(t, i) ? regexEnd(t, i + 1) : -1;
        if (j > 0) b.blank(i + 1, j);
        i = j > 0 ? j + 1 : i + 1;
      }
    } else if (c === 34) {
      const raw = family === 'rust' ? rustRaw(t, i) : family === 'c' ? cppRaw(t, i) : undefined;
      if (raw) {
        b.blank(raw[0], raw[1]);
        i = raw[2];
      } else {
        const j = simpleStringEnd(t, i + 1, c, family === 'rust');
        b.blank(i + 1, Math.min(j, n));
        i = j < n && t.charCodeAt(j) === c ? j + 1 : j;
      }
    } else if (c === 96) {
      const j = templateEnd(t, i);
      b.blank(i + 1, Math.min(j, n));
      i = Math.min(n, j + 1);
    } else if (family === 'js') {
      const j = simpleStringEnd(t, i + 1, c, false);
      b.blank(i + 1, Math.min(j, n));
      i = j < n && t.charCodeAt(j) === c ? j + 1 : j;
    } else {
      // `'` in C/C++ and Rust: a char literal, or a lifetime / digit separator that stays code
      const j = charLiteralEnd(t, i, family);
      if (j > 0) b.blank(i + 1, j);
      i = j > 0 ? j + 1 : i + 1;
    }
  }
}

function blockCommentEnd(t: string, i: number): number {
  const e = t.indexOf('*/', i + 2);
  return e < 0 ? t.length : e + 2;
}

function nestedCommentEnd(t: string, i: number): number {
  const n = t.length;
  let depth = 0;
  let j = i;
  while (j < n) {
    const c = t.charCodeAt(j);
    if (c === 47 && t.charCodeAt(j + 1) === 42) { depth++; j += 2; }
    else if (c === 42 && t.charCodeAt(j + 1) === 47) { depth--; j += 2; if (depth === 0) return j; }
    else j++;
  }
  return n;
}

/** Offset of the closing quote of a char literal at `i`, or -1 (a Rust lifetime, a C++14 digit separator). */
function charLiteralEnd(t: string, i: number, family: LexFamily): number {
  if (family === 'c' && /[0-9a-fA-F]/.test(t[i - 1] ?? '') && /[0-9a-fA-F]/.test(t[i + 1] ?? '')) return -1;
  if (t.charCodeAt(i + 1) === 92) {
    for (let j = i + 3; j < Math.min(t.length, i + 14); j++) {
      const d = t.charCodeAt(j);
      if (d === 39) return j;
      if (d === 10) return -1;
    }
    return -1;
  }
  if (t.charCodeAt(i + 1) !== 10 && t.charCodeAt(i + 2) === 39) return i + 2;
  const hi = t.charCodeAt(i + 1);
  if (hi >= 0xd800 && hi <= 0xdbff && t.charCodeAt(i + 3) === 39) return i + 3;
  if (family === 'c') return simpleStringEnd(t, i + 1, 39, false);
  return -1;
}

/** Offset of the closing backtick of a JS template literal, `${…}` expressions and nesting included. */
function templateEnd(t: string, i: number): number {
  const n = t.length;
  const stack: number[] = [-1]; // -1: template text; >= 0: brace depth inside `${…}`
  let j = i + 1;
  while (j < n) {
    const c = t.charCodeAt(j);
    const top = stack[stack.length - 1];
    if (top < 0) {
      if (c === 92) { j += 2; continue; }
      if (c === 96) { stack.pop(); if (stack.length === 0) return j; j++; continue; }
      if (c === 36 && t.charCodeAt(j + 1) === 123) { stack.push(0); j += 2; continue; }
      j++;
      continue;
    }
    if (c === 123) stack[stack.length - 1] = top + 1;
    else if (c === 125) { if (top === 0) stack.pop(); else stack[stack.length - 1] = top - 1; }
    else if (c === 96) stack.push(-1);
    else if (c === 34 || c === 39) { j = simpleStringEnd(t, j + 1, c, false); }
    j++;
  }
  return n;
}

const REGEX_PREV = new Set('(,=:[!&|?{};+-*%<>~^'.split('').map((s) => s.charCodeAt(0)));
const REGEX_KEYWORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$/;

function regexAllowed(t: string, i: number): boolean {
  let p = i - 1;
  while (p >= 0 && (t.charCodeAt(p) === 32 || t.charCodeAt(p) === 9 || t.charCodeAt(p) === 10 || t.charCodeAt(p) === 13)) p--;
  if (p < 0) return true;
  const prev = t.charCodeAt(p);
  if (REGEX_PREV.has(prev) || prev === 47) return true;
  if (!isIdent(prev)) return false;
  return REGEX_KEYWORDS.test(t.slice(Math.max(0, p - 11), p + 1));
}

/** Offset of the closing slash of a regex literal body starting at `from`, or -1 if the line ends first. */
function regexEnd(t: string, from: number): number {
  let inClass = false;
  for (let j = from; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (c === 10) return -1;
    if (c === 92) j++;
    else if (c === 91) inClass = true;
    else if (c === 93) inClass = false;
    else if (c === 47 && !inClass) return j;
  }
  return -1;
}

/** True when the prefix letters just before `i` (e.g. `b`, `u8`) start a token. */
function prefixStarts(t: string, i: number, prefixes: readonly string[]): boolean {
  if (!isIdent(t.charCodeAt(i - 1))) return true;
  return prefixes.some((p) => t.startsWith(p, i - p.length) && !isIdent(t.charCodeAt(i - p.length - 1)));
}

/** `[contentStart, contentEnd, next]` of a Rust raw string `r"…"` / `r#"…"#` / `br#"…"#` whose quote is at `q`. */
function rustRaw(t: string, q: number): [number, number, number] | undefined {
  let r = q - 1;
  while (r >= 0 && t.charCodeAt(r) === 35) r--;
  if (r < 0 || t.charCodeAt(r) !== 114 || !prefixStarts(t, r, ['b'])) return undefined;
  const close = '"' + '#'.repeat(q - 1 - r);
  const e = t.indexOf(close, q + 1);
  return e < 0 ? [q + 1, t.length, t.length] : [q + 1, e, e + close.length];
}

/** `[contentStart, contentEnd, next]` of a C++ raw string `R"delim(…)delim"` whose quote is at `q`. */
function cppRaw(t: string, q: number): [number, number, number] | undefined {
  if (t.charCodeAt(q - 1) !== 82 || !prefixStarts(t, q - 1, ['u8', 'u', 'U', 'L'])) return undefined;
  const open = t.indexOf('(', q + 1);
  if (open < 0 || open - q - 1 > 16 || t.slice(q + 1, open).includes('\n')) return undefined;
  const close = ')' + t.slice(q + 1, open) + '"';
  const e = t.indexOf(close, open + 1);
  return e < 0 ? [q + 1, t.length, t.length] : [q + 1, e, e + close.length];
}

function lexYaml(t: string, b: Blanker, comments?: Span[]): void {
  const n = t.length;
  let start = 0;
  let blockIndent = -1; // indentation of the key that opened a block scalar, -1 when outside one
  while (start < n) {
    const end = lineEnd(t, start);
    let indent = 0;
    while (start + indent < end && (t.charCodeAt(start + indent) === 32 || t.charCodeAt(start + indent) === 9)) indent++;
    const blank = start + indent >= end || (start + indent === end - 1 && t.charCodeAt(end - 1) === 13);
    if (blockIndent >= 0 && (blank || indent > blockIndent)) {
      b.blank(start, end);
    } else {
      blockIndent = -1;
      const codeEnd = yamlLine(t, start, end, b, comments);
      if (/(?::|^\s*-)\s*[|>][-+0-9]*\s*$/.test(t.slice(start, codeEnd).slice(-200))) blockIndent = indent;
    }
    start = end + 1;
  }
}

/** Blanks the comment of one YAML line; returns where the code part of the line ends. */
function yamlLine(t: string, start: number, end: number, b: Blanker, comments?: Span[]): number {
  let quote = 0;
  let prev = 32;
  for (let j = start; j < end; j++) {
    const c = t.charCodeAt(j);
    if (quote) {
      if (c === 92 && quote === 34) j++;
      else if (c === quote) quote = 0;
    } else if ((c === 34 || c === 39) && (prev === 32 || prev === 9 || prev === 58 || prev === 45 || prev === 91 || prev === 123 || prev === 44)) {
      quote = c;
    } else if (c === 35 && (prev === 32 || prev === 9)) {
      b.blank(j, end);
      comments?.push({ start: j, end });
      return j;
    }
    if (c !== 32 && c !== 9) prev = c;
    else prev = 32;
  }
  return end;
}
