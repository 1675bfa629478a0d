import { detect, languageOf, mayContainTechnique, type Finding } from '../detect/index';
import { detectUserRules, userRulesReadable, type UserRuleSet } from '../detect/user-rules';
import { IgnorePolicy, VIRTUAL_ENV_MARKER } from '../ignore/ignore-rules';

/** What a scan needs from the file system; the CLI passes Node's fs, tests a real temp folder. */
export interface ScanFs {
  /** `undefined` when the path does not exist. */
  stat(path: string): { isDirectory: boolean; size: number } | undefined;
  readDir(path: string): string[];
  /**
   * Optional: a folder's entries with their types, from one system call. With it a walk stats and
   * resolves only symlinks, instead of every entry.
   */
  readDirTypes?(path: string): DirEntry[];
  /** The file's bytes; they may be overwritten by the next call. */
  readFile(path: string): Uint8Array;
  join(...parts: string[]): string;
  /**
   * The path with every symlink resolved. With it a walk enters each real folder once, so a link to a
   * parent folder or two links to each other neither repeat findings nor loop.
   */
  realPath?(path: string): string;
  /**
   * Optional fast one-char-per-byte view of the bytes (Latin-1), used only to reject files without any
   * trigger word before the slower UTF-8 decode.
   */
  quickText?(bytes: Uint8Array): string;
  /** Optional fast test that the bytes are all ASCII: then their {@link quickText} is their UTF-8 text too. */
  isAscii?(bytes: Uint8Array): boolean;
}

/** One entry of a folder, as {@link ScanFs.readDirTypes} lists it. */
export interface DirEntry {
  name: string;
  isDirectory: boolean;
  isSymbolicLink: boolean;
}

/** A file to scan: where to read it and how to report it. */
export interface ScanEntry {
  path: string;
  relPath: string;
  /** Undefined when the walk did not stat the file; the size limit is then checked on the bytes read. */
  size?: number;
}

export interface ScanOptions {
  /** Files larger than this are skipped with a note. */
  maxBytes: number;
  /** User papers' `detect:` rules, matched as well (and then JSON and TOML files are read too). */
  userRules?: UserRuleSet;
  /**
   * Walk, read, prefilter and decode as usual but detect nothing: the floor of any scanner in this
   * runtime, which the scan bench measures (the CLI sets it from `PAPER_LENS_SCAN_FLOOR=1`).
   */
  skipDetection?: boolean;
}

/** A finding with the file it is in, relative to the folder that was scanned. */
export interface ScanFinding extends Finding {
  file: string;
}

