/**
 * The notes file: one Markdown file per paper that reads well without Paper Lens and diffs well in git.
 *
 * ```markdown
 * ---
 * paper: dora
 * status: reading
 * tags: [peft, lora]
 * format: 1
 * ---
 *
 * Hand-written prose before the first annotation is kept as the preamble.
 *
 * ## Weight decomposition — highlight {#a1b2c3d4}
 * <!-- paper-lens: {"kind":"highlight","section":"weight-decomposition","color":"yellow","created":"…","updated":"…","prefix":"…","suffix":"…"} -->
 * > the quoted passage, exactly as it was selected
 *
 * The note body, any Markdown, with $math$.
 *
 * ## Page 7 — highlight {#0badcafe}
 * <!-- paper-lens: {"kind":"highlight","page":7,"start":120,"end":163,"color":"green",…,"prefix":"…","suffix":"…"} -->
 * > a passage of the paper's PDF
 * ```
 *
 * An annotation made in the PDF reader also carries `page` (1-based) and, refining it, `start`/`end`: the
 * W3C TextPositionSelector, character offsets into that page's text. The quote stays the authority.
 *
 * A block starts at a line beginning with `<!-- paper-lens:` (the metadata comment) and takes the heading
 * just above it; its body runs to the next block's heading. Blocks are found by that line alone, so a
 * body with an unclosed code fence or `$$` cannot swallow the annotations after it. Bodies that contain
 * such a line themselves are written as `<!-- paper-lens\:` (one more backslash on each save, one fewer on
 * each read), which keeps every body representable.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { Document, parse as parseYaml, YAMLParseError } from 'yaml';
import type { Root } from 'mdast';
import {
  type Annotation,
  type NotesFile,
  type TextQuoteSelector,
  ANNOTATION_ID,
  isPageNumber,
  isTextPosition,
  defaultTitle,
  isAnnotationKind,
  isHighlightColor,
  isNoteStatus,
} from './model';

/** The `format:` value this version writes and reads. */
export const NOTES_FORMAT_VERSION = 1;

/** Larger files are refused with a message rather than parsed. */
export const MAX_NOTES_CHARS = 4 * 1024 * 1024;

/**
 * The result of {@link parseNotes}: the notes, or why the file cannot be read and where. `bug` is set when
 * the parser itself failed (an exception that is not a verdict on the file): the file may be fine, so it
 * must not be treated as corrupt; `bug` holds the stack for the log.
 */
export type ParseNotesResult =
  | { ok: true; file: NotesFile; warnings: string[] }
  | { ok: false; error: { message: string; line: number; bug?: string } };

/** Options for {@link parseNotes}. */
export interface ParseNotesOptions {
  /** Used (with a warning) when the front matter has no `paper:`; normally the file name. */
  paperId?: string;
}

const FRONT_MATTER_KEYS = new Set(['paper', 'status', 'tags', 'format']);
const META_KEYS = new Set(['kind', 'section', 'page', 'start', 'end', 'color', 'created', 'updated', 'prefix', 'suffix', 'exact']);
const MARKER = /^ {0,3}<!--[ \t]*paper-lens:/;
const MARKER_LINE = /^ {0,3}<!--[ \t]*paper-lens:(.*)-->[ \t]*$/s;
const ESCAPE_MARKER = /^( {0,3}<!--[ \t]*paper-lens)(\\*):/gm;
const UNESCAPE_MARKER = /^( {0,3}<!--[ \t]*paper-lens)\\(\\*):/gm;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*))?$/s;
const FRONT_MATTER_FENCE = /^---[ \t]*$/;
const BLOCKQUOTE_LINE = /^ {0,3}>/;
const BLOCKQUOTE_MARK = /^ {0,3}> ?/;
// Control characters other than tab and line breaks only appear in binary or damaged files.
const CONTROL = /[\u0000-\u0008\u000e-\u001f]/;
const CONTROL_ALL = /[\u0000-\u0008\u000e-\u001f]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAX_QUOTE_DEPTH = 64;
const EPOCH = '1970-01-01T00:00:00.000Z';

const headParser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMath);

/**
 * The form Markdown text (a body, the preamble) has after a save and a read: `\r\n` and `\r` become `\n`,
 * characters a UTF-8 text file cannot hold (lone surrogates, control characters other than tab and line
 * breaks) become U+FFFD, and leading blank lines and trailing whitespace are dropped.
 */
