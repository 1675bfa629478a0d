import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parsePdfFragment } from '../pdf/pdf-location';

/** The kinds of pattern a user paper's `detect:` rules can list. */
export const RULE_KINDS = ['identifiers', 'calls', 'configKeys', 'flags'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** One validated `detect:` entry: literal patterns that point at a section of the paper. */
export interface DetectRule {
  section: string;
  identifiers: string[];
  calls: string[];
  configKeys: string[];
  flags: string[];
  /** 1-based line of the entry in the paper's Markdown file. */
  line: number;
}

/** A problem in a paper's `detect:` rules, with the 1-based line of the Markdown file it is on. */
export interface RuleProblem {
  line: number;
  message: string;
}

/** Limits that keep a paper's rules cheap to match and readable. */
export const RULE_LIMITS = { entries: 50, patternsPerList: 100, patternLength: 100 } as const;

// Patterns are matched literally on token boundaries; these shapes are what a token of each kind can be.
const SHAPES: Readonly<Record<RuleKind, { re: RegExp; example: string }>> = {
  identifiers: { re: /^[A-Za-z_$][\w$]*$/, example: 'FlashAttention' },
  calls: { re: /^[A-Za-z_$][\w$]*(?:(?:\.|::)[A-Za-z_$][\w$]*)*$/, example: 'flash_attn_func or torch.compile' },
  configKeys: { re: /^[A-Za-z_][\w-]*$/, example: 'use_flash_attention' },
  flags: { re: /^--?[A-Za-z0-9][\w-]*$/, example: '--flash-attn' },
};
const REGEX_CHARS = /[*+?^$()[\]{}|\\]/;
const ENTRY_KEYS = new Set<string>(['section', ...RULE_KINDS]);

/** What else a rule's `section` may name besides the paper's headings. */
export interface DetectRuleOptions {
  /**
   * The paper has a PDF (`pdf:` in its front matter): `section` may also be `page=N` or the slug of an
   * entry of the PDF's outline. The outline is only read later, so such a slug is checked when a lens opens it.
   */
  pdf?: boolean;
}

/**
 * Reads the `detect:` list of a paper's YAML front matter. `yamlSource` is the text between the `---`
 * fences and `firstLine` the 1-based file line it starts on, so every problem names a line of the file.
 * Valid entries and patterns are kept even when others are wrong: a bad rule never stops the paper from
 * loading. A heading id of the paper wins over a PDF place of the same name. Never throws.
 */
export function parseDetectRules(yamlSource: string, firstLine: number, sectionIds: readonly string[], options: DetectRuleOptions = {}): { rules: DetectRule[]; problems: RuleProblem[] } {
  const rules: DetectRule[] = [];
  const problems: RuleProblem[] = [];
  try {
    const counter = new LineCounter();
    const doc = parseDocument(yamlSource, { lineCounter: counter });
    const lineOf = (node: Node | null | undefined, fallback = firstLine): number =>
      node?.range ? firstLine + counter.linePos(node.range[0]).line - 1 : fallback;
    if (!isMap(doc.contents)) return { rules, problems };
    const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'detect');
    if (!pair) return { rules, problems };
    const detectLine = lineOf(pair.key as Node);
    const list = pair.value as Node | null;
    if (!isSeq(list)) {
      problems.push({ line: detectLine, message: '"detect" must be a list of rules, each with a "section" and at least one of identifiers, calls, configKeys, flags' });
      return { rules, problems };
    }
    if (list.items.length === 0) problems.push({ line: detectLine, message: '"detect" is an empty list' });
    if (list.items.length > RULE_LIMITS.entries) problems.push({ line: detectLine, message: `"detect" has ${list.items.length} rules; only the first ${RULE_LIMITS.entries} are used` });
    const sections = new Set(sectionIds);
    list.items.slice(0, RULE_LIMITS.entries).forEach((item, n) => {
      const entryLine = lineOf(item as Node, detectLine);
      const where = `detect rule ${n + 1}`;
      if (!isMap(item)) {
        problems.push({ line: entryLine, message: `${where} must be a mapping with "section" and patterns` });
        return;
      }
      const rule: DetectRule = { section: '', identifiers: [], calls: [], configKeys: [], flags: [], line: entryLine };
      let sectionOk = false;
      for (const p of item.items) {
        const keyNode = p.key as Node;
        const key = isScalar(keyNode) ? String(keyNode.value) : '';
        const value = p.value as Node | null;
        const line = lineOf(value ?? keyNode, lineOf(keyNode, entryLine));
        if (!ENTRY_KEYS.has(key)) {
          problems.push({ line: lineOf(keyNode, entryLine), message: `${where}: unknown key "${key}" (known: section, ${RULE_KINDS.join(', ')})` });
          continue;
        }
        if (key === 'section') {
          const id = isScalar(value) && typeof value.value === 'string' ? value.value.trim() : '';
          const inPdf = id && !sections.has(id) && options.pdf ? parsePdfFragment(id) : undefined;
          if (!id) problems.push({ line, message: `${where}: "section" must be a heading id of this paper` });
          else if (inPdf) {
            rule.section = 'page' in inPdf ? `page=${inPdf.page}` : inPdf.section;
            sectionOk = true;
          } else if (!sections.has(id)) {
            const pdfHint = options.pdf ? '; or page=N, or the id of a section of its PDF\'s outline' : '';
            problems.push({ line, message: `${where}: unknown section "${id}" (this paper's sections: ${sectionIds.slice(0, 8).join(', ')}${sectionIds.length > 8 ? ', …' : ''}${pdfHint})` });
          } else {
            rule.section = id;
            sectionOk = true;
          }
          continue;
        }
        rule[key as RuleKind] = readPatterns(key as RuleKind, value, line, where, lineOf, problems);
      }
      if (!item.items.some((p) => isScalar(p.key) && p.key.value === 'section')) problems.push({ line: entryLine, message: `${where} has no "section"` });
      const patterns = RULE_KINDS.reduce((sum, k) => sum + rule[k].length, 0);
      if (!patterns && !item.items.some((p) => isScalar(p.key) && RULE_KINDS.includes(p.key.value as RuleKind))) {
        problems.push({ line: entryLine, message: `${where} lists no patterns (give at least one of ${RULE_KINDS.join(', ')})` });
      }
      if (sectionOk && patterns) rules.push(rule);
    });
  } catch (err) {
    // yaml has already parsed this text once; anything odd here is reported, never thrown.
    problems.push({ line: firstLine, message: `detect rules could not be read: ${err instanceof Error ? err.message : String(err)}` });
  }
  return { rules, problems };
}

