import { readableLatex } from '../markdown/readable-math';
import type { Annotation } from './model';

/** `2 notes · 1 highlight`: notes and highlights counted apart; undefined when there are none. */
export function annotationCountLabel(annotations: readonly Pick<Annotation, 'kind'>[]): string | undefined {
  const notes = annotations.filter((a) => a.kind === 'note').length;
  const highlights = annotations.length - notes;
  const part = (n: number, word: string): string | undefined => (n ? `${n} ${word}${n === 1 ? '' : 's'}` : undefined);
  return [part(notes, 'note'), part(highlights, 'highlight')].filter(Boolean).join(' · ') || undefined;
}

/** A tag as the tree shows it: `#weight-norm` (spaces would read as two tags). */
export function tagLabel(tag: string): string {
  return `#${tag.trim().replace(/\s+/g, '-')}`;
}

/**
 * A note body as one line of plain text for a tree row: Markdown marks dropped (emphasis, code, links,
 * headings, quotes, lists, HTML), math as readable Unicode, whitespace collapsed.
 */
export function plainNoteText(markdown: string, max = 80): string {
  const text = markdown
    .replace(/\$\$([\s\S]*?)\$\$/g, (_, tex: string) => ` ${readableLatex(tex)} `)
    .replace(/(?<![\\$])\$([^$\n]+?)\$(?!\$)/g, (_, tex: string) => readableLatex(tex))
    .replace(/^\s{0,3}(?:`{3,}|~{3,}).*$/gm, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/(\*\*|__|\*|_|~~)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!$])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