export function canonicalMarkdown(text: string): string {
  return trimBlankEdges(cleanRaw(text));
}

/**
 * The form a heading title has after a save and a read: one line, runs of spaces, tabs and line breaks
 * collapsed to one space, no spaces at either end.
 */
export function canonicalTitle(title: string): string {
  return cleanRaw(title).replace(/[\t\n ]+/g, ' ').replace(/^ | $/g, '');
}

/**
 * What `parseNotes(serializeNotes(file))` returns for a valid `file`: bodies, preamble and titles in
 * canonical form, defaults and empty optional fields dropped, tags trimmed and de-duplicated.
 */
export function normalizeNotes(file: NotesFile): NotesFile {
  const out: NotesFile = {
    paperId: file.paperId,
    status: isNoteStatus(file.status) ? file.status : 'unread',
    tags: canonicalTags(file.tags),
    formatVersion: 1,
    annotations: file.annotations.map(normalizeAnnotation),
  };
  const extra = pickExtra(file.extra, FRONT_MATTER_KEYS);
  if (extra) out.extra = extra;
  const preamble = canonicalMarkdown(file.preamble ?? '');
  if (preamble) out.preamble = preamble;
  return out;
}

function normalizeAnnotation(a: Annotation): Annotation {
  const out: Annotation = { id: a.id, kind: a.kind, target: {}, created: a.created, updated: a.updated, body: canonicalMarkdown(a.body) };
  if (a.target.section) out.target.section = a.target.section;
  if (a.target.quote) out.target.quote = { exact: a.target.quote.exact, prefix: a.target.quote.prefix ?? '', suffix: a.target.quote.suffix ?? '' };
  if (isPageNumber(a.target.page)) {
    out.target.page = a.target.page;
    if (isTextPosition(a.target.position)) out.target.position = { start: a.target.position.start, end: a.target.position.end };
  }
  if (isHighlightColor(a.color)) out.color = a.color;
  const title = canonicalTitle(a.title ?? '');
  if (title && title !== headingDefault(out)) out.title = title;
  const extra = pickExtra(a.extra, META_KEYS);
  if (extra) out.extra = JSON.parse(JSON.stringify(extra)) as Record<string, unknown>;
  // Keep the key order of a parsed annotation so deep-equality in tests does not depend on it.
  return reorder(out);
}

/** The default title as it appears in a heading (a section id may hold any text, even line breaks). */
function headingDefault(a: Pick<Annotation, 'kind' | 'target'>): string {
  return canonicalTitle(defaultTitle(a));
}

function reorder(a: Annotation): Annotation {
  const out: Annotation = { id: a.id, kind: a.kind, target: a.target } as Annotation;
  if (a.color) out.color = a.color;
  out.created = a.created;
  out.updated = a.updated;
  out.body = a.body;
  if (a.title !== undefined) out.title = a.title;
  if (a.extra) out.extra = a.extra;
  return out;
}

/**
 * Writes the notes file. Throws a `RangeError` for data no file can represent (an empty paper id, an id
 * that is not a slug, duplicate ids); every other value is written so that {@link parseNotes} reads back
 * {@link normalizeNotes} of it.
 */
export function serializeNotes(file: NotesFile): string {
  if (typeof file.paperId !== 'string' || !file.paperId.trim()) throw new RangeError('a notes file needs a paper id');
  const seen = new Set<string>();
  for (const a of file.annotations) {
    if (!ANNOTATION_ID.test(a.id)) throw new RangeError(`annotation id ${JSON.stringify(a.id)} is not lowercase letters, digits and hyphens`);
    if (seen.has(a.id)) throw new RangeError(`duplicate annotation id ${a.id}`);
    if (!isAnnotationKind(a.kind)) throw new RangeError(`annotation ${a.id} has unknown kind ${JSON.stringify(a.kind)}`);
    seen.add(a.id);
  }
  const norm = normalizeNotes(file);
  const chunks = [serializeFrontMatter(norm)];
  if (norm.preamble) chunks.push(escapeMarkers(norm.preamble) + '\n');
  for (const a of norm.annotations) chunks.push(serializeAnnotation(a));
  return chunks.join('\n');
}

