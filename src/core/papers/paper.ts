/** Topic ids used to group papers; the tree and the front matter share them. */
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
export type Technique = (typeof TECHNIQUES)[number];

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
  /** The paper's PDF: a path relative to the workspace folder, or absolute. */
  pdf?: string;
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
}

/** What the build writes to `dist/catalog.json`. */
export interface CatalogFile {
  version: 1;
  papers: CompiledPaper[];
}

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;
