import { normalizeForMatch, queryWords } from '../search/match';
import { type CatalogFile, type CompiledPaper, MONTH_NAMES, type PaperSection, TOPICS } from './paper';

/** Display names of the topics, in the order the tree shows them. */
export const TOPIC_LABELS: Record<(typeof TOPICS)[number], string> = {
  'mixture-of-experts': 'Mixture of experts',
  'parameter-efficient-finetuning': 'Parameter-efficient finetuning',
  alignment: 'Alignment',
  data: 'Data',
  scaling: 'Scaling',
  reasoning: 'Reasoning',
  multimodal: 'Multimodal',
};

/** A group of papers in the tree: a month or a topic, or a collection or year holding month groups. */
export interface PaperGroup {
  key: string;
  label: string;
  /** Every paper in the group, its subgroups' included. */
  papers: CompiledPaper[];
  kind?: 'month' | 'topic' | 'year' | 'collection' | 'undated';
  /** Month groups inside a collection or year. */
  children?: PaperGroup[];
}

/** The library of papers: the bundled catalog plus any the user adds. Read-only; build a new one to change it. */
export class PaperCatalog {
  private readonly _byId = new Map<string, CompiledPaper>();

  constructor(papers: readonly CompiledPaper[]) {
    for (const p of papers) if (!this._byId.has(p.meta.id)) this._byId.set(p.meta.id, p);
  }

  /** All papers, newest year first (undated last), then by month and title. */
  all(): CompiledPaper[] {
    return [...this._byId.values()].sort(
      (a, b) => (b.meta.year ?? 0) - (a.meta.year ?? 0) || a.meta.month - b.meta.month || a.meta.title.localeCompare(b.meta.title),
    );
  }

  get(id: string): CompiledPaper | undefined {
    return this._byId.get(id);
  }

  get size(): number {
    return this._byId.size;
  }

  section(paperId: string, sectionId: string): PaperSection | undefined {
    return this.get(paperId)?.sections.find((s) => s.id === sectionId);
  }

