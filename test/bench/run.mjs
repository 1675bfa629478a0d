// `npm run bench`: speed figures, each next to a baseline measured in the same run (machines are noisy).
import { execSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const only = process.argv.slice(2);
const want = (name) => !only.length || only.includes(name);

execSync('bash test/e2e/setup.sh && npm run package --silent', { cwd: root, stdio: 'inherit' });
const results = {};

if (want('workbench')) {
  const { runWorkbenchBench } = await import('./workbench-bench.mjs');
  const r = await runWorkbenchBench();
  results.workbench = r;
  console.log('\nWorkbench (code-server 1.139, packaged VSIX)');
  console.log(`  activation      Paper Lens median ${r.activation.ours ?? '?'} ms [${r.activation.oursRuns.join(', ')}]   Markdown Language Features median ${r.activation.markdown ?? '?'} ms [${r.activation.markdownRuns.join(', ')}]   ratio ${(r.activation.ours / r.activation.markdown).toFixed(3)}× (Show Running Extensions; target ≤ 10 ms)`);
  console.log(`  summary paint   Paper Lens median ${r.paint.ours} ms   built-in preview median ${r.paint.builtin} ms   ratio ${r.paint.ratio.toFixed(2)}× (target ≤ 0.5×)`);
  console.log(`                  runs: ours [${r.paint.oursRuns.join(', ')}]  built-in [${r.paint.builtinRuns.join(', ')}]  cold: ours ${r.paint.coldOurs} ms, built-in ${r.paint.coldBuiltin} ms`);
}

if (want('pdf')) {
  const { runPdfBench } = await import('./pdf-bench.mjs');
  const r = await runPdfBench();
  results.pdf = r;
  console.log(`\nPDF reader (30-page paper, ${Math.round(r.pdfBytes / 1024)} KB; VSIX ${(r.vsixBytes / 1024 / 1024).toFixed(2)} MB, limit 3 MB)`);
  console.log(`  first page, bytes in hand → painted   Paper Lens median ${r.ours.inner} ms   pdf.js viewer components median ${r.pdfjs.inner} ms   ratio ${(r.ours.inner / r.pdfjs.inner).toFixed(2)}× (target ≤ 1×)`);
  console.log(`  first page, end to end               Paper Lens median ${r.ours.endToEnd} ms (Reopen With click → page 1 painted, target ≤ 1000 ms)   pdf.js page load median ${r.pdfjs.endToEnd} ms`);
  console.log(`                                       runs: ours [${r.ours.runs.map((x) => `${x.inner}/${x.endToEnd}`).join(', ')}]  pdf.js [${r.pdfjs.runs.map((x) => `${x.inner}/${x.endToEnd}`).join(', ')}]`);
}

if (want('detect')) {
  console.log('\nDetector (code lenses), in-process');
  execSync('node test/bench/detect-bench.mjs', { cwd: root, stdio: 'inherit' });
}

if (want('scan') && existsSync(join(root, 'test/bench/scan-bench.mjs'))) {
  const { runBench } = await import('./scan-bench.mjs');
  results.scan = await runBench();
}
console.log(`\n${JSON.stringify(results)}`);
