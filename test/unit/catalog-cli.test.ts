import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePaper } from '../../src/core/markdown/pipeline';
import { PaperCatalog, parseCatalog, editDistance } from '../../src/core/papers/catalog';
import { runCli } from '../../src/core/cli/cli';
import type { CompiledPaper } from '../../src/core/papers/paper';

const papersDir = join(__dirname, '../../media/papers');
const bundled: CompiledPaper[] = readdirSync(papersDir).filter((f) => f.endsWith('.md')).map((f) => {
  const r = compilePaper(readFileSync(join(papersDir, f), 'utf8'), f.slice(0, -3));
  if (!r.ok) throw new Error(`${f}: ${r.errors.join('; ')}`);
  return r.paper;
});
const catalog = new PaperCatalog(bundled);

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, catalog, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('PaperCatalog', () => {
  it('groups the twelve papers by month in calendar order', () => {
    const groups = catalog.byMonth();
    expect(groups.map((g) => g.label)).toEqual(['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);
    expect(groups.every((g) => g.papers.length === 1)).toBe(true);
  });

  it('suggests close ids for typos', () => {
    expect(catalog.suggest('mixtrall')[0]).toBe('mixtral');
    expect(catalog.suggest('lora')).toContain('lora-learns-less');
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('keeps the first paper when ids collide, so a user file cannot replace a bundled one', () => {
    const fake = { ...bundled[0], meta: { ...bundled[0].meta, title: 'Impostor' } };
    expect(catalog.with([fake]).get(bundled[0].meta.id)?.meta.title).not.toBe('Impostor');
  });

  it('parseCatalog rejects anything but a version-1 catalog', () => {
    expect(() => parseCatalog('{"version":2,"papers":[]}')).toThrow(/not a Paper Lens catalog/);
    expect(parseCatalog(JSON.stringify({ version: 1, papers: bundled })).size).toBe(12);
  });
});

describe('paper-lens CLI', () => {
  it('list prints the twelve papers with id, month, arXiv id and title', async () => {
    const r = await cli('list');
    expect(r.code).toBe(0);
    const rows = r.out.split('\n').slice(1);
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatch(/^mixtral\s+January\s+2401\.04088\s+Mixtral of Experts$/);
    expect(rows[11]).toMatch(/^phi4\s+December\s+2412\.08905\s+Phi-4 Technical Report$/);
  });

  it('show prints the sections of a summary with their ids', async () => {
    const r = await cli('show', 'dora');
    expect(r.code).toBe(0);
    expect(r.out).toContain('DoRA: Weight-Decomposed Low-Rank Adaptation');
    expect(r.out).toMatch(/\[#weight-decomposition\]/);
    expect(r.out).toMatch(/\[#lora-recap\]/);
  });

  it('an unknown id exits 2 with a suggestion', async () => {
    const r = await cli('show', 'mixtrl');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown paper id "mixtrl".*Did you mean: mixtral/);
    expect(r.out).toBe('');
  });

  it.each([[[]], [['frobnicate']], [['show']], [['list', 'extra']]])('bad arguments %j exit 2 with usage', async (args) => {
    const r = await cli(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Usage: paper-lens/);
  });
});
