import type { LexFamily } from './language';
import { lastSegment, type SourceDoc } from './text';

/** A class, struct, impl or function header found on one line. */
export interface Header {
  line: number;
  kind: 'class' | 'def';
  name: string;
  /** Base classes or implemented trait, as written. */
  bases: string;
  /** Offset of the `(` that opens the signature or base list, or -1. */
  open: number;
  /** A type-only declaration (TS interface): a scope, never a finding. */
  declaration?: boolean;
}

// Where an import statement starts, per lexer family; its continuation lines are found by bracket depth.
const IMPORT_START: Readonly<Record<LexFamily, RegExp>> = {
  python: /^\s*(?:import|from)\s/,
  js: /^\s*(?:import\b|export\s+(?:\*|type\s*\{|\{[^}]*\}\s*from))|=\s*require\(/,
  rust: /^\s*(?:pub(?:\([^)]*\))?\s+)?(?:use|extern\s+crate)\b/,
  c: /^\s*(?:#\s*(?:include|import)|using\s+namespace|import\s)/,
  yaml: /$^/,
};

/** True for a line of an import statement, multi-line `from x import (…)` / `import {…}` / `use x::{…}` included. */
export function isImportLine(doc: SourceDoc, line: number, family: LexFamily): boolean {
  const start = IMPORT_START[family];
  if (start.test(doc.codeLine(line).slice(0, 200))) return true;
  let depth = 0;
  for (let p = line - 1; p >= 0 && p >= line - 60; p--) {
    const text = doc.codeLine(p);
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === 40 || c === 123 || c === 91) depth++;
      else if (c === 41 || c === 125 || c === 93) depth--;
    }
    // the line holding the unclosed bracket decides; a plain statement before it ends the search
    if (depth > 0) return start.test(text.slice(0, 200));
    if (!/^[\w$.,*\s]*$/.test(text)) return false;
  }
  return false;
}

