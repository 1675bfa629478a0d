/**
 * BibTeX in and out through citation-js (its BibTeX plugin knows the LaTeX accents, name lists, months and
 * entry types we would otherwise get wrong by hand). citation-js is ~155 KB minified: this module is only
 * in `dist/library.js`, which the extension loads on first use.
 */
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { draftFromCsl, type CslItem, type PaperDraft } from './paper-draft';

/** One entry of a BibTeX text: its key, the draft made from it, and its source text verbatim. */
export interface BibtexEntry {
  key: string;
  draft: PaperDraft;
  source: string;
}

interface RawEntry {
  type: string;
  label: string;
  properties: Record<string, string>;
}

const MAX_BIB_CHARS = 2 * 1024 * 1024;

/**
 * Parses BibTeX (one entry or a whole `.bib` file) into drafts. Never fetches: the input is forced to be
 * read as BibTeX text, so a URL or DOI inside it stays text. Throws a readable error when nothing parses.
 */
export function parseBibtex(text: string): { entries: BibtexEntry[]; skipped: string[] } {
  if (text.length > MAX_BIB_CHARS) throw new Error('the BibTeX is larger than 2 MB');
  let raws: RawEntry[];
  let items: CslItem[];
  try {
    // The typings ask for every option; citation-js fills in the defaults at run time.
    const chain = plugins.input.chain as unknown as (input: string, options: Record<string, unknown>) => unknown;
    raws = chain(text, { forceType: '@biblatex/text', target: '@biblatex/entries+list', generateGraph: false }) as RawEntry[];
    items = chain(text, { forceType: '@biblatex/text', generateGraph: false }) as CslItem[];
  } catch (err) {
    throw new Error(`the BibTeX could not be read (${err instanceof Error ? err.message : String(err)})`);
  }
  const byKey = new Map(items.map((item) => [String(item['citation-key'] ?? item.id), item]));
  const entries: BibtexEntry[] = [];
  const skipped: string[] = [];
  for (const raw of raws) {
    const item = byKey.get(raw.label);
    const type = raw.type.toLowerCase();
    if (!item || type === 'string' || type === 'preamble' || type === 'comment') continue;
    const eprint = /^arxiv$/i.test(raw.properties.archiveprefix ?? raw.properties.eprinttype ?? '') ? raw.properties.eprint : undefined;
    const source = entrySource(text, raw.label) ?? formatBibtex(item);
    const draft = draftFromCsl(item, { eprint, bibtex: source });
    if (!draft.title) {
      skipped.push(`${raw.label}: no title`);
      continue;
    }
    entries.push({ key: raw.label, draft, source });
  }
  if (!entries.length && !skipped.length) throw new Error('no BibTeX entry was found');
  return { entries, skipped };
}

/** A BibTeX entry for CSL-JSON (from doi.org), formatted by citation-js. */
export function formatBibtex(item: CslItem): string {
  return String(new Cite(item as never).format('bibtex', { format: 'text' })).trim();
}

/**
 * The verbatim text of the entry with `key`: from its `@type{key,` to the brace that closes it. Used only
 * to keep what the user pasted; the parsing itself is citation-js's.
 */
function entrySource(text: string, key: string): string | undefined {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`@[A-Za-z]+\\s*([{(])\\s*${escaped}\\s*,`).exec(text);
  if (!m) return undefined;
  const open = m[1];
  const close = open === '{' ? '}' : ')';
  let depth = 0;
  for (let i = m.index + m[0].indexOf(open); i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === open || (open === '(' && c === '{')) depth++;
    else if (c === close || (open === '(' && c === '}')) {
      depth--;
      if (depth === 0) return text.slice(m.index, i + 1);
    }
  }
  return undefined;
}
