import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArxivAtom } from '../../../src/core/library/arxiv-atom';
import { paperIdFrom, parseArxivId, recognizePaperInput, uniqueId } from '../../../src/core/library/identifiers';
import { draftFromArxiv, draftFromCsl, splitAuthors } from '../../../src/core/library/paper-draft';
import { draftToFile } from '../../../src/core/library/paper-file';
import { parseBibtex, formatBibtex } from '../../../src/core/library/bibtex-entries';
import { RequestQueue, type Clock } from '../../../src/core/library/rate-limiter';
import { compilePaper } from '../../../src/core/markdown/pipeline';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/library', name), 'utf8');

describe('recognizing what the user typed', () => {
  it.each([
    ['2401.04088', { kind: 'arxiv', id: '2401.04088' }],
    ['  2401.04088v2 ', { kind: 'arxiv', id: '2401.04088', version: 2 }],
    ['arXiv:2106.09685', { kind: 'arxiv', id: '2106.09685' }],
    ['https://arxiv.org/abs/2402.09353', { kind: 'arxiv', id: '2402.09353' }],
    ['https://arxiv.org/abs/2402.09353v3', { kind: 'arxiv', id: '2402.09353', version: 3 }],
    ['http://arxiv.org/pdf/2402.09353v1.pdf', { kind: 'arxiv', id: '2402.09353', version: 1 }],
    ['arxiv.org/pdf/2402.09353', { kind: 'arxiv', id: '2402.09353' }],
    ['https://export.arxiv.org/abs/hep-th/9901001v1', { kind: 'arxiv', id: 'hep-th/9901001', version: 1 }],
    ['math.GT/0309136', { kind: 'arxiv', id: 'math.GT/0309136' }],
    ['https://arxiv.org/abs/2402.09353?context=cs', { kind: 'arxiv', id: '2402.09353' }],
    ['10.48550/arXiv.2401.04088', { kind: 'arxiv', id: '2401.04088' }],
    ['https://doi.org/10.48550/arXiv.2106.09685', { kind: 'arxiv', id: '2106.09685' }],
    ['10.1145/3292500.3330701', { kind: 'doi', doi: '10.1145/3292500.3330701' }],
    ['doi:10.1038/nature14539', { kind: 'doi', doi: '10.1038/nature14539' }],
    ['https://dx.doi.org/10.1000/xyz%28123%29', { kind: 'doi', doi: '10.1000/xyz(123)' }],
    ['https://doi.org/10.1000/abc.', { kind: 'doi', doi: '10.1000/abc' }],
    ['@article{x, title={T}}', { kind: 'bibtex', text: '@article{x, title={T}}' }],
  ])('%s', (input, expected) => {
    expect(recognizePaperInput(input)).toEqual(expected);
  });

  it.each(['', 'lora', '2401.040', '24010.4088', 'https://example.com/abs/2401.04088', '10.12/x', 'https://arxiv.org/list/cs.LG/recent', '@ not bibtex'])(
    'does not take %j for a paper',
    (input) => {
      expect(recognizePaperInput(input).kind).toBe('unknown');
    },
  );

  it('makes readable, unique ids', () => {
    expect(paperIdFrom({ family: 'Müller', year: 2099, title: 'The Widgets of Tests' })).toBe('muller-2099-widgets');
    expect(paperIdFrom({ title: 'Only a title', arxiv: '9912.00001' })).toBe('arxiv-9912-00001');
    expect(paperIdFrom({ doi: '10.1/ABC' })).toBe('doi-10-1-abc');
    expect(uniqueId('a', (c) => ['a', 'a-2'].includes(c))).toBe('a-3');
    expect(parseArxivId('nope')).toBeUndefined();
  });

  it('splits author lists the way people type them', () => {
    expect(splitAuthors('Ada Fixture, Bo Müller and Cy Old')).toEqual(['Ada Fixture', 'Bo Müller', 'Cy Old']);
    expect(splitAuthors('Fixture, Ada; Müller, Bo')).toEqual(['Fixture, Ada', 'Müller, Bo']);
    expect(splitAuthors('  ')).toEqual([]);
  });
});

