/** pdf.js's worker module, imported only so pdf.js can run it in the same (worker) thread under Node. */
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