function serializeFrontMatter(file: NotesFile): string {
  const doc = new Document({ paper: file.paperId, status: file.status, tags: file.tags, format: NOTES_FORMAT_VERSION, ...(file.extra ?? {}) });
  const tags = doc.get('tags', true) as { flow?: boolean } | undefined;
  if (tags) tags.flow = true;
  return `---\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}---\n`;
}

function serializeAnnotation(a: Annotation): string {
  const meta: Record<string, unknown> = { kind: a.kind };
  if (a.target.section !== undefined) meta.section = a.target.section;
  if (a.target.page !== undefined) meta.page = a.target.page;
  if (a.target.position) {
    meta.start = a.target.position.start;
    meta.end = a.target.position.end;
  }
  if (a.color) meta.color = a.color;
  meta.created = a.created;
  meta.updated = a.updated;
  const quote = a.target.quote;
  if (quote?.prefix) meta.prefix = quote.prefix;
  if (quote?.suffix) meta.suffix = quote.suffix;
  const quoteInline = quote !== undefined && quoteFitsBlockquote(quote.exact);
  if (quote && !quoteInline) meta.exact = quote.exact;
  for (const [k, v] of Object.entries(a.extra ?? {})) if (!META_KEYS.has(k)) meta[k] = v;

  let out = `## ${a.title ?? headingDefault(a)} {#${a.id}}\n<!-- paper-lens: ${metaJson(meta)} -->\n`;
  if (quote && quoteInline) out += quote.exact.split('\n').map((l) => (l ? `> ${l}` : '>')).join('\n') + '\n';
  if (a.body) out += `\n${escapeMarkers(a.body)}\n`;
  return out;
}

/** JSON on one line that cannot end the HTML comment: `>` only ever occurs inside strings there. */
function metaJson(meta: Record<string, unknown>): string {
  return JSON.stringify(meta).replace(/>/g, '\\u003e');
}

/** A quote goes into a `>` blockquote when that reads back exactly; otherwise into the metadata JSON. */
function quoteFitsBlockquote(exact: string): boolean {
  return exact.length > 0 && !exact.includes('\r') && !CONTROL.test(exact) && exact === exact.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * Reads a notes file. Never throws: a file that cannot be read faithfully (no or broken front matter, a
 * newer format, binary data, a broken metadata comment, duplicate ids) gives `ok: false` with a message
 * and the 1-based line to look at; smaller problems that lose nothing come back as warnings. An internal
 * error gives `ok: false` with `error.bug` set, which says nothing about the file.
 */
export function parseNotes(text: string, options: ParseNotesOptions = {}): ParseNotesResult {
  try {
    return parseUnchecked(text, options);
  } catch (err) {
    if (err instanceof ParseFailure) return { ok: false, error: { message: err.message, line: err.line } };
    // remark recurses; thousands of nested quotes or lists exhaust the stack.
    if (err instanceof RangeError && /call stack/i.test(err.message)) return { ok: false, error: { message: 'the file is nested too deeply to read (thousands of nested quotes or lists)', line: 1 } };
    const bug = err instanceof Error ? err.stack ?? `${err.name}: ${err.message}` : String(err);
    return { ok: false, error: { message: `Paper Lens hit a bug while reading the file (${err instanceof Error ? err.message : String(err)})`, line: 1, bug } };
  }
}

class ParseFailure extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

function parseUnchecked(raw: string, options: ParseNotesOptions): ParseNotesResult {
  if (typeof raw !== 'string') throw new ParseFailure('notes must be text', 1);
  if (raw.length > MAX_NOTES_CHARS) throw new ParseFailure(`the file is ${Math.round(raw.length / 1024)} KB; notes files are limited to ${MAX_NOTES_CHARS / 1024} KB`, 1);
  // Editors show a lone `\r` as a line break too, so lines are counted after it becomes `\n`.
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new ParseFailure(`the file contains binary data (control character U+${code}); it is not a text notes file or it is damaged`, lineAt(text, control.index));
  }
  const lines = text.split('\n');
  const warnings: string[] = [];

  const markers: number[] = [];
  for (let i = 0; i < lines.length; i++) if (MARKER.test(lines[i])) markers.push(i);

  // Each block starts at the heading just above its metadata comment.
  const starts = markers.map((m, k) => {
    let h = m - 1;
    while (h >= 0 && isBlank(lines[h])) h--;
    const floor = k > 0 ? markers[k - 1] : -1;
    if (h <= floor || !ATX_HEADING.test(lines[h])) {
      throw new ParseFailure('this metadata comment must come right after the annotation heading, e.g. "## Title {#a1b2c3d4}"', m + 1);
    }
    return h;
  });

  const headEnd = starts.length ? starts[0] : lines.length;
  const head = parseHead(lines.slice(0, headEnd), options, warnings);

  const annotations: Annotation[] = [];
  const firstLine = new Map<string, number>();
  for (let k = 0; k < markers.length; k++) {
    const end = k + 1 < starts.length ? starts[k + 1] : lines.length;
    const a = parseBlock(lines, starts[k], markers[k], end, warnings);
    const dup = firstLine.get(a.id);
    if (dup !== undefined) throw new ParseFailure(`duplicate annotation id "${a.id}" (first used on line ${dup}); give one of them a new id`, starts[k] + 1);
    firstLine.set(a.id, starts[k] + 1);
    annotations.push(a);
  }

  const file: NotesFile = { paperId: head.paperId, status: head.status, tags: head.tags, formatVersion: 1, annotations };
  if (head.extra) file.extra = head.extra;
  if (head.preamble) file.preamble = head.preamble;
  return { ok: true, file, warnings };
}

