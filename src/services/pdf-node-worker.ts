// The entry of dist/pdf-node.mjs, the one bundle of pdf.js for Node: a worker thread started with a PDF as
// `workerData` reads its first page for Add Paper; one started without serves outline requests.
// The placeholder globals come first: pdf.js needs them while it loads.
import './pdf-outline-globals';
import './pdf-first-page-worker';
import './pdf-outline-worker';
