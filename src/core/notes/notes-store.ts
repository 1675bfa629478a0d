/**
 * Loading and saving one paper's notes without ever losing data: a save re-reads the file, merges when
 * it changed since it was read, and refuses to write over a file it cannot parse (which is backed up
 * first). The file system comes in through {@link NotesStorage}; the VS Code layer backs it with
 * `src/storage/atomic-file.ts`, tests with a map.
 */
import { type NotesFile, emptyNotes } from './model';
import { parseNotes, serializeNotes } from './format';
import { type Conflict, mergeNotes } from './merge';

/** A file's text as read; `utf8: false` when its bytes were not valid UTF-8 (U+FFFD stands in for them). */
export interface NotesText {
  text: string;
  utf8: boolean;
}

/** The few file operations the store needs; `readWithStamp` of `src/storage/atomic-file.ts` fits `read`. */
export interface NotesStorage {
  /** The file's text, or `undefined` when it does not exist. */
  read(path: string): Promise<NotesText | undefined>;
  /** Replaces the file atomically (temp file + rename), creating its folder when needed. */
  write(path: string, text: string): Promise<void>;
  /** Copies an unreadable file aside and returns where the copy is. */
  backup(path: string): Promise<string>;
  /**
   * Takes a lock on `path` that other processes saving the same file respect, and resolves to its release.
   * Without it a save is safe within one process only.
   */
  lock?(path: string): Promise<() => Promise<void>>;
}

/** A file that cannot be parsed: what is wrong, where, and where its backup went. */
export interface UnreadableNotes {
  state: 'unreadable';
  error: { message: string; line: number };
  /** Missing when the backup itself failed; then `backupError` says why. */
  backupPath?: string;
  backupError?: string;
}

/**
 * The parser failed on its own bug, which says nothing about the file: no backup was made, nothing was
 * written, and the notes must not be marked read-only (the next read tries again). `error.bug` is the stack.
 */
export interface ParserBug {
  state: 'bug';
  error: { message: string; line: number; bug: string };
}

/** What {@link loadNotes} found. `text` is what later saves compare the disk against. */
export type NotesLoad = { state: 'ok'; file: NotesFile; text: string | undefined; warnings: string[] } | UnreadableNotes | ParserBug;

/** What a save did. After `saved`, `file` and `text` are the new base for the next save. */
export type NotesSave =
  | { state: 'saved'; file: NotesFile; text: string; merged: boolean; conflicts: Conflict[] }
  | UnreadableNotes
  | ParserBug
  | { state: 'busy'; message: string };

/** What the caller last read from the file, or `undefined` when it did not exist. */
export interface NotesBase {
  file: NotesFile;
  text: string;
}

/** Options for {@link loadNotes}. */
export interface LoadOptions {
  /**
   * Called (a short wait, typically) before a file that does not parse is read again; when its text has
   * changed meanwhile the new text is used. For reads after a file-change event, which can come while the
   * writer has truncated the file but not yet written it.
   */
  recheck?: () => Promise<void>;
}

/**
 * Reads a paper's notes. A missing file gives empty notes; an unreadable one is backed up before
 * anything else and reported with its line, and the caller must then treat the notes as read-only. Only a
 * file the parser rejects counts as unreadable; a bug of the parser comes back as `bug`.
 */
export async function loadNotes(storage: NotesStorage, path: string, paperId: string, options: LoadOptions = {}): Promise<NotesLoad> {
  let read = await storage.read(path);
  if (read === undefined) return { state: 'ok', file: emptyNotes(paperId), text: undefined, warnings: [] };
  let parsed = parseText(read, paperId);
  // A file that does not parse may be one another program is still writing: look again before judging it.
  for (let look = 0; !parsed.ok && !parsed.error.bug && options.recheck && look < 3; look++) {
    await options.recheck();
    const again = await storage.read(path);
    if (again === undefined) return { state: 'ok', file: emptyNotes(paperId), text: undefined, warnings: [] };
    read = again;
    parsed = parseText(read, paperId);
  }
  const text = read.text;
  if (!parsed.ok) return parsed.error.bug ? { state: 'bug', error: { ...parsed.error, bug: parsed.error.bug } } : unreadable(storage, path, parsed.error);
  const warnings = [...parsed.warnings];
  if (parsed.file.paperId !== paperId) warnings.push(`the front matter says paper "${parsed.file.paperId}" but the file is named for "${paperId}"`);
  return { state: 'ok', file: parsed.file, text, warnings };
}