export interface ScanResult {
  findings: ScanFinding[];
  /** Files passed over, each with the reason (too large, binary, unreadable). */
  skipped: { file: string; reason: string }[];
  filesScanned: number;
  bytesScanned: number;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Runs the detector over files and folders. Folders are walked depth-first in name order under the shared
 * {@link IgnorePolicy}: `.gitignore` files apply to their folder and below, and VCS/dependency folders and
 * Python virtual environments are never entered. Symlinks are followed, but each real folder and file is
 * read once.
 */
export function scanPaths(roots: readonly string[], fs: ScanFs, options: ScanOptions): ScanResult {
  const { files, skipped } = collectFiles(roots, fs, [], options.userRules?.size ? userRulesReadable : languageOf);
  const result = scanFiles(files, fs, options);
  result.skipped.unshift(...skipped);
  return result;
}

/** The files a scan of `roots` reads, in scan order (walking folders, honouring ignore files). */
export function collectFiles(roots: readonly string[], fs: ScanFs, globs: readonly string[] = [], readable: (path: string) => unknown = languageOf, onFile?: (file: ScanEntry) => void): { files: ScanEntry[]; skipped: ScanResult['skipped'] } {
  // `onFile` hears each file as the walk takes it, so a scan can start before the walk ends
  const out: Collected = { files: [], skipped: [], onFile };
  const seen = new Set<string>();
  for (const root of roots) {
    const stat = fs.stat(root);
    if (!stat) continue;
    if (stat.isDirectory) walk({ root, fs, out, seen, policy: new IgnorePolicy(globs), readable }, '', typedRealPath(fs, root));
    else if (readable(root) && once(fs, root, seen)) take(out, { path: root, relPath: root.split(/[\\/]/).pop() ?? root, size: stat.size });
  }
  return { files: out.files, skipped: out.skipped };
}

interface Collected {
  files: ScanEntry[];
  skipped: ScanResult['skipped'];
  onFile?: (file: ScanEntry) => void;
}

function take(out: Collected, file: ScanEntry): void {
  out.files.push(file);
  out.onFile?.(file);
}

/** Runs the detector over collected files; findings come in file order. */
export function scanFiles(files: readonly ScanEntry[], fs: ScanFs, options: ScanOptions): ScanResult {
  const result: ScanResult = { findings: [], skipped: [], filesScanned: 0, bytesScanned: 0 };
  for (const f of files) scanFile(f.path, f.relPath, f.size, fs, options, result);
  return result;
}

interface Walk {
  root: string;
  fs: ScanFs;
  out: Collected;
  /** Real paths of the folders and files taken so far. */
  seen: Set<string>;
  policy: IgnorePolicy;
  /** Whether a file is one the scan reads (by its name). */
  readable: (path: string) => unknown;
}

/** The real path of a folder a typed walk starts from, or undefined when the walk stats every entry. */
function typedRealPath(fs: ScanFs, dir: string): string | undefined {
  if (!fs.readDirTypes || !fs.realPath) return undefined;
  try {
    return fs.realPath(dir);
  } catch {
    return undefined;
  }
}

/**
 * Walks one folder. `real` is the folder's real path when the file system lists entry types: then the
 * real path of an entry that is not a symlink is `real/name`, and only symlinks are stat-ed and resolved.
 */
function walk(w: Walk, rel: string, real?: string): void {
  const { fs, out } = w;
  const dir = rel ? fs.join(w.root, rel) : w.root;
  if (real !== undefined) {
    if (w.seen.has(real)) return;
    w.seen.add(real);
    return walkTyped(w, rel, dir, real);
  }
  if (!once(fs, dir, w.seen)) return;
  let names: string[];
  try {
    names = fs.readDir(dir).sort();
  } catch {
    out.skipped.push({ file: rel || '.', reason: 'unreadable folder' });
    return;
  }
  // A virtual environment holds installed libraries (with their own LoRA code), not the user's.
  if (rel && names.includes(VIRTUAL_ENV_MARKER)) return;
  if (names.includes('.gitignore')) {
    try {
      w.policy.addGitignore(rel, decoder.decode(fs.readFile(fs.join(dir, '.gitignore'))));
    } catch {
      // an unreadable .gitignore ignores nothing
    }
  }
  for (const name of names) {
    const relPath = rel ? `${rel}/${name}` : name;
    const full = fs.join(dir, name);
    const stat = fs.stat(full);
    if (!stat) continue;
    // a file the scan would not read needs no ignore test (the costlier of the two)
    if (!stat.isDirectory && !w.readable(relPath)) continue;
    if (w.policy.ignores(relPath, stat.isDirectory)) continue;
    if (stat.isDirectory) walk(w, relPath);
    else if (w.readable(relPath) && once(fs, full, w.seen)) take(out, { path: full, relPath, size: stat.size });
  }
}

function walkTyped(w: Walk, rel: string, dir: string, real: string): void {
  const { fs, out } = w;
  let entries: DirEntry[];
  try {
    entries = (fs.readDirTypes as (path: string) => DirEntry[])(dir).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    out.skipped.push({ file: rel || '.', reason: 'unreadable folder' });
    return;
  }
  if (rel && entries.some((e) => e.name === VIRTUAL_ENV_MARKER)) return;
  if (entries.some((e) => e.name === '.gitignore')) {
    try {
      w.policy.addGitignore(rel, decoder.decode(fs.readFile(fs.join(dir, '.gitignore'))));
    } catch {
      // an unreadable .gitignore ignores nothing
    }
  }
  for (const e of entries) {
    const relPath = rel ? `${rel}/${e.name}` : e.name;
    const full = fs.join(dir, e.name);
    let isDirectory = e.isDirectory;
    let size: number | undefined;
    let target = fs.join(real, e.name);
    if (e.isSymbolicLink) {
      const stat = fs.stat(full);
      if (!stat) continue;
      isDirectory = stat.isDirectory;
      size = stat.size;
      try {
        target = (fs.realPath as (path: string) => string)(full);
      } catch {
        continue;
      }
    }
    if (!isDirectory && !w.readable(relPath)) continue;
    if (w.policy.ignores(relPath, isDirectory)) continue;
    if (isDirectory) walk(w, relPath, target);
    else if (w.readable(relPath) && !w.seen.has(target)) {
      w.seen.add(target);
      take(out, { path: full, relPath, size });
    }
  }
}

/** `true` the first time a real path is seen; always `true` when the file system cannot resolve links. */
function once(fs: ScanFs, path: string, seen: Set<string>): boolean {
  if (!fs.realPath) return true;
  let real: string;
  try {
    real = fs.realPath(path);
  } catch {
    return false;
  }
  if (seen.has(real)) return false;
  seen.add(real);
  return true;
}

function scanFile(path: string, relPath: string, size: number | undefined, fs: ScanFs, options: ScanOptions, result: ScanResult): void {
  const user = options.userRules?.size ? options.userRules : undefined;
  const builtin = languageOf(relPath) !== undefined;
  if (!builtin && !(user && userRulesReadable(relPath))) return;
  const tooLarge = (): void => void result.skipped.push({ file: relPath, reason: `larger than ${options.maxBytes} bytes` });
  if (size !== undefined && size > options.maxBytes) return tooLarge();
  let bytes: Uint8Array;
  try {
    bytes = fs.readFile(path);
  } catch {
    result.skipped.push({ file: relPath, reason: 'unreadable' });
    return;
  }
  if (bytes.length > options.maxBytes) return tooLarge();
  if (bytes.subarray(0, 8192).includes(0)) {
    result.skipped.push({ file: relPath, reason: 'binary' });
    return;
  }
  result.filesScanned++;
  result.bytesScanned += bytes.length;
  // User rules look for words of their own, so the built-in prefilter only applies without them.
  const quick = !user && fs.quickText ? fs.quickText(bytes) : undefined;
  if (quick !== undefined && !mayContainTechnique(quick, relPath)) return;
  // ASCII decodes to itself; anything else (a BOM too) goes through the decoder
  const text = quick !== undefined && fs.isAscii?.(bytes) ? quick : decoder.decode(bytes);
  if (options.skipDetection) return;
  // An ASCII word found in the Latin-1 view is in the decoded text as well, so detect need not look again.
  const { findings, skipped } = builtin ? detect(text, relPath, { maxBytes: options.maxBytes, prefiltered: quick !== undefined }) : { findings: [], skipped: undefined };
  if (skipped) result.skipped.push({ file: relPath, reason: skipped });
  if (user) {
    findings.push(...detectUserRules(text, relPath, user, { maxBytes: options.maxBytes }));
    findings.sort((a, b) => a.line - b.line);
  }
  for (const f of findings) result.findings.push({ file: relPath, ...f });
}
