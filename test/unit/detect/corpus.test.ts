import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, type Finding } from '../../../src/core/detect/index';

const root = join(__dirname, '../../fixtures/detect');
interface Expected {
  tolerance: number;
  positives: Record<string, { line: number; technique: string }[]>;
  negatives: string[];
}
const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as Expected;
const findingsOf = (file: string): Finding[] => detect(readFileSync(join(root, file), 'utf8'), file).findings;
const near = (a: number, b: number): boolean => Math.abs(a - b) <= expected.tolerance;

describe('detector corpus (test/fixtures/detect)', () => {
  it('lists every fixture file in expected.json', () => {
    const onDisk = ['positive', 'negative'].flatMap((dir) => readdirSync(join(root, dir)).map((f) => `${dir}/${f}`)).sort();
    expect([...Object.keys(expected.positives), ...expected.negatives].sort()).toEqual(onDisk);
  });

  describe.each(Object.entries(expected.positives))('%s', (file, wanted) => {
    const found = findingsOf(file);

    it('finds every expected technique within ±2 lines', () => {
      const missed = wanted.filter((w) => !found.some((f) => f.technique === w.technique && near(f.line, w.line)));
      expect(missed).toEqual([]);
    });

    it('reports nothing that is not expected', () => {
      const extra = found.filter((f) => !wanted.some((w) => w.technique === f.technique && near(f.line, w.line)));
      expect(extra.map((f) => `${f.line} ${f.technique} ${f.evidence}`)).toEqual([]);
    });
  });

  it.each(expected.negatives)('%s yields no finding', (file) => {
    expect(findingsOf(file).map((f) => `${f.line} ${f.technique} ${f.evidence}`)).toEqual([]);
  });

  it('links only to paper sections that exist in media/papers', () => {
    const sections = new Set<string>();
    for (const name of readdirSync(join(__dirname, '../../../media/papers'))) {
      const text = readFileSync(join(__dirname, '../../../media/papers', name), 'utf8');
      for (const m of text.matchAll(/\{#([a-z0-9-]+)\}/g)) sections.add(`${name.replace(/\.md$/, '')}#${m[1]}`);
    }
    const used = Object.keys(expected.positives).flatMap((file) => findingsOf(file).map((f) => `${f.paper}#${f.section}`));
    expect(used.length).toBeGreaterThan(100);
    expect([...new Set(used)].filter((s) => !sections.has(s))).toEqual([]);
  });
});
