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

const FORMAT = 2;

/**
 * The persisted workspace index as text: every file the last window indexed (with or without findings),
 * tagged with `detectorVersion` so findings of an older detector are never reused. Compact, since a large
 * workspace has tens of thousands of files and most have no finding: each file is
 * `[size, mtime, index into options]`, plus its findings when it has any.
 */
export function serializeIndexCache(detectorVersion: string, files: ReadonlyMap<string, CachedFile>): string {
  const options: string[] = [];
  const optionIndex = new Map<string, number>();
  const out: Record<string, [number, number, number] | [number, number, number, Finding[]]> = {};
  for (const [key, f] of files) {
    let o = optionIndex.get(f.options);
    if (o === undefined) {
      o = options.push(f.options) - 1;
      optionIndex.set(f.options, o);
    }
    out[key] = f.findings.length ? [f.size, f.mtime, o, f.findings] : [f.size, f.mtime, o];
  }
  return JSON.stringify({ format: FORMAT, detector: detectorVersion, options, files: out });
}

/**
 * Reads what {@link serializeIndexCache} wrote. Anything unexpected (another detector version, another
 * format, broken JSON, a malformed entry) gives an empty cache or drops that entry: the cost is only that
 * those files are detected again.
 */
export function parseIndexCache(text: string, detectorVersion: string): Map<string, CachedFile> {
  const out = new Map<string, CachedFile>();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return out;
  }
  if (!isRecord(data) || data.format !== FORMAT || data.detector !== detectorVersion || !isRecord(data.files) || !Array.isArray(data.options)) return out;
  const options = data.options;
  const none: Finding[] = [];
  for (const [key, v] of Object.entries(data.files)) {
    if (!Array.isArray(v) || typeof v[0] !== 'number' || typeof v[1] !== 'number' || typeof options[v[2]] !== 'string') continue;
    const findings = v.length > 3 && Array.isArray(v[3]) ? v[3].filter(isFinding) : none;
    out.set(key, { size: v[0], mtime: v[1], options: options[v[2]], findings: findings.length ? findings : [] });
  }
  return out;
}

/**
 * The cached findings of `file` when nothing that could change them has changed (size, mtime, detector
 * options), else `undefined`: the file must be read and detected again.
 */
export function reusable(cache: ReadonlyMap<string, CachedFile>, file: FileStamp): Finding[] | undefined {
  const hit = cache.get(file.key);
  return hit && hit.size === file.size && hit.mtime === file.mtime && hit.options === file.options ? hit.findings : undefined;
}

/** Splits a new window's files into those whose findings can be reused and those to detect again. */
export function planReindex(cache: ReadonlyMap<string, CachedFile>, files: readonly FileStamp[]): { reuse: Map<string, Finding[]>; detect: FileStamp[] } {
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
