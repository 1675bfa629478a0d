import { bibtexKey, toBibtex } from '../papers/bibtex';
import type { CompiledPaper } from '../papers/paper';
import { type Annotation, defaultTitle, isPageNumber, type NotesFile } from './model';

/**
 * One Markdown document with the notes of several papers, each paper cited by arXiv id and BibTeX key,
 * with the BibTeX entries at the end. Quotes stay quotes; bodies are copied as written.
 */
export function exportNotes(entries: readonly { paper: CompiledPaper; notes: NotesFile }[], exportedAt: string): string {
  const out: string[] = ['# Paper Lens notes', '', `Exported ${exportedAt}.`, ''];
  const cited: CompiledPaper[] = [];
  for (const { paper, notes } of entries) {
    if (!notes.annotations.length && !notes.preamble && !notes.tags.length) continue;
    cited.push(paper);
    const m = paper.meta;
    out.push(`## ${m.title}`, '');
    const facts = [m.authors.length ? `${m.authors[0]}${m.authors.length > 1 ? ' et al.' : ''}` : m.organization, m.arxiv ? `arXiv:${m.arxiv}` : undefined, `BibTeX key \`${bibtexKey(m)}\``, `status: ${notes.status}`, notes.tags.length ? `tags: ${notes.tags.join(', ')}` : undefined];
    out.push(facts.filter(Boolean).join(' · '), '');
    if (notes.preamble?.trim()) out.push(notes.preamble.trim(), '');
    for (const a of inDocumentOrder(notes.annotations, paper)) {
      const section = a.target.section ? paper.sections.find((s) => s.id === a.target.section)?.title ?? a.target.section : undefined;
      const heading = a.title ?? defaultTitle(a, section);
      out.push(`### ${heading}${section && !heading.includes(section) ? ` (${section})` : ''}`, '');
      if (a.target.quote) out.push(...a.target.quote.exact.split('\n').map((l) => `> ${l}`), '');
      if (a.body.trim()) out.push(a.body.trim(), '');
      // A passage of the PDF is cited with its page, as a Pandoc locator ([@key, p. 7]).
      const locator = isPageNumber(a.target.page) ? `, p. ${a.target.page}` : '';
      out.push(`<sub>[@${bibtexKey(m)}${locator}]${m.arxiv ? ` arXiv:${m.arxiv}` : ''}${a.color ? ` · ${a.color}` : ''} · ${a.updated.slice(0, 10)}</sub>`, '');
    }
  }
  if (!cited.length) out.push('_No notes yet._', '');
  else out.push('## References', '', '```bibtex', ...cited.map((p) => toBibtex(p.meta)).join('\n\n').split('\n'), '```', '');
  return out.join('\n');
}

/**
 * Annotations in reading order: notes on the whole paper first, then the summary's by section and by where
 * the quoted passage sits in it, then the PDF's by page and offset on the page; ties by creation time.
 */
function inDocumentOrder(annotations: readonly Annotation[], paper: CompiledPaper): Annotation[] {
  const rank = new Map(paper.sections.map((s, i) => [s.id, i]));
  const pdf = paper.sections.length + 1;
  const at = (a: Annotation): number =>
    isPageNumber(a.target.page) ? pdf + a.target.page : a.target.section ? rank.get(a.target.section) ?? paper.sections.length : -1;
  const offset = (a: Annotation): number => {
    if (isPageNumber(a.target.page)) return a.target.position?.start ?? Number.MAX_SAFE_INTEGER;
    const text = paper.sections.find((s) => s.id === a.target.section)?.text ?? '';
    const quote = a.target.quote?.exact.replace(/\s+/g, ' ').trim();
    const i = quote ? text.replace(/\s+/g, ' ').indexOf(quote) : -1;
    return i >= 0 ? i : Number.MAX_SAFE_INTEGER;
  };
  return [...annotations].sort((a, b) => at(a) - at(b) || offset(a) - offset(b) || a.created.localeCompare(b.created));
}
