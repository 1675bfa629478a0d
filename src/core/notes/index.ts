/**
 * User annotations on papers: the model, the Markdown notes file, re-anchoring quotes in an edited
 * summary, three-way merge, and the load/save flow over a narrow storage interface. The unified/remark
 * parser loads with `format.ts`; import this module lazily where activation time matters.
 */
export * from './model';
export { canonicalMarkdown, canonicalTitle, MAX_NOTES_CHARS, NOTES_FORMAT_VERSION, normalizeNotes, parseNotes, serializeNotes } from './format';
export type { ParseNotesOptions, ParseNotesResult } from './format';
export { anchorAnnotation, anchorQuote, describeQuote, QUOTE_CONTEXT } from './anchor';
export type { AnchorOptions, AnchorResult, AnchorSection, QuoteMatch } from './anchor';
export { CONFLICT_OF_KEY, mergeNotes } from './merge';
export type { Conflict, MergeResult } from './merge';
export { loadNotes, saveNotes } from './notes-store';
export type { NotesBase, NotesLoad, NotesSave, NotesStorage, NotesText, UnreadableNotes } from './notes-store';