function readPatterns(
  kind: RuleKind,
  value: Node | null,
  line: number,
  where: string,
  lineOf: (node: Node | null | undefined, fallback?: number) => number,
  problems: RuleProblem[],
): string[] {
  const items: Node[] = isSeq(value) ? (value.items as Node[]) : isScalar(value) && value.value !== null ? [value] : [];
  if (!isSeq(value) && !items.length) {
    problems.push({ line, message: `${where}: "${kind}" must be a list of strings` });
    return [];
  }
  if (!items.length) {
    problems.push({ line, message: `${where}: "${kind}" is an empty list` });
    return [];
  }
  if (items.length > RULE_LIMITS.patternsPerList) problems.push({ line, message: `${where}: "${kind}" has ${items.length} patterns; only the first ${RULE_LIMITS.patternsPerList} are used` });
  const out: string[] = [];
  for (const node of items.slice(0, RULE_LIMITS.patternsPerList)) {
    const at = lineOf(node, line);
    if (!isScalar(node) || typeof node.value !== 'string') {
      problems.push({ line: at, message: `${where}: "${kind}" must be a list of strings, got ${isScalar(node) ? JSON.stringify(node.value) : 'a nested list or mapping'}` });
      continue;
    }
    const pattern = node.value.trim();
    const shape = SHAPES[kind];
    if (pattern.length > RULE_LIMITS.patternLength) problems.push({ line: at, message: `${where}: a pattern in "${kind}" is ${pattern.length} characters long; the limit is ${RULE_LIMITS.patternLength}` });
    else if (REGEX_CHARS.test(pattern)) problems.push({ line: at, message: `${where}: "${pattern}" in "${kind}" looks like a regular expression; patterns are literal names, e.g. ${shape.example}` });
    else if (!shape.re.test(pattern)) problems.push({ line: at, message: `${where}: "${pattern}" is not a valid entry of "${kind}", e.g. ${shape.example}` });
    else if (!out.includes(pattern)) out.push(pattern);
  }
  return out;
}
