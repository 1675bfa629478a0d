/**
 * Messages between the summary webview and the extension. Both sides switch on `type`; every message
 * received is validated with the guards below, and anything else is ignored and logged.
 */

/** What the webview needs to draw one paper. */
export interface PaperView {
  id: string;
  title: string;
  shortTitle: string;
  authors: string[];
  organization: string;
  arxiv: string;
  published: string;
  topics: string[];
  related: { id: string; title: string }[];
  toc: TocEntry[];
  html: string;
}

/** A section of the paper, for the table of contents. */
export interface TocEntry {
  id: string;
  title: string;
  depth: number;
}

/** A highlight or note as the webview draws it; `bodyHtml` is already sanitized. */
export interface AnnotationView {
  id: string;
  kind: 'highlight' | 'note';
  color?: string;
  section?: string;
  quote?: { exact: string; prefix: string; suffix: string };
  title: string;
  bodyHtml: string;
}

export type ToWebview =
  | { type: 'annotations'; paperId: string; items: AnnotationView[]; readOnly?: string }
  /** `highlight`: words to mark in the section (search results); `scrollY`: position to restore after a reload. */
  | { type: 'showPaper'; paper: PaperView; section?: string; highlight?: string[]; scrollY?: number }
  | { type: 'revealSection'; section: string; highlight?: string[] }
  | { type: 'revealAnnotation'; id: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'openLink'; href: string }
  | { type: 'openPaper'; paperId: string; section?: string }
  | { type: 'scrolled'; paperId: string; scrollY: number }
  /** Highlight or annotate a passage (`quote`), a section (`section` only) or the paper (neither). */
  | { type: 'annotate'; paperId: string; kind: 'highlight' | 'note'; color?: string; section?: string; quote?: { exact: string; prefix: string; suffix: string } }
  | { type: 'editAnnotation'; paperId: string; id: string }
  | { type: 'deleteAnnotation'; paperId: string; id: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isShortString = (v: unknown, max = 2048): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isPaperId = (v: unknown): v is string => isShortString(v, 128) && /^[a-z0-9-]+$/.test(v);
const isOptionalId = (v: unknown): boolean => v === undefined || (isShortString(v, 128) && /^[a-z0-9-]+$/.test(v));

/** Validates a message that claims to come from the webview. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'openLink':
      return isShortString(raw.href) ? { type: 'openLink', href: raw.href } : undefined;
    case 'openPaper':
      if (!isPaperId(raw.paperId) || !isOptionalId(raw.section)) return undefined;
      return { type: 'openPaper', paperId: raw.paperId, section: raw.section as string | undefined };
    case 'scrolled':
      if (!isPaperId(raw.paperId) || typeof raw.scrollY !== 'number' || !Number.isFinite(raw.scrollY) || raw.scrollY < 0) return undefined;
      return { type: 'scrolled', paperId: raw.paperId, scrollY: raw.scrollY };
    case 'annotate': {
      if (!isPaperId(raw.paperId) || (raw.kind !== 'highlight' && raw.kind !== 'note') || !isOptionalId(raw.section)) return undefined;
      if (raw.color !== undefined && !(typeof raw.color === 'string' && /^[a-z]{1,12}$/.test(raw.color))) return undefined;
      let quote: { exact: string; prefix: string; suffix: string } | undefined;
      if (raw.quote !== undefined) {
        const q = raw.quote as Record<string, unknown>;
        if (!isObject(q) || !isShortString(q.exact, 5000) || typeof q.prefix !== 'string' || typeof q.suffix !== 'string' || q.prefix.length > 200 || q.suffix.length > 200) return undefined;
        quote = { exact: q.exact, prefix: q.prefix, suffix: q.suffix };
      }
      return { type: 'annotate', paperId: raw.paperId, kind: raw.kind, color: raw.color as string | undefined, section: raw.section as string | undefined, quote };
    }
    case 'editAnnotation':
    case 'deleteAnnotation':
      if (!isPaperId(raw.paperId) || !isShortString(raw.id, 64) || !/^[a-z0-9-]+$/.test(raw.id)) return undefined;
      return { type: raw.type, paperId: raw.paperId, id: raw.id };
    default:
      return undefined;
  }
}

/** Validates a message that claims to come from the extension. */
export function parseToWebview(raw: unknown): ToWebview | undefined {
  if (!isObject(raw)) return undefined;
  const highlight = Array.isArray(raw.highlight) ? raw.highlight.filter((w): w is string => isShortString(w, 100)).slice(0, 20) : undefined;
  if (raw.type === 'revealSection' && isOptionalId(raw.section) && typeof raw.section === 'string') {
    return { type: 'revealSection', section: raw.section, highlight };
  }
  if (raw.type === 'revealAnnotation' && isShortString(raw.id, 64)) return { type: 'revealAnnotation', id: raw.id };
  if (raw.type === 'annotations' && isPaperId(raw.paperId) && Array.isArray(raw.items)) return raw as unknown as ToWebview;
  if (raw.type === 'showPaper' && isObject(raw.paper) && typeof raw.paper.html === 'string' && isOptionalId(raw.section)) {
    return raw as unknown as ToWebview;
  }
  return undefined;
}
