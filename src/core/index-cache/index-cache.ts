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

const FORMAT = 3;

/** What the index reads the last window's record through: a `Map` of {@link CachedFile}, or a {@link PersistedIndex}. */
export type IndexRecord = Pick<ReadonlyMap<string, CachedFile>, 'get' | 'has' | 'keys' | 'size'>;

/**
 * The persisted workspace index as text: every file the last window indexed (with or without findings),
 * tagged with `detectorVersion` so findings of an older detector are never reused. Column by column
 * (keys, sizes, mtimes, index into the options table), since a large workspace has tens of thousands of
 * files and most have no finding: reading it back makes a handful of arrays instead of an object per
 * file. Findings are listed only for the files that have any, by position.
 */
export function serializeIndexCache(detectorVersion: string, files: ReadonlyMap<string, CachedFile>): string {
  const options: string[] = [];
  const optionIndex = new Map<string, number>();
  const keys: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  const opts: number[] = [];
  const findings: [number, Finding[]][] = [];
  for (const [key, f] of files) {
    let o = optionIndex.get(f.options);
    if (o === undefined) {
      o = options.push(f.options) - 1;
      optionIndex.set(f.options, o);
    }
    if (f.findings.length) findings.push([keys.length, f.findings]);
    keys.push(key);
    sizes.push(f.size);
    mtimes.push(f.mtime);
    opts.push(o);
  }
  return JSON.stringify({ format: FORMAT, detector: detectorVersion, options, keys, sizes, mtimes, opts, findings });
}

/**
 * The last window's record as read back: the columns as parsed, one map from key to position, and a
 * {@link CachedFile} made only for a file that is asked for. Entries that are malformed were left out.
 */
export class PersistedIndex implements IndexRecord {
  private static readonly _none: Finding[] = [];

  constructor(
    private readonly _at: ReadonlyMap<string, number>,
    private readonly _sizes: readonly number[],
    private readonly _mtimes: readonly number[],
    private readonly _options: readonly string[],
    private readonly _findings: ReadonlyMap<number, Finding[]>,
  ) {}

  get size(): number {
    return this._at.size;
  }

  has(key: string): boolean {
    return this._at.has(key);
  }

  keys(): MapIterator<string> {
    return this._at.keys();
  }

  get(key: string): CachedFile | undefined {
    const i = this._at.get(key);
    if (i === undefined) return undefined;
    return { size: this._sizes[i], mtime: this._mtimes[i], options: this._options[i], findings: this._findings.get(i) ?? PersistedIndex._none };
  }

  /** The findings of `file` when its stamp matches, without making a {@link CachedFile}. */
  findingsIfUnchanged(file: FileStamp): Finding[] | undefined {
    const i = this._at.get(file.key);
    if (i === undefined || this._sizes[i] !== file.size || this._mtimes[i] !== file.mtime || this._options[i] !== file.options) return undefined;
    return this._findings.get(i) ?? PersistedIndex._none;
  }

  static readonly empty = new PersistedIndex(new Map(), [], [], [], new Map());
}

/**
 * Reads what {@link serializeIndexCache} wrote. Anything unexpected (another detector version, another
 * format, broken JSON, a malformed entry) gives an empty record or drops that entry: the cost is only that
 * those files are detected again.
 */
export function parseIndexCache(text: string, detectorVersion: string): PersistedIndex {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return PersistedIndex.empty;
  }
  if (!isRecord(data) || data.format !== FORMAT || data.detector !== detectorVersion) return PersistedIndex.empty;
  const { options, keys, sizes, mtimes, opts, findings } = data;
  if (![options, keys, sizes, mtimes, opts, findings].every(Array.isArray)) return PersistedIndex.empty;
  const table = options as unknown[];
  const [k, sz, mt, op] = [keys, sizes, mtimes, opts] as unknown[][];
  const at = new Map<string, number>();
  const entryOptions: string[] = [];
  for (let i = 0; i < k.length; i++) {
    const option = table[op[i] as number];
    if (typeof k[i] !== 'string' || typeof sz[i] !== 'number' || typeof mt[i] !== 'number' || typeof option !== 'string') continue;
    at.set(k[i] as string, i);
    entryOptions[i] = option;
  }
  const byPosition = new Map<number, Finding[]>();
  for (const entry of findings as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'number' || !Array.isArray(entry[1])) continue;
    const list = (entry[1] as unknown[]).filter(isFinding);
    if (list.length) byPosition.set(entry[0], list);
  }
  return new PersistedIndex(at, sz as number[], mt as number[], entryOptions, byPosition);
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
