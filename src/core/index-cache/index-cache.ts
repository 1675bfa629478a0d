import type { Finding } from '../detect/index';

/** What the index knows about one file from an earlier window. */
export interface CachedFile {
  size: number;
  /** Modification time in ms, as the file system reports it. */
  mtime: number;
  /** The detector options the findings were computed with (techniques, size limit), as a string. */
  options: string;
  findings: Finding[];
}

/** A file as the new window sees it, before reading it. */
export interface FileStamp {
  key: string;
  size: number;
  mtime: number;
  options: string;
}

const FORMAT = 4;

/** What the index reads the last window's record through: a `Map` of {@link CachedFile}, or a {@link PersistedIndex}. */
export type IndexRecord = Pick<ReadonlyMap<string, CachedFile>, 'get' | 'has' | 'keys' | 'size'>;

/**
 * The persisted workspace index as text: every file the last window indexed (with or without findings),
 * tagged with `detectorVersion` so findings of an older detector are never reused. A first line of JSON
 * (format, version, the options table, and the findings of each file that has any, as one JSON string per
 * file), then one line per file: key `\t` size `\t` mtime `\t` options index `\t` findings index, or -1.
 * Reading it back parses the first line only, not an object per file, and one file's line is found with
 * one `indexOf` (the first lens of a window needs one file of tens of thousands). A key with a tab or a
 * line break (never a URI) is not kept.
 */
export function serializeIndexCache(detectorVersion: string, files: ReadonlyMap<string, CachedFile>): string {
  const options: string[] = [];
  const optionIndex = new Map<string, number>();
  const findings: string[] = [];
  let rows = '';
  for (const [key, f] of files) {
    if (/[\t\n]/.test(key)) continue;
    let o = optionIndex.get(f.options);
    if (o === undefined) {
      o = options.push(f.options) - 1;
      optionIndex.set(f.options, o);
    }
    const at = f.findings.length ? findings.push(JSON.stringify(f.findings)) - 1 : -1;
    rows += `\n${key}\t${f.size}\t${f.mtime}\t${o}\t${at}`;
  }
  return JSON.stringify({ format: FORMAT, detector: detectorVersion, options, findings }) + rows;
}

/** Lookups that search the record's text (each a pass over it) before all its lines are indexed. */
const SEARCHES_BEFORE_INDEXING = 16;

/** One file's line of the record, checked; `undefined` when malformed. */
interface Row {
  key: string;
  size: number;
  mtime: number;
  options: string;
  findings: number;
}

/**
 * The last window's record as read back: the lines of files as one string, parsed only as far as asked.
 * {@link findingsIfUnchanged} finds its file's line by searching the string, for the first few files
 * (lenses of the files open in a new window); after that, and for `get`, `has`, `keys` and `size` (a full
 * scan), every line is indexed once. A file's findings are parsed when first asked for.
 * Malformed lines and findings are left out: those files are only detected again.
 */
export class PersistedIndex implements IndexRecord {
  private static readonly _none: Finding[] = [];
  private _rows?: Map<string, Row>;
  /** Files looked up by searching the text; after a few (a scan has begun) every line is indexed once. */
  private _searches = 0;
  private readonly _parsed = new Map<number, Finding[]>();

  constructor(
    private readonly _text: string,
    private readonly _options: readonly unknown[],
    private readonly _findings: readonly unknown[],
  ) {}

  private get _all(): Map<string, Row> {
    if (!this._rows) {
      this._rows = new Map();
      for (const line of this._text.split('\n')) {
        const row = this._row(line);
        if (row) this._rows.set(row.key, row);
      }
    }
    return this._rows;
  }

  get size(): number {
    return this._all.size;
  }

  has(key: string): boolean {
    return this._all.has(key);
  }

  keys(): MapIterator<string> {
    return this._all.keys();
  }

  get(key: string): CachedFile | undefined {
    const row = this._all.get(key);
    return row && { size: row.size, mtime: row.mtime, options: row.options, findings: this._findingsAt(row.findings) };
  }

