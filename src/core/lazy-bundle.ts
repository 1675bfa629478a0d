/**
 * Entry point of `dist/lazy.js`: the heavy modules (remark, rehype, KaTeX, MiniSearch, and the notes
 * format, which parses with remark) that the extension requires on first use only, so activation never
 * pays for them.
 */
export * from './markdown/index';
export { PaperSearch } from './search/paper-search';
export { loadNotes, saveNotes } from './notes/notes-store';
export { draftToFile, updatePaperFile } from './library/paper-file';
