import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseArxivId } from './identifiers';

/** One paper as the arXiv API describes it: always its latest version. */
export interface ArxivEntry {
  /** Without version: `2401.04088`. */
  id: string;
  /** The latest version, the one this metadata is for. */
  version: number;
  title: string;
  authors: string[];
  abstract: string;
  /** Date of version 1, `YYYY-MM-DD`. */
  published: string;
  /** Date of the latest version, `YYYY-MM-DD`. */
  updated: string;
  doi?: string;
  primaryCategory?: string;
}

/** A parsed API response: its entries, plus the API's own error entries as messages. */
export type AtomResult = { ok: true; entries: ArxivEntry[]; errors: string[] } | { ok: false; error: string };

const MAX_ATOM_BYTES = 5 * 1024 * 1024;
const ARRAYS = new Set(['entry', 'author', 'link', 'category']);

/**
 * Parses an arXiv API Atom feed. Malformed XML, a document that is not an Atom feed, or one over 5 MB
 * gives `{ ok: false }` with a readable message; an entry missing its id, title or dates is reported in
 * `errors` and left out, never guessed.
 */
export function parseArxivAtom(xml: string): AtomResult {
  if (xml.length > MAX_ATOM_BYTES) return { ok: false, error: 'the arXiv response is larger than 5 MB' };
  // A DOCTYPE could declare entities that expand without bound; arXiv never sends one.
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, error: 'the arXiv response declares a DOCTYPE, which an Atom feed never needs' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ok: false, error: `the arXiv response is not well-formed XML (${valid.err.msg}, line ${valid.err.line})` };
  let doc: Record<string, unknown>;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      removeNSPrefix: true,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: true,
      isArray: (name) => ARRAYS.has(name),
    });
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, error: `the arXiv response could not be parsed (${err instanceof Error ? err.message : String(err)})` };
  }
  const feed = doc.feed;
  if (typeof feed !== 'object' || feed === null) return { ok: false, error: 'the arXiv response is not an Atom feed' };
  const entries: ArxivEntry[] = [];
  const errors: string[] = [];
  for (const raw of asArray((feed as Record<string, unknown>).entry)) {
    const e = raw as Record<string, unknown>;
    const idUrl = text(e.id);
    if (/\/api\/errors/.test(idUrl) || text(e.title) === 'Error') {
      errors.push(text(e.summary) || 'the arXiv API reported an error');
      continue;
    }
    const m = /arxiv\.org\/abs\/(.+)$/i.exec(idUrl);
    const parsed = m ? parseArxivId(m[1]) : undefined;
    const title = oneLine(text(e.title));
    const published = date(text(e.published));
    const updated = date(text(e.updated)) || published;
    if (!parsed || !title || !published) {
      errors.push(`an entry in the arXiv response lacks ${!parsed ? 'an arXiv id' : !title ? 'a title' : 'a publication date'}`);
      continue;
    }
    const entry: ArxivEntry = {
      id: parsed.id,
      version: parsed.version ?? 1,
      title,
      authors: asArray(e.author).map((a) => oneLine(text((a as Record<string, unknown>)?.name))).filter(Boolean),
      abstract: oneLine(text(e.summary)),
      published,
      updated,
    };
    const doi = text(e.doi);
    if (doi) entry.doi = doi;
    const primary = (e.primary_category as Record<string, unknown> | undefined)?.['@_term'];
    if (typeof primary === 'string' && primary) entry.primaryCategory = primary;
    entries.push(entry);
  }
  return { ok: true, entries, errors };
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function text(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && v !== null && '#text' in v) return text((v as Record<string, unknown>)['#text']);
  return '';
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function date(s: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : '';
}