  /** The findings of `file` when its stamp matches, without indexing the whole record. */
  findingsIfUnchanged(file: FileStamp): Finding[] | undefined {
    const row = this._rows || ++this._searches > SEARCHES_BEFORE_INDEXING ? this._all.get(file.key) : this._find(file.key);
    if (!row || row.size !== file.size || row.mtime !== file.mtime || row.options !== file.options) return undefined;
    return this._findingsAt(row.findings);
  }

  private _find(key: string): Row | undefined {
    if (/[\t\n]/.test(key)) return undefined;
    const at = this._text.indexOf(`\n${key}\t`);
    if (at < 0) return undefined;
    const end = this._text.indexOf('\n', at + 1);
    return this._row(this._text.slice(at + 1, end < 0 ? this._text.length : end));
  }

  private _row(line: string): Row | undefined {
    const [key, size, mtime, option, findings, extra] = line.split('\t');
    if (!key || extra !== undefined) return undefined;
    const numbers = [size, mtime, option, findings].map((v) => (v ? Number(v) : NaN));
    const options = this._options[numbers[2]];
    if (numbers.some(Number.isNaN) || typeof options !== 'string') return undefined;
    // findings that are not there (a damaged record) would read as "none": the file is detected again instead
    if (numbers[3] !== -1 && typeof this._findings[numbers[3]] !== 'string') return undefined;
    return { key, size: numbers[0], mtime: numbers[1], options, findings: numbers[3] };
  }

  private _findingsAt(i: number): Finding[] {
    if (i < 0) return PersistedIndex._none;
    let list = this._parsed.get(i);
    if (!list) {
      const json = this._findings[i];
      let data: unknown;
      try {
        data = typeof json === 'string' ? JSON.parse(json) : undefined;
      } catch {
        data = undefined;
      }
      list = Array.isArray(data) ? data.filter(isFinding) : PersistedIndex._none;
      this._parsed.set(i, list);
    }
    return list;
  }

  static readonly empty = new PersistedIndex('', [], []);
}

/**
 * Reads what {@link serializeIndexCache} wrote. Anything unexpected (another detector version, another
 * format, broken JSON, a malformed entry) gives an empty record or drops that entry: the cost is only that
 * those files are detected again.
 */
export function parseIndexCache(text: string, detectorVersion: string): PersistedIndex {
  const cut = text.indexOf('\n');
  let data: unknown;
  try {
    data = JSON.parse(cut < 0 ? text : text.slice(0, cut));
  } catch {
    return PersistedIndex.empty;
  }
  if (!isRecord(data) || data.format !== FORMAT || data.detector !== detectorVersion) return PersistedIndex.empty;
  const { options, findings } = data;
  if (!Array.isArray(options) || !Array.isArray(findings)) return PersistedIndex.empty;
  // The lines of files, each after its line break, as they were written: never copied or unescaped.
  return new PersistedIndex(cut < 0 ? '' : text.slice(cut), options, findings);
}

/**
 * The cached findings of `file` when nothing that could change them has changed (size, mtime, detector
 * options), else `undefined`: the file must be read and detected again.
 */
export function reusable(cache: IndexRecord, file: FileStamp): Finding[] | undefined {
  if (cache instanceof PersistedIndex) return cache.findingsIfUnchanged(file);
  const hit = cache.get(file.key);
  return hit && hit.size === file.size && hit.mtime === file.mtime && hit.options === file.options ? hit.findings : undefined;
}

/** Splits a new window's files into those whose findings can be reused and those to detect again. */
export function planReindex(cache: IndexRecord, files: readonly FileStamp[]): { reuse: Map<string, Finding[]>; detect: FileStamp[] } {
  const reuse = new Map<string, Finding[]>();
  const detect: FileStamp[] = [];
  for (const f of files) {
    const findings = reusable(cache, f);
    if (findings) reuse.set(f.key, findings);
    else detect.push(f);
  }
  return { reuse, detect };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isFinding(x: unknown): x is Finding {
  return isRecord(x) && typeof x.line === 'number' && typeof x.technique === 'string' && typeof x.paper === 'string' && typeof x.section === 'string' && typeof x.kind === 'string' && typeof x.evidence === 'string';
}