/**
 * Saves `mine`, the caller's notes derived from `base`. When the file on disk is no longer `base.text`
 * it is parsed and merged three-way, so edits made elsewhere survive; if it cannot be parsed it is backed
 * up and nothing is written. The whole read-merge-write holds the storage's cross-process lock, so two
 * windows saving at once take turns and neither loses the other's annotation. Writers that take no lock
 * (a hand edit) are caught by checking the disk once more right before writing, and the merge is redone
 * when it moved again; after `attempts` rounds of that, or when the lock cannot be had, the save gives up
 * with `busy`.
 */
export async function saveNotes(storage: NotesStorage, path: string, base: NotesBase | undefined, mine: NotesFile, attempts = 3): Promise<NotesSave> {
  let release: (() => Promise<void>) | undefined;
  try {
    release = await storage.lock?.(path);
  } catch (err) {
    return { state: 'busy', message: err instanceof Error ? err.message : String(err) };
  }
  try {
    return await saveLocked(storage, path, base, mine, attempts);
  } finally {
    await release?.().catch(() => undefined);
  }
}

async function saveLocked(storage: NotesStorage, path: string, base: NotesBase | undefined, mine: NotesFile, attempts: number): Promise<NotesSave> {
  for (let round = 0; round < attempts; round++) {
    const read = await storage.read(path);
    const disk = read?.text;
    let next = mine;
    let conflicts: Conflict[] = [];
    const merged = disk !== base?.text;
    if (merged) {
      let theirs: NotesFile;
      if (read === undefined) {
        // Deleted elsewhere (a checkout, by hand): what this window did not change goes with it.
        theirs = emptyNotes(mine.paperId);
      } else {
        const parsed = parseText(read, mine.paperId);
        // Without a faithful read of the disk a merge could drop what is there: write nothing.
        if (!parsed.ok) return parsed.error.bug ? { state: 'bug', error: { ...parsed.error, bug: parsed.error.bug } } : unreadable(storage, path, parsed.error);
        theirs = parsed.file;
      }
      ({ merged: next, conflicts } = mergeNotes(base?.file, mine, theirs));
    }
    const text = serializeNotes(next);
    // Narrow the window in which another writer could slip in between our read and our rename.
    if ((await storage.read(path))?.text !== disk) continue;
    if (text !== disk) await storage.write(path, text);
    const reread = parseNotes(text, { paperId: mine.paperId });
    return { state: 'saved', file: reread.ok ? reread.file : next, text, merged, conflicts };
  }
  return { state: 'busy', message: 'the notes file kept changing while saving; try again' };
}

/** Like {@link parseNotes}, but bytes that were not UTF-8 make the file unreadable: a save would lose them. */
function parseText(read: NotesText, paperId: string): ReturnType<typeof parseNotes> {
  if (!read.utf8) {
    const at = read.text.indexOf('\uFFFD');
    const line = at < 0 ? 1 : read.text.slice(0, at).split(/\r\n?|\n/).length;
    return { ok: false, error: { message: 'the file is not valid UTF-8 text; it may be binary or saved in another encoding', line } };
  }
  return parseNotes(read.text, { paperId });
}

async function unreadable(storage: NotesStorage, path: string, error: { message: string; line: number }): Promise<UnreadableNotes> {
  try {
    return { state: 'unreadable', error, backupPath: await storage.backup(path) };
  } catch (err) {
    return { state: 'unreadable', error, backupError: err instanceof Error ? err.message : String(err) };
  }
}
