/** Pure logic of the PDF reader: page text, anchoring annotations, links into PDFs, checks on the bytes. */
export * from './page-text';
export * from './pdf-anchor';
export * from './pdf-location';
export * from './pdf-bytes';
export * from './pdf-paper';
export * from './pdf-outline';