  /**
   * Papers grouped by month (1–12), months in order, empty months left out; papers whose month is not
   * known (0) come last under "No month". `keyPrefix` keeps keys unique when months sit inside years.
   */
  byMonth(papers: readonly CompiledPaper[] = this.all(), keyPrefix = ''): PaperGroup[] {
    const groups = new Map<number, CompiledPaper[]>();
    for (const p of papers) {
      const list = groups.get(p.meta.month) ?? [];
      list.push(p);
      groups.set(p.meta.month, list);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a || 13) - (b || 13))
      .map(([month, list]) => ({
        key: `${keyPrefix}month-${month}`,
        label: month ? MONTH_NAMES[month - 1] ?? `Month ${month}` : 'No month',
        papers: list,
        kind: 'month',
      }));
  }

  /**
   * The date tree: collections first (the bundled "Noteworthy 2024"), then one group per year, newest
   * first, then papers without a year; each holds its papers by month.
   */
  byDate(papers: readonly CompiledPaper[] = this.all()): PaperGroup[] {
    const collections = new Map<string, CompiledPaper[]>();
    const years = new Map<number, CompiledPaper[]>();
    const undated: CompiledPaper[] = [];
    for (const p of papers) {
      if (p.collection) collections.set(p.collection, [...(collections.get(p.collection) ?? []), p]);
      else if (p.meta.year) years.set(p.meta.year, [...(years.get(p.meta.year) ?? []), p]);
      else undated.push(p);
    }
    const group = (kind: PaperGroup['kind'], key: string, label: string, list: CompiledPaper[]): PaperGroup => ({
      key, label, kind, papers: list, children: this.byMonth(list, `${key}:`),
    });
    return [
      ...[...collections.entries()].map(([name, list]) => group('collection', `collection-${name.toLowerCase().replace(/\W+/g, '-')}`, name, list)),
      ...[...years.entries()].sort(([a], [b]) => b - a).map(([year, list]) => group('year', `year-${year}`, String(year), list)),
      ...(undated.length ? [group('undated', 'undated', 'Undated', undated)] : []),
    ];
  }

  /**
   * Papers grouped by topic: the known topics in a fixed order, then every other tag alphabetically; a
   * paper with several topics is in each; untagged ones last.
   */
  byTopic(all: readonly CompiledPaper[] = this.all()): PaperGroup[] {
    const known = new Set<string>(TOPICS);
    const groups: PaperGroup[] = TOPICS.map((t) => ({ key: t, label: TOPIC_LABELS[t], papers: all.filter((p) => p.meta.topics.includes(t)), kind: 'topic' }));
    const free = [...new Set(all.flatMap((p) => p.meta.topics).filter((t) => !known.has(t)))].sort((a, b) => a.localeCompare(b));
    for (const tag of free) groups.push({ key: `tag-${tag}`, label: tag, papers: all.filter((p) => p.meta.topics.includes(tag)), kind: 'topic' });
    groups.push({ key: 'other', label: 'Other', papers: all.filter((p) => !p.meta.topics.length), kind: 'topic' });
    return groups.filter((g) => g.papers.length);
  }

  /**
   * Papers whose id, titles, authors, organization, topics, techniques, arXiv id, DOI, month, year or
   * collection, or the `extra` terms (such as the user's tags), contain every word of `filter`. Hyphens count
   * as spaces and a leading `#` on a word is ignored.
   */
  filter(filter: string, extra?: (paper: CompiledPaper) => readonly string[]): CompiledPaper[] {
    const words = queryWords(filter);
    return this.all().filter((p) => {
      const hay = fields(p, extra).map(([text]) => text).join(' ');
      return words.every((w) => hay.includes(w));
    });
  }

  /**
   * Papers ranked for what the user typed in Open Paper…: each word must start a word of the paper's names,
   * topics, techniques, authors, arXiv id, month or year; matches in the titles weigh most, and the whole
   * query found in a title (the tree's own label, "DPO vs PPO") puts the paper first. An empty query
   * returns every paper in catalog order.
   */
  rank(query: string, extra?: (paper: CompiledPaper) => readonly string[]): CompiledPaper[] {
    const words = queryWords(query);
    const all = this.all();
    if (!words.length) return all;
    const phrase = words.join(' ');
    const scored: { paper: CompiledPaper; score: number; order: number }[] = [];
    all.forEach((paper, order) => {
      const fs = fields(paper, extra).map(([text, weight]) => [` ${text}`, weight] as const);
      let score = 0;
      for (const w of words) {
        let best = 0;
        for (const [text, weight] of fs) if (weight > best && text.includes(` ${w}`)) best = weight;
        if (!best) return;
        score += best;
      }
      const short = normalizeForMatch(paper.meta.shortTitle);
      const title = normalizeForMatch(paper.meta.title);
      if (short === phrase || paper.meta.id === phrase) score += 40;
      else if (short.startsWith(phrase) || title.startsWith(phrase)) score += 25;
      else if (` ${short} ${title}`.includes(` ${phrase}`)) score += 15;
      scored.push({ paper, score, order });
    });
    return scored.sort((a, b) => b.score - a.score || a.order - b.order).map((s) => s.paper);
  }

  /** Ids closest to `id` by edit distance, best first, for "did you mean" messages. */
  suggest(id: string, max = 3): string[] {
    const needle = id.toLowerCase();
    return [...this._byId.keys()]
      .map((candidate) => ({ candidate, d: candidate.includes(needle) && needle ? 0 : editDistance(needle, candidate) }))
      .sort((a, b) => a.d - b.d || a.candidate.localeCompare(b.candidate))
      .slice(0, max)
      .map((x) => x.candidate);
  }

  /** Merges another list of papers in; papers already present keep precedence. */
  with(papers: readonly CompiledPaper[]): PaperCatalog {
    return new PaperCatalog([...this._byId.values(), ...papers]);
  }
}

/** What a paper can be found by, normalized, with a weight for ranking (titles first). */
function fields(p: CompiledPaper, extra?: (paper: CompiledPaper) => readonly string[]): [string, number][] {
  const m = p.meta;
  const month = MONTH_NAMES[m.month - 1] ?? '';
  return ([
    [m.shortTitle, 10], [m.title, 8], [m.id, 8],
    [m.topics.map((t) => `${t} ${TOPIC_LABELS[t as keyof typeof TOPIC_LABELS] ?? ''}`).join(' '), 6], [m.techniques.join(' '), 6],
    [(extra?.(p) ?? []).join(' '), 5],
    [m.authors.join(' '), 3], [m.organization, 2], [m.arxiv ?? '', 2], [`${month} ${m.published} ${m.year ?? ''}`, 2],
    [m.doi ?? '', 2], [p.collection ?? '', 2],
  ] as [string, number][]).map(([text, weight]) => [normalizeForMatch(text), weight]);
}

/** Parses `dist/catalog.json`; throws a readable error when it is not a catalog. */
export function parseCatalog(json: string): PaperCatalog {
  const data = JSON.parse(json) as Partial<CatalogFile>;
  if (data?.version !== 1 || !Array.isArray(data.papers)) throw new Error('catalog.json is not a Paper Lens catalog (version 1)');
  return new PaperCatalog(data.papers);
}

/** Levenshtein distance with two rows: O(|a|·|b|) time, O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}
