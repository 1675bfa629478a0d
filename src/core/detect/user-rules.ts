import type { DetectRule, RuleKind } from '../papers/detect-rules';
import type { Finding } from './index';
import { baseName, familyOf, languageOf, type LexFamily } from './language';
import { lexSpans, type Span } from './lexer';
import { lexCells, notebookSource, readNotebookCells } from './notebook';
import type { FindingKind } from './targets';
import { LineIndex } from './text';

/** The `detect:` rules of one user paper; its id is the technique its findings are filed under. */
export interface UserRulePaper {
  paper: string;
  rules: readonly DetectRule[];
}

interface Entry {
  paper: string;
  section: string;
  kind: RuleKind;
  pattern: string;
  /** For a dotted call such as `torch.compile`: the text that must come right before the last name. */
  prefix: string;
}

/**
 * The rules of every user paper, indexed by the token they look for, so matching a file costs one
 * map lookup per token whatever the number of rules. Build once per library load.
 */
export class UserRuleSet {
  readonly idents = new Map<string, Entry[]>();
  readonly calls = new Map<string, Entry[]>();
  readonly keys = new Map<string, Entry[]>();
  readonly flags = new Map<string, Entry[]>();
  /** Ids of the papers that have at least one rule. */
  readonly papers: string[] = [];

  constructor(papers: readonly UserRulePaper[]) {
    for (const p of papers) {
      if (!p.rules.length) continue;
      this.papers.push(p.paper);
      for (const r of p.rules) {
        for (const id of r.identifiers) add(this.idents, id, { paper: p.paper, section: r.section, kind: 'identifiers', pattern: id, prefix: '' });
        for (const call of r.calls) {
          const cut = Math.max(call.lastIndexOf('.'), call.lastIndexOf(':'));
          add(this.calls, call.slice(cut + 1), { paper: p.paper, section: r.section, kind: 'calls', pattern: call, prefix: call.slice(0, cut + 1) });
        }
        for (const key of r.configKeys) add(this.keys, key, { paper: p.paper, section: r.section, kind: 'configKeys', pattern: key, prefix: '' });
        for (const flag of r.flags) add(this.flags, flag, { paper: p.paper, section: r.section, kind: 'flags', pattern: flag, prefix: '' });
      }
    }
  }

  get size(): number {
    return this.papers.length;
  }
}