interface Head {
  paperId: string;
  status: NotesFile['status'];
  tags: string[];
  extra?: Record<string, unknown>;
  preamble?: string;
}

function parseHead(lines: string[], options: ParseNotesOptions, warnings: string[]): Head {
  if (!FRONT_MATTER_FENCE.test(lines[0] ?? '')) {
    throw new ParseFailure('the file does not start with front matter ("---", then "paper: <id>", "format: 1", then "---")', 1);
  }
  // Only the front matter goes through remark: the preamble is kept as text and may be large.
  let close = 1;
  while (close < lines.length && !FRONT_MATTER_FENCE.test(lines[close])) close++;
  const tree = headParser.parse(lines.slice(0, close + 1).join('\n')) as Root;
  const yamlNode = tree.children[0];
  if (close >= lines.length || yamlNode?.type !== 'yaml' || !yamlNode.position) {
    throw new ParseFailure('the front matter that starts here is not closed by a "---" line', 1);
  }
  const fmStart = yamlNode.position.start.line;
  let data: unknown;
  try {
    data = parseYaml(yamlNode.value, { maxAliasCount: 50, prettyErrors: true });
  } catch (err) {
    const at = err instanceof YAMLParseError && err.linePos ? fmStart + err.linePos[0].line : fmStart;
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ParseFailure(`the front matter is not valid YAML: ${message}`, at);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ParseFailure('the front matter must be a YAML mapping with at least "paper: <id>"', fmStart);
  }
  const d = data as Record<string, unknown>;
  const lineOf = (key: string): number => {
    const i = lines.findIndex((l, n) => n < yamlNode.position!.end.line && l.startsWith(`${key}:`));
    return i >= 0 ? i + 1 : fmStart;
  };

  const format = d.format;
  if (format === undefined) warnings.push(`line ${fmStart}: the front matter has no "format:"; read as format 1`);
  else if (typeof format === 'number' && format > NOTES_FORMAT_VERSION) {
    throw new ParseFailure(`this notes file is format ${format}, written by a newer Paper Lens; this version reads format ${NOTES_FORMAT_VERSION} and will not change it`, lineOf('format'));
  } else if (format !== NOTES_FORMAT_VERSION) {
    throw new ParseFailure(`"format" must be ${NOTES_FORMAT_VERSION}, got ${JSON.stringify(format)}`, lineOf('format'));
  }

  let paperId = typeof d.paper === 'string' ? d.paper : typeof d.paper === 'number' ? String(d.paper) : '';
  if (!paperId.trim()) {
    if (!options.paperId) throw new ParseFailure('the front matter has no "paper: <id>"', d.paper === undefined ? fmStart : lineOf('paper'));
    warnings.push(`line ${fmStart}: the front matter has no "paper:"; using "${options.paperId}" from the file name`);
    paperId = options.paperId;
  }

  let status: NotesFile['status'] = 'unread';
  if (isNoteStatus(d.status)) status = d.status;
  else if (d.status !== undefined && d.status !== null) warnings.push(`line ${lineOf('status')}: unknown status ${JSON.stringify(d.status)}; read as "unread" (use unread, reading or read)`);

  const tags: string[] = [];
  if (d.tags !== undefined && d.tags !== null) {
    for (const t of Array.isArray(d.tags) ? d.tags : [d.tags]) {
      if (typeof t === 'string' || typeof t === 'number') tags.push(String(t));
      else warnings.push(`line ${lineOf('tags')}: ignored a tag that is not text: ${JSON.stringify(t)}`);
    }
  }

  const head: Head = { paperId, status, tags: canonicalTags(tags) };
  const extra = pickExtra(d, FRONT_MATTER_KEYS);
  if (extra) head.extra = extra;
  const preamble = unescapeMarkers(canonicalMarkdown(lines.slice(yamlNode.position.end.line).join('\n')));
  if (preamble) head.preamble = preamble;
  return head;
}

