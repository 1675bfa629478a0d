// Runs pdf.js (the legacy build for Node) in a worker thread, as the reader runs it in a web worker:
// errors pdf.js leaves unhandled inside its own machinery stay in this thread and are counted, not thrown.
import { parentPort } from 'node:worker_threads';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
let stray = [];
process.on('unhandledRejection', (err) => stray.push(err && typeof err === 'object' && 'name' in err ? String(err.name) : 'Error'));

parentPort.on('message', async ({ id, bytes, pages = 20 }) => {
  stray = [];
  const task = pdfjs.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false, stopAtErrors: false, verbosity: 0 });
  task.onPassword = () => void task.destroy();
  let result;
  try {
    const doc = await task.promise;
    const text = [];
    for (let n = 1; n <= Math.min(doc.numPages, pages); n++) {
      try {
        const content = await (await doc.getPage(n)).getTextContent();
        text.push(content.items.filter((i) => 'str' in i).map((i) => i.str + (i.hasEOL ? '\n' : '')).join(''));
      } catch (err) {
        text.push({ error: { name: err?.name, message: err?.message } });
      }
    }
    result = { ok: true, pages: doc.numPages, text };
    await doc.destroy();
  } catch (err) {
    await task.destroy().catch(() => {});
    result = { ok: false, error: { name: err?.name, message: err?.message } };
  }
  // Let pdf.js settle, so rejections it leaves behind are attributed to this input.
  await new Promise((r) => setTimeout(r, 5));
  parentPort.postMessage({ id, ...result, stray });
});
