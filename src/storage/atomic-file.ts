/**
 * The real-file layer under the notes store: writes that are never seen half-done, reads that say which
 * version they saw, and a copy of any file that cannot be parsed before anything touches it.
 *
 * A write goes to a temp file in the same folder (same file system, so the rename is atomic), is flushed
 * to disk, then renamed over the target, and the folder is flushed so the rename itself survives a crash
 * where the OS allows it. A process killed at any point leaves the old file or the new one, plus at worst a
 * temp file that {@link cleanupTempFiles} removes later.
 */
import { constants, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';

/** What a read saw: enough to tell later whether the file changed since. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
  /** SHA-256 of the bytes, hex. The only part that is decisive: mtime can stay equal across edits. */
  hash: string;
}

/** A file's text and the stamp of exactly those bytes. */
export interface StampedText {
  text: string;
  stamp: FileStamp;
  /** `false` when the bytes were not valid UTF-8 (the text then holds U+FFFD where they were). */
  utf8: boolean;
}

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode for a new file; an existing file keeps its mode. */
  mode?: number;
  /** Flush file and folder to disk (default `true`); tests of logic alone may turn it off. */
  fsync?: boolean;
}

const TEMP_NAME = /^\..+\.paper-lens-\d+-[0-9a-f]{12}\.tmp$/;
const RETRIABLE_RENAME = new Set(['EPERM', 'EACCES', 'EBUSY']);

/**
 * `true` for the names of temp files {@link writeFileAtomic} creates: hidden, ending in `.tmp`, so no
 * listing of `*.md` ever takes one for a notes file.
 */
export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

/**
 * Replaces `file` with `data` atomically: readers and a crash at any moment see the old content or the
 * new, never a mix. Creates the folder when missing; follows a symlink to write its target.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fsync = options.fsync ?? true;
  const target = await resolveTarget(file);
  const dir = path.dirname(target);
  await fsp.mkdir(dir, { recursive: true });
  const existingMode = await fsp.stat(target).then((s) => s.mode & 0o7777, () => undefined);
  const temp = tempNameFor(target);

  let handle: FileHandle | undefined;
  try {
    handle = await fsp.open(temp, 'wx', options.mode ?? existingMode ?? 0o666);
    await handle.writeFile(data);
    // The umask applied at creation may differ from the mode the existing file had.
    if (existingMode !== undefined && options.mode === undefined) await handle.chmod(existingMode).catch(() => undefined);
    if (fsync) await handle.sync();
    await handle.close();
    handle = undefined;
    await renameWithRetry(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (fsync) await syncFolder(dir);
}

/**
 * Reads a file with a stamp of the very bytes read; `undefined` when it does not exist. Invalid UTF-8 is
 * decoded with U+FFFD and flagged, so callers can refuse to rewrite a file they could not read faithfully.
 */
export async function readWithStamp(file: string): Promise<StampedText | undefined> {
  let handle: FileHandle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  }
  try {
    const bytes = await handle.readFile();
    // Stat the open handle: a rename by another writer replaces the entry, not this file.
    const stat = await handle.stat();
    let text: string;
    let utf8 = true;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('utf-8').decode(bytes);
      utf8 = false;
    }
    return { text, utf8, stamp: { mtimeMs: stat.mtimeMs, size: bytes.length, hash: sha256(bytes) } };
  } finally {
    await handle.close();
  }
}

/** `true` when two stamps describe the same bytes. */
export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  if (!a || !b) return a === b;
  return a.size === b.size && a.hash === b.hash;
}

/**
 * `true` when `file` no longer holds the bytes `stamp` describes (or is gone, or appeared). A different
 * size answers without reading; otherwise the content is hashed, because mtime alone misses quick edits.
 */
export async function changedSince(file: string, stamp: FileStamp | undefined): Promise<boolean> {
  const stat = await fsp.stat(file).catch((err: unknown) => {
    if (isErrno(err, 'ENOENT')) return undefined;
    throw err;
  });
  if (!stat || !stamp) return !!stat !== !!stamp;
  if (stat.size !== stamp.size) return true;
  const now = await readWithStamp(file);
  return !sameStamp(now?.stamp, stamp);
}

/**
 * Copies a file that cannot be parsed to `<name>.corrupt-<timestamp>.md` next to it and returns the copy's
 * path. Call it before anything else happens to the file. When an identical copy already exists (the same
 * broken file seen again on reload), that copy's path is returned instead of making another.
 */
export async function backupCorrupt(file: string, now: Date = new Date()): Promise<string> {
  const dir = path.dirname(file);
  const ext = path.extname(file) || '.md';
  const name = path.basename(file, path.extname(file));
  const bytes = await fsp.readFile(file);
  const digest = sha256(bytes);
  const prefix = `${name}.corrupt-`;
  for (const entry of await fsp.readdir(dir)) {
    if (!entry.startsWith(prefix) || !entry.endsWith(ext)) continue;
    const other = await fsp.readFile(path.join(dir, entry)).catch(() => undefined);
    if (other && other.length === bytes.length && sha256(other) === digest) return path.join(dir, entry);
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const candidate = path.join(dir, `${prefix}${stamp}${n ? `-${n}` : ''}${ext}`);
    try {
      // A copy, not a rename: the original stays where the user looks for it until they fix it.
      await fsp.copyFile(file, candidate, constants.COPYFILE_EXCL);
      return candidate;
    } catch (err) {
      if (!isErrno(err, 'EEXIST') || n > 100) throw err;
    }
  }
}