/** The class or function header on a line of a file in the given lexer family, if any. */
export function parseHeader(doc: SourceDoc, line: number, family: LexFamily): Header | undefined {
  const text = doc.codeLine(line);
  const base = doc.lineStart(line);
  const make = (kind: Header['kind'], name: string, bases = '', open = -1): Header => ({ line, kind, name, bases, open });
  const openAfter = (from: number): number => {
    const i = text.indexOf('(', from);
    return i < 0 ? -1 : base + i;
  };
  let m: RegExpExecArray | null;
  switch (family) {
    case 'python':
      if ((m = /^\s*(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)\s*(\()?/.exec(text))) {
        const open = m[3] ? base + m[0].length - 1 : -1;
        return make(m[1] === 'class' ? 'class' : 'def', m[2], m[1] === 'class' ? bracketText(doc, open) : '', open);
      }
      return undefined;
    case 'js':
      if ((m = /^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?(?:declare\s+)?(class|interface)\s+([A-Za-z_$][\w$]*)([^{]*)/.exec(text))) {
        return { ...make('class', m[2], m[3]), declaration: m[1] === 'interface' };
      }
      if ((m = /^\s*(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)/.exec(text))) return make('def', m[1], '', openAfter(m[0].length));
      if ((m = /^\s*(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]{0,80})?=\s*(?:async\s+)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)/.exec(text))) return make('def', m[1], '', openAfter(m[0].length - 1));
      if ((m = /^\s*(?:(?:public|private|protected|static|async|readonly|override|get|set)\s+){0,4}([A-Za-z_$][\w$]*)\s*(?:<[^>]{0,80}>\s*)?\(/.exec(text)) && !/^(?:if|for|while|switch|catch|return|function|await|new|typeof|super|this)$/.test(m[1])) {
        const open = base + m[0].length - 1;
        const close = doc.matchClose(open, 2000);
        if (close > 0 && /^\s*(?::[^{;=]{0,120})?\{/.test(doc.codeSlice(close + 1, close + 160))) return make('def', m[1], '', open);
      }
      return undefined;
    case 'rust':
      if ((m = /^\s*(?:pub(?:\s*\([^)]{0,40}\))?\s+)?(?:(?:async|unsafe|const|extern)\s+){0,3}(?:"\s*"\s+)?(fn|struct|enum|trait|union)\s+([A-Za-z_]\w*)/.exec(text))) {
        return make(m[1] === 'fn' ? 'def' : 'class', m[2], '', m[1] === 'fn' ? openAfter(m[0].length) : -1);
      }
      if ((m = /^\s*(?:unsafe\s+)?impl\b\s*(?:<[^{]{0,120}?>)?\s*([^{]{1,200})/.exec(text))) {
        const parts = m[1].replace(/<[^<>]*>/g, '').replace(/<[^<>]*>/g, '').split(/\s+for\s+/);
        const name = lastSegment(parts[parts.length - 1].replace(/\bwhere\b[\s\S]*$/, '').trim());
        return name ? make('class', name, parts.length > 1 ? parts[0] : '') : undefined;
      }
      return undefined;
    default:
      if ((m = /^\s*(?:template\s*<[^>]{0,120}>\s*)?(?:typedef\s+)?(class|struct)\s+(?:[A-Z_]+_API\s+)?([A-Za-z_]\w*)\s*(?:final\s*)?(:[^{;]*)?(?:\{|$)/.exec(text))) return make('class', m[2], m[3] ?? '');
      return cFunctionHeader(doc, text, base, make);
  }
}

function cFunctionHeader(doc: SourceDoc, text: string, base: number, make: (k: Header['kind'], n: string, b?: string, o?: number) => Header): Header | undefined {
  const paren = text.indexOf('(');
  if (paren <= 0) return undefined;
  const m = /([A-Za-z_~][\w:~]*)\s*$/.exec(text.slice(Math.max(0, paren - 120), paren));
  if (!m) return undefined;
  const before = text.slice(0, paren - m[0].length).trim();
  const qualified = m[1].includes('::');
  if (!before && !qualified) return undefined;
  if (before && (!/^[\w\s:<>,*&[\]]+$/.test(before) || /^(?:return|if|for|while|switch|else|case|do|sizeof|throw|new|delete|using|typedef|namespace|goto)\b/.test(before))) return undefined;
  if (/^(?:if|for|while|switch|return|sizeof|catch)$/.test(m[1])) return undefined;
  const open = base + paren;
  const close = doc.matchClose(open, 2000);
  if (close < 0) return undefined;
  const after = doc.codeSlice(close + 1, close + 300);
  const brace = after.indexOf('{');
  const semi = after.indexOf(';');
  if (brace < 0 || (semi >= 0 && semi < brace)) return undefined;
  return make('def', m[1].slice(m[1].lastIndexOf(':') + 1), '', open);
}

/** Text between the bracket at `open` and its match, bounded; '' when there is none. */
export function bracketText(doc: SourceDoc, open: number, limit = 1500): string {
  if (open < 0) return '';
  const close = doc.matchClose(open, limit);
  return doc.codeSlice(open + 1, close < 0 ? open + limit : close);
}

/** The two sides of an assignment statement. */
export interface Assignment {
  lhs: string;
  rhs: string;
}

/** Splits `lhs = rhs` (also `+=`, `let x: T =`, `auto x =`) at the first top-level `=`. */
export function assignment(text: string): Assignment | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 61 && depth === 0) {
      const next = text.charCodeAt(i + 1);
      const prev = text.charCodeAt(i - 1);
      if (next === 61 || next === 62 || prev === 61 || prev === 33 || prev === 60 || prev === 62) {
        i++;
        continue;
      }
      let lhs = text.slice(0, /[-+*/%&|^@]/.test(text[i - 1] ?? '') ? i - 1 : i).trim();
      lhs = lhs.slice(-300).replace(/^(?:let\s+(?:mut\s+)?|const\s+|var\s+|auto\s+|(?:export\s+)?(?:const|let)\s+)/, '').replace(/:[^:][^=]{0,80}$/, '').trim();
      return { lhs, rhs: text.slice(i + 1) };
    }
  }
  return undefined;
}

/** A function telling the bracket depth of an offset inside `[from, to)`, relative to `from`. */
export function topLevel(doc: SourceDoc, from: number, to: number): (offset: number) => number {
  const depths = new Int16Array(Math.max(0, to - from));
  let d = 0;
  let last = from;
  doc.scan(from, to, (i, c) => {
    depths.fill(d, last - from, i - from);
    if (c === 41 || c === 93 || c === 125) d = Math.max(0, d - 1);
    depths[i - from] = d;
    if (c === 40 || c === 91 || c === 123) d = Math.min(d + 1, 32000);
    last = i + 1;
    return false;
  });
  depths.fill(d, last - from);
  return (offset) => (offset >= from && offset < to ? depths[offset - from] : 0);
}

/** A `key = value` or `key: value` pair, offsets relative to the scanned text. */
export interface KeyPair {
  key: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  quoted: boolean;
}

/** A YAML key starts a line (after indentation or `- `) or follows `{` or `,` in a flow mapping. */
function startsYamlKey(text: string, keyStart: number): boolean {
  let p = keyStart - 1;
  while (p >= 0 && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p--;
  if (p < 0) return true;
  const c = text.charCodeAt(p);
  if (c === 123 || c === 44) return true;
  if (c !== 45) return false;
  for (p--; p >= 0; p--) if (text.charCodeAt(p) !== 32 && text.charCodeAt(p) !== 9) return false;
  return true;
}

/** `key = value` and `key: value` pairs in a stretch of blanked code, by the habits of each language. */
export function keyPairs(text: string, family: LexFamily): KeyPair[] {
  const out: KeyPair[] = [];
  const re = /(?<![\w$.:])([A-Za-z_$][\w$]*(?:(?:\.|::)[A-Za-z_$][\w$]*){0,8})[ \t]*(=(?![=>~])|:(?![:=]))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const keyStart = m.index;
    if (text.charCodeAt(keyStart - 1) === 46) continue;
    let valueStart = keyStart + m[0].length;
    if (m[2] === ':') {
      if (family === 'c') continue;
      if (family === 'yaml' && (!startsYamlKey(text, keyStart) || !/^(?:\s|$)/.test(text.slice(valueStart, valueStart + 1)))) continue;
      const annotated = family === 'yaml' ? null : /^[\w.[\]<>|, \t"']{1,80}?=(?![=>])/.exec(text.slice(valueStart, valueStart + 120));
      if (annotated) {
        valueStart += annotated[0].length;
        re.lastIndex = valueStart; // the annotation's names are types, not keys
      } else if (family === 'python') {
        continue;
      }
    }
    out.push({ key: m[1], keyStart, keyEnd: keyStart + m[1].length, valueStart, quoted: false });
  }
  for (const m of text.matchAll(/(["'])([^"'\n]{0,80})\1[ \t]*:(?!:)/g)) {
    const keyStart = (m.index ?? 0) + 1;
    out.push({ key: m[2], keyStart, keyEnd: keyStart + m[2].length, valueStart: (m.index ?? 0) + m[0].length, quoted: true });
  }
  return out;
}
