/**
 * Messages between the summary webview and the extension: one valibot schema per direction, shared by both
 * sides, with the TypeScript types inferred from it. Every message received is parsed deeply; anything that
 * does not fit is ignored and logged. Unknown keys are dropped.
 */
import * as v from 'valibot';

/** The longest passage a highlight or note can quote; the webview says so instead of sending more. */
export const MAX_QUOTE = 5000;
/** Highlight palette, as in core/notes/model.ts `HIGHLIGHT_COLORS`. */
export const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
/** A section id: what github-slugger makes of a heading (any script) or an explicit `{#id}`. */
const SectionId = v.pipe(v.string(), v.minLength(1), v.maxLength(256), v.regex(/^[\p{L}\p{M}\p{N}\p{Pc}-]+$/u));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const NonEmpty = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));
const Color = v.picklist(COLORS);
const Kind = v.picklist(['highlight', 'note']);
const Quote = v.object({ exact: NonEmpty(MAX_QUOTE), prefix: Text(200), suffix: Text(200) });
const Terms = v.pipe(v.array(NonEmpty(100)), v.maxLength(20));
const ScrollY = v.pipe(v.number(), v.finite(), v.minValue(0));

const TocEntry = v.object({ id: SectionId, title: Text(1000), depth: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6)) });

const PaperViewSchema = v.object({
  id: Id,
  title: Text(1000),
  shortTitle: Text(200),
  authors: v.array(Text(500)),
  organization: Text(500),
  arxiv: Text(64),
  published: Text(64),
  topics: v.array(Text(100)),
  related: v.array(v.object({ id: Id, title: Text(200) })),
  toc: v.array(TocEntry),
  html: v.string(),
});

// Annotations come from a notes file the user may edit by hand: loose where a hand edit can be odd, so one
// odd annotation cannot make the webview drop them all.
const AnnotationViewSchema = v.object({
  id: Id,
  kind: Kind,
  color: v.optional(Color),
  section: v.optional(v.string()),
  quote: v.optional(v.object({ exact: v.string(), prefix: v.string(), suffix: v.string() })),
  title: v.string(),
  bodyHtml: v.string(),
});

const ToWebviewSchema = v.variant('type', [
  v.object({ type: v.literal('annotations'), paperId: Id, items: v.array(AnnotationViewSchema), readOnly: v.optional(Text(2000)) }),
  /** `highlight`: words to mark in the section (search results); `scrollY`: position to restore after a reload. */
  v.object({ type: v.literal('showPaper'), paper: PaperViewSchema, section: v.optional(SectionId), highlight: v.optional(Terms), scrollY: v.optional(ScrollY) }),
  v.object({ type: v.literal('revealSection'), section: SectionId, highlight: v.optional(Terms) }),
  v.object({ type: v.literal('revealAnnotation'), id: Id }),
  /** The extension finished (or gave up on) what the webview asked; forms are enabled again. */
  v.object({ type: v.literal('idle') }),
]);

const FromWebviewSchema = v.variant('type', [
  /** `holds`: the paper whose HTML the page was set with and still shows, drawn at first paint. */
  v.object({ type: v.literal('ready'), holds: v.optional(Id) }),
  v.object({ type: v.literal('openLink'), href: NonEmpty(2048) }),
  v.object({ type: v.literal('openPaper'), paperId: Id, section: v.optional(SectionId) }),
  v.object({ type: v.literal('scrolled'), paperId: Id, scrollY: ScrollY }),
  /** Highlight or annotate a passage (`quote`), a section (`section` only) or the paper (neither). */
  v.object({ type: v.literal('annotate'), paperId: Id, kind: Kind, color: v.optional(Color), section: v.optional(SectionId), quote: v.optional(Quote) }),
  v.object({ type: v.literal('editAnnotation'), paperId: Id, id: Id }),
  v.object({ type: v.literal('deleteAnnotation'), paperId: Id, id: Id }),
  v.object({ type: v.literal('recolorAnnotation'), paperId: Id, id: Id, color: Color }),
]);

export type PaperView = v.InferOutput<typeof PaperViewSchema>;
export type TocEntry = v.InferOutput<typeof TocEntry>;
/** A highlight or note as the webview draws it; `bodyHtml` is already sanitized. */
export type AnnotationView = v.InferOutput<typeof AnnotationViewSchema>;
export type ToWebview = v.InferOutput<typeof ToWebviewSchema>;
export type FromWebview = v.InferOutput<typeof FromWebviewSchema>;

/** Validates a message that claims to come from the webview. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  const result = v.safeParse(FromWebviewSchema, raw);
  return result.success ? result.output : undefined;
}

/** Validates a message that claims to come from the extension. */
export function parseToWebview(raw: unknown): ToWebview | undefined {
  const result = v.safeParse(ToWebviewSchema, raw);
  return result.success ? result.output : undefined;
}

/** Whether a valid message that names a paper may act on the panel that shows `shownPaperId`. */
export function isForPaper(message: FromWebview, shownPaperId: string | undefined): boolean {
  return !('paperId' in message) || message.type === 'openPaper' || message.paperId === shownPaperId;
}
