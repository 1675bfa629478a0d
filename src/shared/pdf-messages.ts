/**
 * Messages between the PDF reader webview and the extension. Both sides switch on `type`; what the
 * webview sends is parsed with a valibot schema, as the summary's messages are (src/shared/messages.ts):
 * the webview renders an untrusted PDF, so anything that does not fit is ignored and logged, and keys
 * the schema does not know are dropped.
 */
import * as v from 'valibot';

/** A highlight or note as the reader draws it; `bodyHtml` is already sanitized. */
export interface PdfAnnotationView {
  id: string;
  kind: 'highlight' | 'note';
  color?: string;
  title: string;
  bodyHtml: string;
  page?: number;
  position?: { start: number; end: number };
  quote?: { exact: string; prefix: string; suffix: string };
}

/** Settings the webview cannot read itself. */
export interface PdfReaderSettings {
  /** `auto` follows the color theme; `on`/`off` force it. */
  darkPages: 'auto' | 'on' | 'off';
}

/** Where to go once the document is open (from a `paper:` link or a command). */
export type PdfTarget = { page: number } | { section: string } | { annotation: string };

export type ToPdfWebview =
  /** The file's bytes; `generation` grows each time the file changes on disk. */
  | { type: 'load'; data: Uint8Array; generation: number; fileName: string; paperId: string; settings: PdfReaderSettings; target?: PdfTarget; notice?: string }
  | { type: 'error'; message: string }
  | { type: 'annotations'; paperId: string; items: PdfAnnotationView[]; readOnly?: string }
  | { type: 'reveal'; target: PdfTarget }
  | { type: 'settings'; settings: PdfReaderSettings };

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
const Count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));
const Page = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const NonEmpty = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));

/** An outline entry the reader found; its page is dropped, not the entry, when it is not a page number. */
const Section = v.object({ id: Id, title: Text(300), depth: Count(64), page: v.fallback(v.optional(Page), undefined) });
/** At most 5,000 entries are kept, and an entry that does not fit is dropped, not the whole outline. */
const Sections = v.pipe(
  v.array(v.unknown()),
  v.transform((items) => items.slice(0, 5000).flatMap((s) => {
    const r = v.safeParse(Section, s);
    if (!r.success) return [];
    const { page, ...rest } = r.output;
    return [page === undefined ? rest : { ...rest, page }];
  })),
);
const Position = v.pipe(
  v.object({ start: Count(10_000_000), end: Count(10_000_000) }),
  v.check((p) => p.start <= p.end, 'a passage ends after it starts'),
);

const FromPdfWebviewSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  v.object({ type: v.literal('openLink'), href: NonEmpty(2048) }),
  /** The document opened: its page count and outline slugs, so links into it can be checked. */
  v.object({ type: v.literal('opened'), pages: Page, sections: Sections }),
  v.object({ type: v.literal('failed'), message: Text(500) }),
  v.object({
    type: v.literal('annotate'),
    kind: v.picklist(['highlight', 'note']),
    color: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{1,12}$/))),
    page: Page,
    section: v.optional(Id),
    position: Position,
    quote: v.object({ exact: NonEmpty(5000), prefix: Text(200), suffix: Text(200) }),
  }),
  v.object({ type: v.literal('editAnnotation'), id: Id }),
  v.object({ type: v.literal('deleteAnnotation'), id: Id }),
]);

export type FromPdfWebview = v.InferOutput<typeof FromPdfWebviewSchema>;

/** Validates a message that claims to come from the PDF reader webview. */
export function parseFromPdfWebview(raw: unknown): FromPdfWebview | undefined {
  const result = v.safeParse(FromPdfWebviewSchema, raw);
  return result.success ? result.output : undefined;
}
