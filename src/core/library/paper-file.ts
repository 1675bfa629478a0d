import { Document, isMap, isScalar, isSeq, parseDocument, visit, type Node, type Pair } from 'yaml';
import { paperIdFrom, uniqueId } from './identifiers';
import type { PaperDraft } from './paper-draft';

/** The front matter fields a paper file written by the library has, in the order they are written. */
export interface PaperFileFields {
  id: string;
  title: string;
  authors: string[];
  arxiv?: string;
  arxivVersion?: number;
  doi?: string;
  published?: string;
  year?: number;
  month?: number;
  topics?: string[];
  pdf?: string;
  bibtex?: string;
}

const FIELD_ORDER: (keyof PaperFileFields)[] = ['id', 'title', 'authors', 'arxiv', 'arxivVersion', 'doi', 'published', 'year', 'month', 'topics', 'pdf', 'bibtex'];
const FRONT_MATTER = /^---\r?\n([\s\S]*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
export const ABSTRACT_SECTION_ID = 'abstract';

/** A file's front matter (the YAML between the `---` lines) and where it sits. */
export interface FrontMatterSpan {
  yaml: string;
  /** Offset of the YAML in the file. */
  start: number;
  body: string;
}

/** Finds the YAML front matter at the top of a Markdown file; `undefined` when there is none. */
export function splitFrontMatter(text: string): FrontMatterSpan | undefined {
  const m = FRONT_MATTER.exec(text);
  if (!m) return undefined;
  const start = m[0].indexOf('\n') + 1;
  return { yaml: m[1] ?? '', start, body: text.slice(m[0].length) };
}

/**
 * Writes a new paper file: front matter with the fields in a fixed order (absent ones left out) and the
 * abstract, when there is one, as the first section.
 */
export function renderPaperFile(fields: PaperFileFields, abstract?: string): string {
  const data: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    const v = fields[key];
    if (v === undefined || v === '' || (Array.isArray(v) && !v.length && key !== 'authors')) continue;
    data[key] = key === 'bibtex' && typeof v === 'string' ? `${v.trim()}\n` : v;
  }
  const body = abstract?.trim() ? `\n## Abstract {#${ABSTRACT_SECTION_ID}}\n\n${markdownParagraph(abstract)}\n` : '';
  return `---\n${yamlText(data)}---\n${body}`;
}

/**
 * Changes front matter fields of an existing paper file and leaves every other byte alone: only the text
 * of a changed field is rewritten (its trailing comment kept), a new field is appended, and a field set
 * to `undefined` is removed. With `abstract`, the text of the `{#abstract}` section is replaced too, when
 * the file still has one. Throws when the file has no front matter or its YAML does not parse, so a file
 * we cannot read is never rewritten.
 */
export function updatePaperFile(text: string, changes: Partial<Record<keyof PaperFileFields, unknown>>, options: { abstract?: string } = {}): string {
  const fm = splitFrontMatter(text);
  if (!fm) throw new Error('the file has no front matter');
  const doc = parseDocument(fm.yaml, { keepSourceTokens: false });
  if (doc.errors.length) throw new Error(`its front matter is not valid YAML: ${doc.errors[0].message}`);
  const contents = doc.contents;
  let yaml: string;
  if (contents === null || (isMap(contents) && !contents.flow)) {
    const items = (contents?.items ?? []) as Pair<Node, Node | null>[];
    const edits: { from: number; to: number; text: string }[] = [];
    let appended = '';
    for (const [key, value] of Object.entries(changes)) {
      const pair = items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) {
        if (value !== undefined) appended += yamlText({ [key]: value });
        continue;
      }
      const keyNode = pair.key as Node;
      const current = pair.value ? pair.value.toJSON() : null;
      if (value !== undefined && sameValue(current, value)) continue;
      const from = keyNode.range![0];
      if (value === undefined) {
        edits.push({ from, to: (pair.value ?? keyNode).range![2], text: '' });
        continue;
      }
      const to = (pair.value ?? keyNode).range![1];
      const endsLine = fm.yaml.slice(from, to).endsWith('\n');
      edits.push({ from, to, text: yamlText({ [key]: value }).replace(/\n$/, endsLine ? '\n' : '') });
    }
    yaml = fm.yaml;
    for (const e of edits.sort((a, b) => b.from - a.from)) yaml = yaml.slice(0, e.from) + e.text + yaml.slice(e.to);
    if (appended) yaml = `${yaml}${yaml && !yaml.endsWith('\n') ? '\n' : ''}${appended}`;
  } else {
    // A flow mapping (`{ id: x, … }`) has no lines to splice: rewrite it through the document model.
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) doc.delete(key);
      else doc.set(key, value);
    }
    yaml = doc.toString({ lineWidth: 0 });
  }
  const head = text.slice(0, fm.start);
  const close = text.slice(fm.start + fm.yaml.length, text.length - fm.body.length);
  const body = options.abstract !== undefined ? replaceSection(fm.body, ABSTRACT_SECTION_ID, markdownParagraph(options.abstract)) : fm.body;
  return `${head}${yaml}${close}${body}`;
}

