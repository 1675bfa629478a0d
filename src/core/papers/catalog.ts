import { type CatalogFile, type CompiledPaper, MONTH_NAMES, type PaperSection } from './paper';

/** The library of papers: the bundled catalog plus any the user adds. Read-only; build a new one to change it. */
export class PaperCatalog {
  private readonly _byId = new Map<string, CompiledPaper>();

  constructor(papers: readonly CompiledPaper[]) {
    for (const p of papers) if (!this._byId.has(p.meta.id)) this._byId.set(p.meta.id, p);
  }

  /** All papers, by month then title. */
  all(): CompiledPaper[] {
    return [...this._byId.values()].sort((a, b) => a.meta.month - b.meta.month || a.meta.title.localeCompare(b.meta.title));
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

  /** Papers grouped by month (1–12), months in order, empty months left out. */
  byMonth(): { month: number; label: string; papers: CompiledPaper[] }[] {
    const groups = new Map<number, CompiledPaper[]>();
    for (const p of this.all()) {
      const list = groups.get(p.meta.month) ?? [];
      list.push(p);
      groups.set(p.meta.month, list);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([month, papers]) => ({ month, label: MONTH_NAMES[month - 1] ?? `Month ${month}`, papers }));
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