function parseBlock(lines: string[], headingAt: number, metaAt: number, end: number, warnings: string[]): Annotation {
  const heading = splitHeading(ATX_HEADING.exec(lines[headingAt])?.[1] ?? '');
  if (heading.id === undefined) throw new ParseFailure('this annotation heading has no id at the end, e.g. "## Title {#a1b2c3d4}"', headingAt + 1);
  const id = heading.id;

  const metaLine = MARKER_LINE.exec(lines[metaAt]);
  if (!metaLine) throw new ParseFailure('this metadata comment must be on one line and end with "-->"', metaAt + 1);
  let meta: unknown;
  try {
    meta = JSON.parse(metaLine[1]);
  } catch (err) {
    throw new ParseFailure(`the metadata comment is not valid JSON (${err instanceof Error ? err.message : String(err)})`, metaAt + 1);
  }
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw new ParseFailure('the metadata comment must hold a JSON object {…}', metaAt + 1);
  const m = meta as Record<string, unknown>;
  const warn = (msg: string): void => {
    warnings.push(`line ${metaAt + 1}: ${msg}`);
  };

  let kind: Annotation['kind'] = 'note';
  if (isAnnotationKind(m.kind)) kind = m.kind;
  else warn(m.kind === undefined ? 'no "kind"; read as a note' : `unknown kind ${JSON.stringify(m.kind)}; read as a note`);

  const str = (key: string): string | undefined => {
    const v = m[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    warn(`"${key}" must be text; ignored ${JSON.stringify(v)}`);
    return undefined;
  };
  const section = str('section');
  const prefix = str('prefix');
  const suffix = str('suffix');
  const jsonExact = str('exact');
  let created = str('created');
  let updated = str('updated');
  if (created === undefined || updated === undefined) {
    warn('no "created"/"updated" time; using the other one or 1970-01-01');
    created ??= updated ?? EPOCH;
    updated ??= created;
  }

  // The quote is a blockquote on the very next line; a blockquote after a blank line belongs to the body.
  let bodyFrom = metaAt + 1;
  let exact = jsonExact;
  if (jsonExact === undefined && bodyFrom < end && BLOCKQUOTE_LINE.test(lines[bodyFrom])) {
    const quoteEnd = blockquoteEnd(lines, bodyFrom, end);
    exact = lines.slice(bodyFrom, quoteEnd).map((l) => l.replace(BLOCKQUOTE_MARK, '')).join('\n');
    bodyFrom = quoteEnd;
  }

  const a: Annotation = { id, kind, target: {}, created, updated, body: '' };
  if (section) a.target.section = section;
  if (m.page !== undefined) {
    if (isPageNumber(m.page)) a.target.page = m.page;
    else warn(`"page" must be a whole number from 1; ignored ${JSON.stringify(m.page)}`);
  }
  if (m.start !== undefined || m.end !== undefined) {
    const position = { start: m.start, end: m.end };
    if (a.target.page !== undefined && isTextPosition(position)) a.target.position = position;
    else warn(`"start"/"end" must be whole numbers (start ≤ end) on an annotation with a "page"; ignored`);
  }
  if (exact !== undefined) {
    const quote: TextQuoteSelector = { exact, prefix: prefix ?? '', suffix: suffix ?? '' };
    a.target.quote = quote;
  } else if (prefix || suffix) {
    warn('"prefix"/"suffix" without a quoted passage ("> …" on the next line); ignored');
  }
  if (m.color !== undefined) {
    if (isHighlightColor(m.color)) a.color = m.color;
    else warn(`unknown color ${JSON.stringify(m.color)}; use yellow, green, blue, pink or purple`);
  }
  a.body = unescapeMarkers(canonicalMarkdown(lines.slice(bodyFrom, end).join('\n')));
  const title = canonicalTitle(heading.title);
  if (title && title !== headingDefault(a)) a.title = title;
  const extra = pickExtra(m, META_KEYS);
  if (extra) a.extra = extra;
  return reorder(a);
}

/**
 * Splits ATX heading content into its title and trailing `{#id}`, dropping a closing `##` sequence.
 * Scanned by hand: regexes anchored at the end of a line are quadratic on long runs of spaces.
 */
function splitHeading(content: string): { title: string; id?: string } {
  let s = content.slice(0, trimmedEnd(content));
  let j = s.length;
  while (j > 0 && s.charCodeAt(j - 1) === 35 /* # */) j--;
  if (j < s.length && (j === 0 || s[j - 1] === ' ' || s[j - 1] === '\t')) s = s.slice(0, trimmedEnd(s.slice(0, j)));
  if (!s.endsWith('}')) return { title: s };
  const open = s.lastIndexOf('{#');
  const id = open < 0 ? '' : s.slice(open + 2, -1);
  return ANNOTATION_ID.test(id) ? { title: s.slice(0, open), id } : { title: s };
}

function trimmedEnd(s: string): number {
  let end = s.length;
  while (end > 0 && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  return end;
}

/** Index of the first line after the blockquote starting at `from`, with CommonMark's lazy continuation. */
function blockquoteEnd(lines: string[], from: number, limit: number): number {
  // A blockquote always ends at a blank line, so only the lines before one need parsing.
  let stop = from;
  let lazy = false;
  let deep = false;
  for (; stop < limit && !isBlank(lines[stop]); stop++) {
    if (!BLOCKQUOTE_LINE.test(lines[stop])) lazy = true;
    if (quoteDepth(lines[stop]) > MAX_QUOTE_DEPTH) deep = true;
  }
  let out = from + 1;
  if (!lazy) out = stop;
  else if (!deep) {
    // Only lazy continuation lines need CommonMark's judgement. (micromark is quadratic in nesting depth,
    // hence the `deep` guard; such lines are no hand-written quote anyway.)
    try {
      const tree = headParser.parse(lines.slice(from, stop).join('\n')) as Root;
      const first = tree.children[0];
      if (first?.type === 'blockquote' && first.position) out = Math.min(from + first.position.end.line, stop);
    } catch {
      // Too deeply nested for remark: the `>` lines alone still delimit the quote.
    }
  }
  // Trailing `>` lines are part of the quote even when remark ends the node before them.
  while (out < stop && BLOCKQUOTE_LINE.test(lines[out])) out++;
  return out;
}

function quoteDepth(line: string): number {
  let depth = 0;
  for (let i = 0; i < line.length && depth <= MAX_QUOTE_DEPTH; i++) {
    const c = line.charCodeAt(i);
    if (c === 62 /* > */) depth++;
    else if (c !== 32 && c !== 9) break;
  }
  return depth;
}

function canonicalTags(tags: readonly unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const t of tags ?? []) {
    if (typeof t !== 'string') continue;
    const tag = cleanRaw(t).replace(/\n/g, ' ').trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

function pickExtra(source: Record<string, unknown> | undefined, known: ReadonlySet<string>): Record<string, unknown> | undefined {
  if (!source) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(source)) {
    // `__proto__` would set the prototype instead of a key; it never carries meaning here.
    if (known.has(k) || v === undefined || k === '__proto__') continue;
    (out ??= {})[k] = v;
  }
  return out;
}

function cleanRaw(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n?/g, '\n').replace(CONTROL_ALL, '\uFFFD');
}

/** Drops leading blank lines and trailing whitespace; a loop, because `/\s+$/` is quadratic on long runs. */
function trimBlankEdges(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let start = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) start = i + 1;
    else if (c !== 32 && c !== 9) break;
  }
  return text.slice(start, end);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10;
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function escapeMarkers(text: string): string {
  return text.replace(ESCAPE_MARKER, '$1\\$2:');
}

function unescapeMarkers(text: string): string {
  return text.replace(UNESCAPE_MARKER, '$1$2:');
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