/** The front matter of a paper file as plain data; `undefined` when there is none or it does not parse. */
export function readFrontMatter(text: string): Record<string, unknown> | undefined {
  const fm = splitFrontMatter(text);
  if (!fm) return undefined;
  const doc = parseDocument(fm.yaml);
  if (doc.errors.length) return undefined;
  const data = doc.toJSON() as unknown;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/**
 * Replaces the text under the heading with `{#id}` up to the next heading of the same or a higher level.
 * Leaves the body as it is when no heading has that id.
 */
export function replaceSection(body: string, id: string, text: string): string {
  const lines = body.split('\n');
  const at = lines.findIndex((l) => new RegExp(`^(#{1,6})\\s.*\\{#${id}\\}\\s*$`).test(l));
  if (at < 0) return body;
  const depth = /^#+/.exec(lines[at])![0].length;
  let end = at + 1;
  while (end < lines.length && !(/^(#{1,6})\s/.exec(lines[end]) && /^#+/.exec(lines[end])![0].length <= depth)) end++;
  const next = end < lines.length ? ['', ...lines.slice(end)] : [''];
  return [...lines.slice(0, at + 1), '', text, ...next].join('\n');
}

/**
 * Text from outside (an abstract) as one Markdown paragraph: whitespace collapsed, raw HTML and block
 * syntax at its start escaped, `$…$` math kept.
 */
export function markdownParagraph(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/</g, '&lt;')
    .replace(/^([#>+*=-]|\d+[.)])/, '\\$1');
}

function yamlText(data: Record<string, unknown>): string {
  const doc = new Document(data);
  // Lists of names and tags read best on one line, as in the bundled papers.
  visit(doc, { Seq: (_, node) => { if (isSeq(node)) node.flow = true; } });
  return doc.toString({ lineWidth: 0 });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof b === 'string' && typeof a === 'string') return a.trim() === b.trim();
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The id, file text and fields of a draft. The id is `<family>-<year>-<word>` (`hu-2021-lora`), made
 * unique against `taken`; a draft without a year gets the current one from `now` only for the id, never
 * for its metadata.
 */
export function draftToFile(draft: PaperDraft, taken: (id: string) => boolean): { id: string; text: string; fields: PaperFileFields } {
  const family = draft.authors[0]?.trim().split(/\s+/).pop();
  const id = uniqueId(paperIdFrom({ family, year: draft.year, title: draft.title, arxiv: draft.arxiv, doi: draft.doi }), taken);
  const fields: PaperFileFields = {
    id,
    title: draft.title.replace(/\s+/g, ' ').trim(),
    authors: draft.authors,
    arxiv: draft.arxiv,
    arxivVersion: draft.arxiv ? draft.arxivVersion : undefined,
    doi: draft.doi,
    published: draft.published,
    year: draft.year,
    // With only a year the month stays unknown; the front matter then leaves it out.
    month: draft.published && draft.published.length >= 7 ? undefined : draft.month,
    topics: draft.topics,
    pdf: draft.pdf,
    bibtex: draft.bibtex,
  };
  return { id, text: renderPaperFile(fields, draft.abstract), fields };
}