function add(map: Map<string, Entry[]>, key: string, entry: Entry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/** Options of {@link detectUserRules}. */
export interface UserDetectOptions {
  /** Files longer than this many characters are skipped. Default 1,000,000. */
  maxBytes?: number;
  /** Papers (techniques) switched off by the user. */
  disabled?: readonly string[];
}

/** At most this many user-rule findings are reported for one file. */
export const MAX_USER_FINDINGS_PER_FILE = 50;
const MAX_RAW_HITS = 2000;

const KIND_OF: Readonly<Record<RuleKind, FindingKind>> = { identifiers: 'statement', calls: 'construction', configKeys: 'config', flags: 'config' };
const EVIDENCE: Readonly<Record<RuleKind, string>> = { identifiers: 'identifier', calls: 'call', configKeys: 'config key', flags: 'CLI flag' };
const TOKEN = /(?<![\w$])[A-Za-z_$][\w$]*/g;
const FLAG = /(?<![\w-])--?[A-Za-z0-9][\w-]*/g;
const DEFINITION = /\b(?:class|def|fn|function|struct|interface|type|enum|trait|impl)\s+$/;

/** Whether user rules can read a file: the detector's languages plus JSON and TOML config files. */
export function userRulesReadable(fileName: string): boolean {
  return languageOf(fileName) !== undefined || /\.(?:json|toml)$/i.test(baseName(fileName));
}

interface Hit {
  offset: number;
  entry: Entry;
  definition?: boolean;
}

/**
 * Finds the places a user paper's rules point at. Identifiers and calls match whole code tokens outside
 * comments and strings (a dotted call such as `torch.compile` must be written that way); config keys match
 * YAML/JSON/TOML keys, `key=` and `key:` in code, and a string literal that is exactly the key; flags match
 * `--flag` inside strings (argparse, subprocess argument lists) and in YAML/TOML values. All matching is
 * literal, case-sensitive and on token boundaries. Pure and total (never throws), linear in the file size.
 */
export function detectUserRules(text: string, fileName: string, set: UserRuleSet, options: UserDetectOptions = {}): Finding[] {
  try {
    if (!set.size || text.length > (options.maxBytes ?? 1_000_000) || text.slice(0, 8192).includes('\0')) return [];
    const base = baseName(fileName).toLowerCase();
    let hits: Hit[];
    let source = text;
    let lineMap: number[] | undefined;
    if (base.endsWith('.json')) hits = matchJson(text, set);
    else if (base.endsWith('.toml')) hits = matchToml(text, set);
    else {
      const language = languageOf(fileName);
      if (!language) return [];
      const comments: Span[] = [];
      let spans: Int32Array;
      let family: LexFamily = familyOf(language);
      if (language === 'ipynb') {
        const nb = notebookSource(text, readNotebookCells(text));
        source = nb.text;
        lineMap = nb.lineMap;
        spans = lexCells(nb, comments);
        family = 'python';
      } else spans = lexSpans(text, family, comments);
      hits = matchCode(source, spans, comments, family, set);
    }
    return toFindings(hits, source, lineMap, options.disabled);
  } catch {
    // A rule must never take down a scan; the file just yields nothing from user rules.
    return [];
  }
}

function matchCode(text: string, spans: Int32Array, comments: readonly Span[], family: LexFamily, set: UserRuleSet): Hit[] {
  const hits: Hit[] = [];
  // Code with comments and string contents blanked (same offsets), built in one pass.
  const parts: string[] = [];
  let last = 0;
  for (let k = 0; k < spans.length; k += 2) {
    parts.push(text.slice(last, spans[k]), ' '.repeat(spans[k + 1] - spans[k]));
    last = spans[k + 1];
  }
  parts.push(text.slice(last));
  const code = parts.join('');
  const yaml = family === 'yaml';

  for (const m of code.matchAll(TOKEN)) {
    if (hits.length >= MAX_RAW_HITS) break;
    const token = m[0];
    const at = m.index;
    const end = at + token.length;
    const idents = set.idents.get(token);
    if (idents) for (const entry of idents) hits.push({ offset: at, entry, definition: DEFINITION.test(code.slice(Math.max(0, at - 16), at)) });
    const calls = set.calls.get(token);
    if (calls && nextChar(code, end) === '(') {
      for (const entry of calls) if (!entry.prefix || code.slice(at - entry.prefix.length, at) === entry.prefix) hits.push({ offset: at, entry });
    }
    const keys = set.keys.get(token);
    if (keys && isKeyAt(code, at, end, yaml)) for (const entry of keys) hits.push({ offset: at, entry });
  }
  if (yaml) {
    if (set.flags.size) for (const m of code.matchAll(FLAG)) pushAll(hits, set.flags.get(m[0]), m.index);
    return hits;
  }
  // String literals: the blanked spans that are not comments.
  let c = 0;
  for (let k = 0; k < spans.length && hits.length < MAX_RAW_HITS; k += 2) {
    const start = spans[k];
    const end = spans[k + 1];
    while (c < comments.length && comments[c].end <= start) c++;
    if (c < comments.length && comments[c].start <= start && comments[c].end >= end) continue;
    const content = text.slice(start, end);
    pushAll(hits, set.keys.get(content), start);
    if (set.flags.size && content.includes('-')) for (const m of content.matchAll(FLAG)) pushAll(hits, set.flags.get(m[0]), start + m.index);
  }
  return hits;
}

function pushAll(hits: Hit[], entries: Entry[] | undefined, offset: number): void {
  if (entries) for (const entry of entries) hits.push({ offset, entry });
}

function nextChar(s: string, i: number): string {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i++;
  return s[i] ?? '';
}

/** `key=` or `key:` in code (not `==`, `::` or `key.`); in YAML, a mapping key at the start of its line or list item. */
function isKeyAt(code: string, at: number, end: number, yaml: boolean): boolean {
  let i = end;
  while (i < code.length && (code[i] === ' ' || code[i] === '\t')) i++;
  if (yaml) {
    if (code[i] !== ':') return false;
    let j = at - 1;
    while (j >= 0 && (code[j] === ' ' || code[j] === '\t' || code[j] === '-' || code[j] === '"' || code[j] === "'")) j--;
    return j < 0 || code[j] === '\n' || code[j] === '{' || code[j] === ',';
  }
  const ch = code[i];
  const after = code[i + 1];
  if (ch === '=') return after !== '=';
  if (ch === ':') return after !== ':' && code[at - 1] !== ':';
  return false;
}

// A JSON string followed by a colon is a key; other strings are values that may hold flags.
const JSON_STRING = /"((?:[^"\\\n]|\\.)*)"(\s*:)?/g;

