import type { Technique } from '../papers/paper';
import { baseName, familyOf, languageOf, type Language } from './language';
import { lexSpans } from './lexer';
import { lexCells, notebookSource, readNotebookCells } from './notebook';
import { KIND_RANK, mergeParams, Scanner, type Hit, type Params } from './rules';
import { TARGETS, type FindingKind } from './targets';
import { SourceDoc } from './text';

export { languageOf, type Language } from './language';
export { lex, lexSpans, type Lexed, type Span } from './lexer';
export { findPaperReferences, type PaperReference } from './references';
export { TARGETS, type FindingKind, type Target } from './targets';
export { detectUserRules, UserRuleSet, userRulesReadable, type UserRulePaper } from './user-rules';

/** One place in a file where code implements, configures or builds a technique. */
export interface Finding {
  /** 1-based line in the file (for notebooks: in the `.ipynb` JSON). */
  line: number;
  technique: Technique;
  paper: string;
  section: string;
  kind: FindingKind;
  /** The class, function, key or callee the finding is about. */
  symbol?: string;
  /** Short reason, e.g. `nn.Parameter magnitude over the weight norm`. */
  evidence: string;
  /** Literal hyper-parameters read from the code, e.g. `{ r: 8, lora_alpha: 16 }`. */
  params?: Params;
  /** 1-based first and last line of the class or function the finding belongs to (for grouping lenses). */
  scope?: { start: number; end: number };
}

/** Options of {@link detect}. */
export interface DetectOptions {
  /** Files longer than this many characters are skipped. Default 1,000,000. */
  maxBytes?: number;
  /** Report only these techniques. */
  techniques?: readonly Technique[];
  /** The caller found {@link mayContainTechnique} true for this text (or its Latin-1 view) already. */
  prefiltered?: boolean;
}

/** Findings of one file, or why it was not read. */
export interface DetectResult {
  findings: Finding[];
  /** Set when the file was not read: too large, binary, or an unsupported language. */
  skipped?: string;
}

/** Default of {@link DetectOptions.maxBytes}. */
export const DEFAULT_MAX_BYTES = 1_000_000;
/** At most this many findings are reported for one file. */
export const MAX_FINDINGS_PER_FILE = 50;
const MAX_PARAMS = 16;

// Every rule needs one of these words somewhere in the file (comments included) or in its name, so a
// file without any is rejected by this one test before it is lexed.
const PREFILTER = /lora|dora|xpert|moe|dpo|ppo|advantage|logsigmoid|log_sigmoid|chosen|rewarm|re_warm|redecay|continual|continued|initial_checkpoint|replay|reset_lr|reset_optim|aux_loss|load_balanc|surr|cliprange|wdecomp|magnitude|cooldown|infinite|wsd|warmup_start|gae/i;

/**
 * Whether a file could hold a finding at all: false means {@link detect} would return nothing. Works on
 * any text in which ASCII stays ASCII (a Latin-1 view of UTF-8 bytes will do), so a scanner can reject
 * most files before decoding them.
 */
export function mayContainTechnique(text: string, fileName: string): boolean {
  return PREFILTER.test(text) || PREFILTER.test(baseName(fileName));
}

/**
 * Finds the places in one source file that implement, configure or construct a technique covered by
 * a paper summary (LoRA, DoRA, MoE, DPO, PPO, learning-rate re-warming), never in comments or strings.
 * Pure and total: it never throws, and runs in time linear in the file size.
 */
export function detect(text: string, fileName: string, options: DetectOptions = {}): DetectResult {
  try {
    const language = languageOf(fileName);
    if (!language) return { findings: [], skipped: 'unsupported language' };
    if (text.length > (options.maxBytes ?? DEFAULT_MAX_BYTES)) return { findings: [], skipped: 'too large' };
    if (text.slice(0, 8192).includes('\0')) return { findings: [], skipped: 'binary' };
    if (!options.prefiltered && !mayContainTechnique(text, fileName)) return { findings: [] };
    const scanned = scan(text, fileName, language);
    if (!scanned) return { findings: [] };
    return { findings: finalize(scanned.hits, options.techniques).map((h) => toFinding(h, scanned.lineMap, scanned.scanner)) };
  } catch {
    // A rule bug must never take down a workspace scan; the file just yields nothing.
    return { findings: [], skipped: 'internal error' };
  }
}

function scan(text: string, fileName: string, language: Language): { hits: Hit[]; lineMap?: number[]; scanner: Scanner } | undefined {
  if (language === 'ipynb') {
    const source = notebookSource(text, readNotebookCells(text));
    if (!source.text || !PREFILTER.test(source.text)) return undefined;
    const doc = new SourceDoc(source.text, lexCells(source), language, fileName);
    const scanner = new Scanner(doc, 'python');
    return { hits: scanner.run(), lineMap: source.lineMap, scanner };
  }
  const family = familyOf(language);
  const doc = new SourceDoc(text, lexSpans(text, family), language, fileName);
  const scanner = new Scanner(doc, family);
  return { hits: scanner.run(), scanner };
}

/**
 * Keeps one finding per technique on a line and, within two lines, drops a finding of the same target
 * when a kept one is at least as telling (a definition outranks a config, a config a statement).
 */
function finalize(hits: Hit[], techniques: readonly Technique[] | undefined): Hit[] {
  const kept: Hit[] = [];
  for (const h of hits) {
    const technique = TARGETS[h.target].technique;
    if (techniques && !techniques.includes(technique)) continue;
    let twin: Hit | undefined;
    for (let i = kept.length - 1; i >= 0 && h.line - kept[i].line <= 2 && !twin; i--) {
      const k = kept[i];
      if ((k.line === h.line && TARGETS[k.target].technique === technique) || (k.target === h.target && KIND_RANK[k.kind] <= KIND_RANK[h.kind])) twin = k;
    }
    if (twin) {
      twin.params = mergeParams(twin.params, h.params);
      continue;
    }
    kept.push(h);
  }
  return kept.slice(0, MAX_FINDINGS_PER_FILE);
}

function toFinding(h: Hit, lineMap: number[] | undefined, scanner: Scanner): Finding {
  const target = TARGETS[h.target];
  const map = (l: number): number => (lineMap ? (lineMap[l] ?? lineMap[lineMap.length - 1] ?? 0) : l);
  const line = map(h.line);
  const finding: Finding = { line: line + 1, technique: target.technique, paper: target.paper, section: target.section, kind: h.kind, evidence: h.evidence };
  if (h.symbol) finding.symbol = h.symbol;
  const params = h.params ? Object.entries(h.params).slice(0, MAX_PARAMS) : [];
  if (params.length > 0) finding.params = Object.fromEntries(params);
  const scope = scanner.scopeOf(h.line);
  if (scope) finding.scope = { start: map(scope[0]) + 1, end: map(scope[1]) + 1 };
  return finding;
}
