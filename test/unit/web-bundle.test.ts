// The web build (vscode.dev, github.dev, browser workbenches) must not depend on Node: a web-worker
// extension host has no `require` for Node's modules and no second file to load.
import { describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
// @ts-expect-error: a plain ES module without types
import { webTargets } from '../../esbuild.mjs';

describe('the web extension bundle', () => {
  it('imports nothing but vscode, and no Node built-in module', async () => {
    const [target] = webTargets as esbuild.BuildOptions[];
    const result = await esbuild.build({ ...target, outfile: undefined, outdir: undefined, write: false, metafile: true, sourcemap: false, logLevel: 'silent' });
    const output = Object.values(result.metafile!.outputs)[0];
    const external = output.imports.filter((i) => i.external).map((i) => i.path);
    expect([...new Set(external)]).toEqual(['vscode']);
    const node = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const inputs = Object.keys(result.metafile!.inputs);
    expect(inputs.filter((i) => node.has(i))).toEqual([]);
    // The Node twins stay out: the web build uses the `.web.ts` modules instead.
    expect(inputs.some((i) => i.endsWith('src/services/lazy-loader.web.ts'))).toBe(true);
    expect(inputs.some((i) => i.endsWith('src/storage/atomic-file.ts'))).toBe(false);
    const text = result.outputFiles![0].text;
    expect([...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]).filter((m) => m !== 'vscode')).toEqual([]);
  });
});
