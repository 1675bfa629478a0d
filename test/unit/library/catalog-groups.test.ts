import { describe, expect, it } from 'vitest';
import { compilePaper } from '../../../src/core/markdown/pipeline';
import { PaperCatalog } from '../../../src/core/papers/catalog';
import { BUNDLED_COLLECTION, type CompiledPaper } from '../../../src/core/papers/paper';
import { renderPaperFile, type PaperFileFields } from '../../../src/core/library/paper-file';
import { bundledPapers } from '../support/bundled-papers';

const bundled: CompiledPaper[] = bundledPapers().map((p) => ({ ...p, collection: BUNDLED_COLLECTION }));

function userPaper(fields: Omit<PaperFileFields, 'authors'> & { authors?: string[] }): CompiledPaper {
  const r = compilePaper(renderPaperFile({ authors: ['Ada Fixture'], ...fields }));
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.paper;
}

const mine = [
  userPaper({ id: 'w-2099-b', title: 'B Widgets', year: 2099, published: '2099-12-01', topics: ['widgets', 'alignment'] }),
  userPaper({ id: 'w-2099-a', title: 'A Widgets', year: 2099, published: '2099-03', topics: ['widgets'] }),
  userPaper({ id: 'w-1999', title: 'Old Widgets', year: 1999 }),
  userPaper({ id: 'w-2099-nomonth', title: 'Yearly Widgets', year: 2099, topics: ['to-read'] }),
];
const attention = compilePaper('---\nid: attention-notes\ntitle: Notes\nmonth: 6\n---\n## x\n');
if (!attention.ok) throw new Error('fixture');
const catalog = new PaperCatalog(bundled).with([...mine, attention.paper]);

describe('the date tree', () => {
  it('puts the bundled twelve in their collection with months inside, then years newest first, then undated', () => {
    const groups = catalog.byDate();
    expect(groups.map((g) => [g.label, g.kind, g.papers.length])).toEqual([
      [BUNDLED_COLLECTION, 'collection', 12],
      ['2099', 'year', 3],
      ['1999', 'year', 1],
      ['Undated', 'undated', 1],
    ]);
    const months = groups[0].children!;
    expect(months.map((m) => m.label)).toEqual(['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']);
    expect(months[0].papers.map((p) => p.meta.id)).toEqual(['mixtral']);
    expect(groups[1].children!.map((m) => [m.label, m.papers.map((p) => p.meta.id)])).toEqual([
      ['March', ['w-2099-a']],
      ['December', ['w-2099-b']],
      ['No month', ['w-2099-nomonth']],
    ]);
    // Keys stay unique across years, so the tree can give every node a stable id.
    const keys = groups.flatMap((g) => [g.key, ...g.children!.map((c) => c.key)]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(groups[3].children!.map((m) => m.label)).toEqual(['June']);
  });

  it('sorts all papers newest year first, then by month and title', () => {
    const ids = catalog.all().map((p) => p.meta.id);
    expect(ids.slice(0, 3)).toEqual(['w-2099-nomonth', 'w-2099-a', 'w-2099-b']);
    expect(ids.indexOf('mixtral')).toBe(3);
    expect(ids.slice(-2)).toEqual(['w-1999', 'attention-notes']);
  });

  it('filters across bundled and added papers by year, DOI, collection and tags', () => {
    expect(catalog.filter('2099').map((p) => p.meta.id).sort()).toEqual(['w-2099-a', 'w-2099-b', 'w-2099-nomonth']);
    expect(catalog.filter('widgets alignment').map((p) => p.meta.id)).toEqual(['w-2099-b']);
    expect(catalog.filter('noteworthy').length).toBe(12);
    expect(catalog.filter('#to-read').map((p) => p.meta.id)).toEqual(['w-2099-nomonth']);
  });
});

describe('topics as free tags', () => {
  it('known topics keep their order and names; free tags follow alphabetically; untagged last', () => {
    const groups = catalog.byTopic();
    const labels = groups.map((g) => g.label);
    expect(labels.slice(0, 2)).toEqual(['Mixture of experts', 'Parameter-efficient finetuning']);
    expect(labels.slice(-3)).toEqual(['to-read', 'widgets', 'Other']);
    expect(groups.find((g) => g.key === 'alignment')!.papers.map((p) => p.meta.id)).toContain('w-2099-b');
    expect(groups.at(-1)!.papers.map((p) => p.meta.id).sort()).toEqual(['attention-notes', 'w-1999']);
  });
});
