// Builds Paper Lens. `node esbuild.mjs [--production] [--watch]`.
// Outputs: dist/extension.js (node, cjs: the few hundred bytes VS Code loads to activate), dist/main.js (the
// composition root, loaded right after activation returns), dist/lazy.js (pipeline and search, loaded on first use),
// dist/detect.js (the code detector, loaded with the first code lens), dist/library.js (citation-js, Atom and
// the arXiv/DOI clients, loaded on the first Add Paper), dist/cli.js,
// dist/summary/ (everything the summary webview loads, and nothing else: webview.js for the browser,
// summary.css, katex/ with the stylesheet and fonts for math), dist/pdf-reader.js (the PDF reader webview,
// pdf.js inside), dist/pdfjs/ (pdf.js's worker, the only file of pdfjs-dist loaded at run time),
// dist/pdf-node.mjs (pdf.js for Node in a worker thread: Add Paper's first page, PDF outlines; started on first use),
// dist/catalog.json (the bundled papers, compiled here so the extension never runs remark for them),
// dist/test/ (integration suites).
import * as esbuild from 'esbuild';
import { access, mkdir, readdir, readFile, writeFile, copyFile, rm } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const root = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = join(root, 'dist');

/** Logs build results the way VS Code's esbuild problem matcher expects. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

const nodeTargets = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['src/main.ts'], outfile: 'dist/main.js', external: ['vscode'] },
  { entryPoints: ['src/core/lazy-bundle.ts'], outfile: 'dist/lazy.js' },
  { entryPoints: ['src/core/detect/index.ts'], outfile: 'dist/detect.js' },
  { entryPoints: ['src/services/library-bundle.ts'], outfile: 'dist/library.js' },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

/**
 * For the web build: an import of `x` resolves to `x.web.ts` when that sibling exists, so the few modules
 * that need Node (loading a second bundle, files on disk) have a browser twin with the same exports.
 */
const webTwins = {
  name: 'web-twins',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      const twin = join(args.resolveDir, `${args.path}.web.ts`);
      return (await fileExists(twin)) ? { path: twin } : undefined;
    });
  },
};

async function fileExists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The web extension (vscode.dev, github.dev, any browser-hosted workbench): one bundle, no Node module. */
export const webTargets = [
  { entryPoints: ['src/main.ts'], outfile: 'dist/web/extension.js' },
].map((t) => ({ ...common, ...t, plugins: [...common.plugins, webTwins], platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'], conditions: ['worker'], mainFields: ['browser', 'module', 'main'], define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' } }));

const contexts = [
  ...webTargets,
  ...nodeTargets.map((t) => ({ ...common, ...t, platform: 'node', format: 'cjs', target: 'node20' })),
  // pdf.js's legacy build (the modern one needs Node 22) in a worker thread: page 1's text for Add Paper and
  // PDF outlines for the Papers view, one bundle for both (it is 0.5 MB of the VSIX).
  { ...common, entryPoints: ['src/services/pdf-node-worker.ts'], outfile: 'dist/pdf-node.mjs', platform: 'node', format: 'esm', target: 'node20', minify: true, sourcemap: false,
    // pdf.js's optional Node canvas is never loaded for text; esm needs a require for any CommonJS inside.
    external: ['@napi-rs/canvas'], banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/summary/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  { ...common, entryPoints: ['src/webview/pdf/boot.ts'], outfile: 'dist/pdf-boot.js', platform: 'browser', format: 'iife', target: 'es2022' },
  {
    ...common,
    entryPoints: ['src/webview/pdf/main.ts'],
    outfile: 'dist/pdf-reader.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    // pdf.js reads import.meta.url only on its Node paths, which never run in a webview.
    define: { 'import.meta.url': 'undefined' },
  },
];

async function testContexts() {
  const dir = join(root, 'test/integration/suite');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).map((f) => join('test/integration/suite', f));
  return [{
    ...common,
    entryPoints: files,
    outdir: 'dist/test/integration',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  }, {
    // The web-worker suites: one bundle with mocha's browser build inside.
    ...common,
    entryPoints: ['test/web/suite/index.ts'],
    outfile: 'dist/test/web/index.js',
    plugins: [...common.plugins, webTwins],
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    conditions: ['worker'],
    define: { global: 'globalThis' },
  }];
}

/** Compiles media/papers/*.md into dist/catalog.json with the same pipeline the extension uses at run time. */
export async function buildCatalog() {
  const builder = join(dist, '.build', 'pipeline.cjs');
  await esbuild.build({
    entryPoints: ['src/core/markdown/index.ts'],
    outfile: builder,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
  });
  const require = createRequire(import.meta.url);
  delete require.cache[builder];
  const { compilePaper } = require(builder);
  const dir = join(root, 'media/papers');
  const papers = [];
  const problems = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.md')).sort()) {
    const result = compilePaper(await readFile(join(dir, name), 'utf8'), name.replace(/\.md$/, ''));
    if (result.ok) papers.push(result.paper);
    else problems.push(`media/papers/${name}: ${result.errors.join('; ')}`);
  }
  if (problems.length) throw new Error(`the bundled papers do not compile:\n${problems.join('\n')}`);
  await writeFile(join(dist, 'catalog.json'), JSON.stringify({ version: 1, papers }));
  await rm(join(dist, '.build'), { recursive: true, force: true });
  return papers.length;
}

/** KaTeX's `dist` folder: of the KaTeX that rehype-katex renders with, so the stylesheet always matches the HTML. */
export function katexDist() {
  const renderer = createRequire(import.meta.resolve('rehype-katex'));
  return join(dirname(renderer.resolve('katex/package.json')), 'dist');
}

async function copyKatex() {
  const from = katexDist();
  const to = join(dist, 'summary', 'katex');
  await mkdir(join(to, 'fonts'), { recursive: true });
  await copyFile(join(from, 'katex.min.css'), join(to, 'katex.min.css'));
  // woff2 only: every browser VS Code runs in reads it, and it halves the VSIX.
  for (const f of (await readdir(join(from, 'fonts'))).filter((f) => f.endsWith('.woff2'))) {
    await copyFile(join(from, 'fonts', f), join(to, 'fonts', f));
  }
  await copyFile(join(root, 'media/summary.css'), join(dist, 'summary', 'summary.css'));
}

/** pdf.js's worker, already minified by pdf.js; no cmaps, standard fonts or wasm (system fonts stand in). */
async function copyPdfWorker() {
  const to = join(dist, 'pdfjs');
  await mkdir(to, { recursive: true });
  await copyFile(join(root, 'node_modules/pdfjs-dist/build/pdf.worker.min.mjs'), join(to, 'pdf.worker.min.mjs'));
}

async function main() {
  // Stale suites would still run: start the test output from scratch.
  await rm(join(dist, 'test'), { recursive: true, force: true });
  await rm(join(dist, 'summary'), { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  const all = [...contexts, ...(production ? [] : await testContexts())];
  if (watch) {
    for (const options of all) await (await esbuild.context(options)).watch();
    await buildCatalog();
    await copyKatex();
    await copyPdfWorker();
    return;
  }
  await Promise.all([...all.map((o) => esbuild.build(o)), copyKatex(), copyPdfWorker()]);
  const n = await buildCatalog();
  console.log(`paper-lens: built ${production ? 'production ' : ''}bundles and a catalog of ${n} papers`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
