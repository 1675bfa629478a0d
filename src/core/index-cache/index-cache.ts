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

const FORMAT = 1;

/**
 * The persisted workspace index as text: every file the last window indexed (with or without findings),
 * tagged with `detectorVersion` so findings of an older detector are never reused.
 */
export function serializeIndexCache(detectorVersion: string, files: ReadonlyMap<string, CachedFile>): string {
  return JSON.stringify({ format: FORMAT, detector: detectorVersion, files: Object.fromEntries(files) });
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
  if (!isRecord(data) || data.format !== FORMAT || data.detector !== detectorVersion || !isRecord(data.files)) return out;
  for (const [key, value] of Object.entries(data.files)) {
    if (isRecord(value) && typeof value.size === 'number' && typeof value.mtime === 'number' && typeof value.options === 'string' && Array.isArray(value.findings)) {
      out.set(key, { size: value.size, mtime: value.mtime, options: value.options, findings: value.findings.filter(isFinding) });
    }
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
