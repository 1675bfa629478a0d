/**
 * Messages between the PDF reader webview and the extension. Both sides switch on `type`; what the
 * webview sends is validated here (it renders an untrusted PDF), anything else is ignored and logged.
 */

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

export type FromPdfWebview =
  | { type: 'ready' }
  | { type: 'openLink'; href: string }
  /** The document opened: its page count and outline slugs, so links into it can be checked. */
  | { type: 'opened'; pages: number; sections: { id: string; title: string; depth: number; page?: number }[] }
  | { type: 'failed'; message: string }
  | { type: 'annotate'; kind: 'highlight' | 'note'; color?: string; page: number; section?: string; position: { start: number; end: number }; quote: { exact: string; prefix: string; suffix: string } }
  | { type: 'editAnnotation'; id: string }
  | { type: 'deleteAnnotation'; id: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string => typeof v === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(v);
const isCount = (v: unknown, max = 10_000_000): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
const isPage = (v: unknown): v is number => isCount(v, 1_000_000) && v >= 1;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function position(v: unknown): { start: number; end: number } | undefined {
  if (!isObject(v) || !isCount(v.start) || !isCount(v.end) || v.start > v.end) return undefined;
  return { start: v.start, end: v.end };
}

/** Validates a message that claims to come from the PDF reader webview. */
export function parseFromPdfWebview(raw: unknown): FromPdfWebview | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openLink':
      return isText(raw.href, 2048) && raw.href ? { type: 'openLink', href: raw.href } : undefined;
    case 'failed':
      return isText(raw.message, 500) ? { type: 'failed', message: raw.message } : undefined;
    case 'opened': {
      if (!isPage(raw.pages) || !Array.isArray(raw.sections)) return undefined;
      const sections = raw.sections.slice(0, 5000).flatMap((s: unknown) => {
        if (!isObject(s) || !isId(s.id) || !isText(s.title, 300) || !isCount(s.depth, 64)) return [];
        return [{ id: s.id, title: s.title, depth: s.depth, ...(isPage(s.page) ? { page: s.page } : {}) }];
      });
      return { type: 'opened', pages: raw.pages, sections };
    }
    case 'annotate': {
      if ((raw.kind !== 'highlight' && raw.kind !== 'note') || !isPage(raw.page)) return undefined;
      if (raw.color !== undefined && !(typeof raw.color === 'string' && /^[a-z]{1,12}$/.test(raw.color))) return undefined;
      if (raw.section !== undefined && !isId(raw.section)) return undefined;
      const pos = position(raw.position);
      const q = raw.quote;
      if (!pos || !isObject(q) || !isText(q.exact, 5000) || !q.exact || !isText(q.prefix, 200) || !isText(q.suffix, 200)) return undefined;
      return { type: 'annotate', kind: raw.kind, color: raw.color as string | undefined, page: raw.page, section: raw.section as string | undefined, position: pos, quote: { exact: q.exact, prefix: q.prefix, suffix: q.suffix } };
    }
    case 'editAnnotation':
    case 'deleteAnnotation':
      return isId(raw.id) ? { type: raw.type, id: raw.id } : undefined;
    default:
      return undefined;
  }
}
