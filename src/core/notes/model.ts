/**
 * The annotations a user keeps on one paper. Plain data: the notes file format, anchoring, merging and the
 * store all work on these types, and none of them needs VS Code or the file system.
 */

/** How far the user got with a paper (same values as the reading status of the Papers tree). */
export type NoteStatus = 'unread' | 'reading' | 'read';

/** All statuses, in reading order. */
export const NOTE_STATUSES: readonly NoteStatus[] = ['unread', 'reading', 'read'];

/** What an annotation is: a colored mark on the text, or a note (which may also quote a passage). */
export type AnnotationKind = 'highlight' | 'note';

/** Annotation kinds. */
export const ANNOTATION_KINDS: readonly AnnotationKind[] = ['highlight', 'note'];

/** The fixed highlight palette; the webview maps each name to a theme-aware color. */
export type HighlightColor = 'yellow' | 'green' | 'blue' | 'pink' | 'purple';

/** Palette names, in the order a picker shows them. */
export const HIGHLIGHT_COLORS: readonly HighlightColor[] = ['yellow', 'green', 'blue', 'pink', 'purple'];

/**
 * A passage identified by its text and a little of the text around it (the W3C Web Annotation
 * TextQuoteSelector), so it can be found again after the summary is edited.
 */
export interface TextQuoteSelector {
  exact: string;
  /** Text just before the passage; `''` when unknown or at the start. */
  prefix: string;
  /** Text just after the passage; `''` when unknown or at the end. */
  suffix: string;
}

/**
 * A passage by character offsets (the W3C TextPositionSelector). On a PDF it refines the page: offsets
 * into that page's text as `src/core/pdf/page-text.ts` builds it. Offsets break when the text changes, so
 * the quote is what finds a passage again; the position only confirms it and tells equal quotes apart.
 */
export interface TextPositionSelector {
  start: number;
  end: number;
}

/** Where an annotation points: a passage, a whole section, or (neither set) the whole paper. */
export interface AnnotationTarget {
  /** Slug id of the section, as in {@link PaperSection.id} (for a PDF: of its outline entry). */
  section?: string;
  quote?: TextQuoteSelector;
  /** 1-based page of the paper's PDF; set on annotations made in the PDF reader. */
  page?: number;
  /** Offsets into the text of {@link page}; only meaningful with it. */
  position?: TextPositionSelector;
}

/** Pages past this are not a real PDF's; the format refuses them rather than keep nonsense. */
export const MAX_PAGE = 1_000_000;

/** `true` for a 1-based page number the notes format keeps. */
export function isPageNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGE;
}

/** `true` for offsets the notes format keeps: whole numbers, `0 <= start <= end`. */
export function isTextPosition(value: unknown): value is TextPositionSelector {
  if (typeof value !== 'object' || value === null) return false;
  const { start, end } = value as Record<string, unknown>;
  return Number.isSafeInteger(start) && Number.isSafeInteger(end) && (start as number) >= 0 && (start as number) <= (end as number);
}

/** One highlight or note. */
export interface Annotation {
  /** Stable id, unique within the file: 8 lowercase hex digits when made by Paper Lens. */
  id: string;
  kind: AnnotationKind;
  target: AnnotationTarget;
  color?: HighlightColor;
  /** ISO 8601 timestamps. */
  created: string;
  updated: string;
  /**
   * Markdown (math allowed), untrusted. Leading blank lines, trailing whitespace and `\r` are not part of a
   * body; {@link canonicalMarkdown} shows the exact form a body has after a save.
   */
  body: string;
  /**
   * The heading shown in the notes file. Absent means the default, {@link defaultTitle}; set when the user
   * renamed it by hand (or the UI named it after the section title), so a rename survives later saves.
   */
  title?: string;
  /** Keys of the metadata comment this version does not know, kept so newer files survive a round trip. */
  extra?: Record<string, unknown>;
}

/** Everything Paper Lens stores about one paper. */
export interface NotesFile {
  paperId: string;
  status: NoteStatus;
  tags: string[];
  formatVersion: 1;
  annotations: Annotation[];
  /** Front-matter keys this version does not know, kept as they were. */
  extra?: Record<string, unknown>;
  /** Hand-written Markdown before the first annotation; it belongs to no annotation but is kept. */
  preamble?: string;
}

/** Ids Paper Lens accepts: the explicit-heading-id form the Markdown pipeline also understands. */
export const ANNOTATION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Paper ids that are safe as a file name (same rule as the paper front matter). */
export const PAPER_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** A notes file with no annotations yet. */
export function emptyNotes(paperId: string): NotesFile {
  return { paperId, status: 'unread', tags: [], formatVersion: 1, annotations: [] };
}

/** `true` for the three reading statuses. */
export function isNoteStatus(value: unknown): value is NoteStatus {
  return typeof value === 'string' && (NOTE_STATUSES as readonly string[]).includes(value);
}