describe('arXiv Atom', () => {
  it('reads title, authors, abstract, dates and the latest version', () => {
    const r = parseArxivAtom(fixture('atom-one.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.errors).toEqual([]);
    expect(r.entries).toEqual([{
      id: '9912.00001', version: 3,
      title: 'Widgets All the Way Down: A Fixture Paper & Its <Tests>',
      authors: ['Ada Fixture', 'Bo Müller'],
      abstract: 'We study fixture widgets, $W = U \\Sigma V^\\top$, across several lines of text.',
      published: '2099-12-01', updated: '2100-02-03', doi: '10.9999/fixture.widgets', primaryCategory: 'cs.LG',
    }]);
  });

  it('reads several entries, old-style ids, and reports an entry without a title instead of guessing', () => {
    const r = parseArxivAtom(fixture('atom-two.xml'));
    expect(r.ok && r.entries.map((e) => `${e.id}v${e.version}`)).toEqual(['9912.00001v3', 'hep-th/9901001v1']);
    expect(r.ok && r.errors).toEqual(['an entry in the arXiv response lacks a title']);
  });

  it("turns the API's error entries into messages and an empty feed into no entries", () => {
    const err = parseArxivAtom(fixture('atom-error.xml'));
    expect(err.ok && err.errors).toEqual(['incorrect id format for 12345']);
    expect(err.ok && err.entries).toEqual([]);
    const empty = parseArxivAtom(fixture('atom-empty.xml'));
    expect(empty.ok && empty.entries).toEqual([]);
  });

  it.each([
    ['truncated', fixture('atom-one.xml').slice(0, 700)],
    ['HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ['not XML', '{"error": "json"}'],
    ['a DOCTYPE with entities', '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">]><feed>&a;</feed>'],
  ])('refuses %s with a message', (_, xml) => {
    const r = parseArxivAtom(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/arXiv response/);
  });

  it('a draft from arXiv is a valid paper file, dated by its first version', () => {
    const r = parseArxivAtom(fixture('atom-one.xml'));
    if (!r.ok) throw new Error(r.error);
    const { id, text } = draftToFile(draftFromArxiv(r.entries[0]), () => false);
    expect(id).toBe('fixture-2099-widgets');
    const paper = compilePaper(text);
    expect(paper.ok).toBe(true);
    if (!paper.ok) return;
    expect(paper.paper.meta).toMatchObject({ arxiv: '9912.00001', arxivVersion: 3, year: 2099, month: 12, published: '2099-12-01', doi: '10.9999/fixture.widgets' });
    expect(paper.paper.sections[0].id).toBe('abstract');
    expect(paper.paper.html).not.toContain('<Tests>');
  });
});

describe('BibTeX through citation-js', () => {
  it('maps every entry of a .bib file; accents, eprint, DOI, month, abstract; entries without title are skipped with a reason', () => {
    const { entries, skipped } = parseBibtex(fixture('references.bib'));
    expect(entries.map((e) => e.key)).toEqual(['fixture2099widgets', 'old1999fixture']);
    expect(skipped).toEqual(['notitle2000: no title']);
    const [a, b] = entries;
    expect(a.draft).toMatchObject({
      title: 'Widgets All the Way Down: A Fixture Paper',
      authors: ['Ada Fixture', 'Bo Müller', 'The Widget Consortium'],
      year: 2099, month: 12, published: '2099-12', arxiv: '9912.00001',
    });
    expect(a.source.startsWith('@inproceedings{fixture2099widgets,')).toBe(true);
    expect(a.source.endsWith('primaryClass  = {cs.LG},\n}')).toBe(true);
    expect(b.draft).toMatchObject({ title: 'An Old-Style Fixture', authors: ['Cy Old'], year: 1999, doi: '10.9999/jof.1999.12', abstract: 'A second entry, with a DOI and an abstract.' });
    expect(b.draft.month).toBeUndefined();
  });

  it('a pasted entry becomes a paper file that keeps the entry verbatim', () => {
    const pasted = '@article{lee2098, title = {Tests \\& {Widgets}}, author = {Lee, Ann}, year = {2098}, journal = {arXiv preprint arXiv:9812.01234}}';
    const { entries } = parseBibtex(pasted);
    expect(entries[0].draft).toMatchObject({ title: 'Tests & Widgets', arxiv: '9812.01234', year: 2098 });
    const file = draftToFile(entries[0].draft, () => false);
    const paper = compilePaper(file.text);
    expect(paper.ok && paper.paper.meta.bibtex).toBe(pasted);
  });

  it('never fetches: a URL or DOI is not BibTeX', () => {
    expect(() => parseBibtex('https://doi.org/10.1038/nature14539')).toThrow(/no BibTeX entry|could not be read/);
  });

  it('formats CSL-JSON (as doi.org sends it) as BibTeX that parses back', () => {
    const csl = { type: 'article-journal', id: 'x', title: 'Widgets & Tests', author: [{ given: 'Ann', family: 'Lee' }], issued: { 'date-parts': [[2097, 5]] }, DOI: '10.9999/w' };
    const bib = formatBibtex(csl);
    expect(bib).toMatch(/^@article\{/);
    const back = parseBibtex(bib).entries[0].draft;
    expect(back).toMatchObject({ title: 'Widgets & Tests', authors: ['Ann Lee'], year: 2097, month: 5, doi: '10.9999/w' });
    expect(draftFromCsl({ title: ['T'], issued: { 'date-parts': [[2001, 13]] } })).toEqual({ title: 'T', authors: [], year: 2001, published: '2001' });
  });
});

/** A clock that only moves when a sleep is due: sleeps resolve in time order as `advance` passes them. */
class FakeClock implements Clock {
  t = 1_000;
  private _sleepers: { at: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = { at: this.t + ms, resolve, reject };
      this._sleepers.push(s);
      signal?.addEventListener('abort', () => {
        this._sleepers = this._sleepers.filter((x) => x !== s);
        reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
      });
    });
  }
  get waiting(): number {
    return this._sleepers.length;
  }
  async advance(ms: number): Promise<void> {
    this.t += ms;
    for (const s of this._sleepers.filter((x) => x.at <= this.t)) {
      this._sleepers = this._sleepers.filter((x) => x !== s);
      s.resolve();
    }
    await flush();
  }
}
const flush = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('RequestQueue (the arXiv rate limit)', () => {
  it('starts requests one at a time, at least 3 s apart', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue(3000, clock);
    const starts: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (ms: number) => async () => {
      starts.push(clock.now());
      running++;
      maxRunning = Math.max(maxRunning, running);
      if (ms) await clock.sleep(ms);
      running--;
      return starts.length;
    };
    const results = [queue.run(task(0)), queue.run(task(5000)), queue.run(task(0)), queue.run(task(0))];
    await flush();
    expect(starts).toEqual([1000]);
    await clock.advance(3000);
    expect(starts).toEqual([1000, 4000]);
    // The second runs for 5 s: the third waits for it to finish even though 3 s have passed.
    await clock.advance(3000);
    expect(starts).toEqual([1000, 4000]);
    await clock.advance(2000);
    expect(starts).toEqual([1000, 4000, 9000]);
    await clock.advance(2999);
    expect(starts).toHaveLength(3);
    await clock.advance(1);
    expect(starts).toEqual([1000, 4000, 9000, 12000]);
    expect(await Promise.all(results)).toEqual([1, 2, 3, 4]);
    expect(maxRunning).toBe(1);
  });

  it('a cancelled request gives up its turn; a failed one does not stop the queue', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue(3000, clock);
    const starts: string[] = [];
    const first = queue.run(async () => { starts.push('a'); throw new Error('boom'); });
    const controller = new AbortController();
    const second = queue.run(async () => { starts.push('b'); }, controller.signal);
    const third = queue.run(async () => { starts.push('c'); return 'c'; });
    await expect(first).rejects.toThrow('boom');
    await flush();
    expect(clock.waiting).toBe(1);
    controller.abort();
    await expect(second).rejects.toThrow(/cancelled/);
    await flush();
    await clock.advance(3000);
    expect(await third).toBe('c');
    expect(starts).toEqual(['a', 'c']);
    expect(queue.lastStart).toBe(4000);
  });
});