function matchJson(text: string, set: UserRuleSet): Hit[] {
  const hits: Hit[] = [];
  for (const m of text.matchAll(JSON_STRING)) {
    if (hits.length >= MAX_RAW_HITS) break;
    if (m[2]) pushAll(hits, set.keys.get(m[1]), m.index + 1);
    else if (set.flags.size && m[1].includes('-')) for (const f of m[1].matchAll(FLAG)) pushAll(hits, set.flags.get(f[0]), m.index + 1 + f.index);
  }
  return hits;
}

const TOML_KEY = /^[ \t]*(\[{1,2})?[ \t]*([A-Za-z0-9_."' -]+?)[ \t]*(\]{1,2}|=)/;

function matchToml(text: string, set: UserRuleSet): Hit[] {
  const hits: Hit[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    if (hits.length >= MAX_RAW_HITS) break;
    const line = stripTomlComment(raw);
    const m = TOML_KEY.exec(line);
    if (m && (m[1] ? m[3].startsWith(']') : m[3] === '=')) {
      // Dotted keys and table headers (`[tool.trainer]`, `a.use_flash = true`): each part is a key.
      let from = m[0].indexOf(m[2]);
      for (const part of m[2].split('.')) {
        const name = part.trim().replace(/^["']|["']$/g, '');
        pushAll(hits, set.keys.get(name), offset + from);
        from += part.length + 1;
      }
    }
    if (set.flags.size) {
      const values = m && m[3] === '=' ? m[0].length : 0;
      for (const f of line.slice(values).matchAll(FLAG)) pushAll(hits, set.flags.get(f[0]), offset + values + f.index);
    }
    offset += raw.length + 1;
  }
  return hits;
}

/** The line without a `#` comment; a `#` inside a quoted string is kept. */
function stripTomlComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(0, i);
  }
  return line;
}

/** One finding per line and section: a definition beats a call, a call a key or flag, those a plain use. */
function toFindings(hits: Hit[], text: string, lineMap: number[] | undefined, disabled: readonly string[] | undefined): Finding[] {
  const lines = new LineIndex(text);
  const byPlace = new Map<string, Finding>();
  const rank = (f: Finding): number => (f.kind === 'definition' ? 0 : f.kind === 'construction' ? 1 : f.kind === 'config' ? 2 : 3);
  for (const h of hits) {
    if (disabled?.includes(h.entry.paper)) continue;
    const line0 = lines.lineOf(h.offset);
    const line = (lineMap ? (lineMap[line0] ?? lineMap[lineMap.length - 1] ?? 0) : line0) + 1;
    const kind: FindingKind = h.definition ? 'definition' : KIND_OF[h.entry.kind];
    const finding: Finding = {
      line,
      technique: h.entry.paper,
      paper: h.entry.paper,
      section: h.entry.section,
      kind,
      symbol: h.entry.pattern,
      evidence: `${h.definition ? 'definition of' : EVIDENCE[h.entry.kind]} ${h.entry.pattern}${h.entry.kind === 'calls' ? '(…)' : ''}`,
    };
    const key = `${line}\u0000${h.entry.paper}\u0000${h.entry.section}`;
    const seen = byPlace.get(key);
    if (!seen || rank(finding) < rank(seen)) byPlace.set(key, finding);
  }
  return [...byPlace.values()].sort((a, b) => a.line - b.line).slice(0, MAX_USER_FINDINGS_PER_FILE);
}