/** `true` for `'highlight'` and `'note'`. */
export function isAnnotationKind(value: unknown): value is AnnotationKind {
  return typeof value === 'string' && (ANNOTATION_KINDS as readonly string[]).includes(value);
}

/** `true` for a palette color name. */
export function isHighlightColor(value: unknown): value is HighlightColor {
  return typeof value === 'string' && (HIGHLIGHT_COLORS as readonly string[]).includes(value);
}

/**
 * A new random id (8 hex digits) not in `taken`. `random` is injectable so tests are deterministic;
 * the default uses the Web Crypto generator that Node and the webview both have.
 */
export function newAnnotationId(taken: ReadonlySet<string> | Iterable<string> = [], random: () => number = cryptoRandom): string {
  const used = taken instanceof Set ? (taken as ReadonlySet<string>) : new Set(taken);
  for (;;) {
    const id = Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, '0');
    if (!used.has(id)) return id;
  }
}

function cryptoRandom(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0] / 0x1_0000_0000;
}

/** Turns a section slug into words for a default heading: `weight-decomposition` → `Weight decomposition`. */
export function humanizeSlug(slug: string): string {
  const words = slug.replace(/-+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : '';
}

/**
 * The heading an annotation gets when it has no title of its own, e.g. `The core idea — highlight`: the
 * section's title when the caller knows it, else the section id made readable (`Idea — highlight`).
 */
export function defaultTitle(a: Pick<Annotation, 'kind' | 'target'>, sectionTitle?: string): string {
  const where = a.target.section ? sectionTitle?.trim() || humanizeSlug(a.target.section) || a.target.section : isPageNumber(a.target.page) ? `Page ${a.target.page}` : 'Whole paper';
  return `${where} — ${a.kind}`;
}

/** What the UI supplies to create an annotation; the id and timestamps are filled in. */
export interface NewAnnotation {
  kind: AnnotationKind;
  target: AnnotationTarget;
  color?: HighlightColor;
  body?: string;
  title?: string;
}

/** Returns a copy of `file` with a new annotation appended; `now` is an ISO timestamp. */
export function addAnnotation(file: NotesFile, input: NewAnnotation, now: string, random?: () => number): { file: NotesFile; annotation: Annotation } {
  const annotation: Annotation = {
    id: newAnnotationId(file.annotations.map((a) => a.id), random),
    kind: input.kind,
    target: cloneTarget(input.target),
    created: now,
    updated: now,
    body: input.body ?? '',
  };
  if (input.color) annotation.color = input.color;
  if (input.title) annotation.title = input.title;
  return { file: { ...file, annotations: [...file.annotations, annotation] }, annotation };
}

/** The fields of an annotation the UI may change. */
export type AnnotationPatch = Partial<Pick<Annotation, 'kind' | 'target' | 'color' | 'body' | 'title'>>;

/**
 * Returns a copy of `file` with one annotation changed and its `updated` time set. Unknown ids leave the
 * file as it is (the annotation may have been deleted in another window meanwhile).
 */
export function updateAnnotation(file: NotesFile, id: string, patch: AnnotationPatch, now: string): NotesFile {
  return {
    ...file,
    annotations: file.annotations.map((a) => {
      if (a.id !== id) return a;
      const next: Annotation = { ...a, ...patch, updated: now };
      // `{ color: undefined }` in a patch means "no color", not "keep"; drop the key so equality stays simple.
      for (const key of ['color', 'title'] as const) if (key in patch && patch[key] === undefined) delete next[key];
      return next;
    }),
  };
}

/** Returns a copy of `file` without the annotation `id`. */
export function removeAnnotation(file: NotesFile, id: string): NotesFile {
  return { ...file, annotations: file.annotations.filter((a) => a.id !== id) };
}

function cloneTarget(t: AnnotationTarget): AnnotationTarget {
  const out: AnnotationTarget = {};
  if (t.section !== undefined) out.section = t.section;
  if (t.quote) out.quote = { exact: t.quote.exact, prefix: t.quote.prefix ?? '', suffix: t.quote.suffix ?? '' };
  if (t.page !== undefined) out.page = t.page;
  if (t.position) out.position = { start: t.position.start, end: t.position.end };
  return out;
}

/** File name of a paper's notes, refusing ids that could escape the notes folder. */
export function notesFileName(paperId: string): string {
  if (!PAPER_ID.test(paperId)) throw new RangeError(`not a valid paper id for a notes file name: ${JSON.stringify(paperId)}`);
  return `${paperId}.md`;
}

/**
 * The paper id of a notes file name, or `undefined` for anything else in the folder: backups
 * (`dora.corrupt-….md`), temp files, files of other tools.
 */
export function paperIdFromNotesFileName(name: string): string | undefined {
  if (!name.endsWith('.md')) return undefined;
  const id = name.slice(0, -3);
  return PAPER_ID.test(id) ? id : undefined;
}
