/**
 * Entry point of `dist/library.js`: what adding and updating papers needs (citation-js, the Atom parser,
 * the HTTP clients). The extension requires it on the first Add Paper, Download PDF or version check.
 */
export { parseArxivAtom } from '../core/library/arxiv-atom';
export { parseBibtex, formatBibtex } from '../core/library/bibtex-entries';
export { readPdfInfo } from '../core/library/pdf-info';
export { ArxivClient, DoiClient, LibraryError } from './library-http';
export { draftFromArxiv, draftFromCsl, draftProblems, splitAuthors } from '../core/library/paper-draft';
// Writing paper files needs `yaml`, which dist/lazy.js already has: those functions are exported there.