/** Options for {@link cleanupTempFiles}. */
export interface CleanupOptions {
  /**
   * Only temp files at least this old are removed (default 60 s), so a write in progress in another
   * window is not broken; a live write takes milliseconds.
   */
  olderThanMs?: number;
  now?: number;
}

/** Removes temp files that killed or crashed writers left in `dir`; returns the paths removed. */
export async function cleanupTempFiles(dir: string, options: CleanupOptions = {}): Promise<string[]> {
  const olderThan = options.olderThanMs ?? 60_000;
  const now = options.now ?? Date.now();
  let entries: string[];
  try {
    entries = await fsp.readdir(dir);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!isTempFileName(entry)) continue;
    const full = path.join(dir, entry);
    const stat = await fsp.lstat(full).catch(() => undefined);
    if (!stat?.isFile() || now - stat.mtimeMs < olderThan) continue;
    await fsp.rm(full, { force: true });
    removed.push(full);
  }
  return removed;
}

/** Options for {@link lockFile}. */
export interface LockOptions {
  /**
   * A lock older than this is taken to be left by a holder that hung or died on another machine (default
   * 30 s; a save holds it for milliseconds). A holder on this machine whose process is gone is stale at once.
   */
  staleMs?: number;
  /** How long to wait for a live holder before giving up with an error (default 10 s). */
  timeoutMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  time: number;
  token: string;
}

/**
 * Takes the cross-process lock of `file` (the hidden file `.<name>.paper-lens.lock` next to it) and resolves
 * to the function that releases it. The lock file names its holder (pid, host, time), so a lock left by a
 * crashed or killed holder is broken instead of blocking forever. It is created complete in one step (a
 * hard link of a finished temp file), so a reader never sees a half-written owner.
 */
export async function lockFile(file: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const staleMs = options.staleMs ?? 30_000;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const target = await resolveTarget(file);
  const lock = path.join(path.dirname(target), `.${path.basename(target)}.paper-lens.lock`);
  await fsp.mkdir(path.dirname(lock), { recursive: true });
  const me: LockOwner = { pid: process.pid, host: hostname(), time: Date.now(), token: randomBytes(8).toString('hex') };
  for (let attempt = 0; ; attempt++) {
    me.time = Date.now();
    if (await createLock(lock, target, me)) return () => releaseLock(lock, me.token);
    const holder = await readOwner(lock);
    if (holder === 'gone') continue;
    if (isStale(holder, staleMs, await fsp.stat(lock).then((s) => s.mtimeMs, () => 0))) {
      await breakLock(lock, target, holder);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${path.basename(file)} is locked by process ${holder ? holder.pid : '?'}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** Math.min(attempt, 4), 80) * (0.5 + Math.random())));
  }
}

async function createLock(lock: string, target: string, me: LockOwner): Promise<boolean> {
  const temp = tempNameFor(target);
  await fsp.writeFile(temp, JSON.stringify(me), { flag: 'wx' });
  try {
    await fsp.link(temp, lock);
    return true;
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    if (!isErrno(err, 'EPERM') && !isErrno(err, 'ENOTSUP') && !isErrno(err, 'ENOSYS')) throw err;
    // File systems without hard links: an exclusive create, written right away.
    try {
      await fsp.writeFile(lock, JSON.stringify(me), { flag: 'wx' });
      return true;
    } catch (e) {
      if (isErrno(e, 'EEXIST')) return false;
      throw e;
    }
  } finally {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** The lock's owner; `undefined` when its content is not readable (then only its age counts); `'gone'` when released. */
async function readOwner(lock: string): Promise<LockOwner | undefined | 'gone'> {
  let text: string;
  try {
    text = await fsp.readFile(lock, 'utf8');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return 'gone';
    throw err;
  }
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === 'number' && typeof o.time === 'number' && typeof o.token === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

function isStale(holder: LockOwner | undefined, staleMs: number, mtimeMs: number): boolean {
  if (!holder) return Date.now() - mtimeMs > staleMs;
  if (holder.host === hostname() && !processAlive(holder.pid)) return true;
  return Date.now() - holder.time > staleMs;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return isErrno(err, 'EPERM');
  }
}

/**
 * Moves a stale lock aside. Two processes may decide at once that the same lock is stale; the second one's
 * rename may then take the first one's fresh lock, which it sees from the token and puts back.
 */
async function breakLock(lock: string, target: string, stale: LockOwner | undefined): Promise<void> {
  const aside = tempNameFor(target);
  try {
    await fsp.rename(lock, aside);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return;
    throw err;
  }
  const taken = await readOwner(aside);
  if (stale && taken !== 'gone' && taken?.token !== stale.token) await fsp.link(aside, lock).catch(() => undefined);
  await fsp.rm(aside, { force: true }).catch(() => undefined);
}

async function releaseLock(lock: string, token: string): Promise<void> {
  const holder = await readOwner(lock).catch(() => undefined);
  // A lock that was broken as stale and taken by another process is not ours to remove.
  if (holder && holder !== 'gone' && holder.token === token) await fsp.rm(lock, { force: true });
}

/** A hidden temp-file name next to `target` that {@link isTempFileName} and {@link cleanupTempFiles} know. */
function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.paper-lens-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

async function resolveTarget(file: string): Promise<string> {
  try {
    return await fsp.realpath(file);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return path.resolve(file);
    throw err;
  }
}

async function renameWithRetry(from: string, to: string): Promise<void> {
  // On Windows a rename over a file another process (antivirus, indexer) holds open fails for a moment.
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!RETRIABLE_RENAME.has(code) || attempt >= 8) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attempt));
    }
  }
}

async function syncFolder(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open folders and some file systems refuse fsync on one; the rename is done anyway.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}
