import type { DetectRule, RuleProblem } from './detect-rules';

/**
 * Topics with a display name and a fixed place in the tree. Any other topic is a free tag: it gets a group of
 * its own after these.
 */
export const TOPICS = [
  'mixture-of-experts',
  'parameter-efficient-finetuning',
  'alignment',
  'data',
  'scaling',
  'reasoning',
  'multimodal',
] as const;
export type Topic = (typeof TOPICS)[number];

/** Techniques the code detector links to paper sections. */
export const TECHNIQUES = ['lora', 'dora', 'moe', 'dpo', 'ppo', 'lr-rewarm'] as const;
/** One of the six techniques the built-in detector knows. */
export type BuiltinTechnique = (typeof TECHNIQUES)[number];
/** A built-in technique, or the id of a user paper whose `detect:` rules name its own. */
export type Technique = BuiltinTechnique | (string & {});

/** The front matter of one paper summary, validated. */
export interface PaperMeta {
  id: string;
  title: string;
  shortTitle: string;
  authors: string[];
  organization: string;
  arxiv: string;
  /** `YYYY-MM-DD`, or `YYYY-MM` where the day is not known. */
  published: string;
  /** 1–12 */
  month: number;
  topics: string[];
  techniques: string[];
  related: string[];
  gist: string;
  /** Year of publication; from `year`, else from `published`. Absent when neither says. */
  year?: number;
  /** Path of the paper's PDF, relative to the workspace folder or absolute. */
  pdf?: string;
  /** Bare DOI, such as `10.48550/arXiv.2401.04088`. */
  doi?: string;
  /** The BibTeX entry the user gave or that was generated when the paper was added, verbatim. */
  bibtex?: string;
  /** The arXiv version the metadata (and PDF) were taken from. */
  arxivVersion?: number;
}

/** One heading of a summary with the plain text that follows it up to the next heading. */
export interface PaperSection {
  /** Stable slug: from an explicit `{#id}` on the heading, else derived from its text. */
  id: string;
  title: string;
  depth: number;
  /** 1-based line of the heading in the Markdown source. */
  line: number;
  text: string;
}

/** A summary compiled to sanitized HTML plus the data that the tree, search and CLI need. */
export interface CompiledPaper {
  meta: PaperMeta;
  sections: PaperSection[];
  html: string;
  /** Number of words in the body, for reading-time hints. */
  words: number;
  /** A named collection the paper belongs to (the bundled twelve: {@link BUNDLED_COLLECTION}). */
  collection?: string;
  /** A user paper's validated `detect:` rules (see `detect-rules.ts`); absent when it has none. */
  detect?: DetectRule[];
  /** Problems in those rules, each with its line; the paper still loads. */
  detectProblems?: RuleProblem[];
}

/** The collection the bundled summaries form in the tree. */
export const BUNDLED_COLLECTION = 'Noteworthy 2024';

/** What the build writes to `dist/catalog.json`. */
export interface CatalogFile {
  version: 1;
  papers: CompiledPaper[];
}

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;
