/**
 * Entry point of `dist/lazy.js`: the heavy modules (remark, rehype, KaTeX, MiniSearch) that the extension
 * requires on first use only, so activation never pays for them.
 */
export * from './markdown/index';
export { PaperSearch } from './search/paper-search';
